"""In a real Chromium: connect a mailbox (accepting the test server's certificate), fetch, sort the rest."""

import pytest
from sqlalchemy import func, select

from screening.extensions import db
from screening.replies.models import Reply
from tests.browser_support import browser_page, live_server, screenshot  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD
from tests.dovecot_support import remove, requires_dovecot, start_dovecot
from tests.test_mailbox_fetch import mail

pytestmark = [pytest.mark.browser, requires_dovecot()]


@pytest.fixture
def imap_server():
    server = start_dovecot()
    yield server
    remove(server)


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_connect_fetch_and_sort(live_server, browser_page, imap_server):
    from screening.auth.services import create_user
    from screening.missions.services import create_mission

    page, base = browser_page, live_server.url
    with live_server.app.app_context():
        user = create_user("owner@example.com", PASSWORD)
        invoices = create_mission(user.id, {"title": "Saisie de factures fournisseurs"}).id
        create_mission(user.id, {"title": "Rédaction de fiches produits"})
    page.goto(base + "/connexion")
    page.fill("#email", "owner@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")

    page.goto(base + "/compte")
    page.click("text=Connecter une boîte mail")
    page.fill("#host", "127.0.0.1")
    page.select_option("#security", "starttls")
    page.fill("#port", str(imap_server.port))
    page.fill("#username", imap_server.user)
    page.fill("#password", imap_server.password)
    page.click("button[value=test]")
    assert page.locator("text=Certificat non reconnu").is_visible()
    page.fill("#password", imap_server.password)
    page.check("#trust")
    page.click("button[value=save]")
    assert page.locator("text=Boîte mail enregistrée").is_visible()
    page.click("button[value=test]")
    assert page.locator("text=Connexion réussie").is_visible()

    imap_server.append(
        mail("Re: Saisie de factures fournisseurs"),
        mail("Rédaction de fiches produits", sender="Paul Martin <paul@example.org>"),
        mail("Question", sender="Lucie Bernard <lucie@example.org>",
             body="Bonjour, je suis disponible dès lundi pour vos factures, 15 h par semaine."),
        mail("Disponible", sender="Hugo <hugo@example.org>", body="Intéressé. <script>alert('x')</script>"),
    )
    page.goto(base + "/compte/boite-mail")
    page.click("text=Relever maintenant")
    assert page.locator("text=4 nouveaux messages").is_visible()
    for width, height, suffix in ((1366, 900, "1366"), (390, 844, "390")):
        page.set_viewport_size({"width": width, "height": height})
        for path, name in (("/compte/boite-mail", "settings"), ("/a-trier", "a-trier")):
            page.goto(base + path)
            screenshot(page, f"mailbox-{name}-{suffix}")
            assert page_width(page) <= width, path
    page.goto(base + "/")
    assert page.locator("text=2 messages à trier").is_visible()
    page.goto(base + "/a-trier")
    first = page.locator(".sort-item").filter(has_text="lucie@example.org")
    first.locator("select").select_option(str(invoices))
    first.locator("text=Importer").click()
    assert page.locator("text=1 réponse ajoutée").is_visible()
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count(Reply.id)).where(Reply.mission_id == invoices)) == 2
    assert page.js_errors == []
