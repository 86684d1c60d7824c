"""The JSON API's routes, authenticated by per-account tokens (no session, no CSRF), and its JSON errors."""
from flask import Blueprint, current_app, g, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from screening.api.services import ApiError, create_replies, owned_mission, parse_replies, token_owner
from screening.extensions import csrf
from screening.replies.services import SaveReport

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)


def error(status: int, message: str, **extra):
    body = {"error": message}
    body.update(extra)
    return jsonify(body), status


@bp.before_request
def authenticate():
    try:
        g.api_owner_id = token_owner(request.headers.get("Authorization", ""))
    except ApiError as exc:
        return error(exc.status, exc.message, **exc.extra)
    return None


@bp.errorhandler(HTTPException)
def http_error(exc):
    messages = {404: "Ressource introuvable.", 405: "Méthode non autorisée.",
                413: "Requête trop volumineuse.", 400: "Requête invalide."}
    return error(exc.code or 500, messages.get(exc.code, exc.description or "Erreur."))


@bp.route("/missions/<int:mission_id>/replies", methods=("POST",))
def post_replies(mission_id):
    try:
        mission = owned_mission(g.api_owner_id, mission_id)
        result = parse_replies(request.get_data(cache=False, as_text=False))
        outcome = create_replies(g.api_owner_id, mission, result, current_app.config["API_SYNC_MAX_REPLIES"])
    except ApiError as exc:
        return error(exc.status, exc.message, **exc.extra)
    if not isinstance(outcome, SaveReport):  # queued: the client polls the job
        from screening.jobs.views import job_status

        url = url_for("api.get_job", job_id=outcome.id, _external=True)
        response = jsonify(job_status(outcome, url))
        response.headers["Location"] = url
        return response, 202
    report = outcome
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
