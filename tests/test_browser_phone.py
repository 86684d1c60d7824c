"""In a real Chromium at 390 px (a phone): no page is wider than the screen, and the top bar folds into a
menu button below 700 px."""
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from screening.extensions import db
from tests.browser_support import browser_page, live_server, screenshot  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

# Endpoints that are files, not pages, or only redirect.
NOT_PAGES = {"static", "candidates.export", "candidates.reply_text", "privacy.export",
             "trials.round_calendar", "trials.trial_calendar", "auth.setup", "auth.login",
             "jobs.status", "portfolio.calendar_feed", "portfolio.calendar_download"}


def _seed(app):
    """The sample mission (12 scored replies), its posting, a trial round, a template, a CSV upload."""
    from screening.auth.services import create_user
    from screening.demo import create_demo
    from screening.missions.services import save_template
    from screening.replies import uploads
    from screening.trials.services import schedule_round
    with app.app_context():
        user = create_user("camille@example.com", PASSWORD, "Camille Martin")
        mission = create_demo(user.id)
        replies = sorted(mission_replies(mission.id), key=lambda r: -(r.score or 0))[:2]
        for reply in replies:
            reply.is_finalist = True
        db.session.commit()
        trial_round = schedule_round(mission, [r.id for r in replies], brief="Saisir 10 cartes.",
                                     criteria="Aucune erreur.", amount=Decimal("15"), currency="EUR",
                                     starts_on=date.today(), deadline=date.today() + timedelta(days=5))
        template = save_template(mission, "Saisie de cartes")
        from screening.jobs.models import Job
        from screening.portfolio.services import create_collaborator, create_task
        job = Job(owner_id=user.id, mission_id=mission.id, kind="import", source="csv", state="done", total=5,
                  message="5 réponses ajoutées.")
        db.session.add(job)
        db.session.commit()
        collaborator = create_collaborator(user.id, {"name": "Léa Fontaine"})
        task = create_task(user.id, collaborator.id, {"title": "Saisir les cartes de mars", "starts_on": date.today(),
                                                      "deadline": date.today() + timedelta(days=4)},
                           template_id=template.id)
        with app.test_request_context():
            token = uploads.store_upload(user.id, ("Nom;E-mail;Réponse;Date\r\n" + "".join(
                f"Candidat {i};c{i}@example.fr;Bonjour, je livre en {i} jours un travail soigné "
                f"et vérifié, avec 20 h par semaine.;17/03/2025 08:1{i}\r\n" for i in range(5))).encode())
        return {"mission_id": mission.id, "posting_id": mission.latest_posting.id,
                "reply_id": replies[0].id, "applicant_id": replies[0].applicant_id,
                "round_id": trial_round.id, "trial_id": trial_round.trials[0].id, "token": token,
                "job_id": job.id, "collaborator_id": collaborator.id, "task_id": task.id,
                "template_id": template.id}


def mission_replies(mission_id):
    from sqlalchemy import select

    from screening.replies.models import Reply
    return list(db.session.scalars(select(Reply).where(Reply.mission_id == mission_id)))


def _pages(app, ids):
    """Every GET page of the app, its parameters filled from the seeded data."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or rule.endpoint.startswith("api."):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule)
        urls.append((rule.endpoint, path))
    return sorted(set(urls))


def test_no_page_is_wider_than_a_phone(live_server, browser_page):
    page, base = browser_page, live_server.url
    ids = _seed(live_server.app)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/connexion")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#email", "camille@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    pages = _pages(live_server.app, ids)
    assert len(pages) >= 15, pages  # the test really walks the app
    too_wide = {}
    for endpoint, path in pages:
        response = page.goto(base + path)
        assert response.status == 200, (endpoint, path, response.status)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
        screenshot(page, "phone-" + endpoint.replace(".", "-"))
    assert too_wide == {}, sorted(too_wide.items())
    assert page.js_errors == []


def test_menu_button_below_700_px(live_server, browser_page):
    page, base = browser_page, live_server.url
    _seed(live_server.app)
    page.goto(base + "/connexion")
    page.fill("#email", "camille@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    # Laptop: the links are in the bar, no menu button.
    page.set_viewport_size({"width": 1366, "height": 800})
    expect(page.locator(".menu-button")).to_be_hidden()
    expect(page.locator(".mainnav >> text=Missions")).to_be_visible()
    # Phone: a menu button; the links appear when it is pressed, and lead where they say.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator(".menu-button")).to_be_visible()
    expect(page.locator(".mainnav >> text=Missions")).to_be_hidden()
    page.click(".menu-button")
    expect(page.locator(".mainnav >> text=Missions")).to_be_visible()
    screenshot(page, "phone-menu-open")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click(".mainnav >> text=Missions")
    page.wait_for_url("**/missions/")
    expect(page.locator(".mainnav >> text=Missions")).to_be_hidden()
