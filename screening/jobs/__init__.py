"""Background jobs: what runs in the queue's workers (see screening/queue.py), and their progress pages."""
from flask import Blueprint

bp = Blueprint("jobs", __name__)

from screening.jobs import views  # noqa: E402,F401  (registers the routes)
