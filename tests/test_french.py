"""French polish a new user noticed: dates, the owner's signature, neutral wording, decimals, states."""
import re
from decimal import Decimal
from pathlib import Path

import pytest

from screening.auth.models import User
from screening.candidates.services import follow_up_message
from screening.extensions import db
from screening.missions.delegation import DelegationAnswers, check_delegation
from screening.missions.posting import MANDATORY_QUESTIONS
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.services import save_import

ENGLISH = ("Hello, I can do the data entry of your business cards in one week. I have 20 hours per week "
           "available and I have done this kind of work many times before for other clients. Best regards")


def test_question_3_is_grammatical():
    assert MANDATORY_QUESTIONS[2] == ("De combien d'heures par semaine disposez-vous pour travailler "
                                      "sur ce projet ?")


@pytest.mark.parametrize("brief,doing,words", [
    (60, 60, "prend autant de temps"),
    (90, 60, "prend plus de temps"),
    (120, 60, "prend deux fois plus de temps"),
    (200, 60, "prend trois fois plus de temps"),
])
def test_delegation_warning_says_how_much_more(brief, doing, words):
    [advice] = check_delegation(DelegationAnswers(brief_minutes=brief, measured_minutes=doing))
    assert words in advice.message


def test_follow_up_ends_with_the_owners_name():
    message = follow_up_message("John", "Saisie", [2], ask_french=True, signature="Camille Martin")
    assert message.endswith("Bien cordialement,\nCamille Martin")
    assert follow_up_message("John", "Saisie", [2], ask_french=True).endswith("Bien cordialement")


def _set_name(app, user_id, name):
    with app.app_context():
        db.session.get(User, user_id).display_name = name
        db.session.commit()


def test_reminder_for_a_non_french_reply_has_its_subject_and_signature(client, owner, app, make_mission):
    _set_name(app, owner, "Camille Martin")
    mission_id = make_mission(owner)
    with app.app_context():
        from screening.missions.models import Mission
        report = save_import(owner, db.session.get(Mission, mission_id), ImportResult(replies=(
            ParsedReply(name="John Smith", email="john@example.com", text=ENGLISH),)), "paste")
        reply_id = report.added[0].id
    page = client.get(f"/reponses/{reply_id}").get_data(as_text=True).replace("&#39;", "'")
    explanation = re.search(r"Message de relance</h2>\s*<p class=\"muted small\">(.*?)Copiez-le", page, re.S)
    sentence = " ".join(explanation.group(1).split())
    assert "l'annonce demande une réponse en français." in sentence
    assert sentence.startswith("Il ")
    message = re.search(r'id="follow-up">(.*?)</pre>', page, re.S).group(1)
    assert message.rstrip().endswith("Camille Martin")


def test_trial_messages_are_signed_and_neutral(client, owner, app, make_mission):
    from datetime import date, timedelta

    from screening.missions.models import Mission
    from screening.trials.services import decision_messages, invitation, schedule_round
    _set_name(app, owner, "Camille Martin")
    mission_id = make_mission(owner)
    with app.app_context():
        mission = db.session.get(Mission, mission_id)
        report = save_import(owner, mission, ImportResult(replies=tuple(
            ParsedReply(name=n, email=f"{n.lower()}@example.com", text=f"Bonjour, je suis {n}, je livre en 5 jours.")
            for n in ("Marie", "Paul", "Zoé"))), "paste")
        for reply in report.added:
            reply.is_finalist = True
        db.session.commit()
        trial_round = schedule_round(mission, [r.id for r in report.added], brief="Saisir 10 cartes.",
                                     criteria="", amount=Decimal("20"), currency="EUR",
                                     starts_on=date.today(), deadline=date.today() + timedelta(days=4))
        _subject, body = invitation(trial_round.trials[0])
        assert body.endswith("Bien cordialement,\nCamille Martin")
        kept, backup, other = trial_round.trials
        kept.is_kept, backup.is_backup = True, True
        messages = {t.id: text for t, text in decision_messages(trial_round)}
        assert set(messages) == {backup.id, other.id}
        for text in messages.values():
            assert text.endswith("Camille Martin")
            assert "convaincu" not in text  # would assume the owner's gender


def test_amounts_are_shown_with_a_french_comma_in_forms(client, owner, make_mission):
    mission_id = make_mission(owner, budget_amount=Decimal("60.5"))
    page = client.get(f"/missions/{mission_id}/modifier").get_data(as_text=True)
    assert re.search(r'name="budget_amount"[^>]*value="60,50"', page) or \
        re.search(r'value="60,50"[^>]*name="budget_amount"', page)
    client.post("/compte/valeur-horaire", data={"hourly_value": "45,5", "hourly_currency": "EUR"})
    page = client.get("/compte/valeur-horaire").get_data(as_text=True)
    assert "45.50" not in page and "45,50" in page


def test_trial_state_is_not_capitalised_word_by_word():
    css = (Path(__file__).resolve().parent.parent / "static" / "css" / "app.css").read_text()
    rule = re.search(r"\.trial-state\s*\{([^}]*)\}", css).group(1)
    assert "capitalize" not in rule  # "En Cours" instead of "En cours"
