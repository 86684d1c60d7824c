"""In a real Chromium: a sign too weak to count is shown on the candidate page in its own style."""
import pytest
from sqlalchemy import select

from screening.extensions import db
from screening.missions.models import Mission
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.models import Reply
from screening.replies.services import save_import
from tests.browser_support import browser_page, live_server, screenshot  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _weak(reply) -> bool:
    result = reply.assessment or {}
    signs = (result.get("template_signs") or []) + (result.get("subcontracting_signs") or [])
    return any(s.get("counted") is False for s in signs)


def test_weak_sign_shown_as_weak_at_laptop_and_phone_width(live_server, browser_page):
    from screening.auth.services import create_user
    from screening.replies.scoring_service import index_cache
    page, base = browser_page, live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    index_cache.forget()
    with live_server.app.app_context():
        create_user("demo@example.com", PASSWORD)
    page.goto(base + "/connexion")
    page.fill("#email", "demo@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    assert page.request.post(base + "/demo", form={"csrf_token": token}, max_redirects=0).status == 302
    with live_server.app.app_context():
        mission = db.session.scalars(select(Mission)).first()
        text = ("Bonjour,\n1. Délai : 6 jours.\n2. Étapes : lecture des notes (1 jour), rédaction des fiches "
                "(4 jours), relecture (1 jour).\n3. Heures par semaine : 20.\n4. Pourquoi moi : j'ai rédigé les "
                "fiches produits d'une savonnerie artisanale. Mon équipe précédente m'a appris la rigueur.")
        reply = ParsedReply(name="Léa Faible", email="lea@example.com", text=text)
        save_import(mission.owner_id, mission, ImportResult(replies=(reply,)), "paste")
        weak = [r.id for r in db.session.scalars(select(Reply)) if _weak(r)]
    assert weak, "the demo has a reply with a sign that did not count"
    page.goto(f"{base}/reponses/{weak[0]}")
    item = page.locator(".flag-item-weak").first
    assert item.is_visible()
    assert "n'a pas changé la note" in item.inner_text()
    assert item.evaluate("e => getComputedStyle(e).borderLeftStyle") == "dashed"
    screenshot(page, "weak-sign-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator(".flag-item-weak").first.is_visible()
    screenshot(page, "weak-sign-390")
