"""The portfolio of delegated work through the test client: collaborators from a decision, tasks from
the recipe book, the board, check-ins, completion, costs checked by hand, backup, due list, calendar."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import icalendar
import pytest
from sqlalchemy import event, func, select

from screening.auth.models import User
from screening.extensions import db
from screening.missions.models import Mission, MissionTemplate
from screening.portfolio import services
from screening.portfolio.models import Collaborator, DelegatedTask
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.services import save_import
from screening.trials.services import change_state, evaluate_trial, schedule_round

TODAY = date.today()
REPLY = ("Bonjour, je peux livrer en {n} jours. Étapes : lecture du brief (1 h), saisie (6 h), "
         "vérification (1 h). J'ai 20 heures par semaine. J'ai déjà saisi des fichiers clients pour {name}.")


def text(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')


@pytest.fixture
def decided_round(app, owner, make_mission):
    """A round with three evaluated finalists: returns (round id, Marie's trial id, Paul's trial id)."""
    mission_id = make_mission(owner, platform="fiverr")
    with app.app_context():
        mission = db.session.get(Mission, mission_id)
        parsed = tuple(ParsedReply(name=name, email=f"{name.split()[0].lower()}@example.com",
                                   text=REPLY.format(n=i + 3, name=name), hourly_rate=Decimal("25"))
                       for i, name in enumerate(("Marie Durand", "Paul Martin", "Zoé Bernard")))
        report = save_import(owner, mission, ImportResult(replies=parsed), "paste")
        for reply in report.added:
            reply.is_finalist = True
        db.session.commit()
        start = TODAY - timedelta(days=6)
        trial_round = schedule_round(mission, [r.id for r in report.added], brief="Saisir 20 cartes.",
                                     criteria="Aucune faute.", amount=Decimal("50"), currency="EUR",
                                     starts_on=start, deadline=TODAY)
        for trial in trial_round.trials:
            for state in ("accepted", "in_progress", "delivered"):
                change_state(trial, state, TODAY)
            evaluate_trial(trial, quality=4, tasks_completed=1, on_time=True, round_trips=0,
                           owner_minutes=30, amount_paid=Decimal("50"))
        marie, paul, _ = trial_round.trials
        return trial_round.id, marie.id, paul.id


@pytest.fixture
def team(client, decided_round, app):
    """The decision posted through the trials page: (keeper id, backup id)."""
    round_id, marie, paul = decided_round
    response = client.post(f"/essais/{round_id}/decision", data={"kept": str(marie), "backup": str(paul)})
    assert response.status_code == 302
    with app.app_context():
        keeper = db.session.scalar(select(Collaborator).where(Collaborator.role == "keeper"))
        backup = db.session.scalar(select(Collaborator).where(Collaborator.role == "backup"))
        return keeper.id, backup.id


@pytest.fixture
def make_model(app):
    def make(owner_id, name="Saisie de 20 cartes", **brief):
        content = {"title": "Saisir 20 cartes de visite", "objective": "Un tableur propre.",
                   "procedure": "1. Scanner\n2. Saisir\n3. Vérifier", "measured_minutes": 45,
                   "resources": "Le modèle partagé", "examples": "exemple.xlsx", "priority": 1}
        content.update(brief)
        with app.app_context():
            template = MissionTemplate(owner_id=owner_id, name=name, brief=content)
            db.session.add(template)
            db.session.commit()
            return template.id
    return make


def task_form(collaborator_id, **overrides):
    data = {"collaborator_id": str(collaborator_id), "title": "Saisir les cartes de mars", "priority": "2",
            "starts_on": TODAY.isoformat(), "deadline": (TODAY + timedelta(days=6)).isoformat(),
            "checkins": "", "doc_url": "", "steps": "1. Saisir", "measured_minutes": "",
            "objective": "", "deliverable": "", "resources": "", "examples": "", "checklist": ""}
    data.update(overrides)
    return data


def new_task(client, app, collaborator_id, **overrides) -> int:
    response = client.post("/portefeuille/taches/nouvelle", data=task_form(collaborator_id, **overrides))
    assert response.status_code == 302, text(response)[:3000]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def task_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(DelegatedTask.id)))


def completion(**overrides):
    data = {"amount_paid": "100", "quality": "accepted", "briefing_minutes": "10", "answering_minutes": "5",
            "correcting_minutes": "15", "rework_minutes": "0", "actual_minutes": "", "on": ""}
    data.update(overrides)
    return data


def move(client, task_id, state, reason=""):
    return client.post(f"/portefeuille/taches/{task_id}/etat", data={"state": state, "reason": reason})


def set_hourly(app, owner_id, value="60"):
    with app.app_context():
        user = db.session.get(User, owner_id)
        user.hourly_value, user.hourly_currency = Decimal(value), "EUR"
        db.session.commit()


# --- 1. Collaborators --------------------------------------------------------------------------------

def test_decision_makes_keeper_and_backup_collaborators_with_history(team, client, app, decided_round):
    keeper_id, backup_id = team
    with app.app_context():
        keeper, backup = db.session.get(Collaborator, keeper_id), db.session.get(Collaborator, backup_id)
        assert (keeper.name, keeper.role, keeper.backup_id) == ("Marie Durand", "keeper", backup_id)
        assert (backup.name, backup.role, backup.backup_id) == ("Paul Martin", "backup", None)
        assert keeper.hourly_rate == Decimal("25.00") and keeper.platform == "fiverr"
        assert keeper.email == "marie@example.com"
    page = text(client.get(f"/portefeuille/collaborateurs/{keeper_id}"))
    assert "Marie Durand" in page and "Retenu" in page and "Paul Martin" in page
    assert "Essais payants" in page and "Réponses aux annonces" in page and "qualité 4/5" in page
    # The round page links to them; deciding again (same people) adds nobody.
    round_id, marie, paul = decided_round
    assert "Dans votre portefeuille" in text(client.get(f"/essais/{round_id}"))
    client.post(f"/essais/{round_id}/decision", data={"kept": str(marie), "backup": str(paul)})
    client.post(f"/portefeuille/decision/{round_id}")
    with app.app_context():
        assert db.session.scalar(select(func.count(Collaborator.id))) == 2


def test_changed_decision_updates_roles(team, client, app, decided_round):
    round_id, marie, paul = decided_round
    client.post(f"/essais/{round_id}/decision", data={"kept": str(paul), "backup": "0"})
    with app.app_context():
        roles = {c.name: (c.role, c.backup_id) for c in db.session.scalars(select(Collaborator))}
    assert roles == {"Marie Durand": ("other", team[1]), "Paul Martin": ("keeper", None)}


def test_add_collaborator_by_hand_and_bad_input(client, owner, app):
    response = client.post("/portefeuille/collaborateurs/", data={
        "name": "Léa <script>alert(1)</script>", "email": "lea@example.com", "platform": "malt",
        "hourly_rate": "-3", "currency": "EUR"})
    assert response.status_code == 200 and "Le tarif horaire ne peut pas être négatif." in text(response)
    response = client.post("/portefeuille/collaborateurs/", data={
        "name": "Léa <script>alert(1)</script>", "email": "lea@example.com", "platform": "malt",
        "hourly_rate": "32,50", "currency": "EUR"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "32,50 € / h" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Collaborator.id))) == 1


# --- 2. Tasks from the recipe book ----------------------------------------------------------------------

def test_task_from_model_copies_it_and_keeps_its_version_when_the_model_changes(
        client, app, owner, team, make_model):
    keeper_id, _ = team
    model_id = make_model(owner)
    form = text(client.get(f"/portefeuille/taches/nouvelle?modele={model_id}&collaborateur={keeper_id}"))
    assert "1. Scanner" in form and "Le modèle partagé" in form and 'value="45"' in form
    task_id = new_task(client, app, keeper_id, template_id=str(model_id), title="Saisir 20 cartes de visite",
                       steps="1. Scanner\n2. Saisir\n3. Vérifier", measured_minutes="45",
                       checklist="Aucune faute dans les e-mails")
    response = client.post(f"/portefeuille/modeles/{model_id}", data={
        "name": "Saisie de 20 cartes", "title": "Saisir 20 cartes", "procedure": "1. Tout refaire autrement",
        "measured_minutes": "30", "objective": "", "deliverable": "", "resources": "", "examples": "",
        "checklist": ""}, follow_redirects=True)
    assert "version 2" in text(response) and "gardent la version" in text(response)
    with app.app_context():
        task = db.session.get(DelegatedTask, task_id)
        assert (task.template_id, task.template_version, task.measured_minutes) == (model_id, 1, 45)
        assert task.steps == "1. Scanner\n2. Saisir\n3. Vérifier"
        assert db.session.get(MissionTemplate, model_id).brief["procedure"] == "1. Tout refaire autrement"
    page = text(client.get(f"/portefeuille/taches/{task_id}"))
    assert "version 1" in page and "passé en version 2" in page and "1. Tout refaire" not in page
    # A task given after the edit gets version 2.
    second = new_task(client, app, keeper_id, template_id=str(model_id))
    with app.app_context():
        assert db.session.get(DelegatedTask, second).template_version == 2


def test_brief_is_generated_with_the_no_subcontracting_clause(client, app, team):
    keeper_id, _ = team
    task_id = new_task(client, app, keeper_id, priority="1", checklist="Vérifier les e-mails",
                       doc_url="https://docs.example.com/d/1", checkins=(TODAY + timedelta(days=2)).isoformat())
    page = text(client.get(f"/portefeuille/taches/{task_id}"))
    assert "Bonjour Marie Durand," in page and "La sous-traitance est interdite" in page
    assert "C'est celle à faire en premier." in page and "Contrôle qualité avant de livrer" in page
    assert "https://docs.example.com/d/1" in page and "mailto:marie@example.com" in page
    assert "Point d'étape : " in page


def test_default_checkin_is_halfway_and_several_can_be_given(client, app, team):
    keeper_id, _ = team
    first = new_task(client, app, keeper_id)
    days = [TODAY + timedelta(days=1), TODAY + timedelta(days=4)]
    second = new_task(client, app, keeper_id, checkins=", ".join(d.isoformat() for d in days))
    with app.app_context():
        assert [c.planned_on for c in db.session.get(DelegatedTask, first).checkins] == [TODAY + timedelta(days=3)]
        assert [c.planned_on for c in db.session.get(DelegatedTask, second).checkins] == days


@pytest.mark.parametrize("overrides,message", [
    ({"starts_on": (TODAY + timedelta(days=5)).isoformat(), "deadline": TODAY.isoformat()},
     "La date limite ne peut pas précéder le début de la tâche."),
    ({"checkins": (TODAY + timedelta(days=30)).isoformat()}, "doit tomber entre le début et la date limite"),
    ({"checkins": "demain"}, "« demain » n'est pas une date"),
    ({"measured_minutes": "-5"}, "Entre 1 et 100000 minutes."),
    ({"title": ""}, "Donnez un titre à la tâche."),
    ({"doc_url": "javascript:alert(1)"}, "doit commencer par https://"),
    ({"deadline": "2026-13-45"}, "date"),
])
def test_bad_task_input_is_refused_in_french_and_nothing_is_saved(client, app, team, overrides, message):
    response = client.post("/portefeuille/taches/nouvelle", data=task_form(team[0], **overrides))
    assert response.status_code == 200
    assert message in text(response) and "Rien n'a été enregistré" in text(response)
    assert task_count(app) == 0


def test_another_accounts_collaborator_task_and_model_are_404(client, app, team, make_user, login, make_model):
    keeper_id, backup_id = team
    task_id = new_task(client, app, keeper_id)
    model_id = make_model(1)
    make_user("intruse@example.com")
    other = app.test_client()
    login("intruse@example.com", test_client=other)
    other.post("/portefeuille/collaborateurs/", data={"name": "Moi", "platform": "malt", "currency": "EUR"})
    # A task for another account's collaborator: 404, nothing saved.
    assert other.post("/portefeuille/taches/nouvelle", data=task_form(keeper_id)).status_code == 404
    assert task_count(app) == 1
    for url in (f"/portefeuille/taches/{task_id}", f"/portefeuille/taches/{task_id}/modifier",
                f"/portefeuille/taches/{task_id}/terminer", f"/portefeuille/collaborateurs/{keeper_id}",
                f"/portefeuille/modeles/{model_id}", f"/portefeuille/taches/nouvelle?modele={model_id}",
                f"/portefeuille/?collaborateur={keeper_id}"):
        assert other.get(url).status_code == 404, url
    for url, data in ((f"/portefeuille/taches/{task_id}/etat", {"state": "doing"}),
                      (f"/portefeuille/taches/{task_id}/point", {"seen": "x", "minutes": "1", "verdict": "on_track"}),
                      (f"/portefeuille/taches/{task_id}/points", {"planned_on": TODAY.isoformat()}),
                      (f"/portefeuille/collaborateurs/{keeper_id}/remplacant", {}),
                      (f"/portefeuille/collaborateurs/{keeper_id}/supprimer", {}),
                      ("/portefeuille/decision/1", {})):
        assert other.post(url, data=data).status_code == 404, url
    with app.app_context():
        task = db.session.get(DelegatedTask, task_id)
        assert task.state == "todo" and len(task.checkins) == 1 and task.collaborator_id == keeper_id


# --- 3. The board ----------------------------------------------------------------------------------------

def test_board_moves_with_plain_buttons_and_refuses_skips(client, app, team):
    keeper_id, _ = team
    task_id = new_task(client, app, keeper_id)
    board = text(client.get("/portefeuille/"))
    assert 'data-drop-state="doing"' in board and "→ En cours" in board
    assert move(client, task_id, "doing").status_code == 302
    assert move(client, task_id, "review").status_code == 302
    # "done" goes through the completion form.
    response = move(client, task_id, "done")
    assert response.headers["Location"].endswith(f"/portefeuille/taches/{task_id}/terminer")
    page = text(move(client, task_id, "blocked"))  # without a reason
    page = text(client.get(f"/portefeuille/taches/{task_id}"))
    assert "Dites ce qui bloque la tâche. Rien n'a été modifié." in page
    move(client, task_id, "blocked", "Accès au <b>dossier</b> manquant")
    with app.app_context():
        task = db.session.get(DelegatedTask, task_id)
        assert (task.state, task.blocked_reason) == ("blocked", "Accès au <b>dossier</b> manquant")
    board = client.get("/portefeuille/").get_data(as_text=True)
    assert "Accès au &lt;b&gt;dossier&lt;/b&gt; manquant" in board
    move(client, task_id, "todo")
    page = text(client.get(f"/portefeuille/taches/{task_id}", follow_redirects=True))
    page = text(move(client, task_id, "review"))
    with app.app_context():
        assert db.session.get(DelegatedTask, task_id).state == "todo"  # todo -> review is a skip


def test_board_shows_the_task_to_do_first_and_filters_per_collaborator(client, app, team):
    keeper_id, backup_id = team
    new_task(client, app, keeper_id, title="Classer les factures", priority="3")
    new_task(client, app, backup_id, title="Relancer les clients", priority="1",
             deadline=(TODAY + timedelta(days=3)).isoformat())
    new_task(client, app, keeper_id, title="Saisir les cartes", priority="1")
    board = text(client.get("/portefeuille/"))
    first = board.split('class="card pf-first"')[1].split("</section>")[0]
    assert "Relancer les clients" in first  # priority 1 and the nearest deadline
    assert board.count("À faire en premier") == 2  # the banner and the card's badge
    mine = text(client.get(f"/portefeuille/?collaborateur={keeper_id}"))
    assert "Saisir les cartes" in mine and "Relancer les clients" not in mine
    assert "Tâches de Marie Durand" in mine


def test_late_and_stalled_tasks_stand_out_with_a_suggested_message(client, app, team):
    keeper_id, backup_id = team
    late = new_task(client, app, keeper_id, title="En retard", starts_on=(TODAY - timedelta(days=9)).isoformat(),
                    deadline=(TODAY - timedelta(days=1)).isoformat())
    stalled = new_task(client, app, backup_id, title="Au point mort",
                       starts_on=(TODAY - timedelta(days=9)).isoformat(),
                       deadline=(TODAY + timedelta(days=5)).isoformat())
    fresh = new_task(client, app, keeper_id, title="Toute neuve")
    with app.app_context():
        for task_id in (late, stalled):
            db.session.get(DelegatedTask, task_id).changed_at = datetime.now(timezone.utc) - timedelta(days=4)
        db.session.commit()
    board = text(client.get("/portefeuille/"))
    alerts = board.split('class="card pf-alerts"')[1].split("</section>")[0]
    assert "En retard" in alerts and "Au point mort" in alerts and "Toute neuve" not in alerts
    assert "Tout est clair ? Quelque chose bloque ?" in alerts
    assert "aucun changement depuis 4 jours" in alerts
    page = text(client.get(f"/portefeuille/taches/{stalled}"))
    assert "Bonjour Paul Martin," in page and "Tout est clair ? Quelque chose bloque ?" in page
    assert "Tout est clair" not in text(client.get(f"/portefeuille/taches/{fresh}"))
    # A change (a check-in) ends the stall.
    client.post(f"/portefeuille/taches/{stalled}/point", data={"seen": "La moitié est faite.", "minutes": "5",
                                                               "verdict": "on_track", "note": ""})
    assert "Au point mort" not in text(client.get("/portefeuille/")).split("Glissez")[0]


def test_board_queries_do_not_grow_with_tasks(client, app, team):
    keeper_id, backup_id = team

    def queries():
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/portefeuille/").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    for i in range(2):
        new_task(client, app, keeper_id, title=f"Tâche {i}")
    few = queries()
    for i in range(10):
        new_task(client, app, backup_id if i % 2 else keeper_id, title=f"Autre {i}")
    assert queries() == few


# --- 4. Check-ins and completion ------------------------------------------------------------------------

def test_checkin_logs_what_was_seen_time_and_verdict(client, app, team):
    keeper_id, _ = team
    task_id = new_task(client, app, keeper_id)
    client.post(f"/portefeuille/taches/{task_id}/etat", data={"state": "doing"})
    for data, message in (({"seen": "", "minutes": "5", "verdict": "on_track"}, "Notez ce que vous avez vu"),
                          ({"seen": "Rien", "minutes": "-5", "verdict": "on_track"}, "ne peut pas être négatif"),
                          ({"seen": "Rien", "minutes": "5", "verdict": "off_track", "note": ""},
                           "Hors piste : notez ce qui ne va pas")):
        page = text(client.post(f"/portefeuille/taches/{task_id}/point", data=data, follow_redirects=True))
        assert message in page and "Rien n'a été modifié" in page
    with app.app_context():
        assert [c.done_at for c in db.session.get(DelegatedTask, task_id).checkins] == [None]
    client.post(f"/portefeuille/taches/{task_id}/point", data={
        "seen": "12 cartes sur 20, deux e-mails mal recopiés.", "minutes": "15", "verdict": "off_track",
        "note": "Vérifier les e-mails un par un."})
    client.post(f"/portefeuille/taches/{task_id}/points", data={"planned_on": (TODAY + timedelta(days=5)).isoformat()})
    page = text(client.post(f"/portefeuille/taches/{task_id}/points",
                            data={"planned_on": (TODAY + timedelta(days=60)).isoformat()}, follow_redirects=True))
    assert "doit tomber entre le début et la date limite" in page
    with app.app_context():
        checkins = db.session.get(DelegatedTask, task_id).checkins
        assert [(c.minutes, c.verdict, c.done_at is not None) for c in checkins] == [
            (15, "off_track", True), (None, None, False)]
    page = text(client.get(f"/portefeuille/taches/{task_id}"))
    assert "Hors piste" in page and "12 cartes sur 20" in page and "15 min de votre temps" in page


def test_completion_records_paid_time_quality_and_refuses_negatives(client, app, team):
    keeper_id, _ = team
    task_id = new_task(client, app, keeper_id)
    assert "Seule une tâche en cours" in text(client.get(f"/portefeuille/taches/{task_id}/terminer",
                                                         follow_redirects=True))
    move(client, task_id, "doing")
    for overrides, message in (({"amount_paid": "-1"}, "Le montant ne peut pas être négatif."),
                               ({"rework_minutes": "-10"}, "Un temps ne peut pas être négatif"),
                               ({"quality": ""}, "Choisissez la qualité"),
                               ({"on": (TODAY + timedelta(days=2)).isoformat()}, "ne peut pas être dans le futur")):
        response = client.post(f"/portefeuille/taches/{task_id}/terminer", data=completion(**overrides))
        assert response.status_code == 200 and message in text(response)
    with app.app_context():
        task = db.session.get(DelegatedTask, task_id)
        assert (task.state, task.amount_paid, task.quality) == ("doing", None, None)
    client.post(f"/portefeuille/taches/{task_id}/terminer",
                data=completion(quality="reworked", rework_minutes="20", actual_minutes="70"))
    with app.app_context():
        task = db.session.get(DelegatedTask, task_id)
        assert (task.state, task.amount_paid, task.quality, task.owner_minutes, task.actual_minutes) == (
            "done", Decimal("100.00"), "reworked", 50, 70)
    assert "Acceptée après reprise" in text(client.get(f"/portefeuille/taches/{task_id}"))


# --- 5. Costs, checked by hand -----------------------------------------------------------------------------

def finish(client, app, collaborator_id, *, paid, quality, minutes, checkin=0, actual="", template_id="",
           done_on=None, measured=""):
    task_id = new_task(client, app, collaborator_id, template_id=str(template_id), measured_minutes=measured,
                       starts_on=(TODAY - timedelta(days=70)).isoformat())
    move(client, task_id, "doing")
    if checkin:
        client.post(f"/portefeuille/taches/{task_id}/point", data={"seen": "Ça avance.", "minutes": str(checkin),
                                                                   "verdict": "on_track"})
    response = client.post(f"/portefeuille/taches/{task_id}/terminer", data=completion(
        amount_paid=paid, quality=quality, briefing_minutes=str(minutes), answering_minutes="0",
        correcting_minutes="0", rework_minutes="0", actual_minutes=actual,
        on=done_on.isoformat() if done_on else ""))
    assert response.status_code == 302, text(response)[:2000]
    return task_id


def test_cost_per_completed_task_by_hand(client, app, owner, team, make_model):
    keeper_id, backup_id = team
    set_hourly(app, owner, "60")
    model_id = make_model(owner)
    # Marie: 100 € + 30 min (accepted); 80 € + 45 min + 15 min check-in (refused); 50,50 € + 20 min (reworked).
    # Paid 230,50 €; time 110 min × 60 €/h = 110 €; total 340,50 €; 2 accepted -> 170,25 € per task.
    finish(client, app, keeper_id, paid="100", quality="accepted", minutes=30, actual="60", template_id=model_id,
           measured="45")
    finish(client, app, keeper_id, paid="80", quality="rejected", minutes=45, checkin=15, template_id=model_id,
           measured="45")
    finish(client, app, keeper_id, paid="50,50", quality="reworked", minutes=20, actual="40")
    # Paul: 70 € + 10 min (accepted): 70 + 10 = 80 € per task.
    finish(client, app, backup_id, paid="70", quality="accepted", minutes=10, actual="30", template_id=model_id,
           measured="45")
    with app.app_context():
        report = services.cost_report(db.session.get(User, owner))
        by_name = {lines[0].label: lines[0] for _, lines in report.per_collaborator}
        marie, paul = by_name["Marie Durand"], by_name["Paul Martin"]
        assert (marie.finished, marie.accepted) == (3, 2)
        assert marie.cost.paid.amount == Decimal("230.50") and marie.cost.owner_time.amount == Decimal("110.00")
        assert marie.cost.total.amount == Decimal("340.50") and marie.cost.per_task.amount == Decimal("170.25")
        assert paul.cost.per_task.amount == Decimal("80.00")
        # Overall: 300,50 + 120 = 420,50 € over 3 accepted -> 140,1666… -> 140,17 €.
        assert report.overall[0].cost.per_task.amount == Decimal("140.17")
        # Per model and person: model measured 45 min; Marie's actual 60 min, Paul's 30.
        per_model = {line.label: line for line in report.per_model}
        line = per_model["Saisie de 20 cartes — Marie Durand"]
        assert (line.finished, line.accepted, line.measured_minutes, line.actual_minutes) == (2, 1, 45, 60)
        # 180 € + 90 min (90 €) = 270 € for one accepted task.
        assert line.cost.per_task.amount == Decimal("270.00")
        assert per_model["Saisie de 20 cartes — Paul Martin"].actual_minutes == 30
        assert report.pairs[0][0].name == "Marie Durand" and report.pairs[0][1].name == "Paul Martin"
    page = text(client.get("/portefeuille/couts"))
    assert "170,25 €" in page and "80 €" in page and "140,17 €" in page and "côte à côte" in page
    assert "+33 %" in page  # Marie took 60 min on a 45-minute model
    collaborator_page = text(client.get(f"/portefeuille/collaborateurs/{keeper_id}"))
    assert "170,25 €" in collaborator_page


def test_cost_trend_by_month_and_without_hourly_value(client, app, owner, team):
    keeper_id, _ = team
    earlier = TODAY - timedelta(days=40)
    finish(client, app, keeper_id, paid="100", quality="accepted", minutes=60, done_on=earlier)
    finish(client, app, keeper_id, paid="40", quality="accepted", minutes=60)
    with app.app_context():
        report = services.cost_report(db.session.get(User, owner))
        assert report.time_note.startswith("Votre valeur horaire n'est pas renseignée")
        per_month = [lines[0][1][0].cost.per_task.amount for _, lines in report.trend]
        # No hourly value: only what was paid counts.
        if (earlier.year, earlier.month) != (TODAY.year, TODAY.month):
            assert per_month == [Decimal("100.00"), Decimal("40.00")]
        else:
            assert per_month == [Decimal("70.00")]
        assert report.overall[0].cost.per_task.amount == Decimal("70.00")


def test_all_refused_is_an_infinite_cost(client, app, owner, team):
    keeper_id, _ = team
    set_hourly(app, owner, "60")
    task_id = finish(client, app, keeper_id, paid="30", quality="rejected", minutes=30)
    with app.app_context():
        report = services.cost_report(db.session.get(User, owner))
        assert report.overall[0].cost.failed and report.overall[0].cost.total.amount == Decimal("60.00")
    assert "∞ / refusée" in text(client.get(f"/portefeuille/taches/{task_id}"))


# --- Backup, deletion ---------------------------------------------------------------------------------------

def test_switch_to_backup_moves_open_tasks_only(client, app, team):
    keeper_id, backup_id = team
    open_ids = [new_task(client, app, keeper_id, title=f"Ouverte {i}") for i in range(2)]
    done = finish(client, app, keeper_id, paid="10", quality="accepted", minutes=0)
    page = text(client.get(f"/portefeuille/collaborateurs/{keeper_id}"))
    assert "Passer au remplaçant" in page
    response = client.post(f"/portefeuille/collaborateurs/{keeper_id}/remplacant", follow_redirects=True)
    assert "2 tâches ouvertes confiées à Paul Martin." in text(response)
    with app.app_context():
        assert [db.session.get(DelegatedTask, i).collaborator_id for i in open_ids] == [backup_id] * 2
        assert db.session.get(DelegatedTask, done).collaborator_id == keeper_id
    # Paul has no backup: refused, nothing changed.
    response = client.post(f"/portefeuille/collaborateurs/{backup_id}/remplacant", follow_redirects=True)
    assert "n'a pas de remplaçant" in text(response)


def test_deleting_a_collaborator_with_open_tasks_is_refused_or_reassigned_first(client, app, team):
    keeper_id, backup_id = team
    open_id = new_task(client, app, keeper_id)
    done = finish(client, app, keeper_id, paid="10", quality="accepted", minutes=0)
    response = client.post(f"/portefeuille/collaborateurs/{keeper_id}/supprimer", data={"reassign_to": "0"},
                           follow_redirects=True)
    assert "a encore 1 tâche en cours" in text(response) and "Rien n'a été modifié" in text(response)
    with app.app_context():
        assert db.session.get(Collaborator, keeper_id) is not None
    response = client.post(f"/portefeuille/collaborateurs/{keeper_id}/supprimer",
                           data={"reassign_to": str(backup_id)}, follow_redirects=True)
    assert "Marie Durand supprimé ; 1 tâche réassignée." in text(response)
    with app.app_context():
        assert db.session.get(Collaborator, keeper_id) is None
        assert db.session.get(DelegatedTask, open_id).collaborator_id == backup_id
        kept = db.session.get(DelegatedTask, done)
        assert (kept.collaborator_id, kept.who, kept.state) == (None, "Marie Durand", "done")
    assert "Anciens collaborateurs" in text(client.get("/portefeuille/couts"))


# --- Due list, calendar --------------------------------------------------------------------------------------

def test_dashboard_due_list_has_todays_checkins_and_deadlines(client, app, team):
    keeper_id, backup_id = team
    new_task(client, app, keeper_id, title="Livrer aujourd'hui", starts_on=(TODAY - timedelta(days=3)).isoformat(),
             deadline=TODAY.isoformat())
    new_task(client, app, backup_id, title="Point aujourd'hui", checkins=TODAY.isoformat(),
             deadline=(TODAY + timedelta(days=4)).isoformat())
    new_task(client, app, backup_id, title="Plus tard", starts_on=(TODAY + timedelta(days=2)).isoformat(),
             deadline=(TODAY + timedelta(days=9)).isoformat())
    page = text(client.get("/"))
    assert "Livraison de Marie Durand : Livrer aujourd'hui" in page
    assert "Point d'étape avec Paul Martin : Point aujourd'hui" in page
    assert "Plus tard" not in page and "À suivre" in page


def test_calendar_feed_by_secret_address_without_login(client, app, team):
    keeper_id, _ = team
    checkin = TODAY + timedelta(days=2)
    new_task(client, app, keeper_id, title="Saisie <mars>", checkins=checkin.isoformat())
    page = text(client.get("/portefeuille/calendrier"))
    url = page.split('id="feed-url">')[1].split("<")[0].replace("http://localhost", "")
    anonymous = app.test_client()
    response = anonymous.get(url)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = list(icalendar.Calendar.from_ical(response.data).walk("VEVENT"))
    summaries = sorted(str(e["summary"]) for e in events)
    assert summaries == ["Livraison : Saisie <mars> (Marie Durand)", "Point d'étape : Saisie <mars> (Marie Durand)"]
    assert {e.decoded("dtstart") for e in events} == {checkin, TODAY + timedelta(days=6)}
    assert anonymous.get(url.replace(url[-8:-4], "0000")).status_code == 404
    assert anonymous.get("/portefeuille/calendrier.ics").status_code == 302  # the download needs a session
    client.post("/portefeuille/calendrier")  # a new address: the old one stops working
    assert anonymous.get(url).status_code == 404


def test_applicant_like_junk_is_bounded_escaped_and_never_crashes(client, app, team):
    keeper_id, _ = team
    junk = "=HYPERLINK(\"http://x\")\u200b<img src=x onerror=alert(1)>"
    task_id = new_task(client, app, keeper_id, title="Saisie\x00 " + junk[:150], steps="1.\x00 Saisir " + junk)
    page = client.get(f"/portefeuille/taches/{task_id}").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    with app.app_context():
        task = db.session.get(DelegatedTask, task_id)
        assert "\x00" not in task.title and task.steps.startswith("1. Saisir =HYPERLINK")
    response = client.post("/portefeuille/taches/nouvelle", data=task_form(keeper_id, steps="x" * 2_000_000))
    assert response.status_code in (200, 413)
    assert task_count(app) == 1
    if response.status_code == 200:
        assert "10000 caractères au maximum." in text(response)
    checkin = client.post(f"/portefeuille/taches/{task_id}/point", data={
        "seen": "vu\x00 " + junk, "minutes": "1e9", "verdict": "on_track"}, follow_redirects=True)
    assert "Saisissez un nombre entier" in text(checkin)
    with app.app_context():
        assert all(c.done_at is None for c in db.session.get(DelegatedTask, task_id).checkins)


def test_edit_task_keeps_dates_consistent(client, app, team):
    keeper_id, _ = team
    checkin = TODAY + timedelta(days=4)
    task_id = new_task(client, app, keeper_id, checkins=checkin.isoformat())
    form = text(client.get(f"/portefeuille/taches/{task_id}/modifier"))
    assert "Saisir les cartes de mars" in form and "Marie Durand" in form
    data = task_form(keeper_id, deadline=(TODAY + timedelta(days=2)).isoformat())
    response = client.post(f"/portefeuille/taches/{task_id}/modifier", data=data)
    assert response.status_code == 200 and "doit tomber entre le début et la date limite" in text(response)
    data = task_form(keeper_id, title="Saisir les cartes d'avril", priority="1",
                     deadline=(TODAY + timedelta(days=9)).isoformat())
    assert client.post(f"/portefeuille/taches/{task_id}/modifier", data=data).status_code == 302
    with app.app_context():
        task = db.session.get(DelegatedTask, task_id)
        assert (task.title, task.priority, task.deadline, task.collaborator_id) == (
            "Saisir les cartes d'avril", 1, TODAY + timedelta(days=9), keeper_id)
        assert [c.planned_on for c in task.checkins] == [checkin]


def test_deleting_the_applicant_keeps_the_collaborator_detached(client, app, owner, team):
    from screening.privacy.services import delete_applicants
    keeper_id, _ = team
    task_id = new_task(client, app, keeper_id)
    with app.app_context():
        applicant_id = db.session.get(Collaborator, keeper_id).applicant_id
        delete_applicants(owner, [applicant_id])
    with app.app_context():
        keeper = db.session.get(Collaborator, keeper_id)
        assert (keeper.name, keeper.applicant_id) == ("Marie Durand", None)
        assert db.session.get(DelegatedTask, task_id).collaborator_id == keeper_id
    page = text(client.get(f"/portefeuille/collaborateurs/{keeper_id}"))
    assert "Aucune réponse ni aucun essai dans screening" in page
