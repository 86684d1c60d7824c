"""In a real Chromium: a right-to-left override (U+202E) in a title or a name reverses nothing after it."""
import pytest

from screening.auth.services import create_user
from screening.extensions import db
from screening.missions.services import create_mission
from screening.replies import importer
from screening.replies.services import save_import
from tests.browser_support import browser_page, live_server, screenshot  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

RLO = "\u202e"
TEXT = ("Bonjour, je peux livrer la saisie des 400 cartes en 5 jours. Étapes : tri des cartes (2 h), "
        "saisie dans le tableur (10 h). Je dispose de 20 heures par semaine. J'ai saisi 3 000 fiches.")

# Left edges of each character of the element's text, in reading order.
CHAR_LEFTS = """(el) => {
  const lefts = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      if (!node.data[i].trim() || '\\u2068\\u2069\\u202e'.includes(node.data[i])) continue;
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      lefts.push(range.getBoundingClientRect().left);
    }
  }
  return lefts;
}"""


def reads_left_to_right(locator) -> bool:
    lefts = locator.evaluate(CHAR_LEFTS)
    return len(lefts) > 3 and all(a < b for a, b in zip(lefts, lefts[1:], strict=False))


def test_rtl_override_in_a_title_and_a_name_stays_inside_them(live_server, browser_page):
    app = live_server.app
    with app.app_context():
        user = create_user("rtl@example.com", PASSWORD)
        mission = create_mission(user.id, {"title": f"Saisie {RLO}des cartes", "objective": "Saisir.",
                                           "priority": 2, "platform": "malt", "paid_trial": False,
                                           "budget_currency": "EUR"})
        result = importer.split_pasted(f"Nom : Ana {RLO}Martin\nE-mail : ana@example.com\n\n{TEXT}")
        save_import(user.id, mission, result, "paste")
        reply_id = db.session.scalar(db.select(importer_reply_id()))
        mission_id = mission.id
    page = browser_page
    page.goto(live_server.url + "/connexion")
    page.fill("#email", "rtl@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")

    page.goto(f"{live_server.url}/reponses/{reply_id}")
    crumbs = page.locator("p.crumbs").first
    title_link, after = crumbs.locator("a").nth(1), crumbs.locator("a").nth(2)
    assert after.inner_text() == "Candidats"
    # What follows the title is neither moved before it nor reversed.
    assert after.bounding_box()["x"] > title_link.bounding_box()["x"] + title_link.bounding_box()["width"] - 1
    assert reads_left_to_right(after)
    screenshot(page, "bidi-reponse")

    page.goto(f"{live_server.url}/missions/{mission_id}/candidats")
    first_crumb = page.locator("p.crumbs a").first
    assert reads_left_to_right(first_crumb)
    assert not page.js_errors


def importer_reply_id():
    from screening.replies.models import Reply
    return Reply.id
