"""In a real Chromium: change the password on « Mon compte », then log out everywhere."""
import pytest

from screening.auth.services import create_user
from tests.browser_support import browser_page, live_server, screenshot  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

NEW = "une-phrase-de-passe-neuve"


def log_in(page, base, password=PASSWORD):
    page.goto(base + "/connexion")
    page.fill("#email", "compte@example.com")
    page.fill("#password", password)
    page.click("button[type=submit]")


@pytest.mark.parametrize("width", [1366, 390])
def test_password_change_and_logout_everywhere(live_server, browser_page, width):
    with live_server.app.app_context():
        create_user("compte@example.com", PASSWORD)
    page, base = browser_page, live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base)
    page.wait_for_url(base + "/")
    page.goto(base + "/compte")
    assert page.locator("#mot-de-passe .hint").first.inner_text().startswith("Au moins 10 caractères")
    screenshot(page, f"compte-{width}")
    page.fill("#current", PASSWORD)
    page.fill("#password", "aaaaaaaaaa")
    page.fill("#confirm", "aaaaaaaaaa")
    page.click("text=Changer le mot de passe")
    assert page.locator("#mot-de-passe .error").inner_text().endswith("un seul caractère répété.")
    screenshot(page, f"compte-erreur-{width}")
    page.fill("#current", PASSWORD)
    page.fill("#password", NEW)
    page.fill("#confirm", NEW)
    page.click("text=Changer le mot de passe")
    assert page.locator("text=Mot de passe changé").is_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Se déconnecter partout")
    page.wait_for_url("**/connexion")
    assert page.locator("text=déconnecté partout").is_visible()
    log_in(page, base, NEW)
    page.wait_for_url(base + "/")
    assert not page.js_errors
