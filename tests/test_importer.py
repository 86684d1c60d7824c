"""Tests of the pure reply-import parsers (paste, CSV, e-mail, mbox, JSON)."""

from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.inputs import clean_text
from screening.replies.importer import (
    MAX_REPLY_CHARS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    SINGLE_COLUMN,
    ImportRejected,
    ImportResult,
    ParsedReply,
    RowProblem,
    dedupe_key,
    guess_mapping,
    html_to_text,
    neutralise_cell,
    normalise_for_dedupe,
    parse_csv,
    parse_datetime,
    parse_eml,
    parse_json_items,
    parse_mbox,
    parse_rate,
    parse_rating,
    sniff_csv,
    split_pasted,
    trim_email_body,
)

DATA = Path(__file__).parent / "data" / "import"
HOSTILE = ("Bonjour\r\nJe livre en 5\u200b jours.\r\n<script>alert(document.cookie)</script>\r\n"
           "=HYPERLINK(\"http://evil.example\";\"clic\")\r\n+cmd|' /C calc'!A0\r\n\ufeffFin\u202e")
MAPPING = {"name": 0, "email": 1, "text": 2, "hourly_rate": 3, "received_at": 4}


def read(name):
    return (DATA / name).read_bytes()


def csv_bytes(rows, delimiter=",", encoding="utf-8", newline="\r\n"):
    """Build a CSV file the way a spreadsheet writes it (quoting only when needed)."""
    def cell(value):
        if any(c in value for c in (delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value
    text = newline.join(delimiter.join(cell(v) for v in row) for row in rows) + newline
    return text.encode(encoding)


HEADER = ["Nom", "E-mail", "Réponse", "Tarif", "Date"]


def rejected(func, *args):
    with pytest.raises(ImportRejected) as info:
        func(*args)
    return info.value.message


# --------------------------------------------------------------------------- records and helpers

def test_import_result_ok_only_without_problems():
    reply = ParsedReply(name="A", email="a@b.fr", text="x")
    assert ImportResult((reply,), ()).ok
    assert not ImportResult((reply,), (RowProblem(2, "email", "Ligne 2 : ..."),)).ok


@pytest.mark.parametrize("value, expected", [
    ("25", Decimal("25")), ("25,50", Decimal("25.50")), ("25.5", Decimal("25.5")), ("25 €", Decimal("25")),
    ("25€/h", Decimal("25")), ("30 EUR", Decimal("30")), ("€40", Decimal("40")), ("25 € HT", Decimal("25")),
    ("18 euros de l'heure", Decimal("18")), ("1 200", Decimal("1200")), ("22,5\u00a0€ / heure", Decimal("22.5")),
    ("", None), ("  ", None),
])
def test_parse_rate_accepts_french_and_english_forms(value, expected):
    assert parse_rate(value) == expected


@pytest.mark.parametrize("value", ["vingt", "25-30", "-5", "25,5,5", "€", "1e9"])
def test_parse_rate_rejects_nonsense(value):
    with pytest.raises(ValueError):
        parse_rate(value)


@pytest.mark.parametrize("value, expected", [
    ("4,8", 4.8), ("4.8/5", 4.8), ("4.8 / 5", 4.8), ("9/10", 4.5), ("96 %", 4.8), ("5", 5.0), (4.9, 4.9),
    ("4,9 ★ (120 avis)", 4.9), ("", None),
])
def test_parse_rating(value, expected):
    assert parse_rating(value) == expected


@pytest.mark.parametrize("value", ["6", "excellent", "5/0", "7/5", float("nan")])
def test_parse_rating_rejects(value):
    with pytest.raises(ValueError):
        parse_rating(value)


@pytest.mark.parametrize("value, expected", [
    ("2026-10-05T14:30:00+02:00", datetime(2026, 10, 5, 12, 30, tzinfo=timezone.utc)),
    ("2026-10-05T14:30:00Z", datetime(2026, 10, 5, 14, 30, tzinfo=timezone.utc)),
    ("2026-10-05 14:30", datetime(2026, 10, 5, 14, 30, tzinfo=timezone.utc)),
    ("05/10/2026", datetime(2026, 10, 5, tzinfo=timezone.utc)),
    ("05/10/2026 14:30", datetime(2026, 10, 5, 14, 30, tzinfo=timezone.utc)),
    ("5 octobre 2026 à 14h30", datetime(2026, 10, 5, 14, 30, tzinfo=timezone.utc)),
    ("lun. 5 oct. 2026 14:30", datetime(2026, 10, 5, 14, 30, tzinfo=timezone.utc)),
    ("Mon, 05 Oct 2026 14:30:00 +0200", datetime(2026, 10, 5, 12, 30, tzinfo=timezone.utc)),
])
def test_parse_datetime_is_aware_utc(value, expected):
    result = parse_datetime(value)
    assert result == expected and result.tzinfo is timezone.utc


@pytest.mark.parametrize("value", ["hier", "31/02/2026", "2026-13-01"])
def test_parse_datetime_rejects(value):
    with pytest.raises(ValueError):
        parse_datetime(value)


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+33 6", "'+33 6"), ("-5", "'-5"), ("@clem", "'@clem"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("  =1+1", "'  =1+1"), ("\n=1", "'\n=1"),
    ("Bonjour", "Bonjour"), ("", ""), ("5 - 3", "5 - 3"), ("a=b", "a=b"),
])
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_normalise_for_dedupe_ignores_invisible_and_layout_differences():
    a = "\ufeffBonjour,\u200b  je livre\r\nen 5 JOURS\u202e"
    b = "bonjour, je livre en 5 jours"
    assert normalise_for_dedupe(a) == normalise_for_dedupe(b) == b
    assert normalise_for_dedupe("ﬁn\u00a0½") == "fin 1⁄2"
    assert dedupe_key(" A@B.fr ", a) == dedupe_key("a@b.fr", b)
    assert dedupe_key("a@b.fr", a) != dedupe_key("c@b.fr", a)
    assert len(dedupe_key("", "\ud800 lone surrogate")) == 64


# --------------------------------------------------------------------------- paste

def test_paste_single_reply_is_kept_as_is():
    result = split_pasted("\n\nBonjour,\r\nje livre en 5 jours.\r\n\r\n")
    assert result.ok
    (reply,) = result.replies
    assert reply.text == "Bonjour,\r\nje livre en 5 jours."
    assert (reply.name, reply.email, reply.source_line) == ("", "", 3)


def test_paste_split_by_dashes():
    text = "Première réponse\nsur deux lignes\n---\nDeuxième réponse\n  -----  \nTroisième\n---\n"
    result = split_pasted(text)
    assert result.ok
    assert [r.text for r in result.replies] == ["Première réponse\nsur deux lignes", "Deuxième réponse",
                                                "Troisième"]
    assert [r.source_line for r in result.replies] == [1, 4, 6]


def test_paste_split_by_headers():
    text = ("De : Marie Durand <Marie.Durand@Example.fr>\n"
            "Date : 05/10/2026 14:30\n"
            "\n"
            "Bonjour, je livre en 5 jours.\n"
            "- étape 1 : 2 jours\n"
            "From: paul@example.com\n"
            "Hello, deux semaines.\n"
            "Nom : Léa\n"
            "E-mail : lea@example.org\n"
            "Réponse de Léa.\n")
    result = split_pasted(text)
    assert result.ok, result.problems
    marie, paul, lea = result.replies
    assert (marie.name, marie.email, marie.source_line) == ("Marie Durand", "marie.durand@example.fr", 1)
    assert marie.received_at == datetime(2026, 10, 5, 14, 30, tzinfo=timezone.utc)
    assert marie.text == "Bonjour, je livre en 5 jours.\n- étape 1 : 2 jours"
    assert (paul.name, paul.email, paul.text, paul.source_line) == ("", "paul@example.com", "Hello, deux semaines.", 6)
    assert (lea.name, lea.email, lea.text, lea.source_line) == ("Léa", "lea@example.org", "Réponse de Léa.", 8)


def test_paste_lone_email_line_in_signature_stays_in_body():
    text = "Bonjour, je suis dispo.\nCordialement,\nJean\nEmail : jean@example.fr\n"
    (reply,) = split_pasted(text).replies
    assert reply.text.endswith("Email : jean@example.fr")


def test_paste_sender_without_address():
    (reply,) = split_pasted("De : Marie Durand\n\nBonjour").replies
    assert (reply.name, reply.email, reply.text) == ("Marie Durand", "", "Bonjour")


def test_paste_problems_carry_line_numbers():
    text = "Bonjour\n---\nE-mail : pas-une-adresse\nDate : hier\n\nTexte\n---\nNom : Vide\n"
    result = split_pasted(text)
    assert not result.ok and result.replies == (ParsedReply(name="", email="", text="Bonjour", source_line=1),)
    messages = [p.message for p in result.problems]
    assert messages == [
        "Ligne 3 : l'adresse e-mail « pas-une-adresse » n'est pas valide.",
        "Ligne 3 : la date « hier » n'est pas reconnue (exemples : 05/10/2026 14:30 ; 2026-10-05).",
        "Ligne 8 : le texte de la réponse est vide.",
    ]
    assert [p.field for p in result.problems] == ["email", "received_at", "text"]


@pytest.mark.parametrize("text, message", [
    ("", "Le texte collé est vide."), (" \n\t\n", "Le texte collé est vide."),
    ("---\n---\n", "Aucune réponse trouvée dans le texte collé."),
])
def test_paste_empty_is_rejected(text, message):
    assert rejected(split_pasted, text) == message


def test_paste_too_big_is_rejected():
    assert "taille maximale de 20 Mo" in rejected(split_pasted, "é" * (MAX_UPLOAD_BYTES // 2 + 1))


def test_paste_too_many_replies_is_rejected():
    assert "plus de 20\u202f000 réponses" in rejected(split_pasted, "x\n---\n" * (MAX_ROWS + 1))


def test_paste_preserves_hostile_text():
    (reply,) = split_pasted(HOSTILE).replies
    assert reply.text == HOSTILE


# --------------------------------------------------------------------------- CSV

ROWS = [
    HEADER,
    ["Zoé Lefèvre", "Zoe@Example.fr ", "Bonjour, je m’engage à livrer en 5 jours pour 20 €.", "20,50 €", "05/10/2026"],
    ["Hélène Dubois", "helene@example.fr", "Délai : une semaine.", "18", "2026-10-06T09:00:00+02:00"],
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding, label", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")])
def test_csv_separators_and_encodings(delimiter, encoding, label):
    data = csv_bytes(ROWS, delimiter, encoding)
    preview = sniff_csv(data)
    assert (preview.encoding, preview.delimiter) == (label, delimiter)
    assert preview.header == tuple(HEADER)
    assert preview.total_rows == 2 and preview.rows == tuple(tuple(r) for r in ROWS[1:])
    assert preview.guessed_mapping == MAPPING
    result = parse_csv(data, preview.guessed_mapping)
    assert result.ok, result.problems
    zoe, helene = result.replies
    assert zoe.text == ROWS[1][2] and zoe.name == "Zoé Lefèvre" and zoe.email == "zoe@example.fr"
    assert zoe.hourly_rate == Decimal("20.50") and helene.hourly_rate == Decimal("18")
    assert helene.received_at == datetime(2026, 10, 6, 7, 0, tzinfo=timezone.utc)
    assert (zoe.source_line, helene.source_line) == (2, 3)


def test_csv_cp1252_fixture_from_french_excel():
    data = read("replies_cp1252.csv")
    preview = sniff_csv(data)
    assert (preview.encoding, preview.delimiter) == ("cp1252", ";")
    result = parse_csv(data, preview.guessed_mapping)
    assert result.ok
    assert result.replies[0].text == "Bonjour, je m’engage à livrer en 5 jours.\r\nCoût : 20 € de l’heure."
    assert [r.source_line for r in result.replies] == [2, 4]


def test_csv_utf16_excel_unicode_text():
    data = "\ufeff".encode("utf-16-le") + csv_bytes(ROWS, "\t", "utf-16-le")
    preview = sniff_csv(data)
    assert preview.encoding == "utf-16" and preview.delimiter == "\t"
    assert parse_csv(data, preview.guessed_mapping).ok


def test_csv_multiline_fields_report_physical_start_line():
    rows = [HEADER,
            ["A", "a@example.fr", "ligne 1\nligne 2\nligne 3", "20", ""],
            ["B", "b@example", "une ligne", "20", ""],
            ["C", "c@example.fr", "x\r\n\r\ny", "vingt", ""],
            ["D", "d@example.fr", "   ", "", ""]]
    result = parse_csv(csv_bytes(rows), MAPPING)
    assert [p.message for p in result.problems] == [
        "Ligne 5 : l'adresse e-mail « b@example » n'est pas valide.",
        "Ligne 6 : le tarif « vingt » n'est pas un montant valide (exemples : 25 ; 25,50 ; 25 €/h).",
        "Ligne 9 : le texte de la réponse est vide.",
    ]
    assert [(p.line, p.field) for p in result.problems] == [(5, "email"), (6, "hourly_rate"), (9, "text")]
    assert [r.source_line for r in result.replies] == [2]
    assert not result.ok


def test_csv_single_column_keeps_commas_in_text():
    data = "Réponse\nBonjour, je suis disponible; tout de suite.\n\"Deux\nlignes, ok\"\n".encode()
    preview = sniff_csv(data)
    assert preview.delimiter == SINGLE_COLUMN and preview.guessed_mapping == {"text": 0}
    result = parse_csv(data, preview.guessed_mapping, delimiter=preview.delimiter)
    assert [r.text for r in result.replies] == ["Bonjour, je suis disponible; tout de suite.", "Deux\nlignes, ok"]


def test_csv_name_whitespace_collapsed_but_text_untouched():
    rows = [["Nom", "Message"], ["  Jean\n Dupont ", "  texte  \n"]]
    result = parse_csv(csv_bytes(rows), {"name": 0, "text": 1})
    assert (result.replies[0].name, result.replies[0].text) == ("Jean Dupont", "  texte  \n")


def test_csv_blank_lines_and_empty_rows_are_skipped():
    data = b"\r\nNom;Message\r\n\r\nA;Bonjour\r\n;;\r\n\r\nB;Salut\r\n"
    result = parse_csv(data, {"name": 0, "text": 1})
    assert result.ok and [(r.name, r.source_line) for r in result.replies] == [("A", 4), ("B", 7)]


def test_csv_raw_text_preserved_byte_for_byte():
    rows = [["Nom", "Message"], ["@clem.creative", HOSTILE], ["X", "=HYPERLINK(\"http://x\")"]]
    result = parse_csv(csv_bytes(rows, newline="\n"), {"name": 0, "text": 1})
    assert result.ok
    assert [r.text for r in result.replies] == [HOSTILE, "=HYPERLINK(\"http://x\")"]
    assert result.replies[0].name == "@clem.creative"


def test_csv_same_file_twice_gives_same_dedupe_keys():
    data = csv_bytes(ROWS, ";", "cp1252")
    first = [r.dedupe_key for r in parse_csv(data, MAPPING).replies]
    second = [r.dedupe_key for r in parse_csv(data, MAPPING).replies]
    assert first == second and len(set(first)) == 2
    utf8 = [r.dedupe_key for r in parse_csv(csv_bytes(ROWS, ",", "utf-8-sig"), MAPPING).replies]
    assert utf8 == first


def test_csv_optional_columns():
    rows = [["Name", "Email", "Message", "Profile", "Level", "Rating"],
            ["A", "a@example.fr", "Hello", "www.malt.fr/profile/a", "Top Rated", "4,8/5"],
            ["B", "b@example.fr", "Hi", "javascript:alert(1)", "", "9"]]
    data = csv_bytes(rows)
    mapping = sniff_csv(data).guessed_mapping
    assert mapping == {"name": 0, "email": 1, "text": 2, "profile_url": 3, "platform_level": 4, "rating": 5}
    result = parse_csv(data, mapping)
    a = result.replies[0]
    assert (a.profile_url, a.platform_level, a.rating) == ("https://www.malt.fr/profile/a", "Top Rated", 4.8)
    assert [p.field for p in result.problems] == ["profile_url", "rating"]
    assert result.problems[0].message.startswith("Ligne 3 : le lien du profil « javascript:alert(1) »")


@pytest.mark.parametrize("header, expected", [
    (["Courriel", "Nom complet", "Texte", "Taux horaire"], {"name": 1, "email": 0, "text": 2, "hourly_rate": 3}),
    (["Name", "E-mail address", "Reply", "Hourly rate (€)", "Received at"],
     {"name": 0, "email": 1, "text": 2, "hourly_rate": 3, "received_at": 4}),
    (["Adresse e-mail", "Réponse du candidat", "Date de réception", "Lien du profil", "Niveau", "Note /5"],
     {"email": 0, "text": 1, "received_at": 2, "profile_url": 3, "platform_level": 4, "rating": 5}),
    (["ID", "Colonne B"], {}),
])
def test_guess_mapping_from_header_names(header, expected):
    assert guess_mapping(header) == expected


def test_guess_mapping_falls_back_to_longest_column_for_text():
    rows = [("1", "Bonjour, je suis disponible et motivée pour cette mission de saisie.", "x")]
    assert guess_mapping(["ID", "Colonne B", "C"], rows) == {"text": 1}


def test_csv_wrong_encoding_is_rejected():
    data = b"Nom,Message\nA," + b"caf\x81\x8d\x90 et \x9d"
    assert "encodage" in rejected(sniff_csv, data)


@pytest.mark.parametrize("data", [
    b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4,  # an .xlsx (zip)
    b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 40,  # no NUL, mostly control bytes
])
def test_csv_binary_is_rejected(data):
    message = rejected(sniff_csv, data)
    assert message.startswith("Le fichier ne semble pas être un fichier texte")
    assert rejected(parse_csv, data, {"text": 0}) == message


@pytest.mark.parametrize("data", [b"", b"   \r\n", b"\xef\xbb\xbf", b"\r\n\r\n"])
def test_csv_empty_file(data):
    assert rejected(sniff_csv, data) == "Le fichier est vide."
    assert rejected(parse_csv, data, {"text": 0}) == "Le fichier est vide."


def test_csv_header_only():
    data = b"Nom;E-mail;Message\r\n;;\r\n"
    assert rejected(sniff_csv, data) == "Aucune réponse trouvée dans le fichier."
    assert rejected(parse_csv, data, {"text": 2}) == "Aucune réponse trouvée dans le fichier."


def test_csv_missing_required_column_is_named():
    data = csv_bytes(ROWS)
    assert rejected(parse_csv, data, {"name": 0, "email": 1}) == (
        "Aucune colonne n'est choisie pour le champ obligatoire « texte de la réponse » : "
        "indiquez quelle colonne le contient.")
    assert rejected(parse_csv, data, {"text": 9}) == (
        "La colonne choisie pour « texte de la réponse » n'existe pas dans le fichier (5 colonnes).")
    assert "Champ inconnu" in rejected(parse_csv, data, {"text": 2, "salaire": 3})


def test_csv_short_row_gives_empty_text_problem():
    result = parse_csv(b"Nom,Message\nA,Bonjour\nB\n", {"name": 0, "text": 1})
    assert [p.message for p in result.problems] == ["Ligne 3 : le texte de la réponse est vide."]


def test_csv_over_20_mb_is_rejected():
    data = b"Nom,Message\n" + b"A,Bonjour\n" * (MAX_UPLOAD_BYTES // 10)
    assert len(data) > MAX_UPLOAD_BYTES
    message = "Le fichier dépasse la taille maximale de 20 Mo."
    assert rejected(sniff_csv, data) == message
    assert rejected(parse_csv, data, {"text": 1}) == message
    assert rejected(parse_eml, data) == message
    assert rejected(parse_mbox, data) == message


def test_csv_reply_over_limit_reported_on_its_line():
    long_text = "mot " * (MAX_REPLY_CHARS // 4 + 1)
    rows = [["Nom", "Message"], ["A", "court"], ["B", long_text], ["C", "court aussi"]]
    result = parse_csv(csv_bytes(rows), {"name": 0, "text": 1})
    (problem,) = result.problems
    assert (problem.line, problem.field) == (3, "text")
    assert problem.message.startswith("Ligne 3 : la réponse dépasse la longueur maximale de 1\u202f000\u202f000")
    assert [r.name for r in result.replies] == ["A", "C"]


def test_csv_too_many_rows():
    data = b"Message\n" + b"x\n" * (MAX_ROWS + 1)
    assert "plus de 20\u202f000 réponses" in rejected(parse_csv, data, {"text": 0})
    assert "plus de 20\u202f000 réponses" in rejected(sniff_csv, data)


def test_csv_unclosed_quote_is_refused_with_its_line():
    """A file cut inside a quoted cell would import a reply cut short: refused, nothing imported."""
    with pytest.raises(ImportRejected, match="Ligne 2 : une cellule ouverte par un guillemet"):
        parse_csv(b'Nom,Message\nA,"Bonjour\nB,Salut\n', {"name": 0, "text": 1})


def test_csv_10000_rows_of_150_words_are_all_read():
    words = " ".join(["mot"] * 149 + ["fin"])
    rows = [HEADER] + [[f"Nom {i}", f"n{i}@example.fr", f"{i} {words}", "25,50", "05/10/2026 14:30"]
                       for i in range(10_000)]
    data = csv_bytes(rows, ";")
    preview = sniff_csv(data)
    result = parse_csv(data, preview.guessed_mapping)
    assert result.ok and len(result.replies) == 10_000 and preview.total_rows == 10_000
    assert len({r.dedupe_key for r in result.replies}) == 10_000


def test_csv_near_20_mb_file_is_read_whole():
    row = ("Nom", "n@example.fr", "Bonjour, " + "je livre en cinq jours. " * 60, "25", "")
    line = csv_bytes([row])
    data = csv_bytes([HEADER]) + line * ((MAX_UPLOAD_BYTES - 100) // len(line))
    assert MAX_UPLOAD_BYTES * 0.9 < len(data) <= MAX_UPLOAD_BYTES
    result = parse_csv(data, {"name": 0, "email": 1, "text": 2})
    assert result.ok
    assert len(result.replies) == (MAX_UPLOAD_BYTES - 100) // len(line)


# --------------------------------------------------------------------------- e-mail

def test_eml_plain():
    result = parse_eml(read("plain.eml"))
    assert result.ok
    (reply,) = result.replies
    assert (reply.name, reply.email) == ("Claire Martin", "claire.martin@example.fr")
    assert reply.received_at == datetime(2026, 10, 5, 12, 30, tzinfo=timezone.utc)
    assert reply.text.startswith("Bonjour,\r\n\r\n1. Je livre en 5 jours.\r\n")
    assert reply.text.endswith("\r\n\r\nClaire")
    assert reply.attachments == ()


def test_eml_html_only_becomes_text():
    (reply,) = parse_eml(read("html_only.eml")).replies
    assert reply.text == "Bonjour,\n\nJe livre en décembre.\nMerci.\n\n- Saisie\n- Contrôle\n\nJean"
    assert "alert" not in reply.text and "color" not in reply.text
    assert (reply.name, reply.email) == ("Jean Petit", "jean.petit@example.com")


def test_eml_multipart_with_attachment_and_encoded_name():
    (reply,) = parse_eml(read("attachment.eml")).replies
    assert reply.name == "Léna Roche"
    assert reply.text == "Bonjour,\nvoici mon CV en pièce jointe."
    (attachment,) = reply.attachments
    assert (attachment.filename, attachment.content_type) == ("CV Léna.pdf", "application/pdf")
    assert attachment.size == 52


def test_eml_quoted_reply_and_signature_trimmed():
    (reply,) = parse_eml(read("quoted_reply.eml")).replies
    assert reply.text == "Bonjour,\n\nJe peux livrer en deux semaines."


def test_eml_bad_charset_never_crashes():
    result = parse_eml(read("bad_charset.eml"))
    (reply,) = result.replies
    assert reply.name == "René" and reply.email == "rene@example.fr"
    assert reply.text == "Je suis disponible dès lundi, tarif 20 €/h."
    assert reply.received_at is None


@pytest.mark.parametrize("charset", ["utf-8", "iso-8859-15", "koi8-r", "utf-7", "base64", "idna", "x-nope", '""'])
def test_eml_any_charset(charset):
    data = (f"From: a@example.fr\nContent-Type: text/plain; charset={charset}\n\n").encode() + "Déjà €".encode()
    (reply,) = parse_eml(data).replies
    assert reply.text


def test_eml_not_an_email():
    assert rejected(parse_eml, b"Bonjour, ceci n'est pas un mail.\n") == (
        "Le fichier ne ressemble pas à un e-mail (.eml) : aucun en-tête de message trouvé.")
    assert rejected(parse_eml, b"") == "Le fichier est vide."


def test_eml_bad_sender_and_empty_body_are_problems():
    result = parse_eml(b"From: pas une adresse\nSubject: x\n\n\n> seulement une citation\n")
    assert [p.field for p in result.problems] == ["email", "text"]
    assert result.problems[1].message == "Le texte de la réponse est vide."


@pytest.mark.parametrize("body, expected", [
    ("Réponse.\n\nOn Mon, Oct 5, 2026 at 9:00 AM Marie <m@x.fr> wrote:\n> Question ?\n", "Réponse."),
    ("Réponse.\n\nLe lun. 5 oct. 2026 à 09:00, Marie <\nm@x.fr> a écrit :\n> Question ?\n>\n> Merci\n", "Réponse."),
    ("Réponse.\r\n\r\n-----Original Message-----\r\nFrom: Marie\r\nSent: Monday\r\n\r\nQuestion ?\r\n", "Réponse."),
    ("Réponse.\n\n________________________________\nDe : Marie <m@x.fr>\nEnvoyé : lundi 5 octobre 2026\nÀ : moi\n"
     "Objet : annonce\n\nQuestion ?\n", "Réponse."),
    ("Réponse.\n\nEnvoyé de mon iPhone\n", "Réponse."),
    ("Réponse.\n\nSent from my Galaxy\n", "Réponse."),
    ("Réponse.\n-- \nJean\n", "Réponse."),
    ("Réponse.\n\n> Vieux message\n> suite\n", "Réponse."),
    # Answers written between quoted questions are kept (corpus r060).
    ("Bonjour,\n\n> En combien de temps ?\nDeux semaines.\n\n> Combien d'heures ?\n18 heures.",
     "Bonjour,\n\n> En combien de temps ?\nDeux semaines.\n\n> Combien d'heures ?\n18 heures."),
    ("Le 5 oct. Marie a écrit :\n> Q1 ?\nRéponse 1\n> Q2 ?\nRéponse 2\n",
     "Le 5 oct. Marie a écrit :\n> Q1 ?\nRéponse 1\n> Q2 ?\nRéponse 2"),
    ("- étape 1 : 2 jours\n- étape 2 : 1 jour", "- étape 1 : 2 jours\n- étape 2 : 1 jour"),
])
def test_trim_email_body(body, expected):
    assert trim_email_body(body) == expected


def test_html_quoted_message_is_trimmed():
    html = ("<div>Je livre en 5 jours.</div><div><br></div><div class=gmail_quote>"
            "<div>Le lun. 5 oct. 2026 à 09:00, Marie &lt;m@x.fr&gt; a écrit :<br></div>"
            "<blockquote type=cite><p>Merci de répondre</p><blockquote>aux questions</blockquote></blockquote></div>")
    assert html_to_text(html).endswith("> Merci de répondre\n\n> > aux questions")
    data = b"From: a@example.fr\nContent-Type: text/html; charset=utf-8\n\n" + html.encode()
    (reply,) = parse_eml(data).replies
    assert reply.text == "Je livre en 5 jours."


def test_mbox_three_messages():
    result = parse_mbox(read("three.mbox"))
    assert result.ok
    claire, paul, lena = result.replies
    assert [r.email for r in result.replies] == ["claire@example.fr", "paul@example.fr", "lena@example.org"]
    assert [r.source_line for r in result.replies] == [1, 9, 18]
    assert claire.text == "Bonjour, je livre en 5 jours.\nFrom my experience, c'est faisable."
    assert paul.text == "Deux semaines, 10 heures par semaine, tarif 25 €/h."
    assert lena.name == "Léna" and lena.text == "Disponible 18 heures par semaine."


def test_mbox_problem_names_message_and_line():
    data = read("three.mbox").replace(b"From: Paul <paul@example.fr>", b"From: Paul <paul@example>")
    result = parse_mbox(data)
    (problem,) = result.problems
    assert problem.line == 9
    assert problem.message == "Message 2 (ligne 9) : l'adresse e-mail « paul@example » n'est pas valide."


def test_mbox_without_separator_is_one_message():
    assert len(parse_mbox(read("plain.eml")).replies) == 1


def test_email_preserves_hostile_text():
    data = b"From: a@example.fr\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + HOSTILE.encode("utf-8")
    (reply,) = parse_eml(data).replies
    assert reply.text == HOSTILE


# --------------------------------------------------------------------------- JSON

def test_json_one_object():
    result = parse_json_items({"name": "Zoé", "email": "ZOE@example.fr", "text": HOSTILE, "hourly_rate": 25.5,
                               "received_at": "2026-10-05T14:30:00+02:00", "profile_url": "https://malt.fr/z",
                               "platform_level": "Niveau 2", "rating": 4.8, "id": "ignored"})
    assert result.ok
    (reply,) = result.replies
    assert reply == ParsedReply(name="Zoé", email="zoe@example.fr", text=HOSTILE,
                                received_at=datetime(2026, 10, 5, 12, 30, tzinfo=timezone.utc),
                                hourly_rate=Decimal("25.5"), profile_url="https://malt.fr/z",
                                platform_level="Niveau 2", rating=4.8)


def test_json_list_and_errors_by_index():
    result = parse_json_items([
        {"text": "Bonjour", "hourly_rate": "25,50 €"},
        {"name": "B"},
        "pas un objet",
        {"text": "x", "email": "b@", "received_at": "05/10/2026"},
        {"text": 12, "rating": True},
        {"text": "ok", "rating": "4,8/5", "hourly_rate": float("inf")},
    ])
    assert not result.ok
    assert [r.hourly_rate for r in result.replies] == [Decimal("25.50")]
    assert [(p.index, p.field) for p in result.problems] == [
        (1, "text"), (2, None), (3, "email"), (3, "received_at"), (4, "text"), (4, "rating"),
        (5, "hourly_rate")]
    assert all(p.line is None for p in result.problems)
    assert result.problems[0].message == "Élément 1 : le champ « text » (texte de la réponse) est obligatoire."
    assert result.problems[3].message.startswith("Élément 3 : la date « 05/10/2026 » n'est pas reconnue (format ISO")


@pytest.mark.parametrize("payload", ["texte", 3, None, b"x"])
def test_json_wrong_shape(payload):
    assert rejected(parse_json_items, payload) == "Le contenu JSON doit être un objet ou une liste d'objets."


def test_json_empty_list():
    assert "Aucune réponse" in rejected(parse_json_items, [])


# --------------------------------------------------------------------------- properties

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_split_pasted_never_raises_unexpectedly(text):
    try:
        result = split_pasted(text)
    except ImportRejected as exc:
        assert exc.message
        return
    for reply in result.replies:
        assert reply.text and reply.text in clean_text(text)  # verbatim but for the NUL characters


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8")),
       st.integers(min_value=0, max_value=3))
def test_parse_csv_never_raises_unexpectedly(data, column):
    try:
        sniff_csv(data)
        parse_csv(data, {"text": column, "email": 0, "hourly_rate": 1, "received_at": 1, "rating": 0})
    except ImportRejected as exc:
        assert exc.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_email_parsers_never_raise_unexpectedly(data):
    for parse in (parse_eml, parse_mbox):
        try:
            parse(b"From: a@example.fr\nContent-Type: text/plain; charset=utf-8\n\n" + data)
            parse(b"From x@y Mon Oct  5 14:30:00 2026\n" + data)
        except ImportRejected as exc:
            assert exc.message


@given(st.text())
def test_dedupe_is_stable(text):
    assert normalise_for_dedupe(normalise_for_dedupe(text)) == normalise_for_dedupe(text)
    assert dedupe_key("a@b.fr", text) == dedupe_key("A@B.FR", text)
