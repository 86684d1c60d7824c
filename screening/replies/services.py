"""Saving imported replies: all or nothing, deduplicated, scored on save."""
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from screening.extensions import db
from screening.missions.models import Mission
from screening.replies import importer
from screening.replies.models import Applicant, Reply
from screening.replies.scoring_service import index_cache, score_replies


class ImportFailed(Exception):
    """The batch was refused; nothing was saved. `problems` say why, line by line, in French."""

    def __init__(self, problems):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = tuple(problems)


@dataclass
class SaveReport:
    added: list[Reply] = field(default_factory=list)
    skipped: int = 0  # already present (same e-mail, same normalised text) or repeated in the batch

    @property
    def message(self) -> str:
        n = len(self.added)
        text = f"{n} réponse{'s' if n > 1 else ''} ajoutée{'s' if n > 1 else ''}"
        if self.skipped:
            plural = "s" if self.skipped > 1 else ""
            text += f", {self.skipped} déjà présente{plural} (ignorée{plural})"
        return text + "."


def _applicants_by_email(owner_id: int, emails: set[str]) -> dict[str, Applicant]:
    found = {}
    email_list = sorted(emails)
    for start in range(0, len(email_list), 500):
        chunk = email_list[start:start + 500]
        for applicant in db.session.scalars(
                select(Applicant).where(Applicant.owner_id == owner_id, Applicant.email.in_(chunk))):
            found[applicant.email] = applicant
    return found


def _existing_keys(mission_id: int) -> set[str]:
    return set(db.session.scalars(select(Reply.dedupe_key).where(Reply.mission_id == mission_id)))


def check_import(result: importer.ImportResult) -> None:
    """Refuse (ImportFailed) a batch with problems or without any reply, before anything is saved."""
    if not result.ok:
        raise ImportFailed(result.problems)
    if not result.replies:
        raise ImportFailed([importer.RowProblem(None, None, importer.MSG_NO_REPLY)])


def save_import(owner_id: int, mission: Mission, result: importer.ImportResult, source: str,
                progress=None, before_commit=None) -> SaveReport:
    """Save a parsed batch in one transaction and score it; any problem saves nothing.

    `progress(done, total)` follows the scoring; `before_commit(report)` runs inside the transaction, just
    before the commit (a job records its outcome there, so that both become visible together).
    """
    if mission.owner_id != owner_id:
        abort(404)
    check_import(result)
    report = SaveReport()
    with all_or_nothing(owner_id):
        stage_replies(owner_id, mission, result.replies, source, report)
        db.session.flush()
        score_replies(report.added, progress=progress)
        if before_commit is not None:
            before_commit(report)
    return report


@contextmanager
def all_or_nothing(owner_id: int) -> Iterator[None]:
    """One transaction for a batch of replies: committed whole at the end, or rolled back on any error
    (with the account's duplicate index forgotten: it may hold replies that were never saved)."""
    try:
        yield
        db.session.commit()
    except Exception:
        db.session.rollback()
        index_cache.forget(owner_id)
        raise


def stage_replies(owner_id: int, mission: Mission, parsed_replies, source: str,
                  report: SaveReport) -> list[Reply | None]:
    """Add parsed replies of one mission to the session (no commit, no scoring): the caller saves the
    whole batch at once. Returns, per parsed reply, its new Reply or None when it was already there."""
    staged: list[Reply | None] = []
    seen = _existing_keys(mission.id)
    emails = {r.email for r in parsed_replies if r.email}
    applicants = _applicants_by_email(owner_id, emails)
    for parsed in parsed_replies:
        key = parsed.dedupe_key
        if key in seen:
            report.skipped += 1
            staged.append(None)
            continue
        seen.add(key)
        applicant = applicants.get(parsed.email) if parsed.email else None
        if applicant is None:
            applicant = Applicant(owner_id=owner_id, email=parsed.email or None, name=parsed.name)
            db.session.add(applicant)
            if parsed.email:
                applicants[parsed.email] = applicant
        # Latest known details win; an empty value never erases a known one.
        for attr in ("name", "profile_url", "platform_level"):
            value = getattr(parsed, attr)
            if value:
                setattr(applicant, attr, value)
        if parsed.rating is not None:
            applicant.rating = parsed.rating
        reply = Reply(owner_id=owner_id, mission=mission, applicant=applicant, body=parsed.text,
                      # No date in the import: unknown (no reply speed), never "now".
                      received_at=parsed.received_at, hourly_rate=parsed.hourly_rate,
                      source=source, source_line=parsed.source_line, dedupe_key=key,
                      attachments=[{"filename": a.filename, "content_type": a.content_type, "size": a.size}
                                   for a in parsed.attachments])
        db.session.add(reply)
        report.added.append(reply)
        staged.append(reply)
    return staged


def get_reply(owner_id: int, reply_id: int) -> Reply:
    """The owner's reply, or 404."""
    reply = db.session.scalar(select(Reply).where(Reply.id == reply_id, Reply.owner_id == owner_id))
    if reply is None:
        abort(404)
    return reply


def rescore_all(owner_id: int | None = None, batch: int = 500, progress=None) -> int:
    """Recompute every stored score (after a scorer change). Returns the number of replies scored."""
    index_cache.forget(owner_id)
    query = select(Reply.owner_id, Reply.id).order_by(Reply.owner_id, Reply.id)
    if owner_id is not None:
        query = query.where(Reply.owner_id == owner_id)
    by_owner: dict[int, list[int]] = {}
    for owner, reply_id in db.session.execute(query):
        by_owner.setdefault(owner, []).append(reply_id)
    grand_total = sum(len(ids) for ids in by_owner.values())
    done = 0
    for owner, ids in by_owner.items():
        index = index_cache.get(owner)
        for start in range(0, len(ids), batch):
            chunk = list(db.session.scalars(
                select(Reply).where(Reply.id.in_(ids[start:start + batch]))
                .options(selectinload(Reply.applicant), selectinload(Reply.mission))))
            score_replies(chunk, index)
            db.session.commit()
            done += len(chunk)
            if progress:
                progress(done, grand_total)
    return done


def reply_counts(owner_id: int) -> dict[int, dict[str, int]]:
    """Per mission of the owner: number of replies, of finalists and of each verdict (one query)."""
    from sqlalchemy import func
    counts: dict[int, dict[str, int]] = {}
    rows = db.session.execute(
        select(Reply.mission_id, Reply.verdict, Reply.is_finalist, func.count(Reply.id))
        .where(Reply.owner_id == owner_id).group_by(Reply.mission_id, Reply.verdict, Reply.is_finalist))
    for mission_id, verdict, finalist, n in rows:
        entry = counts.setdefault(mission_id, {"total": 0, "finalists": 0})
        entry["total"] += n
        if finalist:
            entry["finalists"] += n
        if verdict:
            entry[verdict] = entry.get(verdict, 0) + n
    return counts
