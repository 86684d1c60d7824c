"""A mission's budget as owners type it: "450 €", "20 à 30 €/h", "forfait 1 200 €". Pure."""
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from screening.missions.posting import CURRENCY_SYMBOLS, format_money

MAX_BUDGET = Decimal("10000000")
UNITS = ("mission", "hour")
MSG_BAD = "Saisissez un montant ou une fourchette, par exemple 450 €, 450 € pour la mission ou 20 à 30 €/h."

_HOUR_RE = re.compile(r"(?:/|\bpar\b|\bper\b|\bde l'|\bl')\s*(?:h|hr|heures?|hours?)\b"
                      r"|\bhoraires?\b|\bhourly\b|€\s*/?\s*h\b|\bl'heure\b", re.IGNORECASE)
_MISSION_RE = re.compile(r"\bforfait\b|\bpour (?:la|toute la) mission\b|\bau total\b|\btotal\b|\bglobal\b"
                         r"|\bfixed\b|\bflat\b", re.IGNORECASE)
_NOISE_RE = re.compile(r"€|\$|£|\beur(?:os?)?\b|\busd\b|\bgbp\b|\bchf\b|\bht\b|\bttc\b|\bnet\b"
                       r"|\benviron\b|\bca\b|\bmax(?:imum)?\b|\bmin(?:imum)?\b|\bde\b|\bentre\b"
                       r"|\bjusqu'?à\b|\bbudget\b|:", re.IGNORECASE)
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_RANGE_RE = re.compile(rf"({_NUMBER})(?:\s*(?:à|a|-|–|—|et|to)\s*({_NUMBER}))?")


@dataclass(frozen=True)
class Budget:
    """low (or the only amount), high (a range) and unit: per "hour" or for the whole "mission"."""

    low: Decimal
    high: Decimal | None = None
    unit: str | None = None  # None when the text did not say


def _number(text: str) -> Decimal:
    cleaned = re.sub(r"[ \u00a0\u202f]", "", text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", cleaned):  # "1.200" is a thousand separator
        cleaned = cleaned.replace(".", "")
    return Decimal(cleaned.replace(",", "."))


def parse_budget(text: str) -> Budget | None:
    """None for a blank budget; ValueError (French message) when the text is not an amount or a range."""
    raw = " ".join((text or "").split())
    if not raw:
        return None
    if re.match(r"[-−–]\s*\d", raw):
        raise ValueError("Le budget ne peut pas être négatif.")
    unit = "hour" if _HOUR_RE.search(raw) else "mission" if _MISSION_RE.search(raw) else None
    rest = _NOISE_RE.sub(" ", _MISSION_RE.sub(" ", _HOUR_RE.sub(" ", raw))).strip(" .")
    match = _RANGE_RE.fullmatch(" ".join(rest.split()))
    if not match:
        raise ValueError(MSG_BAD)
    try:
        low = _number(match.group(1))
        high = _number(match.group(2)) if match.group(2) else None
    except InvalidOperation:
        raise ValueError(MSG_BAD) from None
    if high is not None and high < low:
        low, high = high, low
    if high == low:
        high = None
    if (high or low) >= MAX_BUDGET:
        raise ValueError("Le budget dépasse 10 000 000.")
    return Budget(low, high, unit)


def _plain(amount: Decimal) -> str:
    """60 or 60,50 (French comma, no currency): what the form field shows."""
    text = f"{Decimal(amount).quantize(Decimal('0.01')):.2f}".replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def budget_input(low: Decimal | None, high: Decimal | None) -> str:
    """The budget as the form shows it back: "450" or "20 à 30"."""
    if low is None:
        return ""
    return _plain(low) if high is None else f"{_plain(low)} à {_plain(high)}"


def format_budget(low: Decimal | None, high: Decimal | None, unit: str, currency: str) -> str:
    """450 € pour la mission · 20 à 30 €/h · — when unknown."""
    if low is None:
        return "—"
    symbol = " " + CURRENCY_SYMBOLS.get(currency, currency)
    money = format_money(low, currency) if high is None else (
        f"{format_money(low, currency).removesuffix(symbol)} à {format_money(high, currency)}")
    return f"{money}/h" if unit == "hour" else f"{money} pour la mission"


def budget_check(low: Decimal | None, high: Decimal | None, unit: str, rate, cost) -> str | None:
    """"au-dessus du budget" when the reply's rate (hourly budget) or estimated cost (mission budget) exceeds
    the top of the budget, "dans le budget" when it fits, None when it cannot be told."""
    if low is None:
        return None
    top = high if high is not None else low
    value = rate if unit == "hour" else cost
    if value is None:
        return None
    return "au-dessus du budget" if Decimal(str(value)) > top else "dans le budget"
