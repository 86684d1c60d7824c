"""The JSON API's work, apart from Flask's request: token check, body parsing and validation, replies."""
import json

from sqlalchemy import select

from screening.auth.models import ApiToken
from screening.auth.tokens import (  # noqa: F401  (re-exported: the API's token functions live in auth)
    TOKEN_PREFIX,
    create_token,
    hash_token,
    list_tokens,
    revoke_token,
)
from screening.extensions import db
from screening.inputs import MAX_JSON_DEPTH, clean_text, clean_tree, json_too_deep
from screening.missions.models import Mission
from screening.queue import QueueUnavailable
from screening.replies import importer
from screening.replies.services import ImportFailed, save_import
from screening.timeutil import utcnow


class ApiError(Exception):
    """A request the API answers with a JSON error: HTTP status, French message, extra body fields."""

    def __init__(self, status: int, message: str, **extra):
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


def token_owner(header: str) -> int:
    """The account behind an `Authorization: Bearer <token>` header (its use is recorded)."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401, "Jeton d'API manquant : ajoutez l'en-tête « Authorization: Bearer <jeton> ».")
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(value.strip())))
    if token is None or token.revoked_at is not None:
        raise ApiError(401, "Jeton d'API invalide ou révoqué.")
    token.last_used_at = utcnow()
    db.session.commit()
    return token.owner_id


def owned_mission(owner_id: int, mission_id: int) -> Mission:
    mission = db.session.scalar(select(Mission).where(Mission.id == mission_id,
                                                      Mission.owner_id == owner_id))
    if mission is None:
        raise ApiError(404, "Mission introuvable.")
    return mission


def parse_replies(raw: bytes) -> importer.ImportResult:
    """The replies in a JSON body (one reply, a list of replies, or {"replies": [...]})."""
    if not raw.strip():
        raise ApiError(400, "Corps de requête vide : envoyez une réponse ou une liste de réponses en JSON.")
    if json_too_deep(raw):
        raise ApiError(400, f"JSON trop imbriqué : {MAX_JSON_DEPTH} niveaux de [ ] ou {{ }} au plus "
                            "(une réponse est un objet, un lot une liste d'objets).")
    try:
        payload = clean_tree(json.loads(raw.decode("utf-8-sig")))  # the input boundary
    except RecursionError:
        raise ApiError(400, "JSON trop imbriqué.")
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, clean_text(f"JSON mal formé : {exc}"))
    if isinstance(payload, dict) and isinstance(payload.get("replies"), list):
        payload = payload["replies"]
    try:
        return importer.parse_json_items(payload)
    except importer.ImportRejected as exc:
        raise ApiError(422, exc.message)


def create_replies(owner_id: int, mission: Mission, result: importer.ImportResult, sync_max: int):
    """Save the replies now (the import report), or, past `sync_max` of them, queue them (the job)."""
    try:
        if len(result.replies) > sync_max:
            from screening.jobs.services import start_import

            return start_import(owner_id, mission, result, "api")
        return save_import(owner_id, mission, result, "api")
    except ImportFailed as exc:
        raise ApiError(422, "Aucune réponse enregistrée : corrigez les erreurs et renvoyez le lot entier.",
                       problems=[{"index": p.index, "field": p.field, "message": p.message}
                                 for p in exc.problems])
    except QueueUnavailable as exc:
        raise ApiError(503, exc.message)
