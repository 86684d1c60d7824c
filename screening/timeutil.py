"""Time helpers: everything stored is UTC; times typed or shown are in the owner's time zone."""
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/Paris"

# Zones offered on "Mon compte" (French-speaking owners); any other valid IANA name is kept as is.
COMMON_ZONES = (
    ("Europe/Paris", "France métropolitaine (Paris)"),
    ("Europe/Brussels", "Belgique (Bruxelles)"),
    ("Europe/Luxembourg", "Luxembourg"),
    ("Europe/Zurich", "Suisse (Zurich, Genève)"),
    ("Europe/Monaco", "Monaco"),
    ("America/Toronto", "Québec, Ontario (Montréal, Toronto)"),
    ("Africa/Casablanca", "Maroc (Casablanca)"),
    ("Africa/Algiers", "Algérie (Alger)"),
    ("Africa/Tunis", "Tunisie (Tunis)"),
    ("Africa/Dakar", "Sénégal (Dakar)"),
    ("Africa/Abidjan", "Côte d'Ivoire (Abidjan)"),
    ("Indian/Reunion", "La Réunion"),
    ("Indian/Mauritius", "Maurice"),
    ("America/Martinique", "Martinique"),
    ("America/Guadeloupe", "Guadeloupe"),
    ("America/Cayenne", "Guyane"),
    ("Pacific/Tahiti", "Polynésie française (Tahiti)"),
    ("Pacific/Noumea", "Nouvelle-Calédonie (Nouméa)"),
    ("Europe/London", "Royaume-Uni (Londres)"),
    ("UTC", "UTC"),
)
ZONE_LABELS = dict(COMMON_ZONES)


def utcnow() -> datetime:
    """Current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


def as_utc(value: datetime | None) -> datetime | None:
    """Treat naive datetimes read back from SQLite as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def zone(name: str | None, default: str = DEFAULT_ZONE) -> ZoneInfo:
    """The named IANA zone; the default for an empty or unknown name."""
    for candidate in (name, default, DEFAULT_ZONE):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def is_zone(name: str) -> bool:
    """True when `name` is a time zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_label(name: str) -> str:
    """"heure de Paris" for the default, else the zone's label or name."""
    if name == "Europe/Paris":
        return "heure de Paris"
    if name == "UTC":
        return "UTC"
    return "heure locale : " + ZONE_LABELS.get(name, name)


def local_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time typed by the owner in `tz` (summer time included), as UTC."""
    return datetime.combine(day, at).replace(tzinfo=tz).astimezone(timezone.utc)


def to_local(value: datetime, tz: ZoneInfo) -> datetime:
    """A stored time (UTC, possibly naive from SQLite) in the owner's zone."""
    return as_utc(value).astimezone(tz)
