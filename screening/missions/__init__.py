from flask import Blueprint

bp = Blueprint("missions", __name__, url_prefix="/missions")

from screening.missions import views  # noqa: E402,F401  (registers the routes)
