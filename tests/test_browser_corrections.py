"""In a real Chromium: correct a reading in place; the reminder, the score and the comparison follow."""
import re

import pytest

from tests.browser_support import browser_page, live_server, screenshot  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD
from tests.test_candidates import COMPLETE, PARTIAL, add_replies

pytestmark = pytest.mark.browser

Q4 = "Qu'est-ce qui vous fait penser que vous êtes la meilleure personne pour cette mission ?"


def test_correct_a_reading_and_see_the_reminder_and_the_comparison_change(live_server, browser_page):
    from screening.auth.services import create_user
    from screening.missions.services import create_mission
    from screening.replies.scoring_service import index_cache

    index_cache.forget()
    app, page, base = live_server.app, browser_page, live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    with app.app_context():
        owner = create_user("owner@example.com", PASSWORD).id
        mission_id = create_mission(owner, {"title": "Saisie de 400 cartes de visite", "priority": 2,
                                            "objective": "Saisir les cartes dans un tableur.",
                                            "budget_currency": "EUR"}).id
    paul, _ = add_replies(app, owner, mission_id, {"text": PARTIAL, "name": "Paul Martin", "hourly_rate": 20},
                          {"text": COMPLETE, "name": "Marie Durand", "hourly_rate": 30})
    page.goto(base + "/connexion")
    page.fill("#email", "owner@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")

    page.goto(f"{base}/missions/{mission_id}/candidats")
    paul_row = page.locator(".cand-table tbody tr", has_text="Paul Martin")
    score_before = paul_row.locator(".score").first.inner_text()

    page.goto(f"{base}/reponses/{paul}")
    assert Q4 in page.locator("#follow-up").inner_text()
    url = page.url
    page.locator("#lecture-q4 button", has_text="Corriger : oui").click()
    page.locator("#lecture-q4 .reading-note", has_text="corrigé : oui · lu par l'analyse : non").wait_for()
    assert page.url == url  # in place: no navigation
    assert Q4 not in page.locator("#follow-up").inner_text()
    assert "Corrigé" in page.locator("#lecture .flash-success").inner_text()

    page.fill("#valeur-delivery_days", "14")
    page.locator("#lecture-delivery_days button", has_text="Corriger").click()
    page.locator("#lecture-delivery_days .reading-note", has_text="corrigé : 14 j · lu par l'analyse : 5 j").wait_for()

    page.fill("#valeur-weekly_hours", "200")  # out of range: refused, in French, nothing changes
    page.locator("#lecture-weekly_hours button", has_text="Corriger").click()
    page.locator("#lecture .flash-error", has_text="168 heures").wait_for()
    assert page.locator("#lecture-weekly_hours .reading-note", has_text="corrigé").count() == 0
    screenshot(page, "corrections-candidat-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "corrections-candidat-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    assert not page.js_errors

    page.goto(f"{base}/missions/{mission_id}/candidats")
    paul_row = page.locator(".cand-table tbody tr", has_text="Paul Martin")
    assert "14 j" in paul_row.inner_text()
    assert paul_row.locator(".score").first.inner_text() != score_before

    page.goto(f"{base}/reponses/{paul}")
    page.locator("button", has_text="Analyse vérifiée").click()
    page.locator("#lecture .badge", has_text="analyse vérifiée").wait_for()
    page.locator("#lecture a", has_text="Fiabilité de l'analyse").click()
    page.wait_for_url(re.compile(r"/fiabilite\?mission="))
    assert "Désaccords" in page.content()
    assert page.locator(".disagreements a", has_text="Paul Martin").count() == 2  # q4 and delivery
    screenshot(page, "corrections-fiabilite-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "corrections-fiabilite-390")
    assert not page.js_errors
