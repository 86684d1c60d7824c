"""In a real Chromium: paste replies, import a CSV (semicolons, Windows-1252), then compare and pick finalists."""
import re

import pytest
from sqlalchemy import select

from screening.extensions import db
from screening.replies.models import Reply
from tests.browser_support import browser_page, live_server, screenshot  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PASTED = """De : Camille Roux <camille@example.com>

Bonjour, je peux livrer les 400 cartes en 5 jours. Étapes : tri des cartes (2 h), saisie (10 h),
vérification des doublons (2 h). Je dispose de 20 heures par semaine. J'ai saisi 3 000 fiches clients
pour une agence immobilière, avec un contrôle qualité à chaque lot.
---
De : Hugo Martin <hugo@example.com>

Intéressé, dispo de suite. <script>alert('x')</script>
"""

CSV_CP1252 = (
    "Nom;E-mail;Réponse;Tarif\r\n"
    "Éloïse Noël;eloise@example.com;\"Bonjour, je livre en 2 semaines.\r\nÉtapes : saisie (12 h), contrôle (2 h).\r\n"
    "15 heures par semaine. J’ai tenu le fichier clients d’un salon de coiffure pendant deux ans.\";28,50 €\r\n"
    "Jean Dupont;jean@example.com;=HYPERLINK(\"http://example.com\");30\r\n"
).encode("cp1252")


def test_paste_csv_compare_and_finalists(live_server, browser_page, tmp_path):
    from screening.auth.services import create_user
    from screening.missions.services import create_mission
    page, base = browser_page, live_server.url
    with live_server.app.app_context():
        user = create_user("owner@example.com", PASSWORD)
        mission_id = create_mission(user.id, {"title": "Saisie de 400 cartes de visite",
                                              "objective": "Saisir les cartes de visite dans un tableur."}).id
    page.goto(base + "/connexion")
    page.fill("#email", "owner@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")

    # Paste two replies: preview of the split first, nothing saved yet.
    page.goto(f"{base}/missions/{mission_id}/reponses/ajouter")
    page.fill("#text", PASTED)
    page.click("button[value=preview]")
    assert page.locator("text=Découpage : 2 réponses").is_visible()
    screenshot(page, "10-collage-apercu")
    with live_server.app.app_context():
        assert db.session.scalars(select(Reply)).first() is None
    page.click("button[value=save]")
    page.wait_for_url(re.compile(r"/candidats$"))
    assert page.locator("text=2 réponses ajoutées").is_visible()

    # Import a Windows-1252 CSV with semicolons: mapping page, then import.
    page.goto(f"{base}/missions/{mission_id}/reponses/ajouter?onglet=csv")
    csv_path = tmp_path / "export-excel.csv"
    csv_path.write_bytes(CSV_CP1252)
    page.set_input_files("#file", str(csv_path))
    page.click("text=Envoyer et prévisualiser")
    page.wait_for_url(re.compile(r"/reponses/csv/"))
    assert "encodage Windows-1252 (Excel)" in page.locator(".page-head").inner_text()
    assert page.locator("td >> text=Éloïse Noël").is_visible()
    screenshot(page, "11-csv-colonnes")
    page.click("text=Importer 2 réponses")
    page.wait_for_url(re.compile(r"/candidats$"))
    assert page.locator("text=2 réponses ajoutées").is_visible()
    table = page.locator(".cand-table")
    assert "Éloïse Noël" in table.inner_text()
    assert page.locator(".cand-table tbody tr").count() == 4
    assert page.js_errors == []
    screenshot(page, "12-comparaison-import")

    # Sort by score, filter to the French ones, and pick the best two as finalists.
    page.click(".cand-table thead >> text=Score")
    page.wait_for_url(re.compile(r"tri=score"))
    page.click("text=En français")
    page.wait_for_url(re.compile(r"fr=1"))
    boxes = page.locator(".cand-table tbody input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.click("text=Enregistrer les finalistes")
    page.wait_for_url(re.compile(r"/candidats"))
    with live_server.app.app_context():
        finalists = db.session.scalars(select(Reply).where(Reply.is_finalist.is_(True))).all()
        assert len(finalists) == 2
        stored = db.session.scalars(select(Reply).where(Reply.body.like("%alert%"))).one()
        assert stored.body.endswith("<script>alert('x')</script>")  # kept verbatim, shown escaped
