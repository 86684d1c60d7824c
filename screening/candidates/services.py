"""Candidates, use cases: the comparison table, one candidate's evidence, finalists, CSV export, follow-up message.

What shapes data for the templates (rows, labels, badges, highlight, formatting) is in presenters.py; every
name importable from here before the split still is (re-exported below).
"""
import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from decimal import Decimal

from flask import abort
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload, selectinload

from screening.candidates.presenters import (
    DEFAULT_SORT,
    DISPLAY_LIMIT,
    FILTERS,
    KIND_LABELS,
    LANGUAGES,
    MAX_COMPARED_WORDS,
    MIN_SHARED_WORDS,
    QUESTION_TOPICS,
    QUESTIONS,
    QUOTE_CHARS,
    RELATIONS,
    SORTS,
    VERDICT_CLASS,
    VERDICT_RANK,
    WEAK_NOTE,
    WHOLE_TEXT_SIGNS,
    Answer,
    CandidateDetail,
    CandidateRow,
    Copy,
    Flag,
    HistoryItem,
    _assessment,
    _duplicate_matches,
    _list,
    _num,
    _steps,
    answer_spans,
    answered_map,
    argument_passage,
    candidate_row,
    consistency_flags,
    duplicates_section,
    estimate_hours,
    filter_rows,
    fmt_number,
    format_delay,
    join_fr,
    language_label,
    language_section,
    legend,
    mission_term_spans,
    owner_sign_flags,
    quote,
    response_minutes,
    shared_passages,
    sort_rows,
    subcontracting_sign_section,
    template_sign_section,
    unanswered_section,
)
from screening.corrections import services as corrections
from screening.corrections.readings import effective_assessment
from screening.extensions import db
from screening.inputs import isolate
from screening.missions.models import Mission
from screening.missions.posting import FRENCH_REQUIREMENT, MANDATORY_QUESTIONS
from screening.replies.importer import neutralise_cell, normalise_for_dedupe
from screening.replies.models import Applicant, Reply
from screening.timeutil import as_utc

__all__ = [
    # re-exported from presenters (imported from here by views and tests)
    "DEFAULT_SORT", "DISPLAY_LIMIT", "FILTERS", "KIND_LABELS", "LANGUAGES", "MAX_COMPARED_WORDS",
    "MIN_SHARED_WORDS", "QUESTION_TOPICS", "QUESTIONS", "QUOTE_CHARS", "RELATIONS", "SORTS", "VERDICT_CLASS",
    "VERDICT_RANK", "WEAK_NOTE", "WHOLE_TEXT_SIGNS", "Answer", "CandidateDetail", "CandidateRow", "Copy",
    "Flag", "HistoryItem", "answered_map", "candidate_row", "estimate_hours", "filter_rows", "fmt_number",
    "format_delay", "join_fr", "language_label", "quote", "response_minutes", "shared_passages", "sort_rows",
    # use cases
    "COLUMN_SORTS", "CSV_COLUMNS", "PAGE_SIZE", "Comparison", "LightRow", "applicant_history",
    "candidate_detail", "compare_candidates", "compare_page", "export_csv", "follow_up_message",
    "get_candidate", "light_rows", "mission_replies", "set_finalist", "set_finalists",
]


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


def follow_up_message(name: str, mission_title: str, unanswered: list[int], ask_french: bool,
                      signature: str = "") -> str:
    """A French message asking for the missing answers (exact posting wording) and, if needed, for French;
    signed with the owner's name when given."""
    if not unanswered and not ask_french:
        return ""
    first = (name or "").split()[0] if (name or "").strip() and "@" not in name else ""
    lines = [f"Bonjour{' ' + isolate(first) if first else ''},", "",
             f"Merci pour votre candidature à la mission « {isolate(mission_title)} »."]
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


def _copied_replies(owner_id: int, matches: dict[int, dict]) -> dict[int, Reply]:
    """The owner's replies this one resembles, with their applicant and mission, in one query."""
    others = {}
    if matches:
        others = {r.id: r for r in db.session.scalars(
            select(Reply).where(Reply.id.in_(list(matches)), Reply.owner_id == owner_id)
            .options(joinedload(Reply.applicant), joinedload(Reply.mission)))}
    return others


def candidate_detail(owner_id: int, reply: Reply) -> CandidateDetail:
    """Everything the candidate page shows: highlighted evidence, flags, values, history, follow-up."""
    a = _assessment(reply)  # the machine's evidence (spans, signs) stays as computed
    mission = reply.mission
    body = reply.body or ""
    readings = corrections.readings_view(owner_id, reply)
    owner_values = {item.field: item.value for item in readings.items if item.state != "machine"}
    row = candidate_row(reply, mission.published_at, owner_values)
    effective = effective_assessment(a, owner_values)
    machine_said = corrections.machine_readings(a)
    template_overruled = machine_said["template"] and not row.template
    subcontracting_overruled = machine_said["subcontracting"] and not row.subcontracting

    spans = answer_spans(a)
    language_flags, language_spans = language_section(a, row)
    matches = _duplicate_matches(a)
    others = _copied_replies(owner_id, matches)
    template_flags, template_spans = template_sign_section(a, body, template_overruled)
    subcontracting_flags, subcontracting_spans = subcontracting_sign_section(a, body, subcontracting_overruled)
    corrected_flags = owner_sign_flags(a, row)
    copies, copy_spans = duplicates_section(body, matches, others)
    spans += language_spans + template_spans + subcontracting_spans + copy_spans + mission_term_spans(a)
    unanswered, unanswered_flags = unanswered_section(row)
    flags = (language_flags + template_flags + subcontracting_flags + corrected_flags + consistency_flags(row)
             + unanswered_flags)

    history = applicant_history(owner_id, reply, matches)
    ask_french = row.is_french is False
    return CandidateDetail(
        reply=reply, row=row, spans=spans, legend=legend(spans, body), flags=flags,
        reasons=[r for r in _list(effective.get("reasons")) if isinstance(r, dict)], readings=readings,
        steps=_steps(a), argument=argument_passage(a, body), copies=copies, history=history,
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
