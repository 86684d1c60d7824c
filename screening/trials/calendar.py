"""iCalendar (RFC 5545) files for trials: the check-in and the deadline as all-day events. Pure."""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import icalendar

from screening.missions.posting import french_date

PRODID = "-//screening//Essais payants//FR"
UID_DOMAIN = "screening"


@dataclass(frozen=True)
class Milestone:
    """One all-day event; `uid` must stay the same from one download to the next."""

    uid: str
    day: date
    summary: str
    description: str = ""


def build_calendar(name: str, milestones: Sequence[Milestone], stamp: datetime) -> bytes:
    """An .ics file holding one VEVENT per milestone (text escaped by icalendar)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An unknown property: icalendar escapes it only when given as vText.
    calendar.add("x-wr-calname", icalendar.vText(" ".join(name.split())))
    stamp = stamp.astimezone(timezone.utc) if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
    for milestone in milestones:
        event = icalendar.Event()
        event.add("uid", milestone.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", milestone.day)
        event.add("dtend", milestone.day + timedelta(days=1))  # all-day: the end is exclusive
        event.add("summary", milestone.summary)
        if milestone.description:
            event.add("description", milestone.description)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def trial_milestones(trial_id: int, name: str, mission_title: str, checkin_on: date, deadline: date,
                     details: str = "") -> list[Milestone]:
    """The check-in and the deadline of one finalist's trial."""
    return [
        Milestone(f"trial-{trial_id}-checkin@{UID_DOMAIN}", checkin_on,
                  f"Point d'étape : essai de {name} — {mission_title}",
                  f"Regardez le travail avant qu'il soit terminé (livraison le {french_date(deadline)}).\n"
                  + details),
        Milestone(f"trial-{trial_id}-deadline@{UID_DOMAIN}", deadline,
                  f"Livraison de l'essai de {name} — {mission_title}", details),
    ]


def round_milestones(round_id: int, mission_title: str, names: Sequence[str], checkin_on: date,
                     deadline: date) -> list[Milestone]:
    """The check-in and the deadline of a whole round, naming its finalists."""
    who = "Finalistes : " + ", ".join(names) if names else ""
    return [
        Milestone(f"round-{round_id}-checkin@{UID_DOMAIN}", checkin_on,
                  f"Point d'étape des essais payants — {mission_title}",
                  f"Regardez le travail avant qu'il soit terminé (livraison le {french_date(deadline)}).\n"
                  + who),
        Milestone(f"round-{round_id}-deadline@{UID_DOMAIN}", deadline,
                  f"Livraison des essais payants — {mission_title}", who),
    ]
