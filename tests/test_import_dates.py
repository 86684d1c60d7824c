"""What a new user ran into with imports: dates read in the owner's zone, truncated files, export headers,
refused imports answering 422."""
import io
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from screening.extensions import db
from screening.replies.importer import (
    DateOptions,
    ImportRejected,
    guess_day_first,
    guess_mapping,
    parse_csv,
    parse_datetime,
    sniff_csv,
    split_pasted,
)
from screening.replies.models import Reply

PARIS = DateOptions(tz=ZoneInfo("Europe/Paris"))
TEXT = ("Bonjour, je peux livrer la saisie des 400 cartes en 5 jours. Étapes : tri (2 h), saisie (10 h), "
        "vérification (2 h). Je dispose de 20 heures par semaine.")


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


# -- dates without a zone are in the owner's zone, summer time included --------------------------------

@pytest.mark.parametrize("text,expected", [
    ("17/03/2025 08:16", utc(2025, 3, 17, 7, 16)),          # winter: UTC+1
    ("17/07/2025 08:16", utc(2025, 7, 17, 6, 16)),          # summer: UTC+2
    ("2025-07-17 08:16:42", utc(2025, 7, 17, 6, 16, 42)),  # Typeform / Tally style, no zone
    ("2025-07-17T08:16:42Z", utc(2025, 7, 17, 8, 16, 42)),  # the file says UTC: kept
    ("2025-07-17T08:16:42+02:00", utc(2025, 7, 17, 6, 16, 42)),
])
def test_dates_without_a_zone_are_read_in_the_owners_zone(text, expected):
    assert parse_datetime(text, options=PARIS) == expected


def test_month_first_dates_and_12_hour_clock():
    us = DateOptions(tz=ZoneInfo("America/New_York"), day_first=False)
    assert parse_datetime("3/17/2025 8:16:42 PM", options=us) == utc(2025, 3, 18, 0, 16, 42)
    assert parse_datetime("03/04/2025 12:05 AM", options=us) == utc(2025, 3, 4, 5, 5)
    assert guess_day_first(["03/04/2025 10:00", "17/03/2025 08:16"]) is True
    assert guess_day_first(["3/17/2025 8:16:42 PM"]) is False
    assert guess_day_first(["03/04/2025"]) is None


def test_csv_dates_use_the_chosen_zone():
    data = "Horodateur;Réponse\r\n17/07/2025 08:16;" + TEXT + "\r\n"
    result = parse_csv(data.encode(), {"received_at": 0, "text": 1}, dates=PARIS)
    assert result.replies[0].received_at == utc(2025, 7, 17, 6, 16)


# -- a truncated file is refused, with its line ------------------------------------------------------------

def _rows(n):
    return "".join(f'Nom {i};n{i}@example.fr;"{TEXT} ligne {i}"\r\n' for i in range(n))


def test_file_cut_inside_a_quoted_cell_is_refused_with_its_line():
    whole = "Nom;E-mail;Réponse\r\n" + _rows(14)
    cut = whole[:-40]  # the copy stopped inside the last quoted reply
    for call in (lambda: sniff_csv(cut.encode()),
                 lambda: parse_csv(cut.encode(), {"name": 0, "email": 1, "text": 2})):
        with pytest.raises(ImportRejected) as info:
            call()
        assert info.value.message.startswith("Ligne 15 : une cellule ouverte par un guillemet")
    assert len(parse_csv(whole.encode(), {"name": 0, "email": 1, "text": 2}).replies) == 14


def test_closed_quotes_with_line_breaks_and_doubled_quotes_are_fine():
    data = 'Nom,Réponse\n"Durand, Marie","Bonjour,\n""guillemets"" et\nretours"\nPaul,Salut\n'
    result = parse_csv(data.encode(), {"name": 0, "text": 1})
    assert [r.text for r in result.replies] == ['Bonjour,\n"guillemets" et\nretours', "Salut"]


def test_row_with_more_cells_than_the_header_is_refused_with_its_line():
    data = "Nom;Réponse\r\nMarie;Bonjour\r\nPaul;Bonjour; je suis dispo;demain\r\n"
    with pytest.raises(ImportRejected) as info:
        sniff_csv(data.encode())
    assert info.value.message.startswith("Ligne 3 : 4 cellules alors que l'en-tête a 2 colonnes")
    # trailing empty cells are only separators
    assert len(parse_csv(b"Nom;Reponse\r\nMarie;Bonjour;;\r\n", {"name": 0, "text": 1}).replies) == 1


# -- common export headers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("header,expected", [
    # Google Forms (French and English)
    (["Horodateur", "Adresse e-mail", "Votre nom", "Votre réponse"],
     {"received_at": 0, "email": 1, "name": 2, "text": 3}),
    (["Timestamp", "Email Address", "Name", "Your answer"], {"received_at": 0, "email": 1, "name": 2, "text": 3}),
    (["Date de soumission", "Nom", "Message"], {"received_at": 0, "name": 1, "text": 2}),
    (["Submitted at", "Full name", "Message"], {"received_at": 0, "name": 1, "text": 2}),
    # Typeform
    (["#", "Quel est votre nom ?", "Votre e-mail", "Présentez votre candidature", "Start Date (UTC)",
      "Submit Date (UTC)", "Network ID"], {"name": 1, "email": 2, "text": 3, "received_at": 5}),
    # Tally
    (["Submission ID", "Respondent ID", "Submitted at", "Prénom et nom", "E-mail", "Votre réponse"],
     {"received_at": 2, "name": 3, "email": 4, "text": 5}),
])
def test_common_export_headers_are_recognised(header, expected):
    assert guess_mapping(header) == expected


# -- pasted replies: their date and rate, or an unknown date -------------------------------------------

def test_pasted_block_carries_its_date_and_rate():
    now = datetime(2026, 3, 20, 10, 0, tzinfo=timezone.utc)
    text = ("De : Marie <marie@example.com>\nReçue le 12/03 à 14:05\nTarif : 25 €/h\n\n" + TEXT
            + "\n---\nDe : Paul\n\nBonjour, disponible.")
    result = split_pasted(text, DateOptions(tz=ZoneInfo("Europe/Paris"), now=now))
    marie, paul = result.replies
    assert marie.received_at == utc(2026, 3, 12, 13, 5)
    assert str(marie.hourly_rate) == "25"
    assert marie.text == TEXT
    assert paul.received_at is None


def test_pasted_date_without_year_is_never_in_the_future():
    now = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)
    [reply] = split_pasted("Reçue le 28/12 à 09:00\n\n" + TEXT,
                           DateOptions(tz=ZoneInfo("Europe/Paris"), now=now)).replies
    assert reply.received_at == utc(2025, 12, 28, 8, 0)


def test_pasted_reply_without_date_has_no_speed_signal(client, owner, make_mission, app):
    mission_id = make_mission(owner)
    location = client.post(f"/missions/{mission_id}/annonce").headers["Location"]
    client.post(location, data={"published_on": "2025-01-06", "published_time": "09:00",
                                "published_where": "Malt"})
    client.post(f"/missions/{mission_id}/reponses/coller", data={"text": TEXT, "action": "save"})
    with app.app_context():
        reply = db.session.scalar(select(Reply))
        assert reply.received_at is None
        reply_id = reply.id
    page = client.get(f"/reponses/{reply_id}").get_data(as_text=True)
    assert "date inconnue" in page
    assert "après la publication" not in page


# -- refused imports answer 422 with their French message ----------------------------------------------

def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Reply.id)))


def _upload(client, mission_id, data):
    return client.post(f"/missions/{mission_id}/reponses/csv", data={"file": (io.BytesIO(data), "r.csv")},
                       content_type="multipart/form-data")


def test_refused_imports_answer_422(client, owner, make_mission, app):
    mission_id = make_mission(owner)
    truncated = ("Nom;E-mail;Réponse\r\n" + _rows(3))[:-30].encode()
    response = _upload(client, mission_id, truncated)
    assert response.status_code == 422
    assert "Ligne 4 : une cellule ouverte par un guillemet" in response.get_data(as_text=True)
    bad_paste = client.post(f"/missions/{mission_id}/reponses/coller",
                            data={"text": "Nom : Paul\nEmail : pas-une-adresse\n\nBonjour", "action": "save"})
    assert bad_paste.status_code == 422
    assert "pas-une-adresse" in bad_paste.get_data(as_text=True)
    empty = client.post(f"/missions/{mission_id}/reponses/coller", data={"text": " "})
    assert empty.status_code == 422 and "Collez au moins une réponse." in empty.get_data(as_text=True)
    no_file = client.post(f"/missions/{mission_id}/reponses/emails", data={},
                          content_type="multipart/form-data")
    assert no_file.status_code == 422
    location = _upload(client, mission_id, ("Nom;Réponse\r\nMarie;" + TEXT + "\r\n").encode()).headers["Location"]
    unmapped = client.post(location, data={"col_name": "0", "action": "import"})
    assert unmapped.status_code == 422 and "champ obligatoire" in unmapped.get_data(as_text=True)
    assert _count(app) == 0


def test_csv_mapping_preview_shows_how_dates_are_read(client, owner, make_mission, app):
    mission_id = make_mission(owner)
    data = ("Horodateur;Nom;Réponse\r\n17/03/2025 08:16;Marie;" + TEXT + "\r\n").encode()
    location = _upload(client, mission_id, data).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "17/03/2025 08:16</code> → 17 mars 2025, 08:16 heure de Paris" in page
    # the owner says the file is in Montréal time, checks the preview, then imports
    page = client.post(location, data={"col_received_at": "0", "col_name": "1", "col_text": "2",
                                       "date_order": "dmy", "date_tz": "America/Toronto",
                                       "action": "preview"}).get_data(as_text=True)
    assert "17 mars 2025, 08:16 heure locale : Québec" in page
    assert _count(app) == 0
    saved = client.post(location, data={"col_received_at": "0", "col_name": "1", "col_text": "2",
                                        "date_order": "dmy", "date_tz": "America/Toronto", "action": "import"})
    assert saved.status_code == 302
    with app.app_context():
        from screening.timeutil import as_utc
        assert as_utc(db.session.scalar(select(Reply)).received_at) == utc(2025, 3, 17, 12, 16)


def test_header_saying_utc_sets_the_zone_of_its_dates(client, owner, make_mission, app):
    mission_id = make_mission(owner)
    data = ("Submit Date (UTC);Réponse\r\n2025-07-17 08:16:42;" + TEXT + "\r\n").encode()
    location = _upload(client, mission_id, data).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "17 juillet 2025, 08:16 UTC" in page
    assert client.post(location, data={"col_received_at": "0", "col_text": "1"}).status_code == 302
    with app.app_context():
        from screening.timeutil import as_utc
        assert as_utc(db.session.scalar(select(Reply)).received_at) == utc(2025, 7, 17, 8, 16, 42)
