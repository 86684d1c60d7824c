from flask import Blueprint

bp = Blueprint("trials", __name__)

from screening.trials import views  # noqa: E402,F401  (registers the routes)
