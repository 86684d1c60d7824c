"""In a real Chromium: from the decision of a trial round to a completed delegated task with a check-in,
moving the card by drag and drop on the board."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from screening.extensions import db
from screening.missions.models import Mission, MissionTemplate
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.services import save_import
from screening.trials.services import change_state, evaluate_trial, schedule_round
from tests.browser_support import browser_page, live_server, screenshot  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

REPLY = ("Bonjour, je peux livrer en {n} jours. Étapes : lecture du brief (1 h), montage (6 h), "
         "vérification (1 h). J'ai 20 heures par semaine. J'ai déjà monté des podcasts pour {name}.")


def _seed(app) -> int:
    """An account with its hourly value, a task model, and a round of two evaluated finalists."""
    from screening.auth.services import create_user
    from screening.missions.services import create_mission
    with app.app_context():
        user = create_user("camille@example.com", PASSWORD, "Camille Martin")
        user.hourly_value = Decimal("60")
        mission = create_mission(user.id, {"title": "Montage de 20 épisodes de podcast", "priority": 1,
                                           "platform": "malt", "paid_trial": True, "budget_currency": "EUR"})
        db.session.add(MissionTemplate(owner_id=user.id, name="Montage d'un épisode", brief={
            "title": "Monter un épisode", "procedure": "1. Couper les silences\n2. Niveler le son\n3. Exporter",
            "measured_minutes": 90, "resources": "Le dossier partagé", "examples": "episode-01.mp3",
            "checklist": "Aucun silence de plus de 2 s", "priority": 1}))
        mission = db.session.get(Mission, mission.id)
        replies = tuple(ParsedReply(name=name, email=f"f{i}@example.com", text=REPLY.format(n=i + 3, name=name),
                                    hourly_rate=Decimal("30")) for i, name in enumerate(("Marie Durand",
                                                                                          "Paul Martin")))
        report = save_import(user.id, mission, ImportResult(replies=replies), "paste")
        for reply in report.added:
            reply.is_finalist = True
        db.session.commit()
        start = date.today() - timedelta(days=5)
        trial_round = schedule_round(mission, [r.id for r in report.added], brief="Monter l'épisode 1.",
                                     criteria="Propre.", amount=Decimal("40"), currency="EUR", starts_on=start,
                                     deadline=date.today())
        for trial, quality in zip(trial_round.trials, (5, 4), strict=True):
            for state in ("accepted", "in_progress", "delivered"):
                change_state(trial, state, date.today())
            evaluate_trial(trial, quality=quality, tasks_completed=1, on_time=True, round_trips=0,
                           owner_minutes=20, amount_paid=Decimal("40"))
        return trial_round.id


def _both_widths(page, name):
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})


def test_from_decision_to_a_completed_task_with_a_checkin(live_server, browser_page):
    page, base = browser_page, live_server.url
    round_id = _seed(live_server.app)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base + "/connexion")
    page.fill("#email", "camille@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")

    # The decision: Marie kept, Paul as backup; both become collaborators.
    page.goto(f"{base}/essais/{round_id}")
    page.select_option("#kept", label="Marie Durand")
    page.select_option("#backup", label="Paul Martin")
    page.click("text=Garder ce finaliste")
    expect(page.locator("text=confiez-lui ses tâches depuis le portefeuille")).to_be_visible()
    expect(page.locator(".decision-next >> text=Marie Durand (retenu)")).to_be_visible()
    screenshot(page, "portfolio-decision")
    page.click(".decision-next >> text=Confier une tâche")
    page.wait_for_url("**/portefeuille/taches/nouvelle**")

    # From the recipe book: the model's steps, time and checklist come in.
    page.click(".pf-model-list >> text=Montage d'un épisode")
    _both_widths(page, "portfolio-new-task")
    expect(page.locator("#steps")).to_have_value("1. Couper les silences\n2. Niveler le son\n3. Exporter")
    assert page.input_value("#measured_minutes") == "90"
    page.select_option("#collaborator_id", label="Marie Durand (retenu)")
    page.fill("#title", "Monter l'épisode 2")
    today = date.today()
    page.fill("#starts_on", (today + timedelta(days=3)).isoformat())
    page.fill("#deadline", today.isoformat())
    page.click("text=Confier la tâche")
    expect(page.locator(".error >> text=La date limite ne peut pas précéder le début de la tâche.")).to_be_visible()
    page.fill("#starts_on", today.isoformat())
    page.fill("#deadline", (today + timedelta(days=4)).isoformat())
    page.fill("#checkins", today.isoformat())
    page.fill("#doc_url", "https://docs.example.com/episode-2")
    page.click("text=Confier la tâche")
    page.wait_for_url("**/portefeuille/taches/*")
    expect(page.locator("text=Tâche confiée à Marie Durand")).to_be_visible()
    brief = page.locator("#brief-text").inner_text()
    assert "La sous-traitance est interdite" in brief and "1. Couper les silences" in brief
    task_url = page.url

    # Today's check-in is on the dashboard's due list.
    page.goto(base + "/")
    expect(page.locator(".due-item >> text=Point d'étape avec Marie Durand : Monter l'épisode 2")).to_be_visible()
    _both_widths(page, "portfolio-dashboard")

    # The board: drag the card from "à faire" to "en cours".
    page.goto(base + "/portefeuille/")
    card = page.locator(".pf-card", has_text="Monter l'épisode 2")
    expect(page.locator(".pf-first >> text=Monter l'épisode 2")).to_be_visible()
    card.drag_to(page.locator(".pf-col-doing .pf-column-body"))
    expect(page.locator("text=« Monter l'épisode 2 » : en cours.")).to_be_visible()
    expect(page.locator(".pf-col-doing .pf-card", has_text="Monter l'épisode 2")).to_be_visible()
    _both_widths(page, "portfolio-board")

    # The check-in: what was seen, the time spent, the verdict.
    page.goto(task_url)
    page.fill("#seen", "Les silences sont coupés, le son n'est pas encore nivelé.")
    page.fill("#minutes", "10")
    page.check("input[name=verdict][value=on_track]")
    page.click("button:has-text('Enregistrer le point')")
    expect(page.locator("text=Point d'étape enregistré.")).to_be_visible()
    expect(page.locator(".pf-checkin.done >> text=Sur la bonne voie")).to_be_visible()

    # Plain buttons work too: to "à relire", then drop on "fait" opens the completion form.
    page.click("#etat >> button:has-text('À relire')")
    expect(page.locator("text=« Monter l'épisode 2 » : à relire.")).to_be_visible()
    _both_widths(page, "portfolio-task")
    page.goto(base + "/portefeuille/")
    page.locator(".pf-card", has_text="Monter l'épisode 2").drag_to(page.locator(".pf-col-done .pf-column-body"))
    page.wait_for_url("**/terminer")
    page.check("input[name=quality][value=accepted]")
    page.fill("#amount_paid", "-10")
    page.click("text=Enregistrer : tâche faite")
    expect(page.locator("text=Le montant ne peut pas être négatif.")).to_be_visible()
    page.fill("#amount_paid", "45")
    page.fill("#briefing_minutes", "15")
    page.fill("#correcting_minutes", "5")
    page.fill("#actual_minutes", "120")
    page.click("text=Enregistrer : tâche faite")
    page.wait_for_url(task_url)
    expect(page.locator("text=est faite : coût enregistré")).to_be_visible()
    # 45 € + (15 + 5 + 10 min check-in) × 60 €/h = 45 + 30 = 75 € per completed task.
    expect(page.locator(".facts >> text=75 €").first).to_be_visible()

    page.goto(base + "/portefeuille/couts")
    expect(page.locator(".pf-costs >> text=75 €").first).to_be_visible()
    expect(page.locator("text=+33 %")).to_be_visible()  # 120 min against the model's 90
    _both_widths(page, "portfolio-costs")
    page.click(".pf-tabs >> text=Collaborateurs")
    page.click("text=Marie Durand")
    expect(page.locator("h1", has_text="Marie Durand")).to_be_visible()
    _both_widths(page, "portfolio-collaborator")
    assert page.js_errors == []
