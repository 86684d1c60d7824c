"""JSON API, authenticated by per-account tokens (no session, no CSRF)."""
import hashlib
import json
import secrets

from flask import Blueprint, current_app, g, jsonify, request, url_for
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from screening.extensions import csrf, db
from screening.missions.models import Mission
from screening.queue import QueueUnavailable
from screening.replies import importer
from screening.replies.models import ApiToken
from screening.replies.services import ImportFailed, save_import
from screening.timeutil import utcnow

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)

# bandit B105: a public marker that makes tokens recognisable, not a secret
TOKEN_PREFIX = "scr_"  # nosec B105


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(owner_id: int, name: str = "") -> tuple[ApiToken, str]:
    """Make a token; the clear value is returned once and never stored."""
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(owner_id=owner_id, name=(name or "").strip()[:100], prefix=clear[:10],
                     token_hash=hash_token(clear))
    db.session.add(token)
    db.session.commit()
    return token, clear


def revoke_token(owner_id: int, token_id: int) -> bool:
    token = db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.owner_id == owner_id))
    if token is None:
        return False
    token.revoked_at = utcnow()
    db.session.commit()
    return True


def list_tokens(owner_id: int) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.owner_id == owner_id)
                                   .order_by(ApiToken.created_at.desc())))


def error(status: int, message: str, **extra):
    body = {"error": message}
    body.update(extra)
    return jsonify(body), status


@bp.before_request
def authenticate():
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return error(401, "Jeton d'API manquant : ajoutez l'en-tête « Authorization: Bearer <jeton> ».")
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(value.strip())))
    if token is None or token.revoked_at is not None:
        return error(401, "Jeton d'API invalide ou révoqué.")
    token.last_used_at = utcnow()
    db.session.commit()
    g.api_owner_id = token.owner_id
    return None


@bp.errorhandler(HTTPException)
def http_error(exc):
    messages = {404: "Ressource introuvable.", 405: "Méthode non autorisée.",
                413: "Requête trop volumineuse.", 400: "Requête invalide."}
    return error(exc.code or 500, messages.get(exc.code, exc.description or "Erreur."))


@bp.route("/missions/<int:mission_id>/replies", methods=("POST",))
def post_replies(mission_id):
    mission = db.session.scalar(select(Mission).where(Mission.id == mission_id,
                                                      Mission.owner_id == g.api_owner_id))
    if mission is None:
        return error(404, "Mission introuvable.")
    raw = request.get_data(cache=False, as_text=False)
    if not raw.strip():
        return error(400, "Corps de requête vide : envoyez une réponse ou une liste de réponses en JSON.")
    try:
        payload = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return error(400, f"JSON mal formé : {exc}")
    if isinstance(payload, dict) and isinstance(payload.get("replies"), list):
        payload = payload["replies"]
    try:
        result = importer.parse_json_items(payload)
    except importer.ImportRejected as exc:
        return error(422, exc.message)
    try:
        if len(result.replies) > current_app.config["API_SYNC_MAX_REPLIES"]:
            from screening.jobs.services import start_import
            from screening.jobs.views import job_status

            job = start_import(g.api_owner_id, mission, result, "api")
            url = url_for("api.get_job", job_id=job.id, _external=True)
            response = jsonify(job_status(job, url))
            response.headers["Location"] = url
            return response, 202
        report = save_import(g.api_owner_id, mission, result, "api")
    except ImportFailed as exc:
        return error(422, "Aucune réponse enregistrée : corrigez les erreurs et renvoyez le lot entier.",
                     problems=[{"index": p.index, "field": p.field, "message": p.message}
                               for p in exc.problems])
    except QueueUnavailable as exc:
        return error(503, exc.message)
    return jsonify({
        "created": [{"id": r.id, "score": r.score, "verdict": r.verdict, "scorer_version": r.scorer_version}
                    for r in report.added],
        "skipped": report.skipped,
    }), 201 if report.added else 200


@bp.route("/jobs/<int:job_id>")
def get_job(job_id):
    """A queued import's state: poll until `state` is `done` (counts in `added`, `skipped`) or `failed`."""
    from screening.jobs.services import get_job as find_job
    from screening.jobs.views import job_status

    job = find_job(g.api_owner_id, job_id)
    return jsonify(job_status(job, url_for("api.get_job", job_id=job.id, _external=True)))
