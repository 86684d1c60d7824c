"""Every route that takes an id answers 404 when the id belongs to another account (nothing changes)."""
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from screening.api import create_token
from screening.extensions import db
from screening.jobs.models import Job
from screening.missions.models import Mission
from screening.missions.services import generate_posting_version, save_template
from screening.portfolio.services import create_collaborator, create_task
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.models import Applicant, Reply
from screening.replies.services import save_import
from screening.trials.models import Trial, TrialRound
from screening.trials.services import schedule_round

TEXT = ("Bonjour, je livre en 5 jours. Étapes : tri (2 h), saisie (10 h), contrôle (1 h). 20 heures par semaine. "
        "J'ai saisi 3 000 fiches clients pour une agence.")


@pytest.fixture
def victim_ids(app, make_user, make_mission):
    """Another account with one object of every kind; returns the ids by URL parameter name."""
    victim = make_user("victime@example.com")
    mission_id = make_mission(victim, title="Mission de la victime")
    with app.app_context():
        mission = db.session.get(Mission, mission_id)
        posting, _ = generate_posting_version(mission)
        template = save_template(mission, "Modèle de la victime")
        report = save_import(victim, mission, ImportResult(replies=(
            ParsedReply(name="Candidat victime", email="cv@example.com", text=TEXT),)), "paste")
        reply = report.added[0]
        reply.is_finalist = True
        db.session.commit()
        start = date.today() + timedelta(days=1)
        trial_round = schedule_round(mission, [reply.id], brief="Brief", criteria="Critères", amount=Decimal("40"),
                                     currency="EUR", starts_on=start, deadline=start + timedelta(days=4))
        token, _clear = create_token(victim, "jeton de la victime")
        from screening.mailbox.models import MailMessage
        mail = MailMessage(owner_id=victim, fingerprint="f" * 64, status="pending", raw=b"From: a@b.c\r\n\r\nx")
        db.session.add(mail)
        collaborator = create_collaborator(victim, {"name": "Collaborateur de la victime"})
        task = create_task(victim, collaborator.id, {"title": "Tâche de la victime", "starts_on": start,
                                                     "deadline": start + timedelta(days=4)})
        job = Job(owner_id=victim, mission_id=mission_id, kind="import", source="csv", state="done", total=1,
                  message="1 réponse ajoutée.")
        db.session.add(job)
        db.session.commit()
        return {"job_id": job.id, "collaborator_id": collaborator.id, "task_id": task.id,
                "mission_id": mission_id, "posting_id": posting.id, "template_id": template.id,
                "reply_id": reply.id, "applicant_id": reply.applicant_id, "round_id": trial_round.id,
                "trial_id": trial_round.trials[0].id, "token_id": token.id, "token": "0" * 32,
                "message_id": mail.id}


def snapshot(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count(model.id))) for model in (Mission, Reply, Applicant,
                                                                                     TrialRound, Trial))


def test_every_route_with_another_accounts_ids_is_404(app, client, victim_ids):
    from tests.conftest import PASSWORD
    client.post("/connexion", data={"email": "victime@example.com", "password": PASSWORD})
    client.post("/deconnexion")
    from screening.auth.services import create_user
    with app.app_context():
        create_user("attaquant@example.com", PASSWORD)
    assert client.post("/connexion", data={"email": "attaquant@example.com", "password": PASSWORD}).status_code == 302
    before = snapshot(app)
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.arguments or rule.endpoint == "static" or rule.endpoint.startswith("api."):
            continue
        missing = rule.arguments - set(victim_ids)
        assert not missing, f"{rule.rule}: add an object of another account for {missing}"
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<(?:\w+:)?{name}>", str(victim_ids[name]), url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"name": "x", "state": "accepted"})
            assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
            checked += 1
    assert checked >= 30
    assert snapshot(app) == before


def test_api_with_another_accounts_mission_is_404(app, client, make_user, victim_ids):
    with app.app_context():
        _token, clear = create_token(make_user("attaquant@example.com"), "attaque")
    response = client.post(f"/api/missions/{victim_ids['mission_id']}/replies", json={"text": TEXT},
                           headers={"Authorization": f"Bearer {clear}"})
    assert response.status_code == 404
