from flask import Blueprint

bp = Blueprint("replies", __name__)

from screening.replies import views  # noqa: E402,F401  (registers the routes)
