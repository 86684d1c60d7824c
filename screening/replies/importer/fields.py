"""Field parsing shared by every import format: e-mail, rate, rating, dates, profile URL, records."""

from __future__ import annotations

import email.utils
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from screening.inputs import clean_value
from screening.replies.importer.common import (
    MAX_EMAIL_CHARS,
    MAX_LEVEL_CHARS,
    MAX_NAME_CHARS,
    MAX_RATE,
    MAX_REPLY_CHARS,
    MAX_URL_CHARS,
    MSG_NO_REPLY,
    Attachment,
    ImportRejected,
    ImportResult,
    ParsedReply,
    RowProblem,
    _fmt_int,
)

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
        raw = {key: clean_value(value) for key, value in raw.items()}  # the input boundary
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
