"""Missions, templates, the delegation check and postings through the test client."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from screening.extensions import db
from screening.missions.models import Mission, MissionTemplate, Posting
from screening.missions.posting import MANDATORY_QUESTIONS

FUTURE = (date.today() + timedelta(days=30)).isoformat()


def form(**overrides):
    data = {"title": "Saisie de 400 cartes de visite", "objective": "Saisir les cartes dans un tableur",
            "procedure": "1. Scanner\n2. Saisir", "deadline": FUTURE, "budget_amount": "250,50",
            "budget_currency": "EUR", "priority": "1", "platform": "malt", "paid_trial": "y",
            "measured_minutes": "120"}
    data.update(overrides)
    return data


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def test_create_and_view_mission(client, owner, app):
    response = client.post("/missions/nouvelle", data=form())
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saisie de 400 cartes de visite" in page
    assert "250,50 €" in page
    with app.app_context():
        mission = db.session.scalars(select(Mission)).one()
        assert str(mission.budget_amount) == "250.50"
        assert mission.owner_id == owner


@pytest.mark.parametrize("overrides,message", [
    ({"title": ""}, "Donnez un titre à la mission."),
    ({"title": "x" * 201}, "200 caractères au maximum."),
    ({"deadline": "2020-01-01"}, "La date limite ne peut pas être dans le passé."),
    ({"deadline": "31/02/2026"}, "date"),
    ({"budget_amount": "-5"}, "Le budget ne peut pas être négatif."),
    ({"budget_amount": "beaucoup"}, "Saisissez un montant ou une fourchette"),
    ({"measured_minutes": "deux heures"}, "Saisissez un nombre entier"),
    ({"objective": "x" * 10_001}, "10000 caractères au maximum."),
    ({"custom_questions": "\n".join(f"Question {i} ?" for i in range(11))}, "10 questions supplémentaires"),
    ({"priority": "9"}, "N'est pas un choix valide."),
])
def test_bad_input_gives_french_message_and_saves_nothing(client, owner, app, overrides, message):
    response = client.post("/missions/nouvelle", data=form(**overrides))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message.replace("'", "&#39;") in page or message in page
    assert "Rien n'a été enregistré" in page
    assert count(app, Mission) == 0


def test_html_in_fields_is_shown_escaped(client, owner, make_mission):
    mission_id = make_mission(owner, title="<script>alert('x')</script>", objective="<img src=x onerror=alert(1)>")
    page = client.get(f"/missions/{mission_id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert "<img src=x" not in page
    listing = client.get("/missions/").get_data(as_text=True)
    assert "<script>alert" not in listing


def test_edit_keeps_a_past_deadline_but_refuses_a_new_past_one(client, owner, make_mission, app):
    mission_id = make_mission(owner, deadline=date.today() - timedelta(days=3))
    past = (date.today() - timedelta(days=3)).isoformat()
    ok = client.post(f"/missions/{mission_id}/modifier", data=form(deadline=past, title="Nouveau titre"))
    assert ok.status_code == 302
    refused = client.post(f"/missions/{mission_id}/modifier", data=form(deadline="2021-05-05"))
    assert "ne peut pas être dans le passé" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Mission, mission_id).title == "Nouveau titre"


def test_list_sorted_by_priority_and_by_deadline(client, owner, make_mission):
    make_mission(owner, title="Basse-proche", priority=3, deadline=date.today() + timedelta(days=2))
    make_mission(owner, title="Haute-lointaine", priority=1, deadline=date.today() + timedelta(days=60))
    make_mission(owner, title="Sans-echeance", priority=2)
    by_priority = client.get("/missions/?tri=priority").get_data(as_text=True)
    assert by_priority.index("Haute-lointaine") < by_priority.index("Sans-echeance") < by_priority.index("Basse-proche")
    by_deadline = client.get("/missions/?tri=deadline").get_data(as_text=True)
    assert by_deadline.index("Basse-proche") < by_deadline.index("Haute-lointaine") < by_deadline.index("Sans-echeance")


def test_archive_hides_from_list_and_unarchive_brings_back(client, owner, make_mission):
    mission_id = make_mission(owner, title="A-archiver")
    client.post(f"/missions/{mission_id}/archiver")
    assert "A-archiver" not in client.get("/missions/").get_data(as_text=True)
    assert "A-archiver" in client.get("/missions/?archives=1").get_data(as_text=True)
    client.post(f"/missions/{mission_id}/desarchiver")
    assert "A-archiver" in client.get("/missions/").get_data(as_text=True)


def test_other_accounts_missions_answer_404(client, app, make_user, login, make_mission):
    other = make_user("other@example.com")
    theirs = make_mission(other, title="Secret de l'autre")
    with app.app_context():
        from screening.missions.services import generate_posting_version, save_template
        mission = db.session.get(Mission, theirs)
        posting, _ = generate_posting_version(mission)
        posting_id = posting.id
        template_id = save_template(mission, "Modèle de l'autre").id
    make_user("me@example.com")
    login("me@example.com")
    for path in (f"/missions/{theirs}", f"/missions/{theirs}/modifier", f"/missions/{theirs}/annonces/{posting_id}",
                 f"/missions/nouvelle?modele={template_id}", "/missions/99999"):
        assert client.get(path).status_code == 404, path
    for path in (f"/missions/{theirs}/archiver", f"/missions/{theirs}/annonce", f"/missions/{theirs}/modele",
                 f"/missions/modeles/{template_id}/supprimer", f"/missions/{theirs}/annonces/{posting_id}"):
        assert client.post(path, data={"name": "x"}).status_code == 404, path
    assert "Secret de l" not in client.get("/missions/?archives=1").get_data(as_text=True)
    assert "Modèle de l" not in client.get("/missions/modeles").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Mission, theirs).status == "open"


def test_delegation_warnings_shown_but_never_blocking(client, owner, app):
    response = client.post("/missions/nouvelle", data=form(is_key_activity="y", could_automate="y",
                                                           brief_minutes="30", measured_minutes="20"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "activité clé" in page
    assert "pourrait être automatisée" in page
    assert "Rédiger les consignes (30 min) prend plus de temps" in page
    assert count(app, Mission) == 1


def test_good_candidate_for_delegation(client, owner):
    response = client.post("/missions/nouvelle", data=form(is_repetitive="y", is_dreaded="y"))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bonne candidate à la délégation (répétitive, tâche que vous redoutez)" in page
    assert "activité clé" not in page


def test_generate_posting_keeps_versions(client, owner, make_mission, app):
    mission_id = make_mission(owner, custom_questions="Avez-vous déjà saisi des cartes ?")
    first = client.post(f"/missions/{mission_id}/annonce")
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    for number, question in enumerate(MANDATORY_QUESTIONS, start=1):
        assert f"{number}. {question}".replace("'", "&#39;") in page
    assert "5. Avez-vous déjà saisi des cartes ?" in page
    client.post(f"/missions/{mission_id}/annonce")  # unchanged brief: no new version
    assert count(app, Posting) == 1
    client.post(f"/missions/{mission_id}/modifier", data=form(title="Titre changé"))
    client.post(f"/missions/{mission_id}/annonce")
    assert count(app, Posting) == 2
    with app.app_context():
        versions = [p.version for p in db.session.get(Mission, mission_id).postings]
        assert versions == [2, 1]


def test_record_publication(client, owner, make_mission, app):
    mission_id = make_mission(owner)
    location = client.post(f"/missions/{mission_id}/annonce").headers["Location"]
    bad = client.post(location, data={"published_on": "2026-10-05", "published_time": "25:99",
                                      "published_where": "Malt"})
    assert "Heure invalide" in bad.get_data(as_text=True)
    ok = client.post(location, data={"published_on": "2026-10-05", "published_time": "09:00",
                                     "published_where": "Malt",
                                     "published_url": "https://malt.example/annonce"})
    assert ok.status_code == 302
    with app.app_context():
        mission = db.session.get(Mission, mission_id)
        from screening.timeutil import as_utc
        assert as_utc(mission.published_at).isoformat() == "2026-10-05T07:00:00+00:00"
        assert mission.latest_posting.published_where == "Malt"
    assert "Publiée le" in client.get(location).get_data(as_text=True)


def test_save_template_and_start_from_it(client, owner, make_mission, app):
    from decimal import Decimal
    mission_id = make_mission(owner, title="Relecture ebook", procedure="Lire\nCorriger",
                              budget_amount=Decimal("300.00"))
    empty = client.post(f"/missions/{mission_id}/modele", data={"name": ""}, follow_redirects=True)
    assert "Donnez un nom au modèle." in empty.get_data(as_text=True)
    assert count(app, MissionTemplate) == 0
    client.post(f"/missions/{mission_id}/modele", data={"name": "Relecture"})
    with app.app_context():
        template_id = db.session.scalars(select(MissionTemplate)).one().id
    assert "Relecture" in client.get("/missions/modeles").get_data(as_text=True)
    prefilled = client.get(f"/missions/nouvelle?modele={template_id}").get_data(as_text=True)
    assert 'value="Relecture ebook"' in prefilled
    assert "Lire\nCorriger" in prefilled
    assert 'value="300"' in prefilled  # the budget as an owner types it
    client.post(f"/missions/modeles/{template_id}/supprimer")
    assert count(app, MissionTemplate) == 0


def test_unknown_ids_give_french_404_page(client, owner):
    response = client.get("/missions/424242")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_dashboard_and_list_queries_do_not_grow_with_missions(client, owner, make_mission, app):
    from sqlalchemy import event

    def queries_for(path):
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args, **kwargs: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    for _ in range(2):
        mission_id = make_mission(owner)
        client.post(f"/missions/{mission_id}/annonce")
    few = (queries_for("/"), queries_for("/missions/"))
    for _ in range(6):
        mission_id = make_mission(owner)
        client.post(f"/missions/{mission_id}/annonce")
    assert (queries_for("/"), queries_for("/missions/")) == few
