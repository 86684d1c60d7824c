"""Bridge between stored replies and the pure scorer: inputs, a per-account duplicate index, results."""
import threading

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from screening.extensions import db
from screening.missions.models import Mission
from screening.replies.models import Applicant, Reply
from screening.scoring import SCORER_VERSION, DuplicateIndex, MissionInput, ReplyInput, score_reply
from screening.timeutil import as_utc, utcnow


def mission_input(mission: Mission) -> MissionInput:
    """The mission as the scorer sees it."""
    description = "\n".join(part for part in (mission.objective, mission.context, mission.deliverable,
                                              mission.procedure) if part)
    return MissionInput(title=mission.title, description=description,
                        questions=tuple(mission.custom_question_list),
                        published_at=as_utc(mission.published_at), id=str(mission.id))


def reply_input(reply_id: int, body: str, received_at, name: str, email: str | None,
                mission_id: int) -> ReplyInput:
    return ReplyInput(id=str(reply_id), text=body, received_at=as_utc(received_at), name=name or "",
                      email=email or "", mission_id=str(mission_id))


class _IndexCache:
    """One duplicate index per account, kept in memory and topped up with replies saved since (by id).

    Replies saved by another worker are picked up on the next use, since the top-up reads every reply
    with an id above the highest one already indexed. Deletions call `forget()`.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._indexes: dict[tuple[str, int], tuple[DuplicateIndex, int]] = {}

    def get(self, owner_id: int) -> DuplicateIndex:
        # Keyed by database too: several apps (tests, a restored copy) may share one process.
        key = (db.engine.url.render_as_string(hide_password=True), owner_id)
        with self._lock:
            index, last_id = self._indexes.get(key, (None, 0))
            if index is not None and last_id > (db.session.scalar(
                    select(func.max(Reply.id)).where(Reply.owner_id == owner_id)) or 0):
                index, last_id = None, 0  # the database went back in time (restore, reset): rebuild
            if index is None:
                index = DuplicateIndex()
            rows = db.session.execute(
                select(Reply.id, Reply.body, Reply.received_at, Reply.mission_id, Applicant.name,
                       Applicant.email)
                .join(Applicant, Reply.applicant_id == Applicant.id)
                .where(Reply.owner_id == owner_id, Reply.id > last_id)
                .order_by(Reply.id)
            )
            for row in rows:
                index.add(reply_input(row.id, row.body, row.received_at, row.name, row.email, row.mission_id))
                last_id = row.id
            self._indexes[key] = (index, last_id)
            return index

    def forget(self, owner_id: int | None = None) -> None:
        with self._lock:
            for key in [k for k in self._indexes if owner_id is None or k[1] == owner_id]:
                del self._indexes[key]


index_cache = _IndexCache()


def store_result(reply: Reply, result: dict) -> None:
    """Copy the scorer's result onto the reply (columns for sorting and filtering, full JSON for display)."""
    answered = result.get("answered") or {}
    reply.score = result.get("score")
    reply.verdict = result.get("verdict")
    reply.scorer_version = result.get("scorer_version") or SCORER_VERSION
    reply.scored_at = utcnow()
    reply.is_french = result.get("is_french")
    reply.answered_count = sum(1 for q in ("q1", "q2", "q3", "q4") if answered.get(q))
    reply.template = bool(result.get("template"))
    reply.subcontracting = bool(result.get("subcontracting"))
    reply.assessment = result


def matched_reply_ids(result: dict) -> set[int]:
    """Ids of the other replies that this result says it repeats."""
    ids = set()
    for sign in result.get("template_signs") or ():
        for evidence in sign.get("evidence") or ():
            value = evidence.get("reply_id") if isinstance(evidence, dict) else None
            if value is not None and str(value).isdigit():
                ids.add(int(value))
    return ids


def has_duplicate_flag(result: dict | None) -> bool:
    """True when a stored result already says the reply repeats another one."""
    return bool(result) and any(str(sign.get("code", "")).startswith("duplicate_")
                                for sign in result.get("template_signs") or ())


# An earlier reply already flagged as a copy keeps its flags when yet another copy arrives (the new one
# links to it); only earlier replies not yet flagged are rescored, at most this many per batch.
MAX_EARLIER_RESCORED = 200


def score_replies(replies: list[Reply], index: DuplicateIndex | None = None, progress=None) -> None:
    """Score replies (already flushed, so they have ids) and rescore the earlier replies they copy.

    `progress(done, total)`, when given, is called as the replies are scored (a job's progress bar).
    Parallelism comes from the queue's workers (one import per worker process), never from a pool here.
    """
    if not replies:
        return
    replies = list(replies)
    owner_id = replies[0].owner_id
    index = index if index is not None else index_cache.get(owner_id)
    missions: dict[int, MissionInput] = {}
    items = []
    for reply in replies:
        if reply.mission_id not in missions:
            missions[reply.mission_id] = mission_input(reply.mission)
        items.append(reply_input(reply.id, reply.body, reply.received_at, reply.applicant.name,
                                 reply.applicant.email, reply.mission_id))
    for item in items:
        if item.id not in index:
            index.add(item)
    results = []
    total = len(items)
    for n, item in enumerate(items, 1):
        results.append(score_reply(missions[int(item.mission_id)], item, index).to_dict())
        if progress is not None and (n % PROGRESS_EVERY == 0 or n == total):
            progress(n, total)
    touched: set[int] = set()
    for reply, result in zip(replies, results, strict=True):
        store_result(reply, result)
        touched |= matched_reply_ids(result)
    new_ids = {reply.id for reply in replies}
    earlier_ids = sorted(touched - new_ids)
    if earlier_ids:
        earlier = [reply for reply in db.session.scalars(
            select(Reply).where(Reply.id.in_(earlier_ids[:5000]), Reply.owner_id == owner_id)
            .options(selectinload(Reply.applicant), selectinload(Reply.mission)))
            if not has_duplicate_flag(reply.assessment)][:MAX_EARLIER_RESCORED]
        for reply in earlier:
            if reply.mission_id not in missions:
                missions[reply.mission_id] = mission_input(reply.mission)
            item = reply_input(reply.id, reply.body, reply.received_at, reply.applicant.name,
                               reply.applicant.email, reply.mission_id)
            store_result(reply, score_reply(missions[reply.mission_id], item, index).to_dict())
            replies.append(reply)
    # The owner has the last word: his corrections survive every (re)scoring.
    from screening.corrections.services import apply_corrections
    apply_corrections(replies)


# How often (in replies) a job's progress is reported.
PROGRESS_EVERY = 25
