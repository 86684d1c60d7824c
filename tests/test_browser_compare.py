"""In a real Chromium: create the demo, compare the candidates, sort, filter, pick finalists, open one."""
import re

import pytest
from sqlalchemy import select

from screening.extensions import db
from screening.replies.models import Reply
from tests.browser_support import browser_page, live_server, screenshot  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _log_in(page, base):
    page.goto(base + "/connexion")
    page.fill("#email", "demo@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def test_compare_sort_filter_finalists_and_candidate_page(live_server, browser_page):
    from screening.auth.services import create_user
    page = browser_page
    base = live_server.url
    from screening.replies.scoring_service import index_cache
    index_cache.forget()  # in-memory duplicate index: earlier tests used the same account ids
    with live_server.app.app_context():
        create_user("demo@example.com", PASSWORD)
    _log_in(page, base)

    # Create the demo through its POST route (CSRF token taken from the page, as a form would).
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    response = page.request.post(base + "/demo", form={"csrf_token": token}, max_redirects=0)
    assert response.status == 302
    page.goto(base + response.headers["location"] if response.headers["location"].startswith("/")
              else response.headers["location"])
    assert re.search(r"/missions/\d+/candidats$", page.url)
    rows = page.locator(".cand-table tbody tr")
    assert rows.count() == 12
    assert page.locator(".cand-table thead th").first.is_visible()
    screenshot(page, "01-comparaison")

    # Sort by hourly rate, ascending: the cheapest first, unknown rates last.
    page.click(".cand-table thead >> text=Taux horaire")
    page.wait_for_url(re.compile(r"tri=taux"))
    rates = page.locator(".cand-table tbody tr td:nth-child(7)").all_inner_texts()
    numbers = [float(r.replace("€", "").replace("\u202f", "").replace("\xa0", "").replace(",", ".").strip())
               for r in rates if r.strip() != "—"]
    assert numbers == sorted(numbers)
    assert rates[-1].strip() == "—"
    screenshot(page, "02-tri-taux")

    # Filter: French only, then all four answered.
    page.click("text=En français")
    page.wait_for_url(re.compile(r"fr=1"))
    assert page.locator(".cand-table tbody tr").count() in (10, 11)  # the very short one may be "too short"
    assert "Emily" not in page.locator(".cand-table").inner_text()
    page.click("text=Les 4 réponses")
    page.wait_for_url(re.compile(r"complet=1"))
    assert page.locator(".cand-table tbody tr").count() >= 2
    screenshot(page, "03-filtres")
    page.click("text=Tout afficher")
    page.wait_for_url(re.compile(r"candidats\?"))
    assert page.locator(".cand-table tbody tr").count() == 12

    # Pick two finalists and save.
    page.check("input[aria-label='Finaliste : Camille Rousseau']")
    page.check("input[aria-label='Finaliste : Julien Marchand']")
    page.click("text=Enregistrer les finalistes")
    page.wait_for_url(re.compile(r"/candidats"))
    assert page.locator("text=2 finalistes retenus.").is_visible()
    assert page.locator("input[name=finaliste]:checked").count() == 2
    with live_server.app.app_context():
        names = sorted(r.applicant.name for r in db.session.scalars(select(Reply).where(Reply.is_finalist)))
    assert names == ["Camille Rousseau", "Julien Marchand"]
    screenshot(page, "04-finalistes")

    # Print-friendly view.
    page.click("text=Version imprimable")
    page.wait_for_url(re.compile(r"impression=1"))
    assert not page.locator("#finalists-form .finalists-bar").is_visible()
    screenshot(page, "05-impression")
    page.go_back()

    # Open a candidate page: the copied reply, with highlighted evidence and a link to the other copy.
    page.click(".cand-table >> text=Nadia Benali")
    page.wait_for_url(re.compile(r"/reponses/\d+$"))
    assert page.locator("h1").inner_text() == "Nadia Benali"
    assert page.locator("mark.hl-copy").count() >= 1
    assert page.locator("a:has-text('Sarah Koné')").count() >= 1
    assert page.locator("#follow-up").is_visible()
    screenshot(page, "06-candidat-copie")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.click("button[data-copy=follow-up]")
    page.wait_for_selector("button[data-copy=follow-up][data-copied]")

    # The agency and the placeholder reply.
    with live_server.app.app_context():
        ids = {r.applicant.name: r.id for r in db.session.scalars(select(Reply))}
    page.goto(f"{base}/reponses/{ids['RédacPlus Agence']}")
    assert page.locator("mark.hl-subcontracting").count() >= 1
    screenshot(page, "07-candidat-agence")
    page.goto(f"{base}/reponses/{ids['Hugo Lefèvre']}")
    assert page.locator("mark.hl-placeholder").count() >= 1
    screenshot(page, "08-candidat-modele")
    page.goto(f"{base}/reponses/{ids['Camille Rousseau']}")
    assert page.locator("mark.hl-q2").count() >= 1
    assert "pas de relance nécessaire" in page.locator("body").inner_text()
    screenshot(page, "09-candidat-complet")
    assert page.js_errors == []
