"""In a real Chromium: set up the account, log in, create a mission, open its posting, copy it."""
import pytest

from screening.missions.posting import MANDATORY_QUESTIONS
from tests.browser_support import browser_page, live_server, screenshot  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_first_flow_from_setup_to_copied_posting(live_server, browser_page):
    page = browser_page
    base = live_server.url
    page.goto(base + "/")
    assert page.url.endswith("/installation")
    screenshot(page, "01-installation")
    page.fill("#display_name", "Camille Martin")
    page.fill("#email", "camille@example.com")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    assert page.locator("text=Votre compte est créé").is_visible()
    screenshot(page, "02-tableau-de-bord-vide")

    # Log out and in again.
    page.click("text=Déconnexion")
    page.wait_for_url("**/connexion")
    page.fill("#email", "camille@example.com")
    page.fill("#password", "mauvais-mot-de-passe")
    page.click("button[type=submit]")
    assert page.locator("text=Adresse e-mail ou mot de passe incorrect").is_visible()
    screenshot(page, "03-connexion-erreur")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")

    # Create a mission; the delegation check warns live without blocking.
    page.click("text=Créer ma première mission")
    page.check("#is_key_activity")
    assert page.locator("#delegation-live >> text=activité clé").is_visible()
    page.uncheck("#is_key_activity")
    page.check("#is_repetitive")
    page.fill("#title", "Saisie de 400 cartes de visite <b>urgent</b>")
    page.fill("#objective", "Saisir 400 cartes de visite dans un tableur partagé.")
    page.fill("#procedure", "1. Ouvrir le scan\n2. Saisir nom, société, e-mail\n3. Vérifier les doublons")
    page.fill("#measured_minutes", "240")
    page.fill("#budget_amount", "180,50")
    page.fill("#custom_questions", "Quel tableur utilisez-vous ?")
    screenshot(page, "04-formulaire-mission")
    page.click("text=Enregistrer la mission")
    page.wait_for_url("**/missions/*")
    assert page.locator("h1").inner_text() == "Saisie de 400 cartes de visite <b>urgent</b>"
    assert page.locator("text=Bonne candidate à la délégation").is_visible()
    screenshot(page, "05-mission")

    # Generate the posting and see the four questions, in order.
    page.click("text=Générer l'annonce")
    page.wait_for_url("**/annonces/*")
    text = page.locator("#posting-plain").inner_text()
    positions = [text.index(f"{n}. {q}") for n, q in enumerate(MANDATORY_QUESTIONS, start=1)]
    assert positions == sorted(positions)
    assert "5. Quel tableur utilisez-vous ?" in text
    screenshot(page, "06-annonce")

    # The copy button puts the posting on the clipboard.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.click("[data-copy=posting-plain]")
    assert page.locator(".copy-status").inner_text() == "Annonce copiée dans le presse-papiers."
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == text.strip()

    # Markdown tab, then record the publication.
    page.click(".tab[data-tab=markdown]")
    assert page.locator("#posting-markdown").is_visible()
    assert "## Questions" in page.locator("#posting-markdown").inner_text()
    page.fill("#published_where", "Malt")
    page.click("text=Enregistrer la publication")
    assert page.locator("text=Publication enregistrée").is_visible()
    screenshot(page, "07-annonce-publiee")
    assert page.js_errors == []
