"""Applicants' personal data: export everything about one, delete it on request, purge after retention."""
from dataclasses import dataclass
from datetime import timedelta

from flask import abort
from sqlalchemy import and_, case, delete, func, select

from screening.extensions import db
from screening.missions.models import Mission
from screening.replies.models import Applicant, Reply
from screening.replies.scoring_service import index_cache, matched_reply_ids, score_replies
from screening.timeutil import as_utc, utcnow

CLOSED_STATUSES = ("archived", "filled")


def get_applicant(owner_id: int, applicant_id: int) -> Applicant:
    """The owner's applicant, or 404."""
    applicant = db.session.scalar(select(Applicant).where(Applicant.id == applicant_id,
                                                          Applicant.owner_id == owner_id))
    if applicant is None:
        abort(404)
    return applicant


def applicant_replies(applicant: Applicant) -> list[tuple[Reply, Mission]]:
    return list(db.session.execute(
        select(Reply, Mission).join(Mission, Reply.mission_id == Mission.id)
        .where(Reply.applicant_id == applicant.id).order_by(Reply.received_at)).all())


def _iso(value):
    value = as_utc(value)
    return value.isoformat() if value else None


def export_applicant(applicant: Applicant) -> dict:
    """Everything stored about one applicant, as JSON-serialisable data."""
    from screening.corrections.services import corrections_for_export

    replies = []
    pairs = applicant_replies(applicant)
    corrections = corrections_for_export(applicant.owner_id, [reply.id for reply, _ in pairs])
    for reply, mission in pairs:
        replies.append({
            "id": reply.id, "mission": {"id": mission.id, "title": mission.title},
            "received_at": _iso(reply.received_at), "source": reply.source, "text": reply.body,
            "hourly_rate": str(reply.hourly_rate) if reply.hourly_rate is not None else None,
            "attachments": reply.attachments or [], "is_finalist": reply.is_finalist,
            "score": reply.score, "verdict": reply.verdict, "scorer_version": reply.scorer_version,
            "assessment": reply.assessment, "created_at": _iso(reply.created_at),
            # the owner's corrections of the analysis ("assessment" stays the machine's); score and
            # verdict above follow them
            "corrections": corrections.get(reply.id, []),
        })
    return {
        "applicant": {"id": applicant.id, "name": applicant.name, "email": applicant.email,
                      "profile_url": applicant.profile_url, "platform_level": applicant.platform_level,
                      "rating": applicant.rating, "created_at": _iso(applicant.created_at)},
        "replies": replies,
        "exported_at": _iso(utcnow()),
    }


def _refresh_matches(owner_id: int, removed_ids: set[int]) -> None:
    """Rescore the replies whose flags pointed at removed replies, so no evidence names a deleted one."""
    index_cache.forget(owner_id)
    if not removed_ids:
        return
    flagged = db.session.scalars(select(Reply).where(Reply.owner_id == owner_id, Reply.template.is_(True)))
    stale = [r for r in flagged if matched_reply_ids(r.assessment or {}) & removed_ids]
    if stale:
        score_replies(stale)


def delete_applicants(owner_id: int, applicant_ids: list[int]) -> int:
    """Delete applicants and all about them (replies, scores, trials by cascade); returns replies removed."""
    if not applicant_ids:
        return 0
    reply_ids = set(db.session.scalars(select(Reply.id).where(Reply.owner_id == owner_id,
                                                              Reply.applicant_id.in_(applicant_ids))))
    _delete_replies(reply_ids)
    db.session.execute(
        delete(Applicant).where(Applicant.owner_id == owner_id, Applicant.id.in_(applicant_ids)))
    db.session.flush()
    _refresh_matches(owner_id, reply_ids)
    db.session.commit()
    return len(reply_ids)


def _delete_replies(reply_ids: set[int]) -> None:
    """Remove replies and the rows that refer to them (trials are removed by the database's cascade)."""
    ids = sorted(reply_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        _delete_dependants(chunk)
        db.session.execute(delete(Reply).where(Reply.id.in_(chunk)))


def _delete_dependants(reply_ids: list[int]) -> None:
    """Delete rows of other features that reference these replies (explicitly: SQLite may lack cascades)."""
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "reply" and table.name != "reply":
                db.session.execute(table.delete().where(fk.parent.in_(reply_ids)))


@dataclass(frozen=True)
class PurgeItem:
    owner_id: int
    applicant_id: int
    name: str
    email: str | None
    replies: int


def purge_candidates(retention_days: int) -> list[PurgeItem]:
    """Applicants whose every reply belongs to a mission closed more than `retention_days` ago."""
    cutoff = utcnow() - timedelta(days=retention_days)
    closed_at = func.coalesce(Mission.archived_at, Mission.updated_at)
    old = and_(Mission.status.in_(CLOSED_STATUSES), closed_at < cutoff)
    rows = db.session.execute(
        select(Applicant.owner_id, Applicant.id, Applicant.name, Applicant.email,
               func.count(Reply.id), func.sum(case((old, 0), else_=1)))
        .join(Reply, Reply.applicant_id == Applicant.id).join(Mission, Reply.mission_id == Mission.id)
        .group_by(Applicant.owner_id, Applicant.id, Applicant.name, Applicant.email)
        .order_by(Applicant.owner_id, Applicant.id))
    return [PurgeItem(owner, applicant_id, name, email, count)
            for owner, applicant_id, name, email, count, recent in rows if not recent]


def purge(retention_days: int, dry_run: bool = False) -> list[PurgeItem]:
    """Remove the applicants of missions closed longer ago than the retention (or only list them)."""
    items = purge_candidates(retention_days)
    if not dry_run:
        by_owner: dict[int, list[int]] = {}
        for item in items:
            by_owner.setdefault(item.owner_id, []).append(item.applicant_id)
        for owner_id, ids in by_owner.items():
            delete_applicants(owner_id, ids)
    return items

