"""A job's progress page (refreshes itself without JavaScript) and its JSON for the page's script."""
from flask import jsonify, render_template, url_for
from flask_login import current_user

from screening.extensions import db
from screening.jobs import bp
from screening.jobs.services import describe_seconds, get_job, job_progress
from screening.missions.models import Mission


def job_status(job, job_url: str) -> dict:
    """What a client polling the job needs to know (the page's script, the API)."""
    progress = job_progress(job)
    return {"id": job.id, "kind": job.kind, "state": job.state, "state_label": job.state_label,
            "done": progress.done, "total": progress.total, "percent": progress.percent,
            "seconds_left": progress.seconds_left, "time_left": describe_seconds(progress.seconds_left),
            "message": job.message, "added": job.added, "skipped": job.skipped,
            "problems": job.problems or [], "url": job_url}


@bp.route("/taches/<int:job_id>")
def view(job_id):
    job = get_job(current_user.id, job_id)
    progress = job_progress(job)
    mission = db.session.get(Mission, job.mission_id) if job.mission_id else None
    return render_template("jobs/progress.html", job=job, progress=progress, mission=mission,
                           time_left=describe_seconds(progress.seconds_left))


@bp.route("/taches/<int:job_id>/etat")
def status(job_id):
    job = get_job(current_user.id, job_id)
    response = jsonify(job_status(job, url_for("jobs.view", job_id=job.id)))
    response.headers["Cache-Control"] = "no-store"
    return response
