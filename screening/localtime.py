"""The logged-in owner's time zone: a setting of the account, DISPLAY_TIMEZONE by default."""
from zoneinfo import ZoneInfo

from flask import current_app
from flask_login import current_user

from screening.timeutil import DEFAULT_ZONE, zone


def _default() -> str:
    return current_app.config.get("DISPLAY_TIMEZONE") or DEFAULT_ZONE


def owner_zone_name() -> str:
    """IANA name of the zone every time is typed and shown in."""
    try:
        chosen = current_user.timezone if current_user and current_user.is_authenticated else ""
    except (AttributeError, RuntimeError):  # no request (a CLI command), or a user without the column yet
        chosen = ""
    return chosen or _default()


def owner_zone() -> ZoneInfo:
    """ZoneInfo of owner_zone_name()."""
    return zone(owner_zone_name(), _default())
