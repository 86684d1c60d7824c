"""Adding replies through the pages and the JSON API: all or nothing, deduplicated, scored on save."""
import io
import json

import pytest
from sqlalchemy import func, select

from screening.extensions import db
from screening.replies.models import ApiToken, Applicant, Reply

GENUINE = ("Bonjour, je peux livrer la saisie des 400 cartes en 5 jours. Étapes : tri des cartes (2 h), "
           "saisie dans le tableur (10 h), vérification des doublons (2 h). Je dispose de 20 heures par semaine. "
           "J'ai saisi plus de 3 000 fiches clients pour une agence immobilière l'an dernier, avec contrôle "
           "qualité à chaque lot.")


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def replies(app):
    with app.app_context():
        return list(db.session.scalars(select(Reply).order_by(Reply.id)))


@pytest.fixture
def mission_id(owner, make_mission):
    return make_mission(owner)


def test_paste_preview_then_save(client, app, mission_id):
    text = f"De : Marie Durand <marie@example.com>\n\n{GENUINE}\n---\nDe : Paul <paul@example.com>\n\nIntéressé, dispo."
    preview = client.post(f"/missions/{mission_id}/reponses/coller", data={"text": text, "action": "preview"})
    page = preview.get_data(as_text=True)
    assert "Découpage : 2 réponses" in page
    assert "marie@example.com" in page
    assert count(app, Reply) == 0  # preview saves nothing
    saved = client.post(f"/missions/{mission_id}/reponses/coller", data={"text": text, "action": "save"})
    assert saved.status_code == 302
    stored = replies(app)
    assert len(stored) == 2
    assert all(r.score is not None and r.verdict and r.scorer_version for r in stored)
    assert stored[0].body == GENUINE
    # The same paste again adds nothing.
    client.post(f"/missions/{mission_id}/reponses/coller", data={"text": text, "action": "save"})
    assert count(app, Reply) == 2


def test_paste_with_a_bad_reply_saves_nothing(client, app, mission_id):
    text = f"De : Marie <marie@example.com>\n\n{GENUINE}\n---\nNom : Paul\nEmail : pas-une-adresse\n\nBonjour"
    response = client.post(f"/missions/{mission_id}/reponses/coller", data={"text": text, "action": "save"})
    page = response.get_data(as_text=True)
    assert "Rien n'a été enregistré" in page
    assert "Ligne" in page and "pas-une-adresse" in page
    assert count(app, Reply) == 0


def test_empty_paste_is_refused_in_french(client, mission_id):
    page = client.post(f"/missions/{mission_id}/reponses/coller", data={"text": "   "}).get_data(as_text=True)
    assert "Collez au moins une réponse." in page


def csv_bytes(encoding="utf-8", sep=";"):
    rows = [["Nom", "E-mail", "Message", "Tarif"],
            ["Émilie Noël", "emilie@example.com", GENUINE + "\nDeuxième ligne’", "25,50 €"],
            ["Jean", "jean@example.com", "=HYPERLINK(\"http://x\")\nJe livre en 3 jours.", "30"]]
    out = io.StringIO()
    import csv
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def upload(client, mission_id, data, name="export.csv"):
    return client.post(f"/missions/{mission_id}/reponses/csv", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


@pytest.mark.parametrize("encoding,sep", [("cp1252", ";"), ("utf-8-sig", ","), ("utf-8", "\t")])
def test_csv_preview_mapping_and_import(client, app, mission_id, encoding, sep):
    response = upload(client, mission_id, csv_bytes(encoding, sep))
    assert response.status_code == 302
    mapping_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Associer les colonnes" in mapping_page
    assert "Émilie Noël" in mapping_page
    done = client.post(response.headers["Location"], data={"col_name": "0", "col_email": "1", "col_text": "2",
                                                           "col_hourly_rate": "3"})
    assert done.status_code == 302
    stored = replies(app)
    assert [r.applicant.name for r in stored] == ["Émilie Noël", "Jean"] if False else len(stored) == 2
    with app.app_context():
        first = db.session.scalars(select(Reply).order_by(Reply.id)).first()
        assert first.applicant.name == "Émilie Noël"
        assert str(first.hourly_rate) == "25.50"
        assert first.body.endswith("Deuxième ligne’")
    # The upload is gone once imported; the same file again adds nothing.
    again = upload(client, mission_id, csv_bytes(encoding, sep))
    client.post(again.headers["Location"], data={"col_name": "0", "col_email": "1", "col_text": "2"})
    assert count(app, Reply) == 2


def test_csv_without_text_column_mapped_is_refused(client, app, mission_id):
    location = upload(client, mission_id, csv_bytes()).headers["Location"]
    page = client.post(location, data={"col_name": "0"}).get_data(as_text=True)
    assert "champ obligatoire" in page
    assert count(app, Reply) == 0


@pytest.mark.parametrize("data,message", [
    (b"", "Le fichier est vide."),
    (b"\x00\x01\x02\x03PK\x03\x04" * 100, "binaires"),
    (b"Nom;Message\n", "Aucune réponse trouvée"),
])
def test_bad_csv_files(client, app, mission_id, data, message):
    page = upload(client, mission_id, data).get_data(as_text=True)
    assert message in page.replace("&#39;", "'")
    assert count(app, Reply) == 0


def test_oversized_upload_gets_a_clear_message(client, app, mission_id):
    data = b"Nom;Message\n" + b"x;" + b"a" * (26 * 1024 * 1024) + b"\n"
    response = upload(client, mission_id, data)
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.get_data(as_text=True)


def test_eml_upload(client, app, mission_id):
    eml = ("From: =?utf-8?q?H=C3=A9l=C3=A8ne?= <helene@example.com>\r\nTo: moi@example.com\r\n"
           "Subject: Candidature\r\nDate: Mon, 05 Oct 2026 09:30:00 +0200\r\nContent-Type: text/plain; charset=utf-8\r\n"
           f"\r\n{GENUINE}\r\n\r\n-- \r\nHélène\r\n").encode()
    response = client.post(f"/missions/{mission_id}/reponses/emails",
                           data={"files": [(io.BytesIO(eml), "candidature.eml")]}, content_type="multipart/form-data")
    assert response.status_code == 302
    [reply] = replies(app)
    with app.app_context():
        reply = db.session.get(Reply, reply.id)
        assert reply.applicant.name == "Hélène"
        assert reply.applicant.email == "helene@example.com"
        assert "Hélène" not in reply.body  # signature trimmed
        assert reply.source == "email"


def test_applicant_is_one_record_across_missions(client, app, owner, make_mission, mission_id):
    other_mission = make_mission(owner, title="Autre mission")
    text = f"De : Marie <marie@example.com>\n\n{GENUINE}"
    client.post(f"/missions/{mission_id}/reponses/coller", data={"text": text, "action": "save"})
    client.post(f"/missions/{other_mission}/reponses/coller", data={"text": text, "action": "save"})
    assert count(app, Reply) == 2
    assert count(app, Applicant) == 1


def test_a_copy_updates_the_earlier_replys_flags(client, app, owner, make_mission, mission_id):
    canned = ("Bonjour, je suis très motivé et sérieux. Je suis disponible immédiatement et je m'adapte à tous "
              "vos besoins. N'hésitez pas à me contacter pour en discuter. Cordialement, à bientôt pour "
              "travailler ensemble sur votre beau projet, avec toute mon énergie et ma rigueur habituelle.")
    client.post(f"/missions/{mission_id}/reponses/coller",
                data={"text": f"De : A <a@example.com>\n\n{canned}", "action": "save"})
    [first] = replies(app)
    assert not any(e.get("reply_id") for s in first.assessment["template_signs"] for e in s["evidence"])
    client.post(f"/missions/{mission_id}/reponses/coller",
                data={"text": f"De : B <b@example.com>\n\n{canned} Merci.", "action": "save"})
    first_after, second = replies(app)
    matched = {e.get("reply_id") for s in first_after.assessment["template_signs"] for e in s["evidence"]}
    assert str(second.id) in matched
    assert first_after.template is True


def test_other_accounts_mission_cannot_receive_replies(client, app, make_user, make_mission, owner):
    theirs = make_mission(make_user("autre@example.com"))
    assert client.get(f"/missions/{theirs}/reponses/ajouter").status_code == 404
    assert client.post(f"/missions/{theirs}/reponses/coller", data={"text": GENUINE, "action": "save"}).status_code == 404
    assert count(app, Reply) == 0


# --- JSON API -------------------------------------------------------------------------------------

@pytest.fixture
def token(client, owner):
    page = client.post("/compte/jetons", data={"name": "site"}).get_data(as_text=True)
    import re
    return re.search(r'id="new-token">(scr_[^<]+)<', page).group(1)


def api(client, mission_id, payload, token=None, raw=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(f"/api/missions/{mission_id}/replies", headers=headers,
                       data=raw if raw is not None else json.dumps(payload), content_type="application/json")


def test_api_creates_replies_and_returns_scores(client, app, mission_id, token):
    response = api(client, mission_id, [{"name": "Ana", "email": "ana@example.com", "text": GENUINE},
                                        {"name": "Bo", "email": "bo@example.com", "text": "Intéressé."}], token)
    assert response.status_code == 201
    body = response.get_json()
    assert len(body["created"]) == 2
    assert all(isinstance(item["score"], int) and item["verdict"] for item in body["created"])
    again = api(client, mission_id, {"name": "Ana", "email": "ana@example.com", "text": GENUINE}, token)
    assert again.status_code == 200 and again.get_json() == {"created": [], "skipped": 1}


def test_api_token_is_stored_hashed(app, token):
    with app.app_context():
        stored = db.session.scalars(select(ApiToken)).one()
        assert token not in (stored.token_hash, stored.prefix)


@pytest.mark.parametrize("kind", ["none", "wrong", "revoked"])
def test_api_rejects_missing_wrong_or_revoked_tokens(client, app, mission_id, token, kind):
    if kind == "revoked":
        with app.app_context():
            token_id = db.session.scalars(select(ApiToken)).one().id
        client.post(f"/compte/jetons/{token_id}/revoquer")
    response = api(client, mission_id, {"text": GENUINE}, None if kind == "none" else
                   ("scr_wrong" if kind == "wrong" else token))
    assert response.status_code == 401
    assert "Jeton" in response.get_json()["error"]
    assert count(app, Reply) == 0


def test_api_other_accounts_mission_is_404(client, app, make_user, make_mission, token):
    theirs = make_mission(make_user("autre@example.com"))
    response = api(client, theirs, {"text": GENUINE}, token)
    assert response.status_code == 404
    assert response.get_json()["error"] == "Mission introuvable."


@pytest.mark.parametrize("raw,status", [("{pas du json", 400), ("", 400), ('"texte"', 422),
                                        ('[{"text": "ok ok ok"}, {"email": "x"}]', 422)])
def test_api_malformed_payloads(client, app, mission_id, token, raw, status):
    response = api(client, mission_id, None, token, raw=raw)
    assert response.status_code == status
    assert response.get_json()["error"]
    assert count(app, Reply) == 0


def test_rescore_command_recomputes_every_score(client, app, mission_id):
    client.post(f"/missions/{mission_id}/reponses/coller",
                data={"text": f"De : A <a@example.com>\n\n{GENUINE}", "action": "save"})
    with app.app_context():
        reply = db.session.scalars(select(Reply)).one()
        expected = reply.score
        reply.score, reply.verdict, reply.assessment = None, None, None
        db.session.commit()
    from screening.cli import rescore
    result = app.test_cli_runner().invoke(rescore)
    assert result.exit_code == 0, result.output
    assert "1 réponses analysées" in result.output or "1 réponse" in result.output
    with app.app_context():
        reply = db.session.scalars(select(Reply)).one()
        assert reply.score == expected and reply.verdict and reply.assessment["answered"]
