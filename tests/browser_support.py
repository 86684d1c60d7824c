"""Shared fixtures for the browser tests: a live server and Debian's Chromium driven by Playwright."""
import os
import shutil
import socket
import threading

import pytest
from werkzeug.serving import make_server

from screening import create_app
from screening.extensions import db
from tests.conftest import database_url, reset_database

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(tmp_path):
    app = create_app({"SECRET_KEY": "browser-tests", "SQLALCHEMY_DATABASE_URI": database_url(tmp_path)})
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        reset_database()
        db.create_all()
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield type("Live", (), {"url": f"http://127.0.0.1:{port}", "app": app})
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        reset_database()
        db.engine.dispose()


@pytest.fixture
def browser_page():
    if not os.path.exists(CHROMIUM):
        message = "Chromium est introuvable (apt-get install chromium)."
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR",
                                      timezone_id="Europe/Paris")
        context.set_default_timeout(15_000)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        yield page
        context.close()
        browser.close()


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot when SCREENSHOT_DIR is set (to look at the pages as a person would)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)
