"""Jinja filters: French dates and money; user text isolated for right-to-left display."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from jinja2 import pass_eval_context
from markupsafe import Markup

from screening.inputs import isolate
from screening.missions.posting import MONTHS, format_money
from screening.timeutil import as_utc


def _zone():
    return ZoneInfo(current_app.config.get("DISPLAY_TIMEZONE", "Europe/Paris"))


def datefr(value) -> str:
    """27 novembre 2026."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = as_utc(value).astimezone(_zone()).date()
    if not isinstance(value, date):
        return str(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def datetimefr(value) -> str:
    """27 novembre 2026 à 09:05 (heure de Paris by default)."""
    if value is None:
        return "—"
    local = as_utc(value).astimezone(_zone())
    return f"{datefr(local.date())} à {local:%H:%M}"


def money(amount, currency="EUR") -> str:
    if amount is None:
        return "—"
    return format_money(amount, currency or "EUR")


@pass_eval_context
def isolate_bidi(eval_ctx, value):
    """Every `{{ value }}` of an HTML page: a text with right-to-left characters or bidi controls is
    wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE (what <bdi> does), so that a U+202E in a
    name or a title reverses nothing after it (breadcrumb, labels, figures). Other texts, and markup
    built by the app, are left as they are."""
    if eval_ctx.autoescape and isinstance(value, str) and not isinstance(value, Markup):
        return isolate(value)
    return value


def register(app):
    app.jinja_env.finalize = isolate_bidi
    app.add_template_filter(datefr)
    app.add_template_filter(datetimefr)
    app.add_template_filter(money)
