"""The owner has the last word: corrections of the analysis, reliability of the analysis, export of labels."""
from flask import Blueprint

bp = Blueprint("corrections", __name__)

from screening.corrections import views  # noqa: E402,F401  (registers the routes)
