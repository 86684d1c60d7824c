"""Jinja filters: French dates and money, in the owner's time zone."""
from datetime import date, datetime

from screening.localtime import owner_zone, owner_zone_name
from screening.missions.budget import budget_check, format_budget
from screening.missions.posting import format_money, french_date
from screening.timeutil import as_utc, zone_label


def datefr(value) -> str:
    """1er décembre 2026, 27 novembre 2026."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = as_utc(value).astimezone(owner_zone()).date()
    if not isinstance(value, date):
        return str(value)
    return french_date(value)


def datetimefr(value) -> str:
    """27 novembre 2026 à 09:05 (in the owner's zone)."""
    if value is None:
        return "—"
    local = as_utc(value).astimezone(owner_zone())
    return f"{datefr(local.date())} à {local:%H:%M}"


def money(amount, currency="EUR") -> str:
    if amount is None:
        return "—"
    return format_money(amount, currency or "EUR")


def budget(mission) -> str:
    """A mission's budget: "450 € pour la mission", "20 à 30 €/h", or — when none was given."""
    return format_budget(mission.budget_amount, mission.budget_max, mission.budget_unit or "mission",
                         mission.budget_currency or "EUR")


def fits_budget(mission, rate, cost) -> str | None:
    """"dans le budget" / "au-dessus du budget": the rate against an hourly budget, the estimated cost
    against a budget for the whole mission."""
    return budget_check(mission.budget_amount, mission.budget_max, mission.budget_unit or "mission",
                        rate, cost)


def register(app):
    app.add_template_global(fits_budget)
    app.add_template_filter(budget)
    app.add_template_filter(datefr)
    app.add_template_filter(datetimefr)
    app.add_template_filter(money)

    @app.context_processor
    def time_zone():
        return {"owner_zone_label": lambda: zone_label(owner_zone_name())}
