"""Huey tasks. Each one opens its own app context (screening.queue.app_context) for the database."""
from sqlalchemy import text

from screening.queue import app_context, huey


@huey.task()
def ping() -> str:
    """Check that a worker runs and reaches the database."""
    from screening.extensions import db

    with app_context():
        db.session.execute(text("SELECT 1"))
    return "pong"
