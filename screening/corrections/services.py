"""The owner's corrections: record, undo, confirm; keep the reply's score columns on the owner's values;
measure how often the machine agreed; export the checked replies as a labelled corpus."""
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from screening.corrections.models import Correction
from screening.corrections.readings import (
    FIELDS,
    SHORT_LABELS,
    CorrectionError,
    check_together,
    effective_assessment,
    effective_values,
    format_value,
    machine_readings,
    parse_value,
    same_value,
)
from screening.extensions import db
from screening.missions.models import Mission
from screening.replies.models import Applicant, Reply
from screening.timeutil import as_utc, utcnow

__all__ = ["CorrectionError", "machine_readings", "set_correction", "undo_correction", "verify_all",
           "owner_values_for", "mission_owner_values", "apply_corrections", "reliability", "export_labels"]


def get_reply_or_404(owner_id: int, reply_id: int) -> Reply:
    """The owner's reply, or 404 (also when it belongs to another account)."""
    reply = db.session.scalar(select(Reply).where(Reply.id == reply_id, Reply.owner_id == owner_id))
    if reply is None:
        abort(404)
    return reply


def owner_values_for(owner_id: int, reply_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """{reply id: {field: owner value}} for these replies of the owner (one query per 500 ids)."""
    ids = sorted(set(reply_ids))
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        rows = db.session.execute(select(Correction.reply_id, Correction.field, Correction.owner_value).where(
            Correction.owner_id == owner_id, Correction.reply_id.in_(ids[start:start + 500])))
        for reply_id, name, value in rows:
            if name in FIELDS:
                out.setdefault(reply_id, {})[name] = value
    return out


def mission_owner_values(mission: Mission) -> dict[int, dict[str, Any]]:
    """{reply id: {field: owner value}} for every reply of the mission, in one query."""
    out: dict[int, dict[str, Any]] = {}
    rows = db.session.execute(
        select(Correction.reply_id, Correction.field, Correction.owner_value)
        .join(Reply, Reply.id == Correction.reply_id)
        .where(Reply.mission_id == mission.id, Correction.owner_id == mission.owner_id))
    for reply_id, name, value in rows:
        if name in FIELDS:
            out.setdefault(reply_id, {})[name] = value
    return out


def corrections_for_export(owner_id: int, reply_ids: Iterable[int]) -> dict[int, list[dict]]:
    """{reply id: [correction as JSON]} for the applicant's data export (one query per 500 replies)."""
    ids = sorted(set(reply_ids))
    out: dict[int, list[dict]] = {}
    for start in range(0, len(ids), 500):
        for c in db.session.scalars(select(Correction).where(
                Correction.owner_id == owner_id, Correction.reply_id.in_(ids[start:start + 500]))
                .order_by(Correction.reply_id, Correction.id)):
            out.setdefault(c.reply_id, []).append({
                "field": c.field, "machine_value": c.machine_value, "owner_value": c.owner_value,
                "corrected_at": _iso(c.updated_at), "first_corrected_at": _iso(c.created_at)})
    return out


def corrections_of(owner_id: int, reply_id: int) -> dict[str, Correction]:
    """The owner's correction rows of one reply, by field."""
    return {c.field: c for c in db.session.scalars(select(Correction).where(
        Correction.owner_id == owner_id, Correction.reply_id == reply_id))}


def sync_columns(reply: Reply, owner_values: dict[str, Any] | None) -> dict:
    """Copy the effective score, verdict and flags onto the reply's columns (used to sort, filter, count)."""
    a = effective_assessment(reply.assessment, owner_values)
    if not a:
        return a
    answered = a.get("answered") if isinstance(a.get("answered"), dict) else {}
    reply.score = a.get("score") if isinstance(a.get("score"), int) else reply.score
    reply.verdict = a.get("verdict") or reply.verdict
    reply.is_french = a.get("is_french")
    reply.answered_count = sum(1 for q in ("q1", "q2", "q3", "q4") if answered.get(q))
    reply.template = bool(a.get("template"))
    reply.subcontracting = bool(a.get("subcontracting"))
    return a


def apply_corrections(replies: list[Reply]) -> None:
    """After (re)scoring: put the owner's values back on the replies' columns (one query per 500 replies)."""
    if not replies:
        return
    by_owner: dict[int, list[Reply]] = {}
    for reply in replies:
        by_owner.setdefault(reply.owner_id, []).append(reply)
    for owner_id, items in by_owner.items():
        values = owner_values_for(owner_id, [r.id for r in items])
        for reply in items:
            if reply.id in values:
                sync_columns(reply, values[reply.id])


def _upsert(owner_id: int, reply: Reply, name: str, machine_value: Any, value: Any,
            user_id: int | None) -> None:
    now = utcnow()
    query = select(Correction).where(Correction.reply_id == reply.id, Correction.field == name)
    row = db.session.scalar(query)
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.add(Correction(owner_id=owner_id, reply_id=reply.id, field=name,
                                          machine_value=machine_value, owner_value=value,
                                          corrected_by_id=user_id, created_at=now, updated_at=now))
            return
        except IntegrityError:  # another tab saved the same field at the same moment: ours comes last
            row = db.session.scalar(query)
    row.owner_value, row.machine_value = value, machine_value
    row.corrected_by_id, row.updated_at = user_id, now


def set_correction(owner_id: int, reply_id: int, name: str, raw: Any, user_id: int | None = None) -> Any:
    """Record the owner's value of one reading (replacing an earlier one) and rescore; returns the value."""
    reply = get_reply_or_404(owner_id, reply_id)
    value = parse_value(name, raw)
    current = {name_: c.owner_value for name_, c in corrections_of(owner_id, reply.id).items()}
    check_together(effective_values(reply.assessment, {**current, name: value}))
    if name == "steps" and value == 0:
        value = None  # no step listed
    machine = machine_readings(reply.assessment)
    _upsert(owner_id, reply, name, machine[name], value, user_id if user_id is not None else owner_id)
    current[name] = value
    sync_columns(reply, current)
    db.session.commit()
    return value


def undo_correction(owner_id: int, reply_id: int, name: str) -> bool:
    """Remove the owner's value of one reading (the machine's counts again); False when there was none."""
    reply = get_reply_or_404(owner_id, reply_id)
    if name not in FIELDS:
        raise CorrectionError("Ce champ ne peut pas être corrigé.")
    rows = corrections_of(owner_id, reply.id)
    row = rows.pop(name, None)
    if row is None:
        return False
    db.session.delete(row)
    # without any correction left, the stored analysis itself fills the columns again
    sync_columns(reply, {k: c.owner_value for k, c in rows.items()})
    db.session.commit()
    return True


def verify_all(owner_id: int, reply_id: int, user_id: int | None = None) -> int:
    """"Analyse vérifiée": confirm every reading not corrected yet. Returns the number confirmed."""
    reply = get_reply_or_404(owner_id, reply_id)
    rows = corrections_of(owner_id, reply.id)
    machine = machine_readings(reply.assessment)
    confirmed = 0
    for name in FIELDS:
        if name not in rows:
            _upsert(owner_id, reply, name, machine[name], machine[name],
                    user_id if user_id is not None else owner_id)
            confirmed += 1
    db.session.commit()
    return confirmed


# ------------------------------------------------------------------------------------------------
# The candidate page: each reading, the machine's and the owner's
# ------------------------------------------------------------------------------------------------

@dataclass
class ReadingView:
    field: str
    label: str
    kind: str
    machine: Any
    machine_text: str
    value: Any  # effective
    value_text: str
    state: str  # "machine", "confirmed" (owner agrees), "corrected"
    corrected_at: datetime | None = None
    input_value: str = ""


@dataclass
class ReadingsView:
    items: list[ReadingView]
    checked: int
    verified: bool  # every reading confirmed or corrected
    corrected: int
    last_at: datetime | None = None


def readings_view(owner_id: int, reply: Reply) -> ReadingsView:
    """What the correction card of the candidate page shows."""
    rows = corrections_of(owner_id, reply.id)
    machine = machine_readings(reply.assessment)
    machine_text = {k: format_value(k, v) for k, v in machine.items()}
    a = reply.assessment if isinstance(reply.assessment, dict) else {}
    if (a.get("lang_status") or (a.get("language") or {}).get("status")) == "too_short":
        machine_text["is_french"] = "trop court pour juger"
    items = []
    for name, spec in FIELDS.items():
        row = rows.get(name)
        value = row.owner_value if row is not None else machine[name]
        state = "machine" if row is None else ("confirmed" if same_value(name, machine[name], value)
                                                else "corrected")
        input_value = "" if spec.kind == "bool" or value is None else format_value(name, value).split(" ")[0]
        items.append(ReadingView(name, spec.label, spec.kind, machine[name], machine_text[name], value,
                                 format_value(name, value), state, row.updated_at if row else None,
                                 input_value))
    dates = [as_utc(r.updated_at) for r in rows.values() if r.updated_at]
    return ReadingsView(items=items, checked=len(rows), verified=len(rows) == len(FIELDS),
                        corrected=sum(1 for i in items if i.state == "corrected"),
                        last_at=max(dates) if dates else None)


# ------------------------------------------------------------------------------------------------
# How reliable is the analysis, on the owner's replies?
# ------------------------------------------------------------------------------------------------

@dataclass
class Disagreement:
    reply_id: int
    name: str
    mission_id: int
    mission_title: str
    field: str
    label: str
    machine_text: str
    owner_text: str


@dataclass
class SignalStat:
    field: str
    label: str
    checked: int = 0
    agreed: int = 0

    @property
    def share(self) -> float | None:
        return self.agreed / self.checked if self.checked else None


@dataclass
class Reliability:
    replies_checked: int
    replies_verified: int
    signals: list[SignalStat]
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return sum(s.checked for s in self.signals)

    @property
    def agreed(self) -> int:
        return sum(s.agreed for s in self.signals)


def reliability(owner_id: int, mission_id: int | None = None) -> Reliability:
    """Per signal, how often the machine's current reading agrees with the owner's (checked replies only)."""
    query = (select(Correction.reply_id, Correction.field, Correction.owner_value, Reply.assessment,
                    Reply.mission_id, Mission.title, Applicant.name, Applicant.email)
             .join(Reply, Reply.id == Correction.reply_id).join(Mission, Mission.id == Reply.mission_id)
             .join(Applicant, Applicant.id == Reply.applicant_id)
             .where(Correction.owner_id == owner_id, Reply.owner_id == owner_id)
             .order_by(Reply.mission_id, Reply.id))
    if mission_id is not None:
        query = query.where(Reply.mission_id == mission_id)
    stats = {name: SignalStat(name, SHORT_LABELS[name]) for name in FIELDS}
    machines: dict[int, dict] = {}
    fields_per_reply: dict[int, int] = {}
    disagreements = []
    for reply_id, name, value, assessment, m_id, title, a_name, a_email in db.session.execute(query):
        if name not in FIELDS:
            continue
        if reply_id not in machines:
            machines[reply_id] = machine_readings(assessment)
        fields_per_reply[reply_id] = fields_per_reply.get(reply_id, 0) + 1
        machine = machines[reply_id][name]
        stat = stats[name]
        stat.checked += 1
        if same_value(name, machine, value):
            stat.agreed += 1
        else:
            who = a_name or a_email or f"Candidat n° {reply_id}"
            disagreements.append(Disagreement(reply_id, who, m_id, title, name, FIELDS[name].label,
                                              format_value(name, machine), format_value(name, value)))
    return Reliability(replies_checked=len(fields_per_reply),
                       replies_verified=sum(1 for n in fields_per_reply.values() if n == len(FIELDS)),
                       signals=list(stats.values()), disagreements=disagreements)


def account_missions_with_checks(owner_id: int) -> list[tuple[int, str, int]]:
    """(mission id, title, replies checked) for the owner's missions that have at least one checked reply."""
    rows = db.session.execute(
        select(Mission.id, Mission.title, func.count(func.distinct(Correction.reply_id)))
        .join(Reply, Reply.mission_id == Mission.id).join(Correction, Correction.reply_id == Reply.id)
        .where(Mission.owner_id == owner_id, Correction.owner_id == owner_id)
        .group_by(Mission.id, Mission.title).order_by(Mission.title))
    return [(m_id, title, n) for m_id, title, n in rows]


# ------------------------------------------------------------------------------------------------
# export-labels: the checked replies in the corpus format (../shared/corpus/README.md)
# ------------------------------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
_PHONE_RE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ .\-]?\d){8,13}(?!\w)")


def redact(text: str, name: str = "", email: str = "") -> str:
    """The reply text without the applicant's e-mail addresses, links, phone numbers and name."""
    text = _EMAIL_RE.sub("adresse@example.com", text or "")
    text = _URL_RE.sub("https://example.com/", text)
    text = _PHONE_RE.sub("01 00 00 00 00", text)
    for word in sorted({w for w in re.findall(r"\w+", name or "") if len(w) >= 3}, key=len, reverse=True):
        text = re.sub(rf"(?i)\b{re.escape(word)}\b", "Candidat", text)
    return text


def _json_number(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    number = round(float(value), 2)
    return int(number) if number == int(number) else number


def _dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False)


def _iso(value) -> str | None:
    value = as_utc(value)
    return value.isoformat() if value else None


@dataclass
class ExportResult:
    lines: list[str]
    replies: int
    missions: int
    skipped: int  # corrected but not fully checked: left out


def export_labels(owner_id: int, mission_id: int | None = None,
                  with_personal_data: bool = False) -> ExportResult:
    """The replies whose every reading the owner checked, as corpus lines (gold = the owner's values)."""
    from screening.replies.scoring_service import mission_input

    counts = select(Correction.reply_id, func.count(Correction.id).label("n")).where(
        Correction.owner_id == owner_id, Correction.field.in_(list(FIELDS))).group_by(Correction.reply_id)
    counts_rows = db.session.execute(counts).all()
    full = {r for r, n in counts_rows if n == len(FIELDS)}
    query = (select(Reply).where(Reply.owner_id == owner_id, Reply.id.in_(sorted(full)))
             .options(joinedload(Reply.applicant), joinedload(Reply.mission)))
    if mission_id is not None:
        query = query.where(Reply.mission_id == mission_id)
    replies = list(db.session.scalars(query)) if full else []
    skipped_query = [r for r, n in counts_rows if n != len(FIELDS)]
    if mission_id is not None and skipped_query:
        skipped = db.session.scalar(select(func.count(Reply.id)).where(
            Reply.id.in_(skipped_query), Reply.mission_id == mission_id, Reply.owner_id == owner_id)) or 0
    else:
        skipped = len(skipped_query)
    replies.sort(key=lambda r: (r.mission_id, as_utc(r.received_at) or utcnow(), r.id))
    values = owner_values_for(owner_id, [r.id for r in replies])
    lines: list[str] = []
    missions_seen: dict[int, Mission] = {}
    for reply in replies:
        missions_seen.setdefault(reply.mission_id, reply.mission)
    for m_id, mission in missions_seen.items():
        scorer_view = mission_input(mission)
        line = {"type": "mission", "id": f"m{m_id}", "title": scorer_view.title,
                "description": scorer_view.description, "published_at": _iso(mission.published_at)}
        if scorer_view.questions:
            line["questions"] = list(scorer_view.questions)
        lines.append(_dumps(line))
    for reply in replies:
        owner = values.get(reply.id, {})
        effective = effective_values(reply.assessment, owner)
        machine = machine_readings(reply.assessment)
        a = reply.assessment if isinstance(reply.assessment, dict) else {}
        lang = "fr" if effective["is_french"] else (str(a.get("lang") or "") or "und")
        corrected = [k for k in FIELDS if not same_value(k, machine[k], effective[k])]
        applicant = reply.applicant
        name = (applicant.name or "") if with_personal_data else ""
        email = (applicant.email or "") if with_personal_data else ""
        text = reply.body if with_personal_data else redact(reply.body, applicant.name, applicant.email or "")
        gold = {"lang": lang, "is_french": bool(effective["is_french"]),
                "answered": {q: bool(effective[q]) for q in ("q1", "q2", "q3", "q4")},
                "delivery_days": _json_number(effective["delivery_days"]),
                "weekly_hours": _json_number(effective["weekly_hours"]),
                "steps": None if effective["steps"] is None else int(effective["steps"]),
                "template": bool(effective["template"]), "subcontracting": bool(effective["subcontracting"]),
                "note": "checked by the owner in screening" + (
                    "; corrected: " + ", ".join(corrected) if corrected else "; the analysis was right")}
        lines.append(_dumps({
            "type": "reply", "id": f"r{reply.id}", "mission": f"m{reply.mission_id}", "name": name,
            "email": email, "hourly_rate": None if reply.hourly_rate is None else float(reply.hourly_rate),
            "received_at": _iso(reply.received_at), "text": text, "gold": gold}))
    return ExportResult(lines=lines, replies=len(replies), missions=len(missions_seen), skipped=skipped)


def iter_lines(result: ExportResult) -> Iterator[str]:
    for line in result.lines:
        yield line + "\n"
