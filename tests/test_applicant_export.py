"""The applicant's page from the reply page, its French labels, and the CSV export's times and q4 passage."""
import csv
import io
from datetime import datetime, timezone

from sqlalchemy import select

from screening.extensions import db
from screening.missions.models import Mission
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.models import Reply
from screening.replies.services import save_import

LONG_Q4 = ("Je suis assistante administrative depuis huit ans et j'ai déjà saisi plus de 1 000 cartes de visite "
           "dans un tableur pour une agence lyonnaise, sans erreur de format, en vérifiant chaque adresse "
           "e-mail et chaque numéro de téléphone, puis en livrant un fichier dédoublonné et trié par société "
           "comme le demandait la cliente.")
REPLY = ("Bonjour,\n\n1. Je peux livrer la saisie des cartes de visite en deux semaines.\n"
         "2. Étapes : préparation du tableur (2 h), saisie des 400 cartes (16 h), contrôle des doublons (2 h).\n"
         "3. Je dispose de 10 heures par semaine pour ce projet.\n"
         f"4. Pourquoi moi : {LONG_Q4}\n\nMarie")


def _add(app, owner, mission_id):
    with app.app_context():
        report = save_import(owner, db.session.get(Mission, mission_id), ImportResult(replies=(ParsedReply(
            name="Marie Durand", email="marie@example.com", text=REPLY,
            received_at=datetime(2026, 7, 1, 6, 30, tzinfo=timezone.utc)),)), "paste")
        return report.added[0].id


def test_applicant_page_is_linked_from_the_reply_and_says_collee(client, owner, app, make_mission):
    reply_id = _add(app, owner, make_mission(owner))
    with app.app_context():
        applicant_id = db.session.scalar(select(Reply.applicant_id).where(Reply.id == reply_id))
    page = client.get(f"/reponses/{reply_id}").get_data(as_text=True)
    assert f'href="/candidats/{applicant_id}"' in page
    applicant = client.get(f"/candidats/{applicant_id}").get_data(as_text=True)
    assert "<td>Collée</td>" in applicant and "<td>paste</td>" not in applicant


def test_csv_export_has_local_times_named_in_the_header_and_the_whole_q4(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    _add(app, owner, mission_id)
    text = client.get(f"/missions/{mission_id}/candidats.csv").data.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))[:2]
    assert "Reçue le (heure de Paris)" in header
    assert row[header.index("Reçue le (heure de Paris)")] == "2026-07-01 08:30"  # UTC+2 in summer
    q4 = row[header.index("Q4 argument")]
    assert "comme le demandait la cliente" in q4 and not q4.endswith("…")
