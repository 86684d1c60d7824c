"""Delegated work after the decision: collaborators, tasks, check-ins, costs, due items, calendar."""
import hashlib
import hmac
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from urllib.parse import quote

from flask import abort, current_app, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from screening.auth.models import User
from screening.extensions import db
from screening.missions.models import PRIORITIES, MissionTemplate
from screening.missions.posting import MONTHS, SUBCONTRACTING_BAN, french_date
from screening.missions.services import get_template
from screening.portfolio.models import (
    ACCEPTED,
    QUALITIES,
    STATES,
    TRANSITIONS,
    VERDICTS,
    CalendarFeed,
    Collaborator,
    DelegatedTask,
    TaskCheckin,
)
from screening.replies.models import Applicant
from screening.timeutil import as_utc, utcnow
from screening.trials import calendar, costs
from screening.trials.models import Trial, TrialRound
from screening.trials.services import hourly_money

DEFAULT_STALL_DAYS = 3
MAX_CHECKINS = 10
STALL_MESSAGE = "Tout est clair ? Quelque chose bloque ?"
# The recipe book's content copied into a task (the model's brief keys).
MODEL_FIELDS = ("objective", "deliverable", "procedure", "measured_minutes", "resources", "examples",
                "checklist")


class PortfolioError(ValueError):
    """A refused operation; the message is in French and nothing was changed."""


# --- Look-ups: always through the owner, 404 otherwise -------------------------------------------------

def get_collaborator(owner_id: int, collaborator_id: int) -> Collaborator:
    """The owner's collaborator, or 404 (also when it belongs to another account)."""
    found = db.session.scalar(select(Collaborator).where(
        Collaborator.id == collaborator_id, Collaborator.owner_id == owner_id))
    if found is None:
        abort(404)
    return found


def get_task(owner_id: int, task_id: int) -> DelegatedTask:
    """The owner's task, or 404."""
    found = db.session.scalar(select(DelegatedTask).where(
        DelegatedTask.id == task_id, DelegatedTask.owner_id == owner_id))
    if found is None:
        abort(404)
    return found


def list_collaborators(owner_id: int) -> list[Collaborator]:
    """The owner's collaborators: keepers first, then backups, then the others, by name."""
    order = {"keeper": 0, "backup": 1, "other": 2}
    found = db.session.scalars(select(Collaborator).where(Collaborator.owner_id == owner_id)
                               .options(selectinload(Collaborator.tasks)))
    return sorted(found, key=lambda c: (order.get(c.role, 3), c.name.lower(), c.id))


def list_tasks(owner_id: int, collaborator_id: int | None = None) -> list[DelegatedTask]:
    """The owner's tasks (of one collaborator when given), in the order to do them."""
    query = (select(DelegatedTask).where(DelegatedTask.owner_id == owner_id)
             .options(selectinload(DelegatedTask.checkins), selectinload(DelegatedTask.collaborator)))
    if collaborator_id is not None:
        query = query.where(DelegatedTask.collaborator_id == collaborator_id)
    return sorted(db.session.scalars(query), key=work_order)


def work_order(task: DelegatedTask) -> tuple:
    """Priority first (1 = haute), then the nearest deadline: the first open task is the one to do first."""
    return (task.priority, task.deadline, task.id)


# --- Collaborators ------------------------------------------------------------------------------------

COLLABORATOR_FIELDS = ("name", "email", "platform", "profile_url", "hourly_rate", "currency", "notes")


def _check_collaborator(data: dict) -> None:
    if not _clean(data.get("name")):
        raise PortfolioError("Donnez le nom du collaborateur.")
    if data.get("hourly_rate") is not None and data["hourly_rate"] < 0:
        raise PortfolioError("Le tarif horaire ne peut pas être négatif.")


def create_collaborator(owner_id: int, data: dict) -> Collaborator:
    """Add a collaborator by hand."""
    _check_collaborator(data)
    collaborator = Collaborator(owner_id=owner_id, role="other")
    _apply(collaborator, data, COLLABORATOR_FIELDS)
    db.session.add(collaborator)
    db.session.commit()
    return collaborator


def update_collaborator(collaborator: Collaborator, data: dict, backup_id: int | None = None) -> Collaborator:
    """Save a collaborator's details and their backup (another of the owner's collaborators)."""
    _check_collaborator(data)
    if backup_id:
        backup = get_collaborator(collaborator.owner_id, backup_id)
        if backup.id == collaborator.id:
            raise PortfolioError("Un collaborateur ne peut pas être son propre remplaçant.")
        collaborator.backup = backup
    else:
        collaborator.backup = None
    _apply(collaborator, data, COLLABORATOR_FIELDS)
    db.session.commit()
    return collaborator


def _clean(value: str) -> str:
    """The owner's typed text, trimmed; NUL bytes (which PostgreSQL refuses) are dropped."""
    return (value or "").replace("\x00", "").strip()


def _apply(obj, data: dict, fields) -> None:
    for name in fields:
        if name in data:
            value = data[name]
            setattr(obj, name, _clean(value) if isinstance(value, str) else value)


def _from_trial(owner_id: int, trial: Trial, role: str, trial_round: TrialRound) -> Collaborator:
    applicant: Applicant = trial.applicant
    collaborator = db.session.scalar(select(Collaborator).where(
        Collaborator.owner_id == owner_id, Collaborator.applicant_id == applicant.id))
    if collaborator is None:
        collaborator = Collaborator(owner_id=owner_id, applicant_id=applicant.id, name=trial.name[:200],
                                    email=applicant.email or "", profile_url=applicant.profile_url or "",
                                    platform=trial_round.mission.platform or "other",
                                    hourly_rate=trial.reply.hourly_rate, currency=trial_round.currency)
        db.session.add(collaborator)
    collaborator.role = role
    collaborator.trial_round_id = trial_round.id
    return collaborator


def collaborators_from_decision(trial_round: TrialRound) -> tuple[Collaborator, Collaborator | None]:
    """The keeper and the backup of a decided round become collaborators (the same person is never
    added twice); the keeper's backup is set. Returns (keeper, backup)."""
    kept, backup_trial = trial_round.kept, trial_round.backup
    if trial_round.decided_at is None or kept is None:
        raise PortfolioError("Cette série d'essais n'a pas encore de décision.")
    owner_id = trial_round.owner_id
    # Finalists of this round who were keeper or backup and no longer are: plain collaborators.
    for trial in trial_round.trials:
        if trial.id not in (kept.id, backup_trial.id if backup_trial else None):
            existing = db.session.scalar(select(Collaborator).where(
                Collaborator.owner_id == owner_id, Collaborator.applicant_id == trial.applicant_id,
                Collaborator.trial_round_id == trial_round.id))
            if existing is not None:
                existing.role = "other"
    keeper = _from_trial(owner_id, kept, "keeper", trial_round)
    backup = _from_trial(owner_id, backup_trial, "backup", trial_round) if backup_trial else None
    keeper.backup = backup
    db.session.commit()
    return keeper, backup


def decision_collaborators(trial_round: TrialRound) -> list[Collaborator]:
    """The collaborators that came from this round's decision (empty before it is turned into them)."""
    return list(db.session.scalars(select(Collaborator).where(
        Collaborator.owner_id == trial_round.owner_id, Collaborator.trial_round_id == trial_round.id,
        Collaborator.role.in_(("keeper", "backup"))).order_by(Collaborator.role.desc())))


def reassign_open_tasks(source: Collaborator, target: Collaborator) -> int:
    """Give the source's open tasks to the target (same account). Returns how many moved; commits."""
    if target.owner_id != source.owner_id:
        abort(404)
    if target.id == source.id:
        raise PortfolioError("Choisissez un autre collaborateur pour reprendre les tâches.")
    moved = 0
    now = utcnow()
    for task in source.open_tasks:
        task.collaborator = target
        task.collaborator_name = target.name
        task.changed_at = now
        moved += 1
    db.session.commit()
    return moved


def switch_to_backup(collaborator: Collaborator) -> tuple[Collaborator, int]:
    """"Passer au remplaçant": the collaborator's open tasks go to their backup."""
    if collaborator.backup is None:
        raise PortfolioError(f"{collaborator.name} n'a pas de remplaçant : choisissez-en un d'abord.")
    backup = collaborator.backup
    return backup, reassign_open_tasks(collaborator, backup)


def delete_collaborator(collaborator: Collaborator, reassign_to: int | None = None) -> int:
    """Delete a collaborator; open tasks must go to someone else first (refused otherwise).
    Finished tasks stay, under the collaborator's name. Returns the number of tasks reassigned."""
    moved = 0
    if collaborator.open_tasks:
        if not reassign_to:
            n = len(collaborator.open_tasks)
            raise PortfolioError(f"{collaborator.name} a encore {n} tâche{'s' if n > 1 else ''} en cours : "
                                 "réassignez-les à un autre collaborateur avant de supprimer.")
        moved = reassign_open_tasks(collaborator, get_collaborator(collaborator.owner_id, reassign_to))
    for task in collaborator.tasks:
        task.collaborator_name = collaborator.name
    for other in db.session.scalars(select(Collaborator).where(Collaborator.backup_id == collaborator.id)):
        other.backup = None
    db.session.delete(collaborator)
    db.session.commit()
    return moved


@dataclass(frozen=True)
class History:
    replies: list
    trials: list
    tasks: list[DelegatedTask]


def collaborator_history(collaborator: Collaborator) -> History:
    """What screening knows of this person: their replies, trials and tasks."""
    replies, trials = [], []
    if collaborator.applicant_id:
        applicant = collaborator.applicant
        replies = sorted(applicant.replies, key=lambda r: r.id, reverse=True)
        trials = list(db.session.scalars(select(Trial).where(
            Trial.applicant_id == applicant.id, Trial.owner_id == collaborator.owner_id)
            .order_by(Trial.id.desc())))
    return History(replies, trials, sorted(collaborator.tasks, key=work_order))


# --- The recipe book: task models ---------------------------------------------------------------------

def model_content(template: MissionTemplate) -> dict:
    """A task model's content as a task needs it, and its version (1 until the model is edited)."""
    brief = template.brief or {}
    content = {name: brief.get(name) for name in MODEL_FIELDS}
    content["title"] = brief.get("title") or template.name
    content["priority"] = brief.get("priority") or 2
    content["version"] = int(brief.get("version") or 1)
    for name in MODEL_FIELDS:
        if name != "measured_minutes" and content[name] is None:
            content[name] = ""
    return content


def update_model(template: MissionTemplate, name: str, data: dict) -> MissionTemplate:
    """Edit a task model; its version goes up. Tasks already given keep the version they were given."""
    if not name.strip():
        raise PortfolioError("Donnez un nom au modèle.")
    if data.get("measured_minutes") is not None and data["measured_minutes"] < 1:
        raise PortfolioError("Le temps mesuré doit être d'au moins 1 minute.")
    brief = dict(template.brief or {})
    for key in ("title",) + MODEL_FIELDS:
        if key in data:
            value = data[key]
            brief[key] = _clean(value) if isinstance(value, str) else value
    brief["version"] = int(brief.get("version") or 1) + 1
    template.name = _clean(name)
    template.brief = brief  # a new dict: the JSON column sees the change
    db.session.commit()
    return template


def model_tasks(template: MissionTemplate) -> list[DelegatedTask]:
    return list(db.session.scalars(select(DelegatedTask).where(
        DelegatedTask.template_id == template.id, DelegatedTask.owner_id == template.owner_id)
        .order_by(DelegatedTask.id)))


# --- Tasks --------------------------------------------------------------------------------------------

TASK_FIELDS = ("title", "objective", "deliverable", "steps", "measured_minutes", "resources", "examples",
               "checklist", "doc_url", "priority", "starts_on", "deadline")


def _check_dates(starts_on: date, deadline: date, checkins: list[date]) -> list[date]:
    if starts_on is None or deadline is None:
        raise PortfolioError("Indiquez le début et la date limite.")
    if deadline < starts_on:
        raise PortfolioError("La date limite ne peut pas précéder le début de la tâche.")
    checkins = sorted(set(checkins))
    if len(checkins) > MAX_CHECKINS:
        raise PortfolioError(f"{MAX_CHECKINS} points d'étape au plus.")
    for day in checkins:
        if not starts_on <= day <= deadline:
            raise PortfolioError(f"Le point d'étape du {french_date(day)} doit tomber entre le début et "
                                 "la date limite.")
    return checkins


def _check_url(url: str) -> str:
    url = (url or "").strip()
    if url and not url.lower().startswith(("https://", "http://")):
        raise PortfolioError("Le lien du document partagé doit commencer par https:// ou http://.")
    return url


def halfway(start: date, deadline: date) -> date:
    return start + timedelta(days=(deadline - start).days // 2)


def create_task(owner_id: int, collaborator_id: int, data: dict, template_id: int | None = None,
                checkins: list[date] | None = None) -> DelegatedTask:
    """Give a task to a collaborator, from a task model (its content copied, with its version) or from
    scratch; check-ins default to one halfway."""
    collaborator = get_collaborator(owner_id, collaborator_id)  # another account's: 404
    template = None
    if template_id:
        template = get_template(owner_id, template_id)
    starts_on, deadline = data.get("starts_on"), data.get("deadline")
    days = checkins if checkins else ([halfway(starts_on, deadline)] if starts_on and deadline else [])
    days = _check_dates(starts_on, deadline, days)
    if not _clean(data.get("title")):
        raise PortfolioError("Donnez un titre à la tâche.")
    if data.get("measured_minutes") is not None and data["measured_minutes"] < 1:
        raise PortfolioError("Le temps mesuré doit être d'au moins 1 minute.")
    data = dict(data, doc_url=_check_url(data.get("doc_url", "")))
    task = DelegatedTask(owner_id=owner_id, collaborator=collaborator, collaborator_name=collaborator.name,
                         currency=collaborator.currency or "EUR", state="todo")
    if template is not None:
        content = model_content(template)
        task.template_id, task.template_name = template.id, template.name
        task.template_version = content["version"]
    _apply(task, data, TASK_FIELDS)
    for day in days:
        task.checkins.append(TaskCheckin(owner_id=owner_id, planned_on=day))
    db.session.add(task)
    db.session.commit()
    return task


def prefill_from_model(template: MissionTemplate, today: date) -> dict:
    """Form values for a new task from a task model (dates: tomorrow, a week later)."""
    content = model_content(template)
    start = today + timedelta(days=1)
    return {"title": content["title"], "objective": content["objective"],
            "deliverable": content["deliverable"], "steps": content["procedure"],
            "measured_minutes": content["measured_minutes"], "resources": content["resources"],
            "examples": content["examples"], "checklist": content["checklist"],
            "priority": content["priority"] if content["priority"] in PRIORITIES else 2,
            "starts_on": start, "deadline": start + timedelta(days=6)}


def update_task(task: DelegatedTask, data: dict) -> DelegatedTask:
    """Save a task's edited brief, priority, dates or document link (planned check-ins must still fit)."""
    planned = [c.planned_on for c in task.checkins if c.done_at is None]
    _check_dates(data.get("starts_on"), data.get("deadline"), planned)
    if not _clean(data.get("title")):
        raise PortfolioError("Donnez un titre à la tâche.")
    data = dict(data, doc_url=_check_url(data.get("doc_url", "")))
    _apply(task, data, TASK_FIELDS)
    task.changed_at = utcnow()
    db.session.commit()
    return task


def allowed_moves(task: DelegatedTask) -> tuple[str, ...]:
    return TRANSITIONS.get(task.state, ())


def move_task(task: DelegatedTask, new_state: str, reason: str = "") -> DelegatedTask:
    """Move a task on the board; "bloqué" needs why, "fait" goes through complete_task."""
    if new_state not in STATES:
        raise PortfolioError("État inconnu.")
    if new_state == task.state:
        return task
    if new_state not in TRANSITIONS.get(task.state, ()):
        raise PortfolioError(f"Impossible de passer de « {task.state_label} » à « {STATES[new_state]} ».")
    if new_state == "done":
        raise PortfolioError("Une tâche passe à « fait » en enregistrant le montant payé, votre temps "
                             "et la qualité.")
    reason = _clean(reason)
    if new_state == "blocked" and not reason:
        raise PortfolioError("Dites ce qui bloque la tâche.")
    task.blocked_reason = reason[:2000] if new_state == "blocked" else ""
    if task.state == "done":
        task.done_at = None
    task.state = new_state
    task.changed_at = utcnow()
    db.session.commit()
    return task


def complete_task(task: DelegatedTask, *, amount_paid: Decimal, quality: str, briefing_minutes: int,
                  answering_minutes: int, correcting_minutes: int, rework_minutes: int,
                  actual_minutes: int | None = None, on: date | None = None) -> DelegatedTask:
    """Record a finished task: what was paid, the owner's time, the quality; it becomes "fait"."""
    if task.state not in ("review", "doing", "done"):
        raise PortfolioError("Seule une tâche en cours ou à relire peut être terminée.")
    if amount_paid is None or amount_paid < 0:
        raise PortfolioError("Le montant payé ne peut pas être négatif.")
    minutes = (briefing_minutes, answering_minutes, correcting_minutes, rework_minutes)
    if any(m is None or m < 0 for m in minutes) or (actual_minutes is not None and actual_minutes < 0):
        raise PortfolioError("Les temps passés ne peuvent pas être négatifs.")
    if quality not in QUALITIES:
        raise PortfolioError("Choisissez la qualité : acceptée, acceptée après reprise ou refusée.")
    now = utcnow()
    if on is not None and on > now.date():
        raise PortfolioError("La date de fin ne peut pas être dans le futur.")
    if on is not None and on < task.starts_on:
        raise PortfolioError("La date de fin ne peut pas précéder le début de la tâche.")
    task.amount_paid = amount_paid
    task.briefing_minutes, task.answering_minutes, task.correcting_minutes, task.rework_minutes = minutes
    task.actual_minutes, task.quality = actual_minutes, quality
    task.done_at = (now if on is None or on == now.date()
                    else datetime.combine(on, time(12), tzinfo=timezone.utc))
    task.state, task.changed_at, task.blocked_reason = "done", now, ""
    db.session.commit()
    return task


# --- Check-ins ----------------------------------------------------------------------------------------

def plan_checkin(task: DelegatedTask, day: date) -> TaskCheckin:
    """Add a check-in date to a task (between its start and its deadline)."""
    if day is None:
        raise PortfolioError("Indiquez la date du point d'étape.")
    if len(task.checkins) >= MAX_CHECKINS:
        raise PortfolioError(f"{MAX_CHECKINS} points d'étape au plus par tâche.")
    _check_dates(task.starts_on, task.deadline, [day])
    checkin = TaskCheckin(owner_id=task.owner_id, planned_on=day)
    task.checkins.append(checkin)
    db.session.commit()
    return checkin


def log_checkin(task: DelegatedTask, *, seen: str, minutes: int, verdict: str, note: str = "",
                checkin_id: int | None = None) -> TaskCheckin:
    """Log what a check-in showed: fills the planned one (or the next planned), else adds one today."""
    seen, note = _clean(seen), _clean(note)
    if not seen:
        raise PortfolioError("Notez ce que vous avez vu du travail.")
    if minutes is None or minutes < 0:
        raise PortfolioError("Le temps passé ne peut pas être négatif.")
    if verdict not in VERDICTS:
        raise PortfolioError("Choisissez : sur la bonne voie, ou hors piste.")
    if verdict == "off_track" and not note:
        raise PortfolioError("Hors piste : notez ce qui ne va pas, pour le dire au collaborateur.")
    pending = [c for c in task.checkins if c.done_at is None]
    checkin = None
    if checkin_id:
        checkin = next((c for c in pending if c.id == checkin_id), None)
        if checkin is None:
            abort(404)
    elif pending:
        checkin = pending[0]
    now = utcnow()
    if checkin is None:
        checkin = TaskCheckin(owner_id=task.owner_id, planned_on=now.date())
        task.checkins.append(checkin)
    checkin.done_at, checkin.seen, checkin.minutes = now, seen, minutes
    checkin.verdict, checkin.note = verdict, note
    task.changed_at = now
    db.session.commit()
    return checkin


# --- Board, late and stalled tasks --------------------------------------------------------------------

def stall_days() -> int:
    return int(current_app.config.get("PORTFOLIO_STALL_DAYS", DEFAULT_STALL_DAYS))


@dataclass(frozen=True)
class Flags:
    late: bool
    stalled: bool
    idle_days: int


def task_flags(task: DelegatedTask, today: date, days: int | None = None) -> Flags:
    """Late: open past its deadline. Stalled: open, not late, no change for N days."""
    days = stall_days() if days is None else days
    if not task.is_open:
        return Flags(False, False, 0)
    last = as_utc(task.changed_at).date()
    idle = (today - last).days
    late = task.deadline < today
    return Flags(late, not late and idle >= days, idle)


def nudge_message(task: DelegatedTask) -> str:
    """The message suggested for a late or stalled task: an offer of help, not a reproach."""
    name = task.who if task.collaborator else ""
    hello = f"Bonjour {name}," if name else "Bonjour,"
    return (f"{hello}\n\nOù en êtes-vous de « {task.title} » "
            f"(livraison prévue le {french_date(task.deadline)}) ? "
            f"{STALL_MESSAGE} Si quelque chose vous manque (un accès, une précision, un exemple), "
            "dites-le-moi : je vous réponds vite.\n\nBien cordialement,")


@dataclass(frozen=True)
class Column:
    state: str
    label: str
    tasks: list


@dataclass(frozen=True)
class Board:
    columns: list[Column]
    abandoned: list[DelegatedTask]
    first: DelegatedTask | None  # the one to do first
    flags: dict[int, Flags]
    late: list[DelegatedTask]
    stalled: list[DelegatedTask]


def board(owner_id: int, collaborator_id: int | None = None, today: date | None = None) -> Board:
    """The tasks by state, in work order, with the one to do first and the late and stalled ones."""
    today = today or date.today()
    tasks = list_tasks(owner_id, collaborator_id)
    flags = {t.id: task_flags(t, today) for t in tasks}
    columns = [Column(s, STATES[s], [t for t in tasks if t.state == s])
               for s in ("todo", "doing", "review", "done", "blocked")]
    first = next((t for t in tasks if t.state in ("todo", "doing")), None)
    return Board(columns, [t for t in tasks if t.state == "abandoned"], first, flags,
                 [t for t in tasks if flags[t.id].late], [t for t in tasks if flags[t.id].stalled])


# --- The brief sent to the collaborator -----------------------------------------------------------------

def task_brief(task: DelegatedTask) -> tuple[str, str]:
    """The French brief for the collaborator, from the task (its model's copy): (subject, body)."""
    subject = f"Tâche — {task.title}"
    hello = f"Bonjour {task.who}," if task.collaborator else "Bonjour,"
    lines = [hello, "", f"Voici la prochaine tâche que je vous confie : « {task.title} ».",
             f"Priorité : {PRIORITIES.get(task.priority, '').lower()}."
             + (" C'est celle à faire en premier." if task.priority == 1 else ""), ""]
    for label, value in (("Objectif", task.objective), ("Livrable attendu", task.deliverable),
                         ("Étapes", task.steps), ("Ressources", task.resources),
                         ("Exemples de livrables", task.examples),
                         ("Contrôle qualité avant de livrer", task.checklist)):
        if (value or "").strip():
            lines += [f"{label} :", value.strip(), ""]
    if task.measured_minutes:
        lines += ["Temps de référence (mesuré en la faisant moi-même) : "
                  f"{minutes_label(task.measured_minutes)}.", ""]
    if task.doc_url:
        lines += [f"Document partagé : {task.doc_url}", ""]
    lines.append(f"Début : {french_date(task.starts_on)}.")
    for checkin in task.checkins:
        if checkin.done_at is None:
            lines.append(f"Point d'étape : {french_date(checkin.planned_on)} — montrez-moi où vous en êtes, "
                         "même si ce n'est pas terminé.")
    lines += [f"Date limite de livraison : {french_date(task.deadline)}.", "",
              SUBCONTRACTING_BAN + " Merci de confirmer que vous avez bien pris note de cette condition.", "",
              "Si quelque chose n'est pas clair, demandez-moi avant de commencer.", "", "Bien cordialement,"]
    return subject, "\n".join(lines)


def mailto_link(task: DelegatedTask) -> str | None:
    email = task.collaborator.email if task.collaborator else ""
    if not email:
        return None
    subject, body = task_brief(task)
    return f"mailto:{quote(email, safe='@')}?subject={quote(subject)}&body={quote(body)}"


def minutes_label(minutes: int | None) -> str:
    if minutes is None:
        return "—"
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest:02d}" if rest else "")


# --- Due items for the dashboard --------------------------------------------------------------------------

@dataclass(frozen=True)
class TaskDue:
    """A task's check-in or deadline on the dashboard's due list (same fields the list shows)."""

    day: date
    kind: str  # "checkin" or "deadline"
    label: str
    url: str
    context: str
    priority: int
    late: bool


def due_tasks(owner_id: int, today: date | None = None) -> list[TaskDue]:
    """Check-ins and deadlines of open tasks due today or already passed."""
    today = today or date.today()
    items = []
    for task in list_tasks(owner_id):
        if not task.is_open:
            continue
        url = url_for("portfolio.task_view", task_id=task.id)
        for checkin in task.checkins:
            if checkin.done_at is None and checkin.planned_on <= today:
                items.append(TaskDue(checkin.planned_on, "checkin",
                                     f"Point d'étape avec {task.who} : {task.title}", url + "#point",
                                     "Tâche déléguée", task.priority, checkin.planned_on < today))
        if task.deadline <= today:
            items.append(TaskDue(task.deadline, "deadline", f"Livraison de {task.who} : {task.title}", url,
                                 "Tâche déléguée", task.priority, task.deadline < today))
    return items


def merge_due(trial_items: list, owner_id: int, today: date | None = None) -> list:
    """The trials' due items and the tasks' in one list: late first, then by date and priority."""
    def key(item):
        priority = item.priority if isinstance(item, TaskDue) else item.trial_round.priority
        return (not item.late, item.day, priority)
    return sorted(list(trial_items) + due_tasks(owner_id, today), key=key)


# --- Costs ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CostLine:
    """Cost per completed task over a group of finished tasks (one currency)."""

    label: str
    finished: int
    accepted: int
    cost: costs.TrialCost
    measured_minutes: int | None = None
    actual_minutes: int | None = None  # average over the tasks where it was recorded


def cost_lines(label: str, tasks: list[DelegatedTask], hourly: costs.Money | None) -> list[CostLine]:
    """Cost per completed task over these finished tasks, one line per currency."""
    by_currency = defaultdict(list)
    for task in tasks:
        by_currency[task.currency].append(task)
    lines = []
    for currency, group in sorted(by_currency.items()):
        paid = costs.Money(sum((t.amount_paid or Decimal(0) for t in group), Decimal(0)), currency)
        minutes = sum(t.owner_minutes for t in group)
        accepted = sum(1 for t in group if t.quality in ACCEPTED)
        measured = [t.measured_minutes for t in group if t.measured_minutes]
        actual = [t.actual_minutes for t in group if t.actual_minutes is not None]
        lines.append(CostLine(label, len(group), accepted, costs.trial_cost(paid, minutes, accepted, hourly),
                              round(sum(measured) / len(measured)) if measured else None,
                              round(sum(actual) / len(actual)) if actual else None))
    return lines


def finished_tasks(owner_id: int) -> list[DelegatedTask]:
    return [t for t in list_tasks(owner_id) if t.state == "done"]


@dataclass(frozen=True)
class CostReport:
    per_collaborator: list[tuple[Collaborator | None, list[CostLine]]]
    per_model: list[CostLine]
    trend: list[tuple[str, list[tuple[str, list[CostLine]]]]]  # (month, [(name, lines)])
    pairs: list[tuple[Collaborator, Collaborator, list[CostLine], list[CostLine]]]
    overall: list[CostLine]
    time_note: str


def month_label(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def cost_report(owner: User) -> CostReport:
    """Cost per completed task over finished tasks: overall, per collaborator, per task model (with the
    model's measured time vs the actual time), by month, and keeper vs backup side by side."""
    hourly = hourly_money(owner)
    tasks = finished_tasks(owner.id)
    collaborators = {c.id: c for c in list_collaborators(owner.id)}
    by_collab = defaultdict(list)
    for task in tasks:
        by_collab[task.collaborator_id].append(task)
    gone = "Anciens collaborateurs"  # tasks whose collaborator was deleted
    per_collaborator = [(collaborators.get(cid),
                         cost_lines(collaborators[cid].name if cid in collaborators else gone, group, hourly))
                        for cid, group in by_collab.items()]
    per_collaborator.sort(key=lambda item: (item[0] is None, item[1][0].label.lower()))
    by_model = defaultdict(list)
    for task in tasks:
        by_model[(task.template_name or "Sans modèle", task.who)].append(task)
    per_model = [line for (model, who), group in sorted(by_model.items())
                 for line in cost_lines(f"{model} — {who}", group, hourly)]
    months = defaultdict(lambda: defaultdict(list))
    for task in tasks:
        done = as_utc(task.done_at).date()
        months[(done.year, done.month)][task.who].append(task)
    trend = [(month_label(date(y, m, 1)), [(who, cost_lines(who, group, hourly))
                                           for who, group in sorted(months[(y, m)].items())])
             for (y, m) in sorted(months)]
    pairs = []
    for keeper in collaborators.values():
        if keeper.role == "keeper" and keeper.backup is not None:
            backup = keeper.backup
            pairs.append((keeper, backup, cost_lines(keeper.name, by_collab.get(keeper.id, []), hourly),
                          cost_lines(backup.name, by_collab.get(backup.id, []), hourly)))
    if hourly is None:
        note = ("Votre valeur horaire n'est pas renseignée : votre temps passé n'est pas compté "
                "dans les coûts.")
    elif any(t.currency != hourly.currency for t in tasks):
        note = (f"Votre valeur horaire est en {hourly.currency} : votre temps n'est pas compté pour "
                "les tâches payées dans une autre devise.")
    else:
        note = ""
    return CostReport(per_collaborator, per_model, trend, pairs, cost_lines("Ensemble", tasks, hourly), note)


def task_cost(task: DelegatedTask, hourly: costs.Money | None) -> costs.TrialCost | None:
    """Cost of one finished task (None while it is open): failure when the work was refused."""
    if task.state != "done":
        return None
    return costs.trial_cost(costs.Money(task.amount_paid or Decimal(0), task.currency), task.owner_minutes,
                            1 if task.quality in ACCEPTED else 0, hourly)


# --- Calendar feed --------------------------------------------------------------------------------------

def _feed(owner_id: int, renew: bool = False) -> CalendarFeed:
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.owner_id == owner_id))
    if feed is None:
        feed = CalendarFeed(owner_id=owner_id, nonce=secrets.token_hex(16))
        db.session.add(feed)
        db.session.commit()
    elif renew:
        feed.nonce = secrets.token_hex(16)
        db.session.commit()
    return feed


def _sign(owner_id: int, nonce: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"calendar:{owner_id}:{nonce}".encode(), hashlib.sha256).hexdigest()[:40]


def feed_token(owner_id: int, renew: bool = False) -> str:
    """The secret part of the account's calendar address: "<owner id>-<signature>"."""
    feed = _feed(owner_id, renew)
    return f"{owner_id}-{_sign(owner_id, feed.nonce)}"


def owner_for_token(token: str) -> int | None:
    """The account whose calendar address this is, or None (unknown, renewed or forged)."""
    owner, _, signature = (token or "").partition("-")
    if not owner.isdigit() or len(signature) != 40:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.owner_id == int(owner)))
    if feed is None or not hmac.compare_digest(signature, _sign(int(owner), feed.nonce)):
        return None
    return int(owner)


def portfolio_ics(owner_id: int) -> bytes:
    """All-day events for the deadlines and the planned check-ins of the account's open tasks."""
    events = []
    for task in list_tasks(owner_id):
        if not task.is_open:
            continue
        where = f"Collaborateur : {task.who}." + (f"\nDocument : {task.doc_url}" if task.doc_url else "")
        for checkin in task.checkins:
            if checkin.done_at is None:
                events.append(calendar.Milestone(
                    f"task-{task.id}-checkin-{checkin.id}@{calendar.UID_DOMAIN}", checkin.planned_on,
                    f"Point d'étape : {task.title} ({task.who})",
                    f"Regardez le travail avant qu'il soit terminé (livraison le "
                    f"{french_date(task.deadline)}).\n{where}"))
        events.append(calendar.Milestone(f"task-{task.id}-deadline@{calendar.UID_DOMAIN}", task.deadline,
                                         f"Livraison : {task.title} ({task.who})", where))
    return calendar.build_calendar("Tâches déléguées", events, utcnow())


