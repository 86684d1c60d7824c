"""Pure parsing layer of reply imports: paste, CSV, e-mail (.eml, mbox) and JSON payloads.

No Flask, no database, no I/O beyond the bytes or text given. Every entry point returns an
`ImportResult` (replies + per-record problems, all or nothing) or raises `ImportRejected` when the
whole input is unusable (empty, too big, binary, undecodable, no reply in it). Messages are in French
and meant to be shown to the owner as they are.

The reply text is kept exactly as received (CRLF, invisible characters, HTML, formulas): only the
split between replies and, for e-mails, the trimming of quoted messages and signatures touch it.
"""

from __future__ import annotations

import csv
import email
import email.header
import email.message
import email.policy
import email.utils
import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from typing import Any

# --------------------------------------------------------------------------------------------------
# Limits
# --------------------------------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_REPLY_CHARS = 1_000_000
MAX_ROWS = 20_000
MAX_NAME_CHARS = 200
MAX_EMAIL_CHARS = 254
MAX_URL_CHARS = 2048
MAX_LEVEL_CHARS = 100
MAX_RATE = Decimal("1000000")

# Fields an import can fill, in the order the mapping form shows them.
FIELDS = ("name", "email", "text", "hourly_rate", "received_at", "profile_url", "platform_level", "rating")
REQUIRED_FIELDS = ("text",)
FIELD_LABELS = {
    "name": "nom",
    "email": "adresse e-mail",
    "text": "texte de la réponse",
    "hourly_rate": "tarif horaire",
    "received_at": "date de réception",
    "profile_url": "lien du profil",
    "platform_level": "niveau sur la plateforme",
    "rating": "note",
}

# The csv module refuses fields over 128 KiB by default; a reply may be up to MAX_REPLY_CHARS and we
# want to report an over-long one on its line rather than fail on the whole file.
if csv.field_size_limit() < MAX_UPLOAD_BYTES + 1:
    csv.field_size_limit(MAX_UPLOAD_BYTES + 1)


def _fmt_int(n: int) -> str:
    """Format an integer the French way (thin groups of three: 1 000 000)."""
    return f"{n:,}".replace(",", "\u202f")


MSG_TOO_BIG = "Le fichier dépasse la taille maximale de 20 Mo."
MSG_PASTE_TOO_BIG = "Le texte collé dépasse la taille maximale de 20 Mo."
MSG_EMPTY = "Le fichier est vide."
MSG_PASTE_EMPTY = "Le texte collé est vide."
MSG_PASTE_NO_REPLY = "Aucune réponse trouvée dans le texte collé."
MSG_NO_REPLY = "Aucune réponse trouvée dans le fichier."
MSG_BINARY = ("Le fichier ne semble pas être un fichier texte (CSV) : il contient des données binaires. "
              "Exportez votre tableau au format CSV puis réessayez.")
MSG_UNDECODABLE = ("L'encodage du fichier n'est pas reconnu (ni UTF-8 ni Windows-1252). "
                   "Enregistrez-le au format « CSV UTF-8 » puis réessayez.")
MSG_TOO_MANY_ROWS = (f"Le fichier contient plus de {_fmt_int(MAX_ROWS)} réponses : "
                     "découpez-le en plusieurs fichiers.")
MSG_OPEN_QUOTE = ("Ligne {line} : une cellule ouverte par un guillemet n'est jamais refermée : le fichier "
                  "semble coupé (export ou copie interrompu). Rien n'a été importé ; exportez le fichier de "
                  "nouveau.")
MSG_TOO_MANY_CELLS = ("Ligne {line} : {cells} cellules alors que l'en-tête a {columns} colonnes (un séparateur "
                      "dans une cellule sans guillemets, ou un fichier abîmé ?). Rien n'a été importé ; "
                      "corrigez cette ligne ou exportez le fichier de nouveau.")
MSG_NOT_EMAIL = "Le fichier ne ressemble pas à un e-mail (.eml) : aucun en-tête de message trouvé."
MSG_JSON_SHAPE = "Le contenu JSON doit être un objet ou une liste d'objets."


# --------------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------------

class ImportRejected(Exception):
    """The whole input is unusable; `message` (French) says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Attachment:
    """An e-mail attachment, listed but never stored."""

    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class RowProblem:
    """One problem on one record: `line` is the physical line where it starts (None if unknown)."""

    line: int | None
    field: str | None
    message: str
    index: int | None = None  # position of the item in a JSON payload (0-based)


@dataclass(frozen=True)
class ParsedReply:
    """One reply ready to be saved; `text` is the body exactly as received."""

    name: str
    email: str
    text: str
    received_at: datetime | None = None
    hourly_rate: Decimal | None = None
    profile_url: str = ""
    platform_level: str = ""
    rating: float | None = None
    source_line: int | None = None
    attachments: tuple[Attachment, ...] = ()

    @property
    def dedupe_key(self) -> str:
        """Key under which the same reply imported twice is recognised."""
        return dedupe_key(self.email, self.text)


@dataclass(frozen=True)
class ImportResult:
    """Replies found and problems met; save nothing unless `ok`."""

    replies: tuple[ParsedReply, ...] = ()
    problems: tuple[RowProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when there is no problem at all."""
        return not self.problems


@dataclass(frozen=True)
class CsvPreview:
    """What the owner sees before mapping the columns of a CSV file."""

    encoding: str  # "utf-8", "utf-8-sig", "cp1252" or "utf-16"
    delimiter: str  # ",", ";", "\t" or SINGLE_COLUMN ("")
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    guessed_mapping: dict[str, int] = field(default_factory=dict)
    total_rows: int = 0


# --------------------------------------------------------------------------------------------------
# Dedupe and export helpers
# --------------------------------------------------------------------------------------------------

# Zero-width characters, BOM, bidi controls, soft hyphen and the like (format characters that change
# nothing visible): removed before comparing texts.
_INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]"
)
_WS_RE = re.compile(r"\s+")


def normalise_for_dedupe(text: str) -> str:
    """NFKC, drop invisible/bidi characters, collapse whitespace and casefold."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE_RE.sub("", text)
    return _WS_RE.sub(" ", text).strip().casefold()


def dedupe_key(email_address: str, text: str) -> str:
    """SHA-256 hex of the lower-cased address and the normalised text."""
    data = (email_address or "").strip().lower() + "\x00" + normalise_for_dedupe(text)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


_FORMULA_START = frozenset("=+-@")


def neutralise_cell(value: str) -> str:
    """Prefix a quote to a CSV export cell that a spreadsheet would run as a formula."""
    if not value:
        return value
    if value[0] in "\t\r" or value.lstrip()[:1] in _FORMULA_START:
        return "'" + value
    return value


# --------------------------------------------------------------------------------------------------
# Field parsing (shared by every format)
# --------------------------------------------------------------------------------------------------

def _show(value: str, limit: int = 60) -> str:
    """A value shortened for an error message."""
    value = value.replace("\r", " ").replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def is_valid_email(address: str) -> bool:
    """Basic check: one @, a dot in the domain, no spaces, at most 254 characters."""
    if not address or len(address) > MAX_EMAIL_CHARS or not _EMAIL_RE.fullmatch(address):
        return False
    domain = address.rsplit("@", 1)[1]
    return not (domain.startswith(".") or domain.endswith(".") or ".." in domain)


def clean_email(value: str) -> str:
    """Lower-case and strip an address, unwrapping `Nom <x@y>` and `mailto:`."""
    value = (value or "").strip()
    if "<" in value and value.endswith(">"):
        value = value[value.rindex("<") + 1: -1].strip()
    if value.lower().startswith("mailto:"):
        value = value[7:].strip()
    return value.lower()


_RATE_NOISE_RE = re.compile(
    r"(?:€|\$|£|\beur(?:os?)?\b|\busd\b|\bht\b|\bttc\b|\bnet\b"
    r"|(?:/|\bpar\b|\bper\b|\bde l'|\bl')\s*(?:h|hr|hrs|heures?|hours?)\b"
    r"|\b(?:de )?l'heure\b|\bhoraire\b|\bhourly\b)",
    re.IGNORECASE,
)
_RATE_RE = re.compile(r"\d{1,9}(?:[.,]\d{1,4})?")


def parse_rate(value: str) -> Decimal | None:
    """Parse an hourly rate ("25", "25,50", "25 €", "25€/h", "30 EUR"); None if blank, ValueError if bad."""
    value = (value or "").strip()
    if not value:
        return None
    cleaned = _RATE_NOISE_RE.sub(" ", value)
    cleaned = re.sub(r"[\s\u00a0\u202f\u2009]+", "", cleaned)
    if not _RATE_RE.fullmatch(cleaned):
        raise ValueError(value)
    rate = Decimal(cleaned.replace(",", "."))
    if rate >= MAX_RATE:
        raise ValueError(value)
    return rate


_RATING_RE = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*(?:(/)\s*(\d{1,3})|(%))?")


def parse_rating(value: str | float | int) -> float | None:
    """Parse a rating on five ("4,8", "4.8/5", "9/10", "96 %"); None if blank, ValueError if bad."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        rating = float(value)
    else:
        text = str(value or "").replace("★", "").replace("☆", "")
        text = re.sub(r"\([^()]*\)\s*$", "", text).strip()  # "4.9 (120 avis)"
        if not text:
            return None
        m = _RATING_RE.fullmatch(text)
        if not m:
            raise ValueError(text)
        rating = float(m.group(1).replace(",", "."))
        if m.group(2):
            scale = int(m.group(3))
            if scale == 0 or rating > scale:
                raise ValueError(text)
            rating = rating * 5 / scale
        elif m.group(4):
            if rating > 100:
                raise ValueError(text)
            rating = rating / 20
    if not math.isfinite(rating) or not 0 <= rating <= 5:
        raise ValueError(str(value))
    return round(rating, 2)


_FR_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    "january": 1, "february": 2, "feb": 2, "march": 3, "april": 4, "apr": 4, "may": 5, "june": 6,
    "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "october": 10,
    "november": 11, "december": 12,
}
_NUMERIC_DATE_RE = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(?:à\s*)?(\d{1,2})[:h](\d{2})?(?::(\d{2}))?"
    r"(?:\s*([AaPp])\.?[Mm]\.?)?)?"
)
_WORD_DATE_RE = re.compile(
    r"(?:[a-zé]+\.?,?\s+)?(\d{1,2})(?:er)?\s+([a-zéû]+)\.?\s+(\d{4})"
    r"(?:[ ,]+(?:[aà]\s*)?(\d{1,2})[:h](\d{2})?(?::(\d{2}))?)?"
)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass(frozen=True)
class DateOptions:
    """How to read dates that do not say everything: their zone, and 03/04 as day/month or month/day."""

    tz: tzinfo = timezone.utc
    day_first: bool = True
    # When set, a date without a year ("12/03 à 14:05", pasted) is the latest such date up to `now`.
    now: datetime | None = None


def parse_datetime(value: str, *, iso_only: bool = False,
                   options: DateOptions | None = None) -> datetime | None:
    """Parse ISO-8601, RFC 2822 or French dates ("12/10/2026 14:30", "12 octobre 2026"); aware, UTC.

    A date that gives no zone is a wall-clock time in `options.tz` (summer time included).
    """
    result, _has_zone = read_datetime(value, iso_only=iso_only, options=options)
    return result


def read_datetime(value: str, *, iso_only: bool = False,
                  options: DateOptions | None = None) -> tuple[datetime | None, bool]:
    """parse_datetime, and whether the text gave its own zone; ValueError if not a date."""
    options = options or DateOptions()
    text = (value or "").strip()
    if not text:
        return None, False
    result: datetime | None = None
    try:
        result = datetime.fromisoformat(text)
    except ValueError:
        if iso_only:
            raise ValueError(value) from None
    if result is None:
        result = _parse_loose_datetime(text, options.day_first)
    if result is None and options.now is not None:
        result = _parse_yearless(text, options)
    if result is None:
        raise ValueError(value)
    has_zone = result.tzinfo is not None
    if not has_zone:
        result = result.replace(tzinfo=options.tz)
    return result.astimezone(timezone.utc), has_zone


_YEARLESS_NUMERIC_RE = re.compile(
    r"(\d{1,2})[/.](\d{1,2})(?:[ ,]+(?:[aà]\s*)?(\d{1,2})[:h](\d{2})?)?")
_YEARLESS_WORD_RE = re.compile(
    r"(?:[a-z]+\.?,?\s+)?(\d{1,2})(?:er)?\s+([a-z]+)\.?(?:[ ,]+(?:a\s*)?(\d{1,2})[:h](\d{2})?)?")


def _parse_yearless(text: str, options: DateOptions) -> datetime | None:
    """"12/03 à 14:05", "12 mars 14h05": the latest such moment that is not after `options.now`."""
    m = _YEARLESS_NUMERIC_RE.fullmatch(text)
    if m:
        day, month = int(m.group(1)), int(m.group(2))
        if not options.day_first:
            day, month = month, day
    else:
        m = _YEARLESS_WORD_RE.fullmatch(_strip_accents(text).lower().replace("\u00a0", " "))
        if not m or m.group(2).rstrip(".") not in _FR_MONTHS:
            return None
        day, month = int(m.group(1)), _FR_MONTHS[m.group(2).rstrip(".")]
    now = options.now.astimezone(options.tz).replace(tzinfo=None)
    for year in (now.year, now.year - 1):
        try:
            candidate = datetime(year, month, day, int(m.group(3) or 0), int(m.group(4) or 0))
        except ValueError:  # 31/02, 25:00, or 29/02 outside a leap year
            continue
        if candidate <= now + timedelta(days=1):
            return candidate
    return None


def guess_day_first(values: Iterable[str]) -> bool | None:
    """True (13/03/2025 seen), False (03/13/2025 seen) or None when every date reads both ways."""
    for value in values:
        m = _NUMERIC_DATE_RE.fullmatch((value or "").strip())
        if m:
            first, second = int(m.group(1)), int(m.group(2))
            if first > 12 >= second:
                return True
            if second > 12 >= first:
                return False
    return None


def _parse_loose_datetime(text: str, day_first: bool = True) -> datetime | None:
    """Dates as French spreadsheets and mail clients write them; None if not recognised."""
    m = _NUMERIC_DATE_RE.fullmatch(text)
    try:
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if not day_first:
                day, month = month, day
            hour = int(m.group(4) or 0)
            if m.group(7):  # 12-hour clock (US exports): 12:05 AM is 00:05, 1:05 PM is 13:05
                if not 1 <= hour <= 12:
                    return None
                hour = hour % 12 + (12 if m.group(7) in "Pp" else 0)
            return datetime(year, month, day, hour, int(m.group(5) or 0), int(m.group(6) or 0))
        m = _WORD_DATE_RE.fullmatch(_strip_accents(text).lower().replace("\u00a0", " "))
        if m and m.group(2).rstrip(".") in _FR_MONTHS:
            return datetime(int(m.group(3)), _FR_MONTHS[m.group(2).rstrip(".")], int(m.group(1)),
                            int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0))
    except ValueError:  # 31/02/2026, 25:00...
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed


_URL_RE = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+[^\s]*", re.IGNORECASE)
_BARE_DOMAIN_RE = re.compile(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[^\s]*)?", re.IGNORECASE)


def clean_profile_url(value: str) -> str:
    """An http(s) link to the profile ("malt.fr/x" gets https://); ValueError for anything else."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > MAX_URL_CHARS:
        raise ValueError(value)
    if _URL_RE.fullmatch(value):
        return value
    # Only a bare domain gets a scheme: "javascript:..." and the like must never become a link.
    if _BARE_DOMAIN_RE.fullmatch(value):
        return "https://" + value
    raise ValueError(value)


class _Fields:
    """Validates the raw values of one record and collects its problems."""

    def __init__(self, prefix: str, line: int | None, index: int | None = None,
                 dates: DateOptions | None = None):
        self.prefix = prefix
        self.line = line
        self.index = index
        self.dates = dates
        self.problems: list[RowProblem] = []

    def problem(self, field_name: str | None, message: str) -> None:
        text = f"{self.prefix}{message}" if self.prefix else message[:1].upper() + message[1:]
        self.problems.append(RowProblem(self.line, field_name, text, self.index))

    def build(self, raw: Mapping[str, Any], attachments: tuple[Attachment, ...] = (),
              *, iso_dates: bool = False) -> ParsedReply | None:
        """Turn raw values into a ParsedReply, or None when a problem was found."""
        name = " ".join(_as_text(raw.get("name")).split())
        if len(name) > MAX_NAME_CHARS:
            self.problem("name", f"le nom dépasse {MAX_NAME_CHARS} caractères.")

        raw_email = _as_text(raw.get("email"))
        address = clean_email(raw_email)
        if address and not is_valid_email(address):
            if len(address) > MAX_EMAIL_CHARS:
                self.problem("email", f"l'adresse e-mail dépasse {MAX_EMAIL_CHARS} caractères.")
            else:
                self.problem("email", f"l'adresse e-mail « {_show(raw_email.strip())} » n'est pas valide.")

        text = _as_text(raw.get("text"))
        if not text.strip():
            self.problem("text", "le texte de la réponse est vide.")
        elif len(text) > MAX_REPLY_CHARS:
            self.problem("text", f"la réponse dépasse la longueur maximale de {_fmt_int(MAX_REPLY_CHARS)} "
                                 f"caractères ({_fmt_int(len(text))} caractères).")

        rate = None
        raw_rate = raw.get("hourly_rate")
        if isinstance(raw_rate, bool) or (isinstance(raw_rate, float) and not math.isfinite(raw_rate)):
            self.problem("hourly_rate", f"le tarif « {_show(str(raw_rate))} » n'est pas un montant valide "
                                        "(exemples : 25 ; 25,50 ; 25 €/h).")
        else:
            try:
                rate = parse_rate(_as_text(raw_rate))
            except (ValueError, InvalidOperation):
                self.problem("hourly_rate", f"le tarif « {_show(_as_text(raw_rate))} » n'est pas un montant "
                                            "valide (exemples : 25 ; 25,50 ; 25 €/h).")

        received_at = raw.get("received_at")
        if not isinstance(received_at, datetime):
            raw_date = _as_text(received_at)
            try:
                received_at = parse_datetime(raw_date, iso_only=iso_dates, options=self.dates)
            except (ValueError, OverflowError):
                received_at = None
                hint = "format ISO 8601 attendu, ex. 2026-10-05T14:30:00+02:00" if iso_dates \
                    else "exemples : 05/10/2026 14:30 ; 2026-10-05"
                self.problem("received_at", f"la date « {_show(raw_date)} » n'est pas reconnue ({hint}).")

        profile_url = ""
        try:
            profile_url = clean_profile_url(_as_text(raw.get("profile_url")))
        except ValueError:
            self.problem("profile_url", f"le lien du profil « {_show(_as_text(raw.get('profile_url')))} » "
                                        "n'est pas une adresse web (http:// ou https://).")

        level = " ".join(_as_text(raw.get("platform_level")).split())
        if len(level) > MAX_LEVEL_CHARS:
            self.problem("platform_level",
                         f"le niveau sur la plateforme dépasse {MAX_LEVEL_CHARS} caractères.")

        rating = None
        raw_rating = raw.get("rating")
        try:
            if isinstance(raw_rating, bool):
                raise ValueError(raw_rating)
            numeric = isinstance(raw_rating, (int, float))
            rating = parse_rating(raw_rating if numeric else _as_text(raw_rating))
        except (ValueError, OverflowError):
            self.problem("rating", f"la note « {_show(_as_text(raw_rating))} » n'est pas une note sur 5 "
                                   "(exemples : 4,8 ; 4.8/5).")

        if self.problems:
            return None
        return ParsedReply(name=name, email=address, text=text, received_at=received_at,
                           hourly_rate=rate, profile_url=profile_url, platform_level=level,
                           rating=rating, source_line=self.line, attachments=attachments)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(value)


def _line_prefix(line: int | None) -> str:
    return f"Ligne {line} : " if line is not None else ""


def _finish(replies: list[ParsedReply], problems: list[RowProblem],
            empty: str = MSG_NO_REPLY) -> ImportResult:
    if not replies and not problems:
        raise ImportRejected(empty)
    return ImportResult(tuple(replies), tuple(problems))


# --------------------------------------------------------------------------------------------------
# Paste
# --------------------------------------------------------------------------------------------------

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_SEPARATOR_RE = re.compile(r"[ \t]*-{3,}[ \t]*(?:\r\n|\r|\n)?")
_HEADER_RE = re.compile(
    r"[ \t]*(de|from|nom|name|e-?mail|courriel|date|tarif(?:[ \t]+horaire)?|taux[ \t]+horaire)"
    r"[ \t\u00a0]*:[ \t\u00a0]*(.*?)[ \t]*(?:\r\n|\r|\n)?"
    # "Reçue le 12/03 à 14:05", as platforms print it above a message
    r"|[ \t]*(re[çc]ue?|envoy[ée]e?)[ \t]+le[ \t\u00a0]*:?[ \t\u00a0]*(\S.*?)[ \t]*(?:\r\n|\r|\n)?",
    re.IGNORECASE,
)
_SENDER_KEYS = frozenset({"de", "from", "nom", "name"})


def _lines(text: str) -> list[str]:
    """Lines with their own endings, split on CRLF, CR and LF only (as editors count them)."""
    return _LINE_RE.findall(text)


def _is_blank(line: str) -> bool:
    return not line.strip(" \t\r\n")


def split_pasted(text: str, dates: DateOptions | None = None) -> ImportResult:
    """Split pasted text into replies, on `---` lines or on e-mail-like headers (De :, From:, Nom :...).

    A block may carry its date ("Date : …", "Reçue le 12/03 à 14:05", read with `dates`) and its rate
    ("Tarif : 25 €/h"); a block without a date has none (the date is unknown, never "now").
    """
    if len(text) > MAX_UPLOAD_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_UPLOAD_BYTES:
        raise ImportRejected(MSG_PASTE_TOO_BIG)
    if not text.strip():
        raise ImportRejected(MSG_PASTE_EMPTY)
    lines = _lines(text)
    blocks: list[tuple[int, list[tuple[str, str, int]], list[str]]] = []  # (line, headers, body lines)
    i, n = 0, len(lines)
    chunk_start = 0
    while i <= n:
        if i == n or _SEPARATOR_RE.fullmatch(lines[i]):
            blocks.extend(_split_on_headers(lines, chunk_start, i))
            chunk_start = i + 1
        i += 1
    if len(blocks) > MAX_ROWS:
        raise ImportRejected(f"Le texte collé contient plus de {_fmt_int(MAX_ROWS)} réponses : "
                             "importez-le en plusieurs fois.")
    replies: list[ParsedReply] = []
    problems: list[RowProblem] = []
    for line_no, headers, body in blocks:
        raw: dict[str, Any] = {"text": "".join(body)}
        fields = _Fields(_line_prefix(line_no), line_no, dates=dates)
        for key, value, _header_line in headers:
            key = " ".join(key.lower().replace("-", "").split())
            if key in ("de", "from"):
                if "@" in value:
                    name, address = email.utils.parseaddr(value)
                    raw.setdefault("name", name)
                    raw["email"] = address or value
                else:  # "De : Marie Durand"
                    raw.setdefault("name", value)
            elif key in ("nom", "name"):
                raw["name"] = value
            elif key in ("email", "courriel"):
                raw["email"] = value
            elif key == "date" or key.startswith(("reçu", "recu", "envoy")):
                raw["received_at"] = value
            elif key.startswith(("tarif", "taux")):
                raw["hourly_rate"] = value
        if raw["text"] == "" and not headers:
            continue  # two separators in a row, or a separator at the end
        reply = fields.build(raw)
        if reply is not None:
            replies.append(reply)
        problems.extend(fields.problems)
    return _finish(replies, problems, MSG_PASTE_NO_REPLY)


def _split_on_headers(lines: list[str], start: int, end: int) -> Iterator[tuple[int, list, list[str]]]:
    """Split lines[start:end] where a header block (De :, Nom :...) begins after some body text."""
    i = start
    while i < end and _is_blank(lines[i]):
        i += 1
    if i == end:
        return
    current_line = i + 1
    headers, i = _read_headers(lines, i, end)
    body_start = i
    j = i
    while j < end:
        if not _is_blank(lines[j]) and _HEADER_RE.fullmatch(lines[j]) and j > body_start:
            group, after = _read_headers(lines, j, end)
            keys = {k.lower().replace("-", "") for k, _, _ in group}
            # A lone "Email : x" in a signature stays in the body; a sender line or two headers start
            # a new reply.
            if keys & _SENDER_KEYS or len(group) >= 2:
                yield current_line, headers, _trim_blank(lines[body_start:j])
                current_line, headers, body_start = j + 1, group, after
                j = after
                continue
        j += 1
    yield current_line, headers, _trim_blank(lines[body_start:end])


def _read_headers(lines: list[str], i: int, end: int) -> tuple[list[tuple[str, str, int]], int]:
    headers = []
    while i < end:
        m = _HEADER_RE.fullmatch(lines[i])
        if not m:
            break
        key, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        headers.append((key, value, i + 1))
        i += 1
    return headers, i


def _trim_blank(lines: list[str]) -> list[str]:
    """Drop blank lines around a reply and the line ending of its last line."""
    start, end = 0, len(lines)
    while start < end and _is_blank(lines[start]):
        start += 1
    while end > start and _is_blank(lines[end - 1]):
        end -= 1
    kept = lines[start:end]
    if kept:
        kept[-1] = kept[-1].rstrip("\r\n")
    return kept


# --------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_upload(data: bytes) -> tuple[str, str]:
    """Decode an uploaded text file: (text, encoding); ImportRejected if empty, too big or binary."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRejected(MSG_TOO_BIG)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportRejected(MSG_EMPTY)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Texte Unicode" export
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportRejected(MSG_UNDECODABLE) from None
    else:
        if b"\x00" in data:
            raise ImportRejected(MSG_BINARY)
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                sample = data[:65536].decode("latin-1")
                if len(_CONTROL_RE.findall(sample)) > max(8, len(sample) // 20):
                    raise ImportRejected(MSG_BINARY) from None
                raise ImportRejected(MSG_UNDECODABLE) from None
    sample = text[:65536]
    if "\x00" in sample or len(_CONTROL_RE.findall(sample)) > max(8, len(sample) // 20):
        raise ImportRejected(MSG_BINARY)
    if not text.strip():
        raise ImportRejected(MSG_EMPTY)
    return text, encoding


# The delimiter reported for a file of a single column: no character splits its cells.
SINGLE_COLUMN = ""
_DELIMITERS = (",", ";", "\t", SINGLE_COLUMN)


def _reader(text: str, delimiter: str):
    # A single-column file is read with a separator that text never holds (the unit separator),
    # so that "Bonjour, je suis..." stays one cell.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or "\x1f")


def _sniff_delimiter(text: str) -> str:
    """Pick `,`, `;` or tab: the one giving the same number (> 1) of columns on the first records."""
    sample = text[:262144]
    truncated = len(text) > len(sample)
    best, best_score = SINGLE_COLUMN, (0, 0, 0)
    for priority, delimiter in enumerate((";", ",", "\t")):
        try:
            reader = _reader(sample, delimiter)
            rows = [r for r in _take(reader, 50) if r]
        except csv.Error:
            continue
        if truncated and len(rows) > 1:
            rows = rows[:-1]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        consistent = sum(1 for r in rows if len(r) == width)
        score = (consistent, width, -priority)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _take(iterable: Iterable, n: int) -> list:
    out = []
    for item in iterable:
        out.append(item)
        if len(out) >= n:
            break
    return out


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """Yield (start line, cells, csv error) for each non-blank record.

    A file cut inside a quoted cell is refused (ImportRejected): its last record would be a reply
    cut short, and the csv module reads it without a word.
    """
    reader = _reader(text, delimiter)
    previous_end = 0
    last_start = 0
    while True:
        start = previous_end + 1
        try:
            row = next(reader)
        except StopIteration:
            if last_start and _ends_inside_quotes(text, last_start, delimiter or "\x1f"):
                raise ImportRejected(MSG_OPEN_QUOTE.format(line=last_start)) from None
            return
        except csv.Error as exc:
            previous_end = reader.line_num
            yield start, None, str(exc)
            continue
        previous_end = reader.line_num
        last_start = start
        if any(cell.strip() for cell in row):  # blank lines and ";;;;" rows are skipped
            yield start, row, None


_LINE_END_RE = re.compile(r"\r\n|\r|\n")


def _ends_inside_quotes(text: str, start_line: int, delimiter: str) -> bool:
    """True when the record starting at `start_line` reaches the end of the text inside a quoted cell."""
    # Only the last record can be open at the end: find where it begins, then follow its quotes.
    offset = 0
    if start_line > 1:
        for count, m in enumerate(_LINE_END_RE.finditer(text), start=1):
            if count == start_line - 1:
                offset = m.end()
                break
    in_quotes = False
    at_field_start = True
    i, n = offset, len(text)
    while i < n:
        if in_quotes:
            close = text.find('"', i)
            if close < 0:
                return True
            if text.startswith('""', close):
                i = close + 2
                continue
            in_quotes, at_field_start, i = False, False, close + 1
            continue
        ch = text[i]
        if ch == '"' and at_field_start:
            in_quotes, i = True, i + 1
            continue
        if ch in "\r\n":
            return False  # the record ended on this line: it is complete
        at_field_start = ch == delimiter
        i += 1
    return False


def _normalise_header(value: str) -> str:
    value = _strip_accents(value).casefold()
    return " ".join(re.findall(r"[a-z0-9]+", value))


_HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("nom", "name", "nom complet", "full name", "prenom nom", "nom prenom", "candidat", "candidate",
             "freelance", "freelancer", "applicant", "auteur", "author", "prestataire", "seller", "vendeur",
             "pseudo", "username", "nom d utilisateur", "expediteur", "sender", "identite"),
    "email": ("e mail", "email", "courriel", "mail", "adresse e mail", "adresse email", "email address",
              "e mail address", "adresse electronique", "adresse mail", "mel"),
    "text": ("message", "reponse", "texte", "text", "reply", "response", "contenu", "content", "body",
             "corps", "proposition", "proposal", "cover letter", "lettre de motivation", "candidature",
             "texte de la reponse", "commentaire", "comment", "description", "answer", "your answer",
             "votre reponse", "votre message", "votre candidature", "presentez vous", "presentation"),
    "hourly_rate": ("tarif", "taux horaire", "rate", "hourly rate", "tarif horaire", "prix", "price", "tjm",
                    "taux", "prix horaire", "cout horaire", "tarif h", "remuneration", "budget"),
    "received_at": ("date", "recu le", "date de reception", "received", "received at", "sent", "envoye le",
                    "date d envoi", "timestamp", "horodatage", "submitted", "submitted at", "created at",
                    "date de candidature", "date et heure", "heure",
                    # Google Forms (fr, en), Typeform ("Submit Date (UTC)"), Tally, Jotform, Framaforms
                    "horodateur", "date de soumission", "soumis le", "submit date", "submission date",
                    "date submitted", "submitted on", "envoye", "date de reponse", "reponse recue le"),
    "profile_url": ("profil", "profile", "lien", "url", "lien du profil", "profile url", "lien profil",
                    "link", "profile link", "lien vers le profil", "page"),
    "platform_level": ("niveau", "level", "seller level", "niveau vendeur", "badge", "statut", "status",
                       "niveau plateforme", "niveau sur la plateforme", "rang", "rank"),
    "rating": ("note", "rating", "evaluation", "avis", "stars", "etoiles", "note moyenne", "average rating",
               "score", "note client", "reviews"),
}


def guess_mapping(header: Sequence[str], rows: Sequence[Sequence[str]] = ()) -> dict[str, int]:
    """Guess which column holds which field from the header names (French and English)."""
    candidates: list[tuple[int, int, int, str]] = []  # (-strength, column, synonym rank, field)
    for column, title in enumerate(header):
        norm = _normalise_header(title)
        if not norm:
            continue
        padded = f" {norm} "
        for field_name, synonyms in _HEADER_SYNONYMS.items():
            best = None
            for rank, synonym in enumerate(synonyms):
                if norm == synonym:
                    strength = 3
                elif norm.startswith(synonym + " "):
                    strength = 2
                elif f" {synonym} " in padded:
                    strength = 1
                else:
                    continue
                if best is None or (-strength, rank) < best:
                    best = (-strength, rank)
            if best is not None:
                candidates.append((best[0], best[1], column, field_name))
    candidates.sort()
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for _, _, column, field_name in candidates:
        if field_name not in mapping and column not in used:
            mapping[field_name] = column
            used.add(column)
    if "text" not in mapping and rows:
        # No telling header: the reply is the column with the longest content.
        lengths = [(sum(len(r[c]) for r in rows if c < len(r)) / len(rows), c)
                   for c in range(len(header)) if c not in used]
        if lengths:
            mean, column = max(lengths)
            if mean >= 40:
                mapping["text"] = column
    return {f: mapping[f] for f in FIELDS if f in mapping}


def _check_width(row: Sequence[str], header: Sequence[str], line: int) -> None:
    """A row longer than the header is refused: its cells no longer line up with the columns."""
    cells = len(row)
    while cells > len(header) and not row[cells - 1].strip():
        cells -= 1  # trailing empty cells ("a;b;c;;") are only separators
    if cells > len(header):
        raise ImportRejected(MSG_TOO_MANY_CELLS.format(line=line, cells=cells, columns=len(header)))


def sniff_csv(data: bytes, preview_rows: int = 5) -> CsvPreview:
    """Detect encoding and separator, and return the header, the first rows and a guessed mapping."""
    text, encoding = decode_upload(data)
    delimiter = _sniff_delimiter(text)
    header: list[str] | None = None
    rows: list[tuple[str, ...]] = []
    total = 0
    for line, row, _error in _records(text, delimiter):
        if row is None:
            row = []
        if header is None:
            header = [cell.strip() for cell in row]
            continue
        _check_width(row, header, line)
        total += 1
        if total > MAX_ROWS:
            raise ImportRejected(MSG_TOO_MANY_ROWS)
        if len(rows) < preview_rows:
            rows.append(tuple(row))
    if header is None:
        raise ImportRejected(MSG_EMPTY)
    if total == 0:
        raise ImportRejected(MSG_NO_REPLY)
    return CsvPreview(encoding=encoding, delimiter=delimiter, header=tuple(header), rows=tuple(rows),
                      guessed_mapping=guess_mapping(header, rows), total_rows=total)


def check_mapping(mapping: Mapping[str, int], header: Sequence[str]) -> None:
    """Raise ImportRejected if a required field is unmapped or a column does not exist."""
    for field_name in mapping:
        if field_name not in FIELD_LABELS:
            raise ImportRejected("Champ inconnu dans la correspondance des colonnes : "
                                 f"« {_show(str(field_name))} ».")
    for field_name in REQUIRED_FIELDS:
        if mapping.get(field_name) is None:
            raise ImportRejected(f"Aucune colonne n'est choisie pour le champ obligatoire "
                                 f"« {FIELD_LABELS[field_name]} » : indiquez quelle colonne le contient.")
    for field_name, column in mapping.items():
        if column is None:
            continue
        if isinstance(column, bool) or not isinstance(column, int) or not 0 <= column < len(header):
            raise ImportRejected(f"La colonne choisie pour « {FIELD_LABELS[field_name]} » n'existe pas dans "
                                 f"le fichier ({len(header)} colonnes).")


def parse_csv(data: bytes, mapping: Mapping[str, int | None], *,
              delimiter: str | None = None, dates: DateOptions | None = None) -> ImportResult:
    """Parse a CSV upload with the owner's column mapping (field -> 0-based column index).

    Dates without a zone are read with `dates` (the owner's zone, day or month first).
    """
    text, _encoding = decode_upload(data)
    if delimiter not in _DELIMITERS:
        delimiter = _sniff_delimiter(text)
    records = _records(text, delimiter)
    header = None
    for _line, row, _error in records:
        header = row or []
        break
    if header is None:
        raise ImportRejected(MSG_EMPTY)
    check_mapping(mapping, header)
    columns = [(f, c) for f, c in mapping.items() if c is not None]
    replies: list[ParsedReply] = []
    problems: list[RowProblem] = []
    count = 0
    for line, row, _error in records:
        count += 1
        if count > MAX_ROWS:
            raise ImportRejected(MSG_TOO_MANY_ROWS)
        fields = _Fields(_line_prefix(line), line, dates=dates)
        if row is None:
            fields.problem(None, "cette ligne du fichier est illisible (guillemets mal fermés ?).")
            problems.extend(fields.problems)
            continue
        _check_width(row, header, line)
        raw = {f: (row[c] if c < len(row) else "") for f, c in columns}
        reply = fields.build(raw)
        if reply is not None:
            replies.append(reply)
        problems.extend(fields.problems)
    return _finish(replies, problems)


# --------------------------------------------------------------------------------------------------
# E-mail (.eml and mbox)
# --------------------------------------------------------------------------------------------------

_LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii",
                            "iso_8859-1", "windows-1252", "cp1252"})


def _decode_bytes(payload: bytes, charset: str | None) -> str:
    """Decode with the declared charset, whatever it is; never raises."""
    if charset:
        charset = charset.strip().strip('"').lower()
        # As browsers do: mail labelled Latin-1 or ASCII is in practice Windows-1252 (€, ’...).
        if charset in _LATIN1_LABELS:
            charset = "cp1252"
        try:
            return payload.decode(charset, errors="replace")
        # bandit B110: unknown charset, or a codec that is not a text encoding: fall through to UTF-8
        except Exception:  # nosec B110
            pass
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1252", errors="replace")


def _unsurrogate(value: str) -> str:
    """Undo the surrogateescape of raw 8-bit header bytes (UTF-8, else Windows-1252)."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return _decode_bytes(value.encode("utf-8", "surrogateescape"), None)


def _decode_words(value: str) -> str:
    """Decode RFC 2047 encoded words (=?utf-8?q?...?=) in a header value; never raises."""
    value = _unsurrogate(value)
    if "=?" not in value:
        return value
    try:
        parts = email.header.decode_header(value)
    except Exception:  # malformed encoded words: keep the raw text
        return value
    out = []
    for part, charset in parts:
        if isinstance(part, str):
            out.append(part)
        else:
            out.append(_decode_bytes(part, charset))
    return "".join(out)


def _raw_header(msg: email.message.Message, name: str) -> str:
    for key, value in msg.raw_items():
        if key.lower() == name:
            return re.sub(r"\r?\n[ \t]+", " ", str(value)).strip()
    return ""


def _param(part: email.message.Message, header: str, param: str) -> str:
    try:
        value = part.get_param(param, header=header)
    except Exception:
        return ""
    if value is None:
        return ""
    if isinstance(value, tuple):  # RFC 2231: (charset, language, value)
        try:
            value = email.utils.collapse_rfc2231_value(value)
        except Exception:
            value = value[2]
    return _decode_words(str(value))


class _HtmlToText(HTMLParser):
    """Text of an HTML mail: scripts and styles dropped, line breaks kept for block elements,
    <blockquote> lines prefixed with "> " so that quoted messages are trimmed as in plain text."""

    PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre"})
    BLOCK = frozenset({"div", "li", "tr", "hr", "section", "article", "header", "footer", "dd", "dt"})
    SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, int]] = []  # (text, blockquote depth)
        self.skip_depth = 0
        self.pre_depth = 0
        self.quote_depth = 0

    def handle_starttag(self, tag, attrs):
        self._break(tag)
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag == "pre":
            self.pre_depth += 1
        elif tag == "blockquote":
            self.quote_depth += 1
        elif tag == "li":
            self._add("- ")

    def handle_startendtag(self, tag, attrs):
        self._break(tag)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
        if tag != "br":
            self._break(tag)

    def handle_data(self, data):
        if not self.skip_depth:
            self._add(data if self.pre_depth else re.sub(r"[ \t\r\n\f]+", " ", data))

    def _add(self, text: str) -> None:
        self.parts.append((text, self.quote_depth))

    def _break(self, tag):
        if tag == "br":
            self._add("\n")
        elif tag in self.PARAGRAPH or tag in self.BLOCK:
            # a block starts on its own line; a paragraph is also set off by a blank line
            ending = "".join(text for text, _ in self.parts[-2:])
            wanted = "\n\n" if tag in self.PARAGRAPH else "\n"
            if self.parts and not ending.endswith(wanted):
                self._add("\n" if ending.endswith("\n") else wanted)

    def text(self) -> str:
        lines: list[list] = [["", 0]]
        for chunk, depth in self.parts:
            for k, piece in enumerate(chunk.split("\n")):
                if k:
                    lines.append(["", 0])
                if piece.strip():
                    lines[-1][1] = max(lines[-1][1], depth)
                lines[-1][0] += piece
        out = [("> " * depth + line.strip(" ")) if depth else line.strip(" ") for line, depth in lines]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def html_to_text(html: str) -> str:
    """Plain text of an HTML body (never raises)."""
    parser = _HtmlToText()
    try:
        parser.feed(html)
        parser.close()
    # bandit B110: html.parser is lenient; keep the text read so far rather than fail
    except Exception:  # nosec B110
        pass
    return parser.text()


_SIGNATURE_RE = re.compile(r"-- ?")
_MOBILE_RE = re.compile(
    r"[ \t]*(?:Envoyé (?:de|depuis|à partir de) (?:mon|my)\b|Sent from my\b|Get Outlook for\b"
    r"|Obtenir Outlook pour\b|Télécharger Outlook pour\b).*",
    re.IGNORECASE,
)
_ORIGINAL_RE = re.compile(
    r"[ \t]*-{2,}[ \t]*(?:Original Message|Message d'origine|Message original|Forwarded message"
    r"|Message transféré|Message d’origine)[ \t]*-{2,}.*",
    re.IGNORECASE,
)
_WROTE_RE = re.compile(r"[ \t]*(?:Le\b.{1,300}\ba écrit|On\b.{1,300}\bwrote)[ \t]*:[ \t]*", re.IGNORECASE)
_OUTLOOK_FROM_RE = re.compile(r"[ \t]*\*?(?:De|From)[ \t\u00a0]*:.*", re.IGNORECASE)
_OUTLOOK_NEXT_RE = re.compile(r"[ \t]*\*?(?:Envoyé|Sent|Date|À|To|Objet|Subject)[ \t\u00a0]*:.*",
                              re.IGNORECASE)


_RULE_RE = re.compile(r"[ \t]*[_=*-]{5,}[ \t]*(?:\r\n|\r|\n)?")  # Outlook's line above "De :"


def _is_quoted(line: str) -> bool:
    return line.lstrip(" \t").startswith(">")


def trim_email_body(body: str) -> str:
    """Cut quoted earlier messages and the signature off a mail body; the rest is left untouched."""
    lines = _lines(body)
    stripped = [line.rstrip("\r\n") for line in lines]
    cut = len(lines)
    for i, line in enumerate(stripped):
        if _SIGNATURE_RE.fullmatch(line) or _MOBILE_RE.fullmatch(line) or _ORIGINAL_RE.fullmatch(line):
            cut = i
            break
        if _OUTLOOK_FROM_RE.fullmatch(line) and any(_OUTLOOK_NEXT_RE.fullmatch(s)
                                                    for s in stripped[i + 1:i + 4]):
            cut = i
            break
        # "Le ... a écrit :" may be wrapped over two lines; only cut when all that follows is quoted,
        # so that answers written between quoted questions are kept.
        for span in (1, 2):
            attribution = " ".join(s.strip() for s in stripped[i:i + span])
            if i + span <= len(lines) and _WROTE_RE.fullmatch(attribution):
                if all(_is_quoted(s) or _is_blank(s) for s in stripped[i + span:]):
                    cut = i
                break
        if cut != len(lines):
            break
    kept = lines[:cut]
    # Drop the trailing block of quoted lines (a bottom-quoted original message).
    end = len(kept)
    while end and (_is_blank(kept[end - 1]) or _is_quoted(kept[end - 1])
                   or _RULE_RE.fullmatch(kept[end - 1])):
        end -= 1
    return "".join(_trim_blank(kept[:end]))


def _message_parts(msg: email.message.Message) -> tuple[str, tuple[Attachment, ...]]:
    """The chosen text body and the attachments of a parsed message."""
    plain: list[str] = []
    html: list[str] = []
    attachments: list[Attachment] = []
    try:
        parts = list(msg.walk())
    except Exception:
        parts = [msg]
    for part in parts:
        try:
            if part.is_multipart():
                continue
            content_type = (part.get_content_type() or "text/plain").lower()
        # bandit B112: a malformed MIME part is skipped; the rest of the mail is kept
        except Exception:  # nosec B112
            continue
        disposition = (_raw_header(part, "content-disposition").split(";", 1)[0]).strip().lower()
        filename = _param(part, "content-disposition", "filename") or _param(part, "content-type", "name")
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            payload = None
        if not isinstance(payload, bytes):
            raw = part.get_payload()
            payload = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
        if disposition == "attachment" or filename or content_type not in ("text/plain", "text/html"):
            attachments.append(Attachment(filename=filename or "(sans nom)", content_type=content_type,
                                          size=len(payload)))
            continue
        charset = _param(part, "content-type", "charset") or None
        text = _decode_bytes(payload, charset)
        (html if content_type == "text/html" else plain).append(text)
    body = next((t for t in plain if t.strip()), "")
    for page in html if not body.strip() else ():
        body = html_to_text(page)
        if body.strip():
            break
    return body, tuple(attachments)


def _looks_like_email(msg: email.message.Message) -> bool:
    keys = {k.lower() for k in msg.keys()}
    return bool(keys & {"from", "date", "subject", "to", "message-id", "received", "content-type",
                        "mime-version", "return-path"})


def _parse_message(data: bytes, prefix: str, line: int | None) -> tuple[ParsedReply | None, list[RowProblem]]:
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    if not _looks_like_email(msg):
        if not prefix:
            raise ImportRejected(MSG_NOT_EMAIL)
        return None, [RowProblem(line, None, f"{prefix}ce message n'a aucun en-tête reconnu.")]
    raw_from = _raw_header(msg, "from")
    name, address = email.utils.parseaddr(_unsurrogate(raw_from))
    name = _decode_words(name).strip()
    if not address and raw_from:
        address = raw_from
    date = None
    raw_date = _raw_header(msg, "date")
    if raw_date:
        try:
            date = email.utils.parsedate_to_datetime(_unsurrogate(raw_date))
            date = date.replace(tzinfo=timezone.utc) if date.tzinfo is None else date.astimezone(timezone.utc)
        except (TypeError, ValueError, IndexError, OverflowError):
            date = None  # a broken Date header in a mail client's export is not the owner's problem
    body, attachments = _message_parts(msg)
    text = trim_email_body(body)
    fields = _Fields(prefix, line)
    reply = fields.build({"name": name, "email": _decode_words(address), "text": text, "received_at": date},
                         attachments)
    return reply, fields.problems


def _check_upload(data: bytes) -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRejected(MSG_TOO_BIG)
    if not data.strip():
        raise ImportRejected(MSG_EMPTY)


def parse_eml(data: bytes) -> ImportResult:
    """Parse one e-mail (.eml): sender, date, plain-text body trimmed of quotes and signature, attachments."""
    _check_upload(data)
    reply, problems = _parse_message(data, "", None)
    return _finish([reply] if reply else [], problems)


_MBOX_FROM_RE = re.compile(rb"^From [^\r\n]*", re.MULTILINE)
# "From sender@x Mon Oct 12 10:00:00 2026": a separator has a time in it, or follows a blank line.
_MBOX_STAMP_RE = re.compile(rb"From \S+\s.*\d{1,2}:\d{2}")
_MBOX_ESCAPE_RE = re.compile(rb"^>(>*From )", re.MULTILINE)


def parse_mbox(data: bytes) -> ImportResult:
    """Parse an mbox mailbox (a mail client's export): one reply per message."""
    _check_upload(data)
    if not data.startswith(b"From "):
        return parse_eml(data)  # a single message uploaded as a mailbox
    starts = [m.start() for m in _MBOX_FROM_RE.finditer(data)
              if m.start() == 0 or _MBOX_STAMP_RE.match(m.group())
              or data[max(0, m.start() - 2):m.start()] == b"\n\n"
              or data[max(0, m.start() - 4):m.start()] == b"\r\n\r\n"]
    replies: list[ParsedReply] = []
    problems: list[RowProblem] = []
    line, previous = 1, 0
    if len(starts) > MAX_ROWS:
        raise ImportRejected(MSG_TOO_MANY_ROWS)
    for number, start in enumerate(starts, 1):
        line += data.count(b"\n", previous, start)
        previous = start
        end = starts[number] if number < len(starts) else len(data)
        chunk = data[start:end]
        chunk = chunk[chunk.find(b"\n") + 1:] if b"\n" in chunk else b""  # drop the "From " line
        chunk = _MBOX_ESCAPE_RE.sub(rb"\1", chunk)
        reply, found = _parse_message(chunk, f"Message {number} (ligne {line}) : ", line)
        if reply is not None:
            replies.append(reply)
        problems.extend(found)
    return _finish(replies, problems)


# --------------------------------------------------------------------------------------------------
# JSON API payload
# --------------------------------------------------------------------------------------------------

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "name": (str,), "email": (str,), "text": (str,), "hourly_rate": (str, int, float),
    "received_at": (str,), "profile_url": (str,), "platform_level": (str,), "rating": (str, int, float),
}


def parse_json_items(payload: Any) -> ImportResult:
    """Validate an already-decoded JSON object or list of objects (errors carry the item index)."""
    if isinstance(payload, dict):
        items = [payload]
    elif isinstance(payload, list):
        items = payload
    else:
        raise ImportRejected(MSG_JSON_SHAPE)
    if not items:
        raise ImportRejected("Aucune réponse trouvée dans les données envoyées.")
    if len(items) > MAX_ROWS:
        raise ImportRejected(f"Plus de {_fmt_int(MAX_ROWS)} réponses envoyées en une fois : "
                             "découpez l'envoi.")
    replies: list[ParsedReply] = []
    problems: list[RowProblem] = []
    for index, item in enumerate(items):
        fields = _Fields(f"Élément {index} : ", None, index)
        if not isinstance(item, dict):
            fields.problem(None, "un objet JSON est attendu ({\"text\": ...}).")
            problems.extend(fields.problems)
            continue
        raw: dict[str, Any] = {}
        for key, types in _JSON_TYPES.items():
            value = item.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, types):
                kind = "un texte" if types == (str,) else "un nombre ou un texte"
                fields.problem(key, f"le champ « {key} » doit être {kind}.")
                continue
            raw[key] = value
        if "text" not in item:
            fields.problem("text", "le champ « text » (texte de la réponse) est obligatoire.")
            problems.extend(fields.problems)
            continue
        if fields.problems:
            problems.extend(fields.problems)
            continue
        reply = fields.build(raw, iso_dates=True)
        if reply is not None:
            replies.append(reply)
        problems.extend(fields.problems)
    return ImportResult(tuple(replies), tuple(problems))
