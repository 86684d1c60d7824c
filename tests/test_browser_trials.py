"""In a real Chromium: schedule paid trials for the finalists, evaluate, keep one and a backup."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from screening.extensions import db
from screening.missions.models import Mission
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.services import save_import
from screening.trials.services import change_state, schedule_round
from tests.browser_support import browser_page, live_server, screenshot  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

REPLY = ("Bonjour, je peux livrer en {n} jours. Étapes : lecture du brief (1 h), montage (6 h), "
         "vérification (1 h). J'ai 20 heures par semaine. J'ai déjà monté des podcasts pour {name}.")
NAMES = ("Marie Durand", "Paul Martin", "Zoé <b>Bernard</b>")


def _seed(app) -> int:
    """An account, a mission and three replies marked as finalists (as on the comparison page)."""
    from screening.auth.services import create_user
    from screening.missions.services import create_mission
    with app.app_context():
        user = create_user("camille@example.com", PASSWORD, "Camille Martin")
        mission = create_mission(user.id, {
            "title": "Montage de 20 épisodes de podcast", "objective": "Monter les épisodes bruts.",
            "procedure": "1. Couper les silences\n2. Niveler le son\n3. Exporter en MP3",
            "resources": "Le dossier partagé des épisodes bruts", "examples": "episode-01-final.mp3",
            "priority": 1, "platform": "malt", "paid_trial": True, "budget_currency": "EUR"})
        replies = tuple(ParsedReply(name=name, email=f"finaliste{i}@example.com",
                                    text=REPLY.format(n=i + 3, name=name), hourly_rate=Decimal("30"))
                        for i, name in enumerate(NAMES))
        mission = db.session.get(Mission, mission.id)
        report = save_import(user.id, mission, ImportResult(replies=replies), "paste")
        for reply in report.added:
            reply.is_finalist = True
        db.session.commit()
        # An earlier mission whose trial is late: the deadline has passed and nothing was delivered.
        old = create_mission(user.id, {"title": "Saisie de factures", "priority": 2, "platform": "fiverr",
                                       "paid_trial": True, "budget_currency": "EUR"})
        late = save_import(user.id, old, ImportResult(replies=(ParsedReply(
            name="Léo Retard", email="leo@example.com", text=REPLY.format(n=2, name="Léo")),)), "paste")
        late.added[0].is_finalist = True
        db.session.commit()
        started = date.today() - timedelta(days=8)
        trial_round = schedule_round(old, [late.added[0].id], brief="Saisir 10 factures.",
                                     criteria="Aucune erreur.", amount=Decimal("15"), currency="EUR",
                                     starts_on=started, deadline=date.today() - timedelta(days=2))
        trial_round.trials[0].proposed_at = datetime.now(timezone.utc) - timedelta(days=9)
        db.session.commit()
        change_state(trial_round.trials[0], "accepted", started)
        return mission.id


def _evaluate(page, name, quality, minutes, paid, trips):
    page.click(f"tr:has-text('{name}') >> text=Évaluer")
    page.wait_for_url("**/evaluation")
    page.check(f"input[name=quality][value='{quality}']")
    page.fill("#owner_minutes", str(minutes))
    page.fill("#amount_paid", paid)
    page.fill("#round_trips", str(trips))
    page.fill("#notes", "Livrable conforme au modèle.")
    screenshot(page, f"04a-evaluation-{name.split()[0].lower()}")
    page.click("text=Enregistrer l'évaluation")
    page.wait_for_url("**/essais/*")
    expect(page.locator(f"text=Évaluation de l'essai de {name} enregistrée")).to_be_visible()


def test_trials_from_finalists_to_keeper_and_backup(live_server, browser_page):
    page, base = browser_page, live_server.url
    mission_id = _seed(live_server.app)
    page.goto(base + "/connexion")
    page.fill("#email", "camille@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")

    # The owner's hourly value, so that their time counts.
    page.goto(base + "/compte/valeur-horaire")
    page.fill("#hourly_value", "60")
    page.click("text=Enregistrer")
    expect(page.locator("text=Valeur horaire enregistrée")).to_be_visible()

    # Schedule the round from the trials page: two of the three finalists.
    page.goto(base + "/essais/")
    page.click(f"a[href='/missions/{mission_id}/essais/nouveau']")
    page.wait_for_url("**/essais/nouveau")
    assert "Couper les silences" in page.input_value("#brief")
    page.uncheck("label:has-text('Zoé') input")
    page.fill("#criteria", "Aucun silence de plus de 2 s.\nNiveau sonore constant.")
    page.fill("#amount", "-5")
    page.click("text=Programmer les essais")
    expect(page.locator("text=Le montant ne peut pas être négatif.")).to_be_visible()
    screenshot(page, "01-essai-erreur")
    page.fill("#amount", "40")
    page.fill("#tasks_in_mission", "20")
    page.click("text=Programmer les essais")
    page.wait_for_url("**/essais/*")
    expect(page.locator("text=Essais programmés pour 2 finalistes")).to_be_visible()
    assert page.locator("text=Zoé").count() == 0
    screenshot(page, "02-serie-programmee")
    round_url = page.url
    page.goto(base + "/essais/")
    expect(page.locator(".due-item.late >> text=Livraison de Léo Retard")).to_be_visible()
    expect(page.locator(".due-item >> text=Confirmation attendue de Marie Durand")).to_be_visible()
    screenshot(page, "02b-essais-a-suivre")
    page.goto(round_url)

    # The invitation for Marie, copied.
    page.click("tr:has-text('Marie Durand') >> text=Invitation")
    page.wait_for_url("**/essais/*/*")
    invitation = page.locator("#invitation-text").inner_text()
    assert "sous-traitance est interdite" in invitation and "40 € pour cet essai" in invitation
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.click("text=Copier l'invitation")
    expect(page.locator(".copy-note")).to_have_text("Copié dans le presse-papiers.")
    assert page.evaluate("navigator.clipboard.readText()").strip() == invitation.strip()
    screenshot(page, "03-invitation")
    page.click("text=Essais payants")

    # Both accept, work, deliver.
    for name in ("Marie Durand", "Paul Martin"):
        for label in ("Accepté", "En cours", "Livré"):
            page.click(f"tr:has-text('{name}') >> button:has-text('{label}')")
            expect(page.locator(f"text=Essai de {name} : {label.lower()}")).to_be_visible()
    assert page.js_errors == []

    # Evaluate: Marie 40 € + 30 min = 70 € per task; Paul 35 € + 120 min = 155 €.
    _evaluate(page, "Marie Durand", 4, 30, "40", 1)
    _evaluate(page, "Paul Martin", 3, 120, "35", 4)
    ranking = page.locator("table.ranking tbody tr")
    assert "Marie Durand" in ranking.nth(0).inner_text() and "70 €" in ranking.nth(0).inner_text()
    assert "Paul Martin" in ranking.nth(1).inner_text() and "155 €" in ranking.nth(1).inner_text()
    assert "1\u202f400 €" in ranking.nth(0).inner_text()  # 20 episodes
    assert page.locator("svg.trial-chart circle").count() == 2
    screenshot(page, "04-classement-graphique")

    # Keep Marie, Paul as backup.
    page.select_option("#kept", label="Marie Durand")
    page.select_option("#backup", label="Paul Martin")
    page.click("text=Garder ce finaliste")
    expect(page.locator("text=Décision enregistrée : vous gardez Marie Durand")).to_be_visible()
    expect(page.locator("#decision >> text=La mission est pourvue")).to_be_visible()
    assert "Bonjour Paul Martin" in page.locator(".messages").inner_text()
    screenshot(page, "05-decision")

    page.goto(base + f"/missions/{mission_id}")
    assert page.locator(".badge.status-filled").inner_text() == "Pourvue"
    page.goto(base + "/essais/")
    screenshot(page, "06-essais-a-suivre")
    assert page.js_errors == []
