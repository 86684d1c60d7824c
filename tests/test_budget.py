"""A mission's budget as owners type it, per hour or for the whole mission, used by the cost estimates."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from screening.extensions import db
from screening.missions.budget import Budget, budget_check, parse_budget
from screening.missions.models import Mission
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.services import save_import

D = Decimal


@pytest.mark.parametrize("text,expected", [
    ("450", Budget(D("450"))),
    ("450 €", Budget(D("450"))),
    ("1 200 € HT", Budget(D("1200"))),
    ("450 € pour la mission", Budget(D("450"), None, "mission")),
    ("forfait 600 €", Budget(D("600"), None, "mission")),
    ("20 à 30 €/h", Budget(D("20"), D("30"), "hour")),
    ("20-30 €/h", Budget(D("20"), D("30"), "hour")),
    ("entre 20 et 30 euros de l'heure", Budget(D("20"), D("30"), "hour")),
    ("25,50 € par heure", Budget(D("25.50"), None, "hour")),
    ("", None),
])
def test_budget_accepts_what_owners_type(text, expected):
    assert parse_budget(text) == expected


@pytest.mark.parametrize("text", ["beaucoup", "20 à 30 €/jour", "-5", "99999999"])
def test_budget_refuses_the_rest_in_french(text):
    with pytest.raises(ValueError) as info:
        parse_budget(text)
    assert "budget" in str(info.value).lower() or "montant" in str(info.value)


def test_budget_check_uses_the_rate_or_the_cost_by_unit():
    assert budget_check(D("20"), D("30"), "hour", D("35"), 9999) == "au-dessus du budget"
    assert budget_check(D("20"), D("30"), "hour", D("28"), None) == "dans le budget"
    assert budget_check(D("450"), None, "mission", D("90"), 540) == "au-dessus du budget"
    assert budget_check(D("450"), None, "mission", D("20"), 400) == "dans le budget"
    assert budget_check(None, None, "mission", D("20"), 400) is None


def _form(**overrides):
    data = {"title": "Saisie de cartes", "priority": "2", "platform": "malt", "budget_currency": "EUR",
            "budget_unit": "mission"}
    data.update(overrides)
    return data


def test_mission_form_saves_a_range_per_hour_and_shows_it_back(client, owner, app):
    response = client.post("/missions/nouvelle", data=_form(budget_amount="20 à 30 €/h"))
    assert response.status_code == 302
    with app.app_context():
        mission = db.session.scalar(select(Mission))
        assert (mission.budget_amount, mission.budget_max, mission.budget_unit) == (D("20"), D("30"), "hour")
        mission_id = mission.id
    view = client.get(f"/missions/{mission_id}").get_data(as_text=True)
    assert "20 à 30 €/h" in view
    edit = client.get(f"/missions/{mission_id}/modifier").get_data(as_text=True)
    assert 'value="20 à 30"' in edit
    # Saved again as shown: still an hourly range (the unit select now says so).
    client.post(f"/missions/{mission_id}/modifier", data=_form(budget_amount="20 à 30", budget_unit="hour"))
    with app.app_context():
        mission = db.session.get(Mission, mission_id)
        assert (mission.budget_amount, mission.budget_max, mission.budget_unit) == (D("20"), D("30"), "hour")
    posting = client.post(f"/missions/{mission_id}/annonce", follow_redirects=True).get_data(as_text=True)
    assert "Budget : 20 à 30 €/h" in posting


def test_bad_budget_is_refused_with_a_french_message(client, owner, app):
    page = client.post("/missions/nouvelle", data=_form(budget_amount="pas cher")).get_data(as_text=True)
    assert "Saisissez un montant ou une fourchette" in page
    with app.app_context():
        assert db.session.scalar(select(Mission)) is None


def test_comparison_says_whether_a_cost_fits_the_budget(client, owner, app, make_mission):
    mission_id = make_mission(owner, budget_amount=D("300"), budget_unit="mission")
    text = ("Bonjour, je peux livrer en 5 jours. Étapes : tri (2 h), saisie (10 h), vérification (2 h). "
            "Je dispose de 20 heures par semaine. J'ai saisi 3 000 fiches pour une agence l'an dernier.")
    with app.app_context():
        save_import(owner, db.session.get(Mission, mission_id), ImportResult(replies=(
            ParsedReply(name="Chère", email="a@example.com", text=text, hourly_rate=D("40")),
            ParsedReply(name="Raisonnable", email="b@example.com", text=text + " Merci.",
                        hourly_rate=D("15")))), "paste")
    page = client.get(f"/missions/{mission_id}/candidats").get_data(as_text=True)
    assert "au-dessus du budget" in page and "dans le budget" in page
