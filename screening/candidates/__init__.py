from flask import Blueprint

bp = Blueprint("candidates", __name__)

from screening.candidates import views  # noqa: E402,F401  (registers the routes)
