"""Jobs: queue an import, follow its progress, run it in a worker, recover from a killed worker."""
import json
import logging
import time
import zlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask import abort, current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from screening.extensions import db
from screening.jobs.models import Job
from screening.missions.models import Mission
from screening.queue import QueueUnavailable, huey
from screening.replies import importer
from screening.replies.services import ImportFailed, SaveReport, check_import, save_import
from screening.timeutil import as_utc, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 2
MSG_MISSION_GONE = "La mission a été supprimée pendant l'import : rien n'a été enregistré."
MSG_KILLED = ("Le traitement a été interrompu deux fois (processus arrêté) : rien n'a été importé. "
              "Relancez l'import.")
MSG_UNEXPECTED = ("Une erreur inattendue a interrompu le traitement : rien n'a été enregistré. Réessayez ; "
                  "si cela se reproduit, signalez-le.")


class Superseded(Exception):
    """Another attempt of the same job took over (this one was presumed dead): save nothing."""


# --- the batch, stored with the job until it is saved ---------------------------------------------------

def encode_batch(replies) -> bytes:
    rows = [{"name": r.name, "email": r.email, "text": r.text,
             "received_at": r.received_at.isoformat() if r.received_at else None,
             "hourly_rate": str(r.hourly_rate) if r.hourly_rate is not None else None,
             "profile_url": r.profile_url, "platform_level": r.platform_level, "rating": r.rating,
             "source_line": r.source_line,
             "attachments": [[a.filename, a.content_type, a.size] for a in r.attachments]} for r in replies]
    # surrogatepass: a lone surrogate in an applicant's text must come back as it was, not crash here
    return zlib.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8", "surrogatepass"), 6)


def decode_batch(data: bytes) -> importer.ImportResult:
    rows = json.loads(zlib.decompress(data).decode("utf-8", "surrogatepass"))
    return importer.ImportResult(tuple(importer.ParsedReply(
        name=row["name"], email=row["email"], text=row["text"],
        received_at=datetime.fromisoformat(row["received_at"]) if row["received_at"] else None,
        hourly_rate=Decimal(row["hourly_rate"]) if row["hourly_rate"] is not None else None,
        profile_url=row["profile_url"], platform_level=row["platform_level"], rating=row["rating"],
        source_line=row["source_line"],
        attachments=tuple(importer.Attachment(*a) for a in row["attachments"])) for row in rows))


# --- progress, kept in the queue's store ------------------------------------------------------------------

def _progress_key(job_id: int) -> str:
    return f"screening-job-progress:{job_id}"


def report_progress(job_id: int, done: int, total: int) -> None:
    """Record how far the job is (also its worker's sign of life)."""
    try:
        huey.put(_progress_key(job_id), {"done": done, "total": total, "at": time.time()})
    except Exception:  # progress is a nicety: never fail the import over it
        log.warning("could not record the progress of job %s", job_id, exc_info=True)


def read_progress(job_id: int) -> dict | None:
    try:
        value = huey.get(_progress_key(job_id), peek=True)
    except Exception:
        return None
    return value if isinstance(value, dict) else None


def _clear_progress(job_id: int) -> None:
    try:
        huey.get(_progress_key(job_id))  # without peek: read and delete
    except Exception:  # the note is only a progress hint: an unreachable store must not fail the job
        logging.getLogger(__name__).warning("progress note of job %s not cleared", job_id, exc_info=True)


@dataclass(frozen=True)
class Progress:
    state: str
    done: int
    total: int
    seconds_left: int | None

    @property
    def percent(self) -> int:
        return 100 if self.state == "done" else int(100 * self.done / self.total) if self.total else 0


def job_progress(job: Job) -> Progress:
    """Where the job stands: state, replies done out of total, and an estimate of the time left."""
    if job.state == "done":
        return Progress("done", job.total, job.total, 0)
    info = read_progress(job.id) if job.state == "running" else None
    done = min(int(info["done"]), job.total) if info else 0
    left = None
    started = as_utc(job.started_at)
    if info and done and started is not None:
        elapsed = max(0.0, info["at"] - started.timestamp())
        left = int(round(elapsed / done * (job.total - done)))
    return Progress(job.state, done, job.total, left)


def describe_seconds(seconds: int | None) -> str:
    """'environ 2 min 10 s', in French, for the time left."""
    if seconds is None:
        return "estimation en cours"
    if seconds < 60:
        return f"environ {max(1, seconds)} s"
    minutes, secs = divmod(seconds, 60)
    return f"environ {minutes} min {secs:02d} s" if minutes < 10 else f"environ {minutes} min"


# --- queueing -------------------------------------------------------------------------------------------

def _enqueue(job_id: int) -> None:
    from screening.jobs.tasks import run_job
    run_job(job_id)


def start_import(owner_id: int, mission: Mission, result: importer.ImportResult, source: str) -> Job:
    """Check the batch, store it with a new job and queue the job; QueueUnavailable saves nothing."""
    if mission.owner_id != owner_id:
        abort(404)
    check_import(result)
    job = Job(owner_id=owner_id, mission_id=mission.id, kind="import", source=source,
              total=len(result.replies), payload=encode_batch(result.replies))
    db.session.add(job)
    db.session.commit()
    job_id = job.id
    try:
        _enqueue(job_id)
    except Exception as exc:
        if huey.immediate:
            raise
        log.warning("queue unreachable, job %s withdrawn: %s", job_id, exc)
        db.session.rollback()
        db.session.execute(delete(Job).where(Job.id == job_id))  # nothing left behind
        db.session.commit()
        raise QueueUnavailable() from exc
    db.session.expire_all()
    return db.session.get(Job, job_id)


def get_job(owner_id: int, job_id: int) -> Job:
    """The owner's job (after a check that its worker is still alive), or 404."""
    job = db.session.scalar(select(Job).where(Job.id == job_id, Job.owner_id == owner_id))
    if job is None:
        abort(404)
    if job.state == "running" and recover_if_stale(job):
        db.session.refresh(job)
    return job


def recover_if_stale(job: Job) -> bool:
    """A running job silent for JOB_STALE_SECONDS: queue it again, or fail it. True if it changed."""
    info = read_progress(job.id)
    last = info["at"] if info else (as_utc(job.started_at).timestamp() if job.started_at else time.time())
    if time.time() - last < current_app.config["JOB_STALE_SECONDS"]:
        return False
    retry = job.attempts < MAX_ATTEMPTS and job.payload is not None
    values = ({"state": "queued"} if retry else
              {"state": "failed", "message": MSG_KILLED, "payload": None, "finished_at": utcnow()})
    changed = db.session.execute(update(Job).where(Job.id == job.id, Job.state == "running",
                                                   Job.attempts == job.attempts).values(**values)).rowcount
    db.session.commit()
    if changed and retry:
        log.warning("job %s: no sign of life from its worker, queued again", job.id)
        _clear_progress(job.id)
        try:
            _enqueue(job.id)
        except Exception:
            log.warning("job %s could not be queued again", job.id, exc_info=True)
    return bool(changed)


def recover_stale_jobs() -> int:
    """Every running job whose worker died: retried or failed (run by the worker every minute)."""
    jobs = list(db.session.scalars(select(Job).where(Job.state == "running")))
    return sum(1 for job in jobs if recover_if_stale(job))


# --- running, in a worker -------------------------------------------------------------------------------

def _finish(job_id: int, **values) -> None:
    db.session.rollback()
    values.setdefault("finished_at", utcnow())
    values.setdefault("payload", None)
    db.session.execute(update(Job).where(Job.id == job_id).values(**values))
    db.session.commit()
    _clear_progress(job_id)


def run_import(job_id: int) -> str:
    """Score and save a queued import as one transaction; record the outcome on the job."""
    claimed = db.session.execute(update(Job).where(Job.id == job_id, Job.state == "queued").values(
        state="running", attempts=Job.attempts + 1, started_at=utcnow())).rowcount
    db.session.commit()
    if not claimed:
        return "skipped"  # done already, or taken by another worker
    job = db.session.get(Job, job_id)
    attempt, owner_id, total = job.attempts, job.owner_id, job.total
    report_progress(job_id, 0, total)
    result = decode_batch(job.payload)
    source = job.source

    def mark_done(report: SaveReport) -> None:
        done = db.session.execute(update(Job).where(
            Job.id == job_id, Job.state == "running", Job.attempts == attempt).values(
            state="done", message=report.message, added=len(report.added), skipped=report.skipped,
            payload=None, finished_at=utcnow())).rowcount
        if not done:
            raise Superseded()

    for _ in range(3):
        mission = (db.session.scalar(select(Mission).where(Mission.id == job.mission_id))
                   if job.mission_id else None)
        if mission is None or mission.owner_id != owner_id:
            _finish(job_id, state="failed", message=MSG_MISSION_GONE)
            return "failed"
        try:
            report = save_import(owner_id, mission, result, source,
                                 progress=lambda done, _total: report_progress(job_id, done, total),
                                 before_commit=mark_done)
        except IntegrityError:
            # The same replies were saved meanwhile (the same file sent twice at once), or the mission went
            # away: read again and retry; already present replies are then skipped.
            db.session.rollback()
            job = db.session.get(Job, job_id)
            continue
        except ImportFailed as exc:
            _finish(job_id, state="failed", message="Aucune réponse enregistrée : " + str(exc),
                    problems=[{"line": p.line, "field": p.field, "message": p.message, "index": p.index}
                              for p in exc.problems])
            return "failed"
        except Superseded:
            return "superseded"
        _clear_progress(job_id)
        log.info("job %s: %s", job_id, report.message)
        return "done"
    _finish(job_id, state="failed", message=MSG_UNEXPECTED)
    return "failed"


def run_job(job_id: int) -> str:
    """Run a job by its kind; any unexpected error fails it cleanly (rolled back, French message)."""
    job = db.session.get(Job, job_id)
    if job is None:
        return "missing"
    try:
        if job.kind == "import":
            return run_import(job_id)
        raise ValueError(f"unknown job kind {job.kind!r}")
    except OperationalError:
        db.session.rollback()
        raise  # database unreachable: let the queue retry the job later
    except Exception:
        log.exception("job %s failed", job_id)
        _finish(job_id, state="failed", message=MSG_UNEXPECTED)
        return "failed"
