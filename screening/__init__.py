"""screening: hire a freelancer without being fooled by canned replies."""
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None):
    """Build the Flask application."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), instance_relative_config=True)
    if test_config:
        app.config.update(test_config)
    return app
