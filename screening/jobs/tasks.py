"""Huey tasks. Each one opens its own app context (screening.queue.app_context) for the database."""
import logging

from huey import crontab
from sqlalchemy import text

from screening.queue import app_context, huey

log = logging.getLogger(__name__)


@huey.task()
def ping() -> str:
    """Check that a worker runs and reaches the database."""
    from screening.extensions import db

    with app_context():
        db.session.execute(text("SELECT 1"))
    return "pong"


# The tasks below return None: Huey keeps no result for them (the outcome is on the Job row).

@huey.task()
def run_job(job_id: int) -> None:
    """A job recorded in the database (an import): see screening.jobs.services.run_job."""
    from screening.jobs import services

    with app_context():
        services.run_job(job_id)


@huey.periodic_task(crontab(minute="*"))
def recover_stale_jobs() -> None:
    """Every minute: jobs whose worker was killed are retried once, then marked failed."""
    from screening.jobs import services

    with app_context():
        services.recover_stale_jobs()


@huey.task()
def rescore(owner_id: int | None = None) -> int:
    """Recompute every stored score with the current scorer (after an upgrade)."""
    from screening.replies.services import rescore_all

    with app_context():
        return rescore_all(owner_id)


@huey.task()
def purge(days: int | None = None) -> int:
    """Remove the applicants of missions closed longer ago than the retention period."""
    from flask import current_app

    from screening.privacy.services import purge as run_purge

    with app_context() as app:
        items = run_purge(current_app.config["RETENTION_DAYS"] if days is None else days)
        app.logger.info("purge: %s candidat(s) supprimé(s)", len(items))
        return len(items)


@huey.periodic_task(crontab(minute="17", hour="3"))
def nightly_purge() -> None:
    """Every night at 03:17 (UTC), the retention purge."""
    purge.call_local()
