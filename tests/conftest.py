import os
import re

import pytest

from screening import create_app
from screening.extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
PASSWORD = "mot-de-passe-solide"


def database_url(tmp_path) -> str:
    """PostgreSQL when TEST_DATABASE_URL is set (an unreachable server fails), else SQLite."""
    if TEST_DATABASE_URL:
        from screening.config import normalise_database_url
        return normalise_database_url(TEST_DATABASE_URL)
    return "sqlite:///" + str(tmp_path / "test.db")


def reset_database():
    """Drop every table, including ones a migration test left behind."""
    from sqlalchemy import text
    db.session.remove()
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        else:
            db.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(autouse=True)
def _fresh_duplicate_index():
    """The in-memory duplicate index must not carry replies from one test's database to the next."""
    from screening.replies.scoring_service import index_cache
    index_cache.forget()
    yield
    index_cache.forget()


@pytest.fixture(autouse=True)
def _queue_immediate():
    """Jobs run at once, in the test's process, unless a test starts a real worker (tests/test_queue.py)."""
    from screening import queue
    queue.configure(immediate=True)
    yield
    queue.configure(immediate=True)


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "tests-only-secret",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
    })
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        reset_database()
        db.create_all()
    yield app
    with app.app_context():
        reset_database()
        db.engine.dispose()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    from screening.auth.services import create_user

    counter = {"n": 0}

    def make(email=None, password=PASSWORD):
        counter["n"] += 1
        with app.app_context():
            user = create_user(email or f"owner{counter['n']}@example.com", password)
            return user.id
    return make


@pytest.fixture
def login(client):
    def do(email, password=PASSWORD, test_client=None):
        c = test_client or client
        response = c.post("/connexion", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return c
    return do


@pytest.fixture
def owner(make_user, login):
    """A logged-in owner: returns the user id."""
    user_id = make_user("owner@example.com")
    login("owner@example.com")
    return user_id


@pytest.fixture
def make_mission(app):
    from screening.missions.services import create_mission

    def make(owner_id, title="Saisie de 400 cartes de visite", **kw):
        data = {"title": title, "objective": "Saisir les cartes dans un tableur.", "priority": 2,
                "platform": "malt", "paid_trial": True, "budget_currency": "EUR"}
        data.update(kw)
        with app.app_context():
            return create_mission(owner_id, data).id
    return make


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)
