"""Each probe of the hardening review, replayed: no 500, a clear answer, nothing stored half-way.

Run on SQLite (default) and on PostgreSQL (TEST_DATABASE_URL set): NUL bytes only fail on PostgreSQL.
"""
import io
import json
import re

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from screening.api import create_token
from screening.auth.models import User
from screening.extensions import db
from screening.missions.models import Mission
from screening.replies.models import ApiToken, Applicant, Reply
from tests.conftest import PASSWORD

TEXT = ("Bonjour, je peux livrer la saisie des 400 cartes en 5 jours. Étapes : tri des cartes (2 h), "
        "saisie dans le tableur (10 h). Je dispose de 20 heures par semaine. J'ai saisi 3 000 fiches.")


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def texts(app):
    with app.app_context():
        return list(db.session.scalars(select(Reply.body).order_by(Reply.id)))


@pytest.fixture
def mission_id(owner, make_mission):
    return make_mission(owner)


@pytest.fixture
def token(app, owner):
    with app.app_context():
        return create_token(owner, "probe")[1]


def api(client, mission_id, token, raw):
    return client.post(f"/api/missions/{mission_id}/replies", data=raw, content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


# --- NUL bytes and lone surrogates ----------------------------------------------------------------

def test_nul_in_login_email_is_a_normal_failed_login(client, make_user):
    make_user("ab@example.com")
    response = client.post("/connexion", data={"email": "a\x00b@example.com",
                                               "password": "faux-mot-de-passe"})
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.get_data(as_text=True)


def test_nul_in_query_string_and_form_names_is_harmless(client, owner, mission_id):
    assert client.get(f"/missions/{mission_id}/candidats?tri=%00&ordre=%00&\x00=1").status_code == 200
    assert client.get("/missions/?tri=a%00b&archives=%00").status_code == 200


def test_nul_in_mission_title_is_removed_and_the_rest_kept(client, app, owner):
    from tests.test_missions import form
    response = client.post("/missions/nouvelle", data=form(title="Saisie\x00 de <b>cartes</b> =1+1"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Mission.title)) == "Saisie de <b>cartes</b> =1+1"


def test_nul_and_lone_surrogate_in_pasted_text(client, app, mission_id):
    pasted = ("De : Ana <ana@example.com>\n\n" + TEXT.replace("Bonjour,", "Bon\x00jour,")
              + " <script>x</script>")
    response = client.post(f"/missions/{mission_id}/reponses/coller", data={"text": pasted, "action": "save"})
    assert response.status_code == 302
    assert texts(app) == [TEXT + " <script>x</script>"]


def test_nul_in_token_name(client, app, owner):
    response = client.post("/compte/jetons", data={"name": "si\x00te"})
    assert response.status_code == 200 and "Nouveau jeton" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ApiToken.name)) == "site"


def test_nul_in_eml_body_and_headers(client, app, mission_id):
    eml = (b"From: Ana\x00 <ana@example.com>\r\nSubject: Candidature\r\n"
           b"Date: Mon, 5 Oct 2026 10:00:00 +0200\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + TEXT.replace("livrer", "liv\x00rer").encode())
    response = client.post(f"/missions/{mission_id}/reponses/emails",
                           data={"files": [(io.BytesIO(eml), "ana.eml")]},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert texts(app) == [TEXT]
    with app.app_context():
        assert db.session.scalar(select(Applicant.name)) == "Ana"


def test_nul_in_a_csv_file_is_refused_as_binary(client, app, mission_id):
    data = ("nom;email;texte\r\nAna;ana@example.com;" + TEXT.replace("5 jours", "5\x00 jours")
            + "\r\n").encode()
    upload = client.post(f"/missions/{mission_id}/reponses/csv",
                         data={"file": (io.BytesIO(data), "r.csv")}, content_type="multipart/form-data")
    assert upload.status_code == 422
    assert "données binaires" in upload.get_data(as_text=True)
    assert count(app, Reply) == 0


def test_nul_in_cells_of_a_utf16_csv_beyond_the_sniffed_start_is_removed(client, app, mission_id):
    filler = "".join(f"Cand{i};c{i}@example.com;{TEXT} n°{i}\r\n" for i in range(400))
    text = ("nom;email;texte\r\n" + filler + "Ana;ana@example.com;"
            + TEXT.replace("5 jours", "5\x00 jours") + "\r\n")
    data = text.encode("utf-16")
    assert len(text) > 65536
    upload = client.post(f"/missions/{mission_id}/reponses/csv",
                         data={"file": (io.BytesIO(data), "r.csv")}, content_type="multipart/form-data")
    assert upload.status_code == 302, upload.get_data(as_text=True)[:300]
    saved = client.post(upload.headers["Location"], data={"col_name": "0", "col_email": "1", "col_text": "2"})
    assert saved.status_code == 302
    assert texts(app)[-1] == TEXT


@pytest.mark.parametrize("field", ["text", "name"])
def test_nul_and_lone_surrogate_in_api_json(client, app, mission_id, token, field):
    item = {"name": "Ana", "email": "ana@example.com", "text": TEXT}
    item[field] = item[field][:3] + "\\u0000" + item[field][3:] + " \\ud800"
    raw = json.dumps(item).replace("\\\\u0000", "\\u0000").replace("\\\\ud800", "\\ud800")
    assert "\\u0000" in raw and "\\ud800" in raw
    response = api(client, mission_id, token, raw)
    assert response.status_code == 201, response.get_data(as_text=True)
    with app.app_context():
        reply = db.session.scalars(select(Reply)).one()
        stored = reply.body if field == "text" else reply.applicant.name
    assert stored == (TEXT if field == "text" else "Ana") + " \ufffd"


def test_raw_nul_bytes_in_api_json_are_a_json_error(client, app, mission_id, token):
    response = api(client, mission_id, token, b'{"text": "a\x00b"}')
    assert response.status_code == 400 and response.is_json
    assert response.get_json()["error"].startswith("JSON mal formé")
    assert count(app, Reply) == 0


# --- Nesting --------------------------------------------------------------------------------------

def test_deeply_nested_api_json_is_refused_in_json(client, app, mission_id, token):
    for raw in ("[" * 5000, "[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000):
        response = api(client, mission_id, token, raw)
        assert response.status_code == 400 and response.is_json
        assert "trop imbriqué" in response.get_json()["error"]
    assert count(app, Reply) == 0


def test_brackets_inside_strings_are_not_nesting(client, app, mission_id, token):
    response = api(client, mission_id, token, json.dumps({"text": TEXT + " [[[[" * 200}))
    assert response.status_code == 201


def _nested_eml(levels: int) -> bytes:
    head = b"From: Ana <ana@example.com>\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
    parts = []
    for level in range(levels):
        parts.append(f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n'.encode())
    middle = b"Content-Type: text/plain\r\n\r\n" + TEXT.encode() + b"\r\n"
    tail = b"".join(f"--b{level}--\r\n".encode() for level in reversed(range(levels)))
    return head + b"".join(parts) + middle + tail


def test_deeply_nested_eml_is_refused_with_a_french_message(client, app, mission_id):
    eml = _nested_eml(1000)
    response = client.post(f"/missions/{mission_id}/reponses/emails",
                           data={"files": [(io.BytesIO(eml), "nested.eml")]},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "imbrique trop de parties" in response.get_data(as_text=True)
    assert count(app, Reply) == 0


def test_deeply_nested_message_in_an_mbox_is_reported_by_number(client, app, mission_id):
    good = b"From: Bob <bob@example.com>\r\nSubject: x\r\n\r\n" + TEXT.encode() + b"\r\n"
    mbox = (b"From a@x Mon Oct 12 10:00:00 2026\n" + good + b"\nFrom b@x Mon Oct 12 10:00:00 2026\n"
            + _nested_eml(400))
    response = client.post(f"/missions/{mission_id}/reponses/emails",
                           data={"files": [(io.BytesIO(mbox), "boite.mbox")]},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Message 2" in page and "imbrique trop de parties" in page
    assert count(app, Reply) == 0  # all or nothing


def test_moderately_nested_eml_is_still_read(client, app, mission_id):
    response = client.post(f"/missions/{mission_id}/reponses/emails",
                           data={"files": [(io.BytesIO(_nested_eml(5)), "ok.eml")]},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert texts(app) == [TEXT]


# --- API errors in JSON ---------------------------------------------------------------------------

def test_api_413_is_json(app, client, mission_id, token):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = api(client, mission_id, token, json.dumps({"text": "x" * 5000}))
    assert response.status_code == 413 and response.is_json
    assert response.get_json() == {"error": "Requête trop volumineuse."}


def test_api_unknown_route_and_method_are_json(client, token):
    headers = {"Authorization": f"Bearer {token}"}
    missing = client.get("/api/rien", headers=headers)
    assert missing.status_code == 404 and missing.is_json
    wrong = client.get("/api/missions/1/replies", headers=headers)
    assert wrong.status_code == 405 and wrong.is_json


def test_api_500_is_json_and_nothing_is_saved(app, client, mission_id, token, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    from screening.replies import scoring_service

    def broken(*_args, **_kwargs):
        raise RuntimeError("scorer crashed")
    monkeypatch.setattr(scoring_service, "score_replies", broken, raising=False)
    monkeypatch.setattr("screening.api.services.save_import", broken)
    response = api(client, mission_id, token, json.dumps({"text": TEXT}))
    assert response.status_code == 500 and response.is_json
    assert "rien n'a été enregistré" in response.get_json()["error"]
    assert count(app, Reply) == 0


# --- The database goes away -----------------------------------------------------------------------

@pytest.fixture
def database_down(app):
    """Every statement fails as when the server is stopped (connection refused / closed)."""
    def fail(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, _server_gone())

    def start():
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", fail)

    yield start
    with app.app_context():
        if event.contains(db.engine, "before_cursor_execute", fail):
            event.remove(db.engine, "before_cursor_execute", fail)


def _server_gone():
    import sqlite3
    if db.engine.dialect.name == "postgresql":
        import psycopg
        return psycopg.OperationalError("server closed the connection unexpectedly")
    return sqlite3.OperationalError("unable to open database file")


def test_logged_in_page_with_the_database_down_is_the_french_error_page(app, client, owner, database_down):
    database_down()
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Base de données indisponible" in page and "<html" in page
    assert "Internal Server Error" not in page


def test_database_down_mid_form_post(app, client, owner, database_down):
    from tests.test_missions import form
    client.get("/")  # the user is loaded, then the server goes away
    database_down()
    response = client.post("/missions/nouvelle", data=form())
    assert response.status_code == 503
    assert "Base de données indisponible" in response.get_data(as_text=True)


def test_api_with_the_database_down_answers_json(app, client, mission_id, token, database_down):
    database_down()
    response = api(client, mission_id, token, json.dumps({"text": TEXT}))
    assert response.status_code == 503 and response.is_json
    assert "Base de données indisponible" in response.get_json()["error"]


def test_unexpected_error_page_is_french(app, client, owner, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken(*_args, **_kwargs):
        raise RuntimeError("bug")
    monkeypatch.setattr("screening.main.mission_services.list_missions", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert "Erreur interne" in response.get_data(as_text=True)


# --- Megabytes of junk ----------------------------------------------------------------------------

def test_huge_login_email_is_refused_without_error(client, make_user):
    make_user("a@example.com")
    response = client.post("/connexion", data={"email": "a" * 3_000_000 + "@example.com",
                                               "password": PASSWORD})
    assert response.status_code in (200, 413)
    assert count(client.application, User) == 1


def test_invisible_and_rtl_characters_are_kept_verbatim(client, app, mission_id):
    odd = "\u202e\u200b\ufeff\u2066"
    response = client.post(f"/missions/{mission_id}/reponses/coller",
                           data={"text": f"De : Ana <ana@example.com>\n\n{TEXT} {odd}", "action": "save"})
    assert response.status_code == 302
    assert texts(app) == [f"{TEXT} {odd}"]


def test_html_in_a_reply_is_escaped_on_every_page(client, app, mission_id):
    payload = '<img src=x onerror="alert(1)">'
    client.post(f"/missions/{mission_id}/reponses/coller",
                data={"text": f"Nom : Ana {payload}\nE-mail : ana@example.com\n\n{TEXT} {payload}",
                      "action": "save"})
    with app.app_context():
        assert db.session.scalar(select(Applicant.name)) == f"Ana {payload}"
        reply_id = db.session.scalar(select(Reply.id))
    for path in (f"/missions/{mission_id}/candidats", f"/reponses/{reply_id}"):
        page = client.get(path).get_data(as_text=True)
        assert "<img src=x" not in page, path
    assert "&lt;img src=x" in client.get(f"/reponses/{reply_id}").get_data(as_text=True)


def test_token_page_escapes_names(client, owner):
    page = client.post("/compte/jetons", data={"name": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert re.search(r"&lt;script&gt;alert\(1\)", page)


def test_messages_to_copy_isolate_a_right_to_left_override():
    from screening.candidates.services import follow_up_message
    message = follow_up_message("Ana\u202e Martin", "Saisie \u202edes cartes", [4], False)
    assert "« \u2068Saisie \u202edes cartes\u2069 »." in message
    assert "Bonjour \u2068Ana\u202e\u2069," in message
    plain = follow_up_message("Ana Martin", "Saisie des cartes", [4], False)
    assert "« Saisie des cartes »." in plain and "\u2068" not in plain


# --- The boundary itself --------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from screening.inputs import clean_text, clean_tree, json_too_deep  # noqa: E402

ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()))


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_clean_text_is_storable_and_changes_nothing_else(text):
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # never raises: storable in SQLite and PostgreSQL
    assert "\x00" not in cleaned
    if "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text):
        assert cleaned == text
    assert clean_text(cleaned) == cleaned


def test_clean_tree_and_depth_on_hostile_json():
    hostile = [{"a\x00": ["\ud800", {"b": "\x00c"}]}, 3, None]
    assert clean_tree(hostile) == [{"a": ["\ufffd", {"b": "c"}]}, 3, None]
    assert json_too_deep(b"[" * 21) and not json_too_deep(b"[" * 20 + b"]" * 20)
    assert not json_too_deep(b'["' + b"[" * 100 + b'"]') and not json_too_deep(b'["\\"' + b"[" * 100 + b'"]')
