"""Sessions that end, a login limit shared by every worker, passwords that are not the usual ones."""
import pytest
from sqlalchemy import func, select

from screening import create_app
from screening.auth import services
from screening.auth.models import LoginFailure, User, UserSession
from screening.extensions import db
from tests.conftest import PASSWORD, csrf_token_from, reset_database

WRONG = "pas-le-bon-mot-de-passe"
NEW_PASSWORD = "une-phrase-de-passe-neuve"


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def copy_cookie(source, target):
    cookie = source.get_cookie("session")
    target.set_cookie("session", cookie.value)
    return target


def is_logged_in(c) -> bool:
    return c.get("/compte").status_code == 200


def post_login(c, email, password=PASSWORD, **kw):
    return c.post("/connexion", data={"email": email, "password": password}, **kw)


# --- Sessions -------------------------------------------------------------------------------------

def test_logout_ends_the_session_even_for_a_copied_cookie(app, client, owner):
    stolen = copy_cookie(client, app.test_client())
    assert is_logged_in(stolen)
    client.post("/deconnexion")
    assert not is_logged_in(client)
    response = stolen.get("/compte")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_logout_closes_only_this_session(app, client, make_user, login):
    make_user("a@example.com")
    login("a@example.com")
    laptop = login("a@example.com", test_client=app.test_client())
    client.post("/deconnexion")
    assert is_logged_in(laptop)


def test_logout_everywhere_ends_every_session(app, client, make_user, login):
    make_user("a@example.com")
    login("a@example.com")
    phone = login("a@example.com", test_client=app.test_client())
    page = client.get("/compte").get_data(as_text=True)
    assert "Se déconnecter partout" in page and "1 autre session" in page
    response = client.post("/compte/deconnexion-partout", follow_redirects=True)
    assert "déconnecté partout" in response.get_data(as_text=True)
    assert not is_logged_in(client) and not is_logged_in(phone)
    assert count(app, UserSession) == 0


def test_another_accounts_sessions_are_untouched(app, client, make_user, login):
    make_user("a@example.com")
    make_user("b@example.com")
    login("a@example.com")
    other = login("b@example.com", test_client=app.test_client())
    client.post("/compte/deconnexion-partout")
    assert is_logged_in(other)


def test_password_change_ends_the_other_sessions_and_keeps_this_one(app, client, make_user, login):
    make_user("a@example.com")
    login("a@example.com")
    phone = login("a@example.com", test_client=app.test_client())
    response = client.post("/compte/mot-de-passe", data={
        "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, follow_redirects=True)
    assert "Mot de passe changé" in response.get_data(as_text=True)
    assert is_logged_in(client) and not is_logged_in(phone)
    fresh = app.test_client()
    assert post_login(fresh, "a@example.com").status_code == 200  # the old one no longer works
    assert post_login(fresh, "a@example.com", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize("data, message", [
    ({"current": WRONG, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, "actuel est incorrect"),
    ({"current": PASSWORD, "password": "aaaaaaaaaa", "confirm": "aaaaaaaaaa"}, "un seul caractère répété"),
    ({"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"}, "ne correspondent pas"),
    ({"current": PASSWORD, "password": PASSWORD, "confirm": PASSWORD}, "doit être différent"),
])
def test_password_change_refusals_keep_the_password(app, client, owner, data, message):
    phone_before = count(app, UserSession)
    response = client.post("/compte/mot-de-passe", data=data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, owner).check_password(PASSWORD)
    assert count(app, UserSession) == phone_before


def test_account_page_shows_the_password_rule_before_any_error(client, owner):
    page = client.get("/compte").get_data(as_text=True)
    assert "Changer le mot de passe" in page and services.PASSWORD_RULE.replace("'", "&#39;")[:40] in page
    assert 'class="error"' not in page


def test_password_form_needs_csrf_when_enabled(tmp_path):
    from tests.conftest import database_url
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": database_url(tmp_path)})
    with app.app_context():
        reset_database()
        db.create_all()
        services.create_user("c@example.com", PASSWORD)
    try:
        c = app.test_client()
        token = csrf_token_from(c.get("/connexion").get_data(as_text=True))
        assert c.post("/connexion", data={"email": "c@example.com", "password": PASSWORD,
                                          "csrf_token": token}).status_code == 302
        refused = c.post("/compte/mot-de-passe", data={"current": PASSWORD, "password": NEW_PASSWORD,
                                                      "confirm": NEW_PASSWORD})
        assert refused.status_code == 400
        with app.app_context():
            assert db.session.scalar(select(User)).check_password(PASSWORD)
    finally:
        with app.app_context():
            reset_database()  # ends the session's transaction first (PostgreSQL would wait for it)
            db.engine.dispose()


# --- Passwords ------------------------------------------------------------------------------------

@pytest.mark.parametrize("password, message", [
    ("court", "au moins 10 caractères"),
    ("aaaaaaaaaa", "un seul caractère répété"),
    (" " * 10, "un seul caractère répété"),
    (" \t " * 4, "Choisissez un mot de passe"),
    ("azertyuiop", "plus courants"),
    ("MotDePasse123", "plus courants"),
    ("qwertyuiop", "plus courants"),
    ("1234567890", "plus courants"),
])
def test_weak_passwords_are_refused_at_setup(client, app, password, message):
    response = client.post("/installation", data={"email": "a@example.com", "password": password,
                                                  "confirm": password})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert count(app, User) == 0


def test_setup_shows_the_rule_before_the_first_error(client):
    page = client.get("/installation").get_data(as_text=True)
    assert "pas un seul caractère répété" in page and "pas un mot de passe courant" in page


def test_cli_refuses_a_common_password(app):
    from screening.cli import users_create
    result = app.test_cli_runner().invoke(users_create, ["--email", "x@example.com",
                                                         "--password", "motdepasse123"])
    assert result.exit_code != 0 and "plus courants" in result.output
    assert count(app, User) == 0


def test_the_common_list_is_shipped_and_sizeable():
    assert len(services.common_passwords()) > 1000
    assert services.password_problem("une-phrase-de-passe-neuve") is None


# --- Unknown e-mails cost the same ----------------------------------------------------------------

def test_unknown_and_known_emails_both_check_one_hash(client, make_user, monkeypatch):
    make_user("a@example.com")
    calls = []
    real = services.check_password_hash

    def counting(stored, password):
        calls.append(stored)
        return real(stored, password)
    monkeypatch.setattr(services, "check_password_hash", counting)
    post_login(client, "a@example.com", WRONG)
    post_login(client, "personne@example.com", WRONG)
    assert len(calls) == 2
    known, unknown = calls
    assert unknown == services.DUMMY_HASH
    assert known.split("$")[0] == unknown.split("$")[0]  # same method and cost as set_password


# --- The login limit ------------------------------------------------------------------------------

def test_the_limit_is_shared_by_every_worker(app, make_user):
    """Four workers of the same deployment (separate apps, one database): 10 failures in all, not 40."""
    make_user("a@example.com")
    workers = [create_app(dict(app.config)) for _ in range(4)]
    answers = []
    for attempt in range(16):
        c = workers[attempt % 4].test_client()
        answers.append(post_login(c, "a@example.com", WRONG).status_code)
    assert answers.count(200) == 10 and answers[10:] == [429] * 6
    right = post_login(workers[0].test_client(), "a@example.com")
    assert right.status_code == 429 and "Trop de tentatives" in right.get_data(as_text=True)
    for worker in workers:
        with worker.app_context():
            db.engine.dispose()


def test_an_addresss_failures_never_lock_out_another_accounts_right_password(client, app, make_user):
    make_user("a@example.com")
    make_user("b@example.com")
    for _ in range(10):
        assert post_login(client, "a@example.com", WRONG).status_code == 200
    assert post_login(client, "a@example.com").status_code == 429
    other = app.test_client()  # a colleague on the same address
    assert post_login(other, "b@example.com").status_code == 302


def test_a_locked_address_gets_one_try_per_account(client, app, make_user):
    """Spraying from one address: once over the limit, an account it failed on is closed to it."""
    for n in range(12):
        make_user(f"u{n}@example.com")
    for n in range(10):
        assert post_login(client, f"u{n}@example.com", WRONG).status_code == 200
    assert post_login(client, "u10@example.com", WRONG).status_code == 200
    assert post_login(client, "u10@example.com", WRONG).status_code == 429
    assert post_login(client, "u10@example.com").status_code == 429
    assert post_login(client, "u11@example.com").status_code == 302


def test_unknown_accounts_are_limited_like_known_ones(client, make_user):
    make_user("a@example.com")
    answers = [post_login(client, "personne@example.com", WRONG).status_code for _ in range(11)]
    assert answers == [200] * 10 + [429]


def test_a_successful_login_is_not_counted(client, app, make_user):
    make_user("a@example.com")
    for _ in range(9):
        post_login(client, "a@example.com", WRONG)
    assert post_login(client, "a@example.com").status_code == 302
    client.post("/deconnexion")
    assert post_login(client, "a@example.com", WRONG).status_code == 200  # the 10th failure
    assert count(app, LoginFailure) == 10


def test_old_failures_expire(client, app, make_user):
    from screening.timeutil import utcnow
    make_user("a@example.com")
    for _ in range(10):
        post_login(client, "a@example.com", WRONG)
    with app.app_context():
        for failure in db.session.scalars(select(LoginFailure)):
            failure.failed_at = utcnow() - services.LOGIN_WINDOW * 2
        db.session.commit()
    assert post_login(client, "a@example.com").status_code == 302
    assert count(app, LoginFailure) == 0


# --- Behind a reverse proxy -----------------------------------------------------------------------

def proxied_app(app, proxies):
    return create_app({**app.config, "PROXY_COUNT": proxies})


def spray_then_colleague(app, make_user, proxies):
    """An attacker locks its address; a colleague with the right password logs into an account the
    attacker also tried. Returns the colleague's status."""
    make_user("a@example.com")
    make_user("b@example.com")
    served = proxied_app(app, proxies)
    attacker = served.test_client()
    attacker.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    for _ in range(10):
        assert post_login(attacker, "a@example.com", WRONG).status_code == 200
    assert post_login(attacker, "b@example.com", WRONG).status_code == 200
    colleague = served.test_client()
    colleague.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.2"
    return post_login(colleague, "b@example.com").status_code


def test_behind_a_configured_proxy_each_client_has_its_own_address(app, make_user):
    assert spray_then_colleague(app, make_user, proxies=1) == 302
    with app.app_context():
        assert set(db.session.scalars(select(LoginFailure.address))) == {"203.0.113.7"}


def test_without_a_configured_proxy_x_forwarded_for_is_ignored(app, make_user):
    # Everyone is the proxy's 127.0.0.1: a header anyone can send must not dodge the limit.
    assert spray_then_colleague(app, make_user, proxies=0) == 429
    with app.app_context():
        assert set(db.session.scalars(select(LoginFailure.address))) == {"127.0.0.1"}


def test_x_forwarded_proto_marks_the_cookie_secure_behind_the_proxy(app, make_user):
    make_user("a@example.com")
    c = proxied_app(app, 1).test_client()
    response = post_login(c, "a@example.com", headers={"X-Forwarded-For": "198.51.100.2",
                                                       "X-Forwarded-Proto": "https"})
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]
