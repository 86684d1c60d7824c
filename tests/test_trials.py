"""Paid trials through the test client: scheduling, states, evaluation, ranking, decision, calendars."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import icalendar
import pytest
from sqlalchemy import func, select

from screening.auth.models import User
from screening.extensions import db
from screening.missions.models import Mission
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.services import save_import
from screening.trials import services
from screening.trials.models import Trial, TrialRound

TODAY = date.today()
REPLY = ("Bonjour, je peux livrer en {n} jours. Étapes : lecture du brief (1 h), saisie (6 h), "
         "vérification (1 h). J'ai 20 heures par semaine. J'ai déjà saisi des fichiers clients pour {name}.")


@pytest.fixture
def make_replies(app):
    """Replies for a mission (finalists unless said otherwise): returns their ids in order."""
    def make(owner_id, mission_id, names=("Marie Durand", "Paul Martin", "Zoé Bernard"), finalist=True):
        with app.app_context():
            mission = db.session.get(Mission, mission_id)
            parsed = tuple(ParsedReply(name=name, email=f"{name.split()[0].lower()}{mission_id}@example.com",
                                       text=REPLY.format(n=i + 3, name=name), hourly_rate=Decimal("25"))
                           for i, name in enumerate(names))
            report = save_import(owner_id, mission, ImportResult(replies=parsed), "paste")
            for reply in report.added:
                reply.is_finalist = finalist
            db.session.commit()
            return [r.id for r in report.added]
    return make


def text(response) -> str:
    """The page's text with apostrophes unescaped, to compare with French messages."""
    return response.get_data(as_text=True).replace("&#39;", "'")


def round_form(reply_ids, **overrides):
    start = TODAY + timedelta(days=1)
    data = {"finalists": [str(i) for i in reply_ids], "brief": "Saisir 20 cartes de visite dans le modèle.",
            "criteria": "Aucune faute dans les e-mails.\nFormat du modèle respecté.", "amount": "50,00",
            "currency": "EUR", "starts_on": start.isoformat(),
            "deadline": (start + timedelta(days=6)).isoformat(),
            "checkin_on": "", "tasks_in_trial": "1", "tasks_in_mission": "20", "priority": "1"}
    data.update(overrides)
    return data


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(TrialRound.id))),
                db.session.scalar(select(func.count(Trial.id))))


def snapshot(app, trial_id):
    with app.app_context():
        t = db.session.get(Trial, trial_id)
        return (t.state, t.accepted_at, t.in_progress_at, t.delivered_at, t.evaluated_at, t.quality,
                t.amount_paid, t.is_kept, t.is_backup)


@pytest.fixture
def scheduled(client, owner, make_mission, make_replies, app):
    """A mission with three finalists and a round scheduled for the first two: (mission, round, trial ids)."""
    mission_id = make_mission(owner, budget_currency="EUR")
    reply_ids = make_replies(owner, mission_id)
    response = client.post(f"/missions/{mission_id}/essais/nouveau", data=round_form(reply_ids[:2]))
    assert response.status_code == 302, response.get_data(as_text=True).replace("&#39;", "'")[:2000]
    with app.app_context():
        trial_round = db.session.scalars(select(TrialRound)).one()
        return mission_id, trial_round.id, [t.id for t in trial_round.trials]


def advance(client, round_id, trial_id, *states):
    for state in states:
        response = client.post(f"/essais/{round_id}/{trial_id}/etat", data={"state": state})
        assert response.status_code == 302


def evaluation(**overrides):
    data = {"quality": "4", "tasks_completed": "1", "on_time": "y", "round_trips": "1", "owner_minutes": "30",
            "amount_paid": "50", "notes": "Propre."}
    data.update(overrides)
    return data


# --- Scheduling ---------------------------------------------------------------------------------------

def test_new_round_page_prefills_brief_and_lists_finalists(client, owner, make_mission, make_replies):
    mission_id = make_mission(owner, procedure="1. Scanner\n2. Saisir", resources="Le modèle partagé",
                              examples="exemple.xlsx")
    make_replies(owner, mission_id, names=("Marie Durand",))
    make_replies(owner, mission_id, names=("Pas Finaliste",), finalist=False)
    page = client.get(f"/missions/{mission_id}/essais/nouveau").get_data(as_text=True).replace("&#39;", "'")
    assert "1. Scanner" in page and "Le modèle partagé" in page and "exemple.xlsx" in page
    assert "Marie Durand" in page and "Pas Finaliste" not in page


def test_new_round_without_finalists_says_so(client, owner, make_mission):
    mission_id = make_mission(owner)
    page = client.get(f"/missions/{mission_id}/essais/nouveau").get_data(as_text=True).replace("&#39;", "'")
    assert "Aucun finaliste pour cette mission" in page


def test_schedule_round_with_default_halfway_checkin(scheduled, app, client):
    mission_id, round_id, trial_ids = scheduled
    with app.app_context():
        r = db.session.get(TrialRound, round_id)
        assert r.checkin_on == r.starts_on + timedelta(days=3)
        assert r.amount == Decimal("50.00") and r.currency == "EUR" and r.tasks_in_mission == 20
        assert [t.state for t in r.trials] == ["proposed", "proposed"]
        assert all(t.proposed_at is not None for t in r.trials)
    page = client.get(f"/essais/{round_id}").get_data(as_text=True).replace("&#39;", "'")
    assert "Marie Durand" in page and "Paul Martin" in page and "Zoé Bernard" not in page
    assert "50 €" in page


@pytest.mark.parametrize("overrides,message", [
    ({"deadline": TODAY.isoformat(), "starts_on": (TODAY + timedelta(days=3)).isoformat()},
     "La date limite ne peut pas précéder le début de l'essai."),
    ({"checkin_on": (TODAY + timedelta(days=30)).isoformat()}, "Le point d'étape doit tomber entre"),
    ({"checkin_on": TODAY.isoformat()}, "Le point d'étape doit tomber entre"),
    ({"amount": "-5"}, "Le montant ne peut pas être négatif."),
    ({"amount": "beaucoup"}, "Saisissez un nombre"),
    ({"amount": ""}, "Indiquez le montant"),
    ({"deadline": "31/02/2026"}, "date"),
    ({"criteria": ""}, "Indiquez au moins un critère"),
    ({"finalists": []}, "Choisissez au moins un finaliste."),
    ({"tasks_in_trial": "0"}, "Entre 1 et 10 000 tâches."),
])
def test_bad_round_input_gives_french_message_and_saves_nothing(client, owner, make_mission, make_replies,
                                                                app, overrides, message):
    mission_id = make_mission(owner)
    reply_ids = make_replies(owner, mission_id)
    response = client.post(f"/missions/{mission_id}/essais/nouveau", data=round_form(reply_ids, **overrides))
    assert response.status_code == 200
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert message in page
    assert "Rien n'a été enregistré" in page
    assert counts(app) == (0, 0)


def test_trial_of_a_reply_from_another_mission_or_account_or_not_finalist_is_refused(
        client, owner, make_user, make_mission, make_replies, app):
    mission_id = make_mission(owner)
    own = make_replies(owner, mission_id, names=("Marie Durand",))
    other_mission = make_mission(owner, title="Autre mission")
    elsewhere = make_replies(owner, other_mission, names=("Paul Martin",))
    not_finalist = make_replies(owner, mission_id, names=("Léa Petit",), finalist=False)
    stranger = make_user("stranger@example.com")
    stranger_mission = make_mission(stranger)
    foreign = make_replies(stranger, stranger_mission, names=("Eve Espionne",))
    for bad in (elsewhere, foreign, not_finalist, [999_999]):
        response = client.post(f"/missions/{mission_id}/essais/nouveau", data=round_form(own + bad))
        assert response.status_code == 200
        assert "n'est pas un finaliste de cette mission" in text(response)
    assert counts(app) == (0, 0)


def test_service_refuses_bad_values_too(app_ctx, owner, make_mission, make_replies):
    mission = db.session.get(Mission, make_mission(owner))
    ids = make_replies(owner, mission.id)
    base = dict(brief="b", criteria="c", amount=Decimal("10"), currency="EUR", starts_on=TODAY,
                deadline=TODAY + timedelta(days=4))
    for changes, message in (({"amount": Decimal("-1")}, "négatif"),
                             ({"deadline": TODAY - timedelta(days=1)}, "précéder"),
                             ({"checkin_on": TODAY + timedelta(days=9)}, "point d'étape")):
        with pytest.raises(services.TrialError, match=message):
            services.schedule_round(mission, ids, **{**base, **changes})
    assert db.session.scalar(select(func.count(TrialRound.id))) == 0


# --- Another account ----------------------------------------------------------------------------------

def test_another_accounts_round_and_trials_are_404(scheduled, make_user, login, app):
    mission_id, round_id, (trial_id, _) = scheduled
    make_user("intrus@example.com")
    other = app.test_client()
    login("intrus@example.com", test_client=other)
    for url in (f"/essais/{round_id}", f"/essais/{round_id}/{trial_id}", f"/essais/{round_id}/calendrier.ics",
                f"/essais/{round_id}/{trial_id}/calendrier.ics", f"/essais/{round_id}/{trial_id}/evaluation",
                f"/missions/{mission_id}/essais/nouveau"):
        assert other.get(url).status_code == 404, url
    before = snapshot(app, trial_id)
    assert other.post(f"/essais/{round_id}/{trial_id}/etat", data={"state": "accepted"}).status_code == 404
    assert other.post(f"/essais/{round_id}/{trial_id}/evaluation", data=evaluation()).status_code == 404
    assert other.post(f"/essais/{round_id}/decision", data={"kept": str(trial_id)}).status_code == 404
    assert snapshot(app, trial_id) == before
    assert "Marie Durand" not in other.get("/essais/").get_data(as_text=True).replace("&#39;", "'")


def test_trial_id_of_another_round_is_404(scheduled, client, owner, make_mission, make_replies):
    _, round_id, (trial_id, _) = scheduled
    second_mission = make_mission(owner, title="Deuxième")
    ids = make_replies(owner, second_mission, names=("Ana Lopez",))
    response = client.post(f"/missions/{second_mission}/essais/nouveau", data=round_form(ids))
    second_round = int(response.headers["Location"].rsplit("/", 1)[1])
    assert client.get(f"/essais/{second_round}/{trial_id}").status_code == 404
    assert client.get(f"/essais/{round_id}/{trial_id}").status_code == 200


# --- States -------------------------------------------------------------------------------------------

def test_states_go_forward_one_step_at_a_time_each_with_its_date(scheduled, client, app):
    _, round_id, (trial_id, _) = scheduled
    advance(client, round_id, trial_id, "accepted", "in_progress", "delivered")
    with app.app_context():
        t = db.session.get(Trial, trial_id)
        assert t.state == "delivered"
        assert t.proposed_at and t.accepted_at and t.in_progress_at and t.delivered_at
        assert t.on_time is True
    page = client.get(f"/essais/{round_id}/{trial_id}").get_data(as_text=True).replace("&#39;", "'")
    assert "Accepté" in page and "En cours" in page and "Livré" in page


@pytest.mark.parametrize("path,target,message", [
    ((), "delivered", "Impossible de passer de « proposé » à « livré »"),
    ((), "in_progress", "Impossible de passer de « proposé » à « en cours »"),
    ((), "evaluated", "en enregistrant son évaluation"),
    (("accepted",), "refused", "Impossible de passer de « accepté » à « refusé »"),
    (("refused",), "accepted", "cet essai est terminé"),
    (("accepted", "in_progress", "delivered"), "cancelled", "Impossible de passer de « livré » à « annulé »"),
    ((), "bidon", "État inconnu."),
])
def test_state_change_that_skips_steps_is_refused(scheduled, client, app, path, target, message):
    _, round_id, (trial_id, _) = scheduled
    advance(client, round_id, trial_id, *path)
    before = snapshot(app, trial_id)
    response = client.post(f"/essais/{round_id}/{trial_id}/etat", data={"state": target},
                           follow_redirects=True)
    page = response.get_data(as_text=True).replace("&#39;", "'").replace("'", "'")
    assert message in page and "Rien n'a été modifié." in page
    assert snapshot(app, trial_id) == before


def test_state_dates_in_the_future_or_before_the_previous_step_are_refused(scheduled, client, app):
    _, round_id, (trial_id, _) = scheduled
    before = snapshot(app, trial_id)
    future = client.post(f"/essais/{round_id}/{trial_id}/etat", follow_redirects=True,
                         data={"state": "accepted", "on": (TODAY + timedelta(days=2)).isoformat()})
    assert "ne peut pas être dans le futur" in future.get_data(as_text=True).replace("&#39;", "'")
    earlier = client.post(f"/essais/{round_id}/{trial_id}/etat", follow_redirects=True,
                          data={"state": "accepted", "on": (TODAY - timedelta(days=5)).isoformat()})
    assert "Cette date précède le passage à « proposé »" in text(earlier)
    assert snapshot(app, trial_id) == before


def test_late_delivery_is_recorded_as_not_on_time(app_ctx, owner, make_mission, make_replies):
    mission = db.session.get(Mission, make_mission(owner))
    ids = make_replies(owner, mission.id, names=("Marie Durand",))
    r = services.schedule_round(mission, ids, brief="b", criteria="c", amount=Decimal(10), currency="EUR",
                                starts_on=TODAY - timedelta(days=10), deadline=TODAY - timedelta(days=3))
    trial = r.trials[0]
    trial.proposed_at = datetime.now(timezone.utc) - timedelta(days=11)
    db.session.commit()
    services.change_state(trial, "accepted", TODAY - timedelta(days=10))
    services.change_state(trial, "in_progress", TODAY - timedelta(days=9))
    services.change_state(trial, "delivered")
    assert trial.on_time is False
    assert trial.accepted_at.date() == TODAY - timedelta(days=10)


# --- Evaluation, ranking, decision --------------------------------------------------------------------

def test_evaluation_of_a_trial_never_delivered_is_refused(scheduled, client, app):
    _, round_id, (trial_id, _) = scheduled
    advance(client, round_id, trial_id, "accepted", "in_progress")
    before = snapshot(app, trial_id)
    response = client.post(f"/essais/{round_id}/{trial_id}/evaluation", data=evaluation(),
                           follow_redirects=True)
    assert "Cet essai n'a pas été livré" in response.get_data(as_text=True).replace("&#39;", "'")
    assert snapshot(app, trial_id) == before
    with app.app_context(), pytest.raises(services.TrialError, match="pas été livré"):
        services.evaluate_trial(db.session.get(Trial, trial_id), quality=4, tasks_completed=1, on_time=True,
                                round_trips=0, owner_minutes=0, amount_paid=Decimal(1))


@pytest.mark.parametrize("overrides,message", [
    ({"amount_paid": "-10"}, "Le montant ne peut pas être négatif."),
    ({"owner_minutes": "-5"}, "Le temps passé ne peut pas être négatif."),
    ({"quality": "7"}, "N'est pas un choix valide"),
    ({"quality": ""}, "Notez la qualité de 1 à 5."),
    ({"tasks_completed": "3"}, "Tâches accomplies : entre 0 et 1."),
])
def test_bad_evaluation_changes_nothing(scheduled, client, app, overrides, message):
    _, round_id, (trial_id, _) = scheduled
    advance(client, round_id, trial_id, "accepted", "in_progress", "delivered")
    before = snapshot(app, trial_id)
    response = client.post(f"/essais/{round_id}/{trial_id}/evaluation", data=evaluation(**overrides))
    assert response.status_code == 200
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert message in page and "Rien n'a été enregistré" in page
    assert snapshot(app, trial_id) == before


def _set_hourly(app, user_id, value, currency="EUR"):
    with app.app_context():
        user = db.session.get(User, user_id)
        user.hourly_value, user.hourly_currency = Decimal(value), currency
        db.session.commit()


def test_full_flow_ranking_projection_decision(scheduled, client, app, owner):
    mission_id, round_id, (marie, paul) = scheduled
    _set_hourly(app, owner, "60")
    for trial_id in (marie, paul):
        advance(client, round_id, trial_id, "accepted", "in_progress", "delivered")
    # Marie: 50 € + 30 min at 60 €/h = 80 € ; Paul: 40 € + 90 min = 130 €, same quality.
    assert client.post(f"/essais/{round_id}/{marie}/evaluation", data=evaluation()).status_code == 302
    assert client.post(f"/essais/{round_id}/{paul}/evaluation",
                       data=evaluation(amount_paid="40", owner_minutes="90", round_trips="3")
                       ).status_code == 302
    page = client.get(f"/essais/{round_id}").get_data(as_text=True).replace("&#39;", "'")
    assert "80 €" in page and "130 €" in page
    assert "1\u202f600 €" in page and "2\u202f600 €" in page  # projections for 20 tasks
    assert page.index("80 €") < page.index("130 €")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="trial-chart"' in page
    with app.app_context():
        results = services.round_results(db.session.get(TrialRound, round_id), db.session.get(User, owner))
        assert [row.trial.id for row in results.rows] == [marie, paul]
        assert results.rows[0].cost.per_task.amount == Decimal("80.00")

    response = client.post(f"/essais/{round_id}/decision", data={"kept": str(marie), "backup": str(paul)})
    assert response.status_code == 302
    with app.app_context():
        r = db.session.get(TrialRound, round_id)
        assert r.kept.id == marie and r.backup.id == paul and r.decided_at is not None
        assert db.session.get(Mission, mission_id).status == "filled"
    page = client.get(f"/essais/{round_id}").get_data(as_text=True).replace("&#39;", "'")
    assert "La mission est pourvue" in page
    assert "Bonjour Paul Martin" in page and "remplacement" in page


def test_failure_ranked_last_and_cannot_be_kept(scheduled, client, app):
    _, round_id, (marie, paul) = scheduled
    for trial_id in (marie, paul):
        advance(client, round_id, trial_id, "accepted", "in_progress", "delivered")
    client.post(f"/essais/{round_id}/{marie}/evaluation", data=evaluation(tasks_completed="0", quality="1"))
    client.post(f"/essais/{round_id}/{paul}/evaluation", data=evaluation(amount_paid="90"))
    page = client.get(f"/essais/{round_id}").get_data(as_text=True).replace("&#39;", "'")
    assert "∞ / échec" in page
    before = snapshot(app, marie)
    response = client.post(f"/essais/{round_id}/decision", data={"kept": str(marie)}, follow_redirects=True)
    assert "est un échec" in response.get_data(as_text=True).replace("&#39;", "'")
    assert snapshot(app, marie) == before


def test_decision_needs_evaluated_trials_and_distinct_backup(scheduled, client, app, owner, make_mission,
                                                             make_replies):
    mission_id, round_id, (marie, paul) = scheduled
    advance(client, round_id, marie, "accepted", "in_progress", "delivered")
    client.post(f"/essais/{round_id}/{marie}/evaluation", data=evaluation())
    other_mission = make_mission(owner, title="Autre")
    ids = make_replies(owner, other_mission, names=("Ana Lopez",))
    other_round = int(client.post(f"/missions/{other_mission}/essais/nouveau", data=round_form(ids))
                      .headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        foreign_trial = db.session.scalars(select(Trial).where(Trial.round_id == other_round)).one().id
    for data, message in (({"kept": str(paul)}, "Évaluez l'essai de Paul Martin"),
                          ({"kept": str(marie), "backup": str(marie)}, "Le remplaçant doit être un autre"),
                          ({"kept": str(foreign_trial)}, "ne fait pas partie de cette série"),
                          ({"kept": ""}, "Choisissez le finaliste à garder.")):
        page = text(client.post(f"/essais/{round_id}/decision", data=data, follow_redirects=True))
        assert message in page, message
    with app.app_context():
        assert db.session.get(TrialRound, round_id).decided_at is None
        assert db.session.get(Mission, mission_id).status == "open"


# --- Invitation, calendar, dashboard, hourly value ----------------------------------------------------

def test_invitation_has_brief_deadline_payment_subcontracting_and_confirmation(scheduled, client, app):
    _, round_id, (marie, _) = scheduled
    page = client.get(f"/essais/{round_id}/{marie}").get_data(as_text=True).replace("&#39;", "'")
    assert "Bonjour Marie Durand" in page
    assert "Saisir 20 cartes de visite dans le modèle." in page
    assert "50 € pour cet essai" in page
    assert "Date limite de livraison" in page
    assert "sous-traitance est interdite sans notre accord écrit" in page
    assert "confirmer" in page
    assert 'href="mailto:marie' in page and "subject=Essai%20payant" in page


def test_round_and_trial_calendars_parse_back(scheduled, client, app):
    _, round_id, (marie, _) = scheduled
    with app.app_context():
        r = db.session.get(TrialRound, round_id)
        checkin, deadline = r.checkin_on, r.deadline
    for url, prefix in ((f"/essais/{round_id}/calendrier.ics", f"round-{round_id}"),
                        (f"/essais/{round_id}/{marie}/calendrier.ics", f"trial-{marie}")):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "text/calendar"
        assert "attachment" in response.headers["Content-Disposition"]
        events = list(icalendar.Calendar.from_ical(response.data).walk("VEVENT"))
        assert {str(e["uid"]): e.decoded("dtstart") for e in events} == {
            f"{prefix}-checkin@screening": checkin, f"{prefix}-deadline@screening": deadline}
        assert client.get(url).data == response.data  # stable between downloads


def test_due_items_late_first_and_dashboard_partial(scheduled, client, app, owner):
    _, round_id, (marie, paul) = scheduled
    advance(client, round_id, marie, "accepted", "in_progress")
    with app.app_context():
        later = TODAY + timedelta(days=30)
        items = services.due_items(owner, today=later)
        assert items[0].late and items[0].kind in ("deadline", "start")
        assert {i.kind for i in items} == {"deadline", "start"}
        now_items = services.due_items(owner)
        kinds = [(i.kind, i.trial.id) for i in now_items]
        assert ("checkin", marie) in kinds and ("deadline", marie) in kinds and ("start", paul) in kinds
        assert not any(i.late for i in now_items)
    page = client.get("/essais/").get_data(as_text=True).replace("&#39;", "'")
    assert "Point d'étape avec Marie Durand" in page
    assert "Confirmation attendue de Paul Martin" in page


def test_hourly_value_page(client, owner, app):
    assert client.get("/compte/valeur-horaire").status_code == 200
    bad = client.post("/compte/valeur-horaire", data={"hourly_value": "-3", "hourly_currency": "EUR"})
    assert "La valeur horaire ne peut pas être négative." in bad.get_data(as_text=True).replace("&#39;", "'")
    with app.app_context():
        assert db.session.get(User, owner).hourly_value is None
    ok = client.post("/compte/valeur-horaire", data={"hourly_value": "45,50", "hourly_currency": "CHF"})
    assert ok.status_code == 302
    with app.app_context():
        user = db.session.get(User, owner)
        assert user.hourly_value == Decimal("45.50") and user.hourly_currency == "CHF"


def test_hostile_names_are_escaped_in_trial_pages(client, owner, make_mission, make_replies, app):
    hostile = "<script>alert(1)</script>"
    mission_id = make_mission(owner, title=f"Mission {hostile}")
    ids = make_replies(owner, mission_id, names=(f"Eve {hostile}",))
    location = client.post(f"/missions/{mission_id}/essais/nouveau", data=round_form(ids)).headers["Location"]
    round_id = int(location.rsplit("/", 1)[1])
    with app.app_context():
        trial_id = db.session.scalars(select(Trial)).one().id
    advance(client, round_id, trial_id, "accepted", "in_progress", "delivered")
    client.post(f"/essais/{round_id}/{trial_id}/evaluation", data=evaluation())
    for url in (f"/essais/{round_id}", f"/essais/{round_id}/{trial_id}", "/essais/"):
        page = client.get(url).get_data(as_text=True).replace("&#39;", "'")
        assert "<script>alert" not in page, url
