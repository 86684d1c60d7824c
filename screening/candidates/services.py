"""Candidates: the comparison table, one candidate's evidence, finalists, CSV export, follow-up message."""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher
from itertools import islice

from flask import abort
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload, selectinload

from screening.candidates.highlight import Span
from screening.corrections import services as corrections
from screening.corrections.readings import effective_assessment
from screening.extensions import db
from screening.missions.models import Mission
from screening.missions.posting import FRENCH_REQUIREMENT, MANDATORY_QUESTIONS
from screening.replies.importer import neutralise_cell, normalise_for_dedupe
from screening.replies.models import Applicant, Reply
from screening.timeutil import as_utc

QUESTIONS = ("q1", "q2", "q3", "q4")
QUESTION_TOPICS = {"q1": "délai de livraison", "q2": "étapes et leur durée", "q3": "heures par semaine",
                   "q4": "pourquoi ce candidat"}
VERDICT_RANK = {"à retenir": 0, "à vérifier": 1, "à écarter": 2}
VERDICT_CLASS = {"à retenir": "ok", "à vérifier": "warn", "à écarter": "bad"}
LANGUAGES = {"fr": "Français", "en": "Anglais", "es": "Espagnol", "de": "Allemand", "it": "Italien",
             "pt": "Portugais", "nl": "Néerlandais", "pl": "Polonais", "ro": "Roumain", "ar": "Arabe",
             "ru": "Russe", "tr": "Turc", "zh-cn": "Chinois", "vi": "Vietnamien"}
# Signs whose evidence is the whole reply: explained in words, not highlighted.
WHOLE_TEXT_SIGNS = {"questions_ignored", "fast_long_reply", "no_mission_reference", "very_short"}
DISPLAY_LIMIT = 50_000
QUOTE_CHARS = 90
_BULLET_RE = re.compile(r"^(?:[-*•–—]+\s*|\d{1,2}[.)]\s+)")


# --------------------------------------------------------------------------------------------------
# Reading the stored assessment defensively (old or partial results must never crash a page)
# --------------------------------------------------------------------------------------------------

def _num(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _int_or_none(value) -> int | None:
    number = _num(value)
    return int(number) if number is not None else None


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _spans(evidence) -> list[tuple[int, int]]:
    out = []
    for item in _list(evidence):
        if isinstance(item, dict) and "start" in item and "end" in item:
            start, end = _num(item.get("start")), _num(item.get("end"))
            if start is not None and end is not None and end > start:
                out.append((int(start), int(end)))
    return out


def join_fr(items) -> str:
    """[1, 2, 4] → "1, 2 et 4"."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1] if items else ""


def fmt_number(value, digits: int = 1) -> str:
    """12 → "12", 12.5 → "12,5" (French decimal comma)."""
    number = _num(value)
    if number is None:
        return "—"
    if abs(number - round(number)) < 10 ** -digits / 2:
        return str(int(round(number)))
    return f"{number:.{digits}f}".rstrip("0").rstrip(".").replace(".", ",")


def quote(text: str, start: int, end: int, limit: int = QUOTE_CHARS) -> str:
    """A short, whitespace-collapsed quote of text[start:end]."""
    piece = " ".join((text or "")[max(0, start):max(0, end)].split())
    piece = _BULLET_RE.sub("", piece)  # list markers say nothing, and "-" would start a CSV formula
    return piece if len(piece) <= limit else piece[:limit - 1].rstrip() + "…"


def _assessment(reply: Reply) -> dict:
    return _dict(reply.assessment)


def _answers(a: dict) -> dict:
    return _dict(a.get("answers"))


def answered_map(a: dict) -> dict[str, bool]:
    answered = _dict(a.get("answered")) or _dict(_answers(a).get("answered"))
    return {q: bool(answered.get(q)) for q in QUESTIONS}


def _value(a: dict, key: str):
    value = a.get(key)
    if value is None:
        value = _answers(a).get(key)
    return _num(value)


def _steps(a: dict) -> list[dict]:
    steps = []
    for item in _list(_answers(a).get("steps")):
        if isinstance(item, dict):
            span = _dict(item.get("span"))
            steps.append({"label": str(item.get("label") or ""), "hours": _num(item.get("hours")),
                          "start": _num(span.get("start")), "end": _num(span.get("end"))})
    return steps


def _steps_total_hours(a: dict) -> float | None:
    total = _num(_answers(a).get("steps_total_hours"))
    if total is None:
        hours = [s["hours"] for s in _steps(a)]
        if hours and all(h is not None for h in hours):
            total = sum(hours)
    return total


def _steps_count(a: dict) -> int | None:
    count = _num(a.get("steps")) if not isinstance(a.get("steps"), list) else len(a["steps"])
    if count is None:
        count = _num(_answers(a).get("steps_count"))
    if count is None and _steps(a):
        count = len(_steps(a))
    return int(count) if count is not None else None


def _evidence(a: dict, q: str) -> list[tuple[int, int]]:
    return _spans(_dict(_answers(a).get("evidence")).get(q))


def _signs(a: dict, key: str) -> list[dict]:
    return [s for s in _list(a.get(key)) if isinstance(s, dict)]


def language_label(a: dict) -> str:
    status = a.get("lang_status") or _dict(a.get("language")).get("status")
    lang = a.get("lang")
    if status == "too_short" or lang in (None, "", "unknown", "und"):
        return "Trop court pour juger" if status == "too_short" else "Inconnue"
    return LANGUAGES.get(str(lang), str(lang).upper())


def _lang_cell(a: dict) -> str:
    label, share = language_label(a), _num(a.get("french_share"))
    if label == "Français" and a.get("is_french") is False and share is not None:
        return f"Français à {round(share * 100)} %"
    return label


def _money(value: float | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def estimate_hours(a: dict) -> tuple[float | None, str]:
    """Hours of work the reply implies: the steps' total, else days/7 × weekly hours. Returns (hours, basis)."""
    total = _steps_total_hours(a)
    if total is not None and total > 0:
        return total, "total des étapes"
    days, weekly = _value(a, "delivery_days"), _value(a, "weekly_hours")
    if days is not None and weekly is not None and days > 0 and weekly > 0:
        return days / 7 * weekly, "délai ÷ 7 × heures par semaine"
    return None, ""


def response_minutes(received_at: datetime | None, published_at: datetime | None) -> float | None:
    if received_at is None or published_at is None:
        return None
    return (as_utc(received_at) - as_utc(published_at)).total_seconds() / 60


def format_delay(minutes: float | None) -> str:
    """42 min, 3 h 05, 2 j 4 h; "avant la publication" when negative, "—" when unknown."""
    if minutes is None:
        return "—"
    if minutes < 0:
        return "avant la publication"
    minutes = int(minutes)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {rest:02d}"
    days, hours = divmod(hours, 24)
    return f"{days} j {hours} h" if hours else f"{days} j"


# --------------------------------------------------------------------------------------------------
# The comparison table
# --------------------------------------------------------------------------------------------------

@dataclass
class Answer:
    answered: bool
    value: str = ""
    quote: str = ""


@dataclass
class CandidateRow:
    """One line of the comparison table: plain values only, nothing lazy."""

    id: int
    name: str
    email: str
    score: int | None
    verdict: str
    verdict_class: str
    lang: str
    french_share: float | None
    is_french: bool | None
    answers: dict[str, Answer]
    answered_count: int
    consistent: bool | None
    consistency_problems: list[str]
    template: bool
    template_labels: list[str]
    subcontracting: bool
    subcontracting_labels: list[str]
    hourly_rate: Decimal | None
    hours: float | None
    hours_basis: str
    cost: Decimal | None
    delivery_days: float | None
    weekly_hours: float | None
    steps_count: int | None
    response_minutes: float | None
    response_label: str
    platform_level: str
    rating: float | None
    received_at: datetime | None
    is_finalist: bool
    badges: list[tuple[str, str]] = field(default_factory=list)  # (short label, explanation)
    q4_passage: str = ""  # the whole argument of q4 (the table shows a short quote; the export all of it)


def candidate_row(reply: Reply, published_at: datetime | None,
                  owner_values: dict | None = None) -> CandidateRow:
    """Flatten a reply (with its applicant loaded) and its assessment into a table row.

    `owner_values` are the owner's corrections of this reply ({field: value}): they replace the machine's
    readings, and score and verdict are recomputed from them through the rubric.
    """
    a = effective_assessment(_assessment(reply), owner_values) if owner_values else _assessment(reply)
    columns = not owner_values  # without corrections the reply's columns hold the stored analysis
    body = reply.body or ""
    answered = answered_map(a)
    days, weekly = _value(a, "delivery_days"), _value(a, "weekly_hours")
    steps_count, steps_total = _steps_count(a), _steps_total_hours(a)
    answers = {}
    for q in QUESTIONS:
        spans = _evidence(a, q)
        text_quote = quote(body, *spans[0]) if spans else ""
        if q == "q2" and _steps(a) and _steps(a)[0]["label"]:
            text_quote = quote(_steps(a)[0]["label"], 0, len(_steps(a)[0]["label"]))
        value = ""
        if q == "q1" and days is not None:
            value = f"{fmt_number(days)} j"
        elif q == "q2" and steps_count:
            value = f"{steps_count} étape{'s' if steps_count > 1 else ''}"
            if steps_total:
                value += f" · {fmt_number(steps_total)} h"
        elif q == "q3" and weekly is not None:
            value = f"{fmt_number(weekly)} h/sem."
        answers[q] = Answer(answered[q], value, text_quote)
    consistency = _dict(a.get("consistency"))
    hours, basis = estimate_hours(a)
    rate = reply.hourly_rate
    cost = _money(float(rate) * hours) if rate is not None and hours is not None else None
    minutes = response_minutes(reply.received_at, published_at)
    applicant = reply.applicant
    template_signs, subcontracting_signs = _signs(a, "template_signs"), _signs(a, "subcontracting_signs")
    if not columns:
        # the owner's word: signs he ruled out no longer show as flags in the table
        if owner_values.get("template") is False:
            template_signs = []
        if owner_values.get("subcontracting") is False:
            subcontracting_signs = []

    def column(name):
        value = getattr(reply, name) if columns else None
        return value if value is not None else a.get(name)
    verdict = column("verdict") or ""
    score = column("score")
    row = CandidateRow(
        id=reply.id, name=applicant.name or applicant.email or f"Candidat n° {reply.id}",
        email=applicant.email or "",
        score=score if isinstance(score, int) and not isinstance(score, bool) else _int_or_none(score),
        verdict=verdict, verdict_class=VERDICT_CLASS.get(verdict, "neutral"),
        lang=_lang_cell(a), french_share=_num(a.get("french_share")),
        is_french=column("is_french"),
        answers=answers, answered_count=sum(answered.values()),
        consistent=consistency.get("consistent") if isinstance(consistency.get("consistent"), bool) else None,
        consistency_problems=[str(p) for p in _list(consistency.get("problems"))],
        template=bool(column("template")),
        template_labels=[str(s.get("label_fr") or s.get("code")) for s in template_signs],
        subcontracting=bool(column("subcontracting")),
        subcontracting_labels=[str(s.get("label_fr") or s.get("code")) for s in subcontracting_signs],
        hourly_rate=rate, hours=hours, hours_basis=basis, cost=cost, delivery_days=days, weekly_hours=weekly,
        steps_count=steps_count, response_minutes=minutes, response_label=format_delay(minutes),
        platform_level=applicant.platform_level or "", rating=applicant.rating,
        received_at=reply.received_at, is_finalist=bool(reply.is_finalist))
    row.badges = _badges(row, template_signs, subcontracting_signs)
    q4_spans = _evidence(a, "q4")
    row.q4_passage = quote(body, *q4_spans[0], limit=len(body) + 1) if q4_spans else ""
    return row


def _badges(row: CandidateRow, template_signs: list[dict], subcontracting_signs: list[dict]) -> list[tuple[str, str]]:
    """Short flags for the table, each explained by the scorer's own French labels."""
    def labels(signs):
        return " · ".join(str(s.get("label_fr") or s.get("code")) for s in signs)
    badges = []
    placeholder = [s for s in template_signs if s.get("code") == "placeholder"]
    copied = [s for s in template_signs if str(s.get("code", "")).startswith("duplicate")]
    others = [s for s in template_signs if s not in placeholder and s not in copied]
    if placeholder:
        badges.append(("champ à remplir", labels(placeholder)))
    if copied:
        badges.append(("texte copié", labels(copied)))
    if row.template and (others or not badges):
        badges.append(("modèle", labels(others) or "Signes de réponse toute faite"))
    if row.subcontracting:
        badges.append(("sous-traitance", labels(subcontracting_signs) or "Signes de sous-traitance"))
    return badges


def _lower(value: str) -> str:
    return normalise_for_dedupe(value or "")


# name -> (label, key). None values always sort last, whatever the order.
SORTS = {
    "nom": ("Candidat", lambda r: _lower(r.name)),
    "score": ("Score", lambda r: r.score),
    "verdict": ("Verdict", lambda r: VERDICT_RANK.get(r.verdict)),
    "langue": ("Langue", lambda r: r.french_share),
    "q1": ("Délai", lambda r: r.delivery_days),
    "q2": ("Étapes", lambda r: r.steps_count),
    "q3": ("Heures/sem.", lambda r: r.weekly_hours),
    "q4": ("Argument", lambda r: int(r.answers["q4"].answered)),
    "coherence": ("Cohérence", lambda r: None if r.consistent is None else int(r.consistent)),
    "alertes": ("Alertes", lambda r: int(r.template) + int(r.subcontracting)),
    "taux": ("Taux horaire", lambda r: r.hourly_rate),
    "cout": ("Coût estimé", lambda r: r.cost),
    "reponse": ("Délai de réponse", lambda r: r.response_minutes),
    "niveau": ("Niveau", lambda r: _lower(r.platform_level) or None),
    "recu": ("Reçue le", lambda r: as_utc(r.received_at)),
    "finaliste": ("Finaliste", lambda r: int(r.is_finalist)),
}
DEFAULT_SORT = "score"
FILTERS = {
    "fr": "En français",
    "complet": "Les 4 réponses",
    "sans_modele": "Sans signe de modèle",
}


def sort_rows(rows: list[CandidateRow], sort: str, descending: bool) -> list[CandidateRow]:
    """Sort rows by a column of SORTS; unknown values last; ties by score then id."""
    key = SORTS.get(sort, SORTS[DEFAULT_SORT])[1]
    known = [r for r in rows if key(r) is not None]
    unknown = [r for r in rows if key(r) is None]
    tie = sorted(known, key=lambda r: r.id)
    known = sorted(tie, key=key, reverse=descending)
    return known + sorted(unknown, key=lambda r: r.id)


def filter_rows(rows: list[CandidateRow], active: set[str]) -> list[CandidateRow]:
    """Keep the rows that pass every active filter of FILTERS."""
    if "fr" in active:
        rows = [r for r in rows if r.is_french]
    if "complet" in active:
        rows = [r for r in rows if r.answered_count == 4]
    if "sans_modele" in active:
        rows = [r for r in rows if not r.template]
    return rows


def mission_replies(mission: Mission) -> list[Reply]:
    """Every reply of the mission with its applicant, in a constant number of queries."""
    return list(db.session.scalars(
        select(Reply).where(Reply.mission_id == mission.id, Reply.owner_id == mission.owner_id)
        .options(selectinload(Reply.applicant)).order_by(Reply.id)))


@dataclass
class Comparison:
    rows: list[CandidateRow]
    total: int
    hidden_finalist_ids: list[int] = field(default_factory=list)  # finalists not among `rows`
    finalists: int = 0
    page: int = 1
    pages: int = 1
    shown: int | None = None  # rows passing the filters, on every page

    def __post_init__(self):
        if self.shown is None:
            self.shown = len(self.rows)


def compare_candidates(mission: Mission, sort: str = DEFAULT_SORT, descending: bool = True,
                       filters: set[str] = frozenset()) -> Comparison:
    """The mission's candidates as table rows, filtered and sorted."""
    published_at = mission.published_at
    owner_values = corrections.mission_owner_values(mission)  # one query for the whole mission
    everyone = [candidate_row(reply, published_at, owner_values.get(reply.id))
                for reply in mission_replies(mission)]
    shown = filter_rows(everyone, set(filters))
    shown_ids = {r.id for r in shown}
    return Comparison(rows=sort_rows(shown, sort, descending), total=len(everyone),
                      hidden_finalist_ids=[r.id for r in everyone if r.is_finalist and r.id not in shown_ids],
                      finalists=sum(1 for r in everyone if r.is_finalist))


# --------------------------------------------------------------------------------------------------
# The comparison page at scale: sort and filter on light rows, build full rows for one page only
# --------------------------------------------------------------------------------------------------

PAGE_SIZE = 100
# Sorts whose key is a stored column: the whole mission is ordered without reading any assessment.
COLUMN_SORTS = frozenset({"nom", "score", "verdict", "alertes", "taux", "reponse", "niveau", "recu",
                          "finaliste"})


@dataclass
class LightRow:
    """What sorting on a stored column and the filters need (no text, no assessment)."""

    id: int
    name: str
    score: int | None
    verdict: str
    is_french: bool | None
    answered_count: int
    template: bool
    subcontracting: bool
    hourly_rate: Decimal | None
    response_minutes: float | None
    platform_level: str
    received_at: datetime | None
    is_finalist: bool


def light_rows(mission: Mission) -> list[LightRow]:
    """Every reply of the mission as a LightRow, in one query."""
    published_at = mission.published_at
    rows = db.session.execute(
        select(Reply.id, Reply.score, Reply.verdict, Reply.is_french, Reply.answered_count, Reply.template,
               Reply.subcontracting, Reply.hourly_rate, Reply.received_at, Reply.is_finalist, Applicant.name,
               Applicant.email, Applicant.platform_level)
        .join(Applicant, Reply.applicant_id == Applicant.id)
        .where(Reply.mission_id == mission.id, Reply.owner_id == mission.owner_id))
    return [LightRow(id=r.id, name=r.name or r.email or f"Candidat n° {r.id}", score=r.score,
                     verdict=r.verdict or "", is_french=r.is_french, answered_count=r.answered_count or 0,
                     template=bool(r.template), subcontracting=bool(r.subcontracting), hourly_rate=r.hourly_rate,
                     response_minutes=response_minutes(r.received_at, published_at),
                     platform_level=r.platform_level or "", received_at=r.received_at,
                     is_finalist=bool(r.is_finalist)) for r in rows]


def compare_page(mission: Mission, sort: str = DEFAULT_SORT, descending: bool = True,
                 filters: set[str] = frozenset(), page: int = 1, page_size: int = PAGE_SIZE) -> Comparison:
    """One page of the mission's candidates, filtered and sorted over the whole mission.

    Sorting on a stored column reads light rows only, then full rows for the page: a constant number of
    queries and work proportional to the page, whatever the number of replies. Other sorts (on values
    inside the assessment) read every assessment, but still render one page.
    """
    published_at = mission.published_at
    owner_values = corrections.mission_owner_values(mission)  # one query for the whole mission
    if sort in COLUMN_SORTS:
        everyone = light_rows(mission)
        if owner_values:  # corrected replies sort and filter on the owner's values (full rows for those)
            corrected = {reply.id: candidate_row(reply, published_at, owner_values[reply.id])
                         for reply in db.session.scalars(
                             select(Reply).where(Reply.id.in_(list(owner_values)),
                                                 Reply.owner_id == mission.owner_id)
                             .options(selectinload(Reply.applicant)))}
            everyone = [corrected.get(r.id, r) for r in everyone]
    else:
        everyone = [candidate_row(reply, published_at, owner_values.get(reply.id))
                    for reply in mission_replies(mission)]
    shown = sort_rows(filter_rows(everyone, set(filters)), sort, descending)
    pages = max(1, -(-len(shown) // page_size))
    page = min(max(1, page), pages)
    chosen = shown[(page - 1) * page_size: page * page_size]
    if sort in COLUMN_SORTS:
        ids = [r.id for r in chosen]
        by_id = {reply.id: reply for reply in db.session.scalars(
            select(Reply).where(Reply.id.in_(ids), Reply.owner_id == mission.owner_id)
            .options(selectinload(Reply.applicant)))} if ids else {}
        rows = [candidate_row(by_id[i], published_at, owner_values.get(i)) for i in ids if i in by_id]
    else:
        rows = chosen
    on_page = {r.id for r in rows}
    return Comparison(rows=rows, total=len(everyone),
                      hidden_finalist_ids=[r.id for r in everyone if r.is_finalist and r.id not in on_page],
                      finalists=sum(1 for r in everyone if r.is_finalist), page=page, pages=pages,
                      shown=len(shown))


def set_finalist(owner_id: int, mission: Mission, reply_id: int, chosen: bool) -> int:
    """Tick or untick one finalist of this mission (404 if the reply is not one of its replies).

    Returns the mission's number of finalists.
    """
    if mission.owner_id != owner_id:
        abort(404)
    done = db.session.execute(update(Reply).where(
        Reply.id == reply_id, Reply.mission_id == mission.id, Reply.owner_id == owner_id).values(
        is_finalist=bool(chosen))).rowcount
    if not done:
        db.session.rollback()
        abort(404)
    db.session.commit()
    return db.session.scalar(select(func.count(Reply.id)).where(
        Reply.mission_id == mission.id, Reply.owner_id == owner_id, Reply.is_finalist.is_(True)))


def set_finalists(owner_id: int, mission: Mission, reply_ids) -> int:
    """Make exactly the given replies of this mission finalists; ids of other missions are ignored."""
    if mission.owner_id != owner_id:
        abort(404)
    wanted = set()
    for value in reply_ids or ():
        try:
            wanted.add(int(value))
        except (TypeError, ValueError):
            continue
    mine = Reply.mission_id == mission.id, Reply.owner_id == owner_id
    chosen = set(db.session.scalars(select(Reply.id).where(*mine, Reply.id.in_(wanted)))) if wanted else set()
    db.session.execute(update(Reply).where(*mine, Reply.is_finalist.is_(True)).values(is_finalist=False))
    if chosen:
        db.session.execute(update(Reply).where(*mine, Reply.id.in_(chosen)).values(is_finalist=True))
    db.session.commit()
    return len(chosen)


CSV_COLUMNS = ("Candidat", "E-mail", "Score", "Verdict", "Langue", "Part de français (%)",
               "Q1 délai (jours)", "Q1 extrait", "Q2 étapes", "Q2 heures des étapes", "Q2 extrait",
               "Q3 heures par semaine", "Q3 extrait", "Q4 argument", "Cohérence", "Modèle", "Signes de modèle",
               "Sous-traitance", "Signes de sous-traitance", "Taux horaire", "Heures estimées", "Coût estimé",
               "Délai de réponse (min)", "Niveau", "Note", "Reçue le ({zone})", "Finaliste", "Identifiant")


def _csv_number(value, digits: int = 2) -> str:
    number = _num(value)
    return "" if number is None else fmt_number(number, digits)


def export_csv(rows: list[CandidateRow], tz: tzinfo = timezone.utc, zone_name: str = "UTC") -> str:
    """The table as CSV for French Excel: BOM, ';' separator, decimal comma, formula cells neutralised;
    times in the owner's zone, named in the header."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.format(zone=zone_name) for c in CSV_COLUMNS])
    yes_no = {True: "oui", False: "non", None: ""}
    for r in rows:
        cells = [
            r.name, r.email, "" if r.score is None else str(r.score), r.verdict, r.lang,
            _csv_number(None if r.french_share is None else r.french_share * 100, 0),
            _csv_number(r.delivery_days, 1), r.answers["q1"].quote,
            "" if r.steps_count is None else str(r.steps_count), _csv_number(
                r.hours if r.hours_basis == "total des étapes" else None, 1), r.answers["q2"].quote,
            _csv_number(r.weekly_hours, 1), r.answers["q3"].quote, r.q4_passage or r.answers["q4"].quote,
            yes_no[r.consistent], yes_no[r.template], " | ".join(r.template_labels),
            yes_no[r.subcontracting], " | ".join(r.subcontracting_labels),
            _csv_number(r.hourly_rate), _csv_number(r.hours, 1), _csv_number(r.cost),
            _csv_number(r.response_minutes, 0), r.platform_level, _csv_number(r.rating, 1),
            as_utc(r.received_at).astimezone(tz).strftime("%Y-%m-%d %H:%M") if r.received_at else "",
            yes_no[r.is_finalist], str(r.id),
        ]
        writer.writerow([neutralise_cell(str(c)) for c in cells])
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# One candidate
# --------------------------------------------------------------------------------------------------

def get_candidate(owner_id: int, reply_id: int) -> Reply:
    """The owner's reply with its applicant and mission loaded, or 404."""
    reply = db.session.scalar(
        select(Reply).where(Reply.id == reply_id, Reply.owner_id == owner_id)
        .options(joinedload(Reply.applicant), joinedload(Reply.mission)))
    if reply is None:
        abort(404)
    return reply


_WORD_RE = re.compile(r"\w+")
MIN_SHARED_WORDS = 8
MAX_COMPARED_WORDS = 4000


def shared_passages(text: str, other: str, min_words: int = MIN_SHARED_WORDS) -> list[tuple[int, int]]:
    """Stretches of `text` (character offsets) that also appear, word for word, in `other`."""
    mine = [(m.start(), m.end(), m.group().lower()) for m in islice(_WORD_RE.finditer(text or ""), MAX_COMPARED_WORDS)]
    theirs = [m.group().lower() for m in islice(_WORD_RE.finditer(other or ""), MAX_COMPARED_WORDS)]
    if not mine or not theirs:
        return []
    matcher = SequenceMatcher(None, [w for _, _, w in mine], theirs, autojunk=False)
    return [(mine[b.a][0], mine[b.a + b.size - 1][1]) for b in matcher.get_matching_blocks() if b.size >= min_words]


RELATIONS = {"same_mission": "un autre candidat de cette mission",
             "same_applicant": "le même candidat, pour une autre mission",
             "other_applicant": "un autre candidat, pour une autre mission"}


@dataclass
class Copy:
    reply_id: int | None
    name: str
    mission_title: str
    similarity: float | None
    relation: str
    passages: int = 0


@dataclass
class Flag:
    level: str  # "bad", "warn", "info", "ok"
    title: str
    detail: str = ""
    kind: str = ""  # highlight kind of its evidence, for the legend colour


@dataclass
class HistoryItem:
    reply_id: int
    mission_id: int
    mission_title: str
    received_at: datetime | None
    same_text: str  # "le même texte", "un texte très proche (92 %)", "un autre texte"
    verdict: str
    score: int | None


@dataclass
class CandidateDetail:
    reply: Reply
    row: CandidateRow
    spans: list[Span]
    legend: list[tuple[str, str, int]]  # (kind, label, count)
    flags: list[Flag]
    reasons: list[dict]
    steps: list[dict]
    argument: str
    copies: list[Copy]
    history: list[HistoryItem]
    follow_up: str
    unanswered: list[int]
    truncated_display: bool
    analysis_truncated: bool
    analysed_chars: int | None
    readings: "corrections.ReadingsView | None" = None


KIND_LABELS = {
    "q1": "Réponse 1 : délai", "q2": "Réponse 2 : étapes", "q3": "Réponse 3 : heures par semaine",
    "q4": "Réponse 4 : pourquoi moi", "placeholder": "Champ à remplir oublié", "template": "Formule toute faite",
    "subcontracting": "Sous-traitance", "copy": "Passage copié d'une autre réponse",
    "lang": "Autre langue", "term": "Terme propre à l'annonce",
}


def _duplicate_matches(a: dict) -> dict[int, dict]:
    found: dict[int, dict] = {}
    evidence = [e for s in _signs(a, "template_signs") for e in _list(s.get("evidence"))]
    for item in evidence + _list(a.get("duplicates")):
        if isinstance(item, dict) and str(item.get("reply_id", "")).isdigit():
            found.setdefault(int(item["reply_id"]), item)
    return found


def follow_up_message(name: str, mission_title: str, unanswered: list[int], ask_french: bool,
                      signature: str = "") -> str:
    """A French message asking for the missing answers (exact posting wording) and, if needed, for French;
    signed with the owner's name when given."""
    if not unanswered and not ask_french:
        return ""
    first = (name or "").split()[0] if (name or "").strip() and "@" not in name else ""
    lines = [f"Bonjour{' ' + first if first else ''},", "",
             f"Merci pour votre candidature à la mission « {mission_title} »."]
    if unanswered:
        lines.append("Avant d'aller plus loin, pourriez-vous répondre aux questions suivantes de l'annonce, "
                     "dans l'ordre, en les numérotant ?" if len(unanswered) > 1 else
                     "Avant d'aller plus loin, pourriez-vous répondre à cette question de l'annonce ?")
        lines.append("")
        lines += [f"{n}. {MANDATORY_QUESTIONS[n - 1]}" for n in unanswered]
    if ask_french:
        lines += ["", FRENCH_REQUIREMENT + (" Pourriez-vous nous renvoyer votre réponse en français ?"
                                            if not unanswered else "")]
    lines += ["", "Merci d'avance,", "Bien cordialement," if signature else "Bien cordialement"]
    if signature:
        lines.append(signature)
    return "\n".join(lines)


def _owner_signature(owner_id: int) -> str:
    from screening.auth.models import User
    owner = db.session.get(User, owner_id)
    return owner.signature if owner is not None else ""


def candidate_detail(owner_id: int, reply: Reply) -> CandidateDetail:
    """Everything the candidate page shows: highlighted evidence, flags, values, history, follow-up."""
    a = _assessment(reply)  # the machine's evidence (spans, signs) stays as computed
    mission = reply.mission
    body = reply.body or ""
    readings = corrections.readings_view(owner_id, reply)
    owner_values = {item.field: item.value for item in readings.items if item.state != "machine"}
    row = candidate_row(reply, mission.published_at, owner_values)
    effective = effective_assessment(a, owner_values)
    overruled = "Vous avez indiqué le contraire : ce signe ne compte plus."
    machine_said = corrections.machine_readings(a)
    template_overruled = machine_said["template"] and not row.template
    subcontracting_overruled = machine_said["subcontracting"] and not row.subcontracting
    spans: list[Span] = []

    for n, q in enumerate(QUESTIONS, 1):
        for start, end in _evidence(a, q):
            spans.append(Span(start, end, q, f"Réponse à la question {n} ({QUESTION_TOPICS[q]})"))
    flags: list[Flag] = []

    lang = _dict(a.get("language"))
    if row.is_french is False:
        share = row.french_share
        title = ("Réponse qui n'est pas (entièrement) en français" if row.lang.startswith("Français")
                 or row.lang == "Inconnue" else f"Réponse en {row.lang.lower()}")
        flags.append(Flag("bad", title,
                          "L'annonce demande une réponse en français"
                          + (f" ; part de français : {round(share * 100)} %." if share is not None else "."), "lang"))
    elif (a.get("lang_status") or lang.get("status")) == "too_short":
        flags.append(Flag("warn", "Trop court pour juger de la langue",
                          "La réponse contient trop peu de mots pour que la langue soit reconnue avec certitude."))
    for start, end in _spans(lang.get("other_language_spans")):
        spans.append(Span(start, end, "lang", "Passage dans une autre langue"))

    matches = _duplicate_matches(a)
    others = {}
    if matches:
        others = {r.id: r for r in db.session.scalars(
            select(Reply).where(Reply.id.in_(list(matches)), Reply.owner_id == owner_id)
            .options(joinedload(Reply.applicant), joinedload(Reply.mission)))}

    for sign in _signs(a, "template_signs"):
        code = str(sign.get("code") or "")
        kind = "placeholder" if code == "placeholder" else "template"
        label = str(sign.get("label_fr") or code)
        detail = ""
        if code.startswith("duplicate"):
            kind = "copy"
        elif code not in WHOLE_TEXT_SIGNS:
            for start, end in _spans(sign.get("evidence")):
                if end - start < max(len(body), 1) * 0.9:
                    spans.append(Span(start, end, kind, label))
            texts = [quote(body, s, e, 40) for s, e in _spans(sign.get("evidence"))[:4]]
            if texts:
                detail = "Relevé : " + " ; ".join(f"« {t} »" for t in texts)
        level = "bad" if code in ("placeholder",) or code.startswith("duplicate") else "warn"
        if template_overruled:
            level, detail = "info", (detail + " — " if detail else "") + overruled
        flags.append(Flag(level, label, detail, "" if code in WHOLE_TEXT_SIGNS else kind))
    for sign in _signs(a, "subcontracting_signs"):
        label = str(sign.get("label_fr") or sign.get("code") or "")
        for start, end in _spans(sign.get("evidence")):
            spans.append(Span(start, end, "subcontracting", label))
        texts = [quote(body, s, e, 40) for s, e in _spans(sign.get("evidence"))[:4]]
        name = _dict(sign.get("details")).get("name")
        detail = ("Relevé : " + " ; ".join(f"« {t} »" for t in texts)) if texts else (
            f"Nom de l'expéditeur : « {name} »" if name else "")
        if subcontracting_overruled:
            flags.append(Flag("info", label, (detail + " — " if detail else "") + overruled, "subcontracting"))
        else:
            flags.append(Flag("bad", label, detail, "subcontracting"))

    if row.template and not _signs(a, "template_signs"):
        flags.append(Flag("bad", "Réponse toute faite (modèle)",
                          "Selon vous : l'analyse n'en avait pas relevé."))
    if row.subcontracting and not _signs(a, "subcontracting_signs"):
        flags.append(Flag("bad", "Sous-traitance", "Selon vous : l'analyse n'en avait pas relevé."))

    copies: list[Copy] = []
    for reply_id, item in matches.items():
        other = others.get(reply_id)
        similarity = _num(item.get("similarity"))
        relation = RELATIONS.get(str(item.get("relation")), "une autre réponse")
        if other is None:
            copies.append(Copy(None, "", "", similarity, relation))
            continue
        passages = shared_passages(body, other.body)
        who = other.applicant.name or other.applicant.email or f"candidat n° {other.id}"
        for start, end in passages:
            spans.append(Span(start, end, "copy", f"Passage identique à la réponse de {who} ({other.mission.title})"))
        copies.append(Copy(other.id, who, other.mission.title, similarity, relation, len(passages)))

    consistency = _dict(a.get("consistency"))
    if row.consistent is False:
        flags.append(Flag("warn", "Réponses incohérentes entre elles",
                          " ; ".join(row.consistency_problems)
                          or "Délai, étapes et heures par semaine ne concordent pas."))
    elif row.consistent is True:
        flags.append(Flag("ok", "Délai, étapes et heures par semaine concordent"))
    del consistency

    for start, end in _spans(a.get("mission_term_spans")):
        spans.append(Span(start, end, "term", "Terme propre à l'annonce"))

    unanswered = [n for n, q in enumerate(QUESTIONS, 1) if not row.answers[q].answered]
    if unanswered:
        flags.append(Flag("warn", (f"Questions {join_fr(unanswered)} sans réponse" if len(unanswered) > 1
                                   else f"Question {unanswered[0]} sans réponse"),
                          "Le message de relance ci-dessous les repose, mot pour mot."))

    counts: dict[str, int] = {}
    for span in spans:
        if span.start < min(len(body), DISPLAY_LIMIT):
            counts[span.kind] = counts.get(span.kind, 0) + 1
    legend = [(kind, label, counts[kind]) for kind, label in KIND_LABELS.items() if counts.get(kind)]

    argument_spans = _evidence(a, "q4")
    argument = quote(body, *argument_spans[0], limit=400) if argument_spans else ""

    history = applicant_history(owner_id, reply, matches)
    ask_french = row.is_french is False
    return CandidateDetail(
        reply=reply, row=row, spans=spans, legend=legend, flags=flags,
        reasons=[r for r in _list(effective.get("reasons")) if isinstance(r, dict)], readings=readings,
        steps=_steps(a), argument=argument, copies=copies, history=history,
        follow_up=follow_up_message(reply.applicant.name, mission.title, unanswered, ask_french,
                                    _owner_signature(owner_id)),
        unanswered=unanswered, truncated_display=len(body) > DISPLAY_LIMIT,
        analysis_truncated=bool(a.get("truncated")), analysed_chars=int(_num(a.get("analysed_chars")) or 0) or None)


def applicant_history(owner_id: int, reply: Reply, matches: dict[int, dict] | None = None) -> list[HistoryItem]:
    """The applicant's other replies (any mission of this account), newest first, and how alike they are."""
    if reply.applicant is None or not reply.applicant.email:
        return []  # applicants without an address are never merged: no history to show
    matches = matches or {}
    mine = normalise_for_dedupe(reply.body or "")
    items = []
    for other in db.session.scalars(
            select(Reply).where(Reply.applicant_id == reply.applicant_id, Reply.owner_id == owner_id,
                                Reply.id != reply.id)
            .options(joinedload(Reply.mission)).order_by(Reply.received_at.desc(), Reply.id.desc())):
        if normalise_for_dedupe(other.body or "") == mine:
            same = "le même texte"
        elif other.id in matches:
            similarity = _num(matches[other.id].get("similarity"))
            same = "un texte très proche" + (f" ({round(similarity * 100)} %)" if similarity is not None else "")
        else:
            same = "un autre texte"
        items.append(HistoryItem(other.id, other.mission_id, other.mission.title, other.received_at, same,
                                 other.verdict or "", other.score))
    return items
