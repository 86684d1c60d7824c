from flask import Blueprint

bp = Blueprint("portfolio", __name__, url_prefix="/portefeuille")

from screening.portfolio import views  # noqa: E402,F401  (registers the routes)
