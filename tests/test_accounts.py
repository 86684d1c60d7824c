"""Accounts: first set-up, login, logout, login required, the CLI, the secret key."""
import pytest

from screening import create_app
from tests.conftest import PASSWORD


def test_fresh_database_leads_to_setup(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/installation")
    assert "Créez le compte du propriétaire" in client.get("/installation").get_data(as_text=True)


def test_setup_creates_owner_and_logs_in(client):
    response = client.post("/installation", data={"email": "Moi@Example.com", "password": PASSWORD,
                                                  "confirm": PASSWORD, "display_name": "Camille"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Votre compte est créé" in page
    assert "Tableau de bord" in page
    # Afterwards the set-up page is closed.
    assert client.get("/installation").headers["Location"].endswith("/connexion")


@pytest.mark.parametrize("data,message", [
    ({"email": "pas-une-adresse", "password": PASSWORD, "confirm": PASSWORD}, "adresse e-mail n&#39;est pas valide"),
    ({"email": "a@example.com", "password": "court", "confirm": "court"}, "Au moins 10 caractères"),
    ({"email": "a@example.com", "password": PASSWORD, "confirm": "autre-chose-123"}, "ne correspondent pas"),
    ({"email": "", "password": "", "confirm": ""}, "Saisissez votre adresse e-mail"),
])
def test_setup_validation_messages_in_french(client, data, message):
    response = client.post("/installation", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert client.get("/").headers["Location"].endswith("/installation")  # nothing saved


def test_password_is_hashed(app, make_user):
    from screening.auth.models import User
    from screening.extensions import db
    user_id = make_user("a@example.com")
    with app.app_context():
        user = db.session.get(User, user_id)
        assert PASSWORD not in user.password_hash
        assert user.check_password(PASSWORD)


def test_login_and_logout(client, make_user):
    make_user("a@example.com")
    bad = client.post("/connexion", data={"email": "a@example.com", "password": "mauvais-mot-de-passe"})
    assert "Adresse e-mail ou mot de passe incorrect" in bad.get_data(as_text=True)
    good = client.post("/connexion", data={"email": "A@example.com ", "password": PASSWORD})
    assert good.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/deconnexion")
    assert client.get("/").headers["Location"].startswith("/connexion")


def test_login_does_not_redirect_off_site(client, make_user):
    make_user("a@example.com")
    response = client.post("/connexion?next=https://evil.example/", data={"email": "a@example.com",
                                                                          "password": PASSWORD})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("path", ["/", "/missions/", "/missions/nouvelle", "/missions/1", "/missions/1/modifier",
                                  "/missions/modeles", "/compte", "/missions/1/annonces/1"])
def test_login_required_everywhere(client, make_user, path):
    make_user("a@example.com")
    response = client.get(path)
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/missions/1/archiver", "/missions/1/annonce", "/deconnexion"])
def test_posts_require_login(client, make_user, path):
    make_user("a@example.com")
    response = client.post(path)
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


def test_cli_creates_a_user(app):
    runner = app.test_cli_runner()
    from screening.cli import users_create
    result = runner.invoke(users_create, ["--email", "cli@example.com", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "Compte créé" in result.output
    again = runner.invoke(users_create, ["--email", "cli@example.com", "--password", PASSWORD])
    assert again.exit_code != 0
    assert "existe déjà" in again.output
    short = runner.invoke(users_create, ["--email", "x@example.com", "--password", "court"])
    assert short.exit_code != 0 and "au moins 10" in short.output


def test_secret_key_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SCREENING_INSTANCE_PATH", str(tmp_path))
    from screening import config
    monkeypatch.setattr(config.Config, "SECRET_KEY", None)
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_csrf_rejected_when_enabled(tmp_path):
    from screening.extensions import db
    from tests.conftest import database_url, reset_database
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": database_url(tmp_path)})
    with app.app_context():
        reset_database()
        db.create_all()
    try:
        client = app.test_client()
        response = client.post("/installation", data={"email": "a@example.com", "password": PASSWORD,
                                                      "confirm": PASSWORD})
        assert response.status_code == 400
        assert "jeton de sécurité" in response.get_data(as_text=True)
        with app.app_context():
            from screening.auth.services import has_any_user
            assert not has_any_user()
    finally:
        with app.app_context():
            reset_database()
            db.engine.dispose()
