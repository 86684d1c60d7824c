from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from urllib.parse import quote

from flask import abort
from sqlalchemy import select

from screening.auth.models import User
from screening.extensions import db
from screening.missions.models import Mission
from screening.missions.posting import SUBCONTRACTING_BAN, format_money, french_date
from screening.replies.models import Reply
from screening.timeutil import as_utc, utcnow
from screening.trials import calendar, chart, costs
from screening.trials.models import ACTIVE_STATES, STATES, TRANSITIONS, Trial, TrialRound

BRIEF_SECTIONS = (("objective", "Objectif"), ("deliverable", "Livrable attendu"), ("procedure", "Étapes"),
                  ("resources", "Ressources"), ("examples", "Exemples de livrables"))


class TrialError(ValueError):
    """A refused trial operation; the message is in French and nothing was changed."""


# --- Look-ups: always through the owner, 404 otherwise -------------------------------------------------

def get_round(owner_id: int, round_id: int) -> TrialRound:
    """The owner's trial round, or 404 (also when it belongs to another account)."""
    trial_round = db.session.scalar(select(TrialRound).where(
        TrialRound.id == round_id, TrialRound.owner_id == owner_id))
    if trial_round is None:
        abort(404)
    return trial_round


def get_trial(owner_id: int, round_id: int, trial_id: int) -> Trial:
    """The owner's trial in this round, or 404."""
    trial = db.session.scalar(select(Trial).where(
        Trial.id == trial_id, Trial.round_id == round_id, Trial.owner_id == owner_id))
    if trial is None:
        abort(404)
    return trial


def list_rounds(owner_id: int, mission_id: int | None = None) -> list[TrialRound]:
    """The owner's rounds, latest first (of one mission when given)."""
    query = select(TrialRound).where(TrialRound.owner_id == owner_id)
    if mission_id is not None:
        query = query.where(TrialRound.mission_id == mission_id)
    return list(db.session.scalars(query.order_by(TrialRound.created_at.desc(), TrialRound.id.desc())))


def mission_finalists(mission: Mission) -> list[Reply]:
    """The replies marked as finalists on the comparison page, best score first."""
    return list(db.session.scalars(select(Reply).where(
        Reply.mission_id == mission.id, Reply.owner_id == mission.owner_id, Reply.is_finalist.is_(True))
        .order_by(Reply.score.desc().nulls_last(), Reply.id)))


# --- Scheduling ---------------------------------------------------------------------------------------

def default_brief(mission: Mission) -> str:
    """The trial brief pre-filled from the mission: objective, deliverable, steps, resources, examples."""
    parts = [f"Mission : {mission.title}"]
    for attr, label in BRIEF_SECTIONS:
        value = (getattr(mission, attr) or "").strip()
        if value:
            parts.append(f"{label} :\n{value}")
    return "\n\n".join(parts)


def halfway(start: date, deadline: date) -> date:
    """The default check-in: halfway between the start and the deadline."""
    return start + timedelta(days=(deadline - start).days // 2)


def _check_round_values(amount: Decimal, starts_on: date, deadline: date, checkin_on: date,
                        tasks_in_trial: int, tasks_in_mission: int | None) -> None:
    if amount is None or amount < 0:
        raise TrialError("Le montant ne peut pas être négatif.")
    if deadline < starts_on:
        raise TrialError("La date limite ne peut pas précéder le début de l'essai.")
    if not starts_on <= checkin_on <= deadline:
        raise TrialError("Le point d'étape doit tomber entre le début et la date limite.")
    if tasks_in_trial < 1 or (tasks_in_mission is not None and tasks_in_mission < 1):
        raise TrialError("Le nombre de tâches doit être d'au moins 1.")


def schedule_round(mission: Mission, reply_ids: list[int], *, brief: str, criteria: str, amount: Decimal,
                   currency: str, starts_on: date, deadline: date, checkin_on: date | None = None,
                   tasks_in_trial: int = 1, tasks_in_mission: int | None = None,
                   priority: int | None = None) -> TrialRound:
    """Schedule a round of paid trials for some of the mission's finalists (each one "proposé")."""
    checkin_on = checkin_on or halfway(starts_on, deadline)
    _check_round_values(amount, starts_on, deadline, checkin_on, tasks_in_trial, tasks_in_mission)
    wanted = list(dict.fromkeys(reply_ids))
    if not wanted:
        raise TrialError("Choisissez au moins un finaliste.")
    replies = {r.id: r for r in mission_finalists(mission)}
    if any(reply_id not in replies for reply_id in wanted):
        # Another account's, another mission's, or not chosen as finalist: same refusal, nothing saved.
        raise TrialError("Un des candidats choisis n'est pas un finaliste de cette mission.")
    trial_round = TrialRound(
        owner_id=mission.owner_id, mission=mission, brief=brief.strip(), criteria=criteria.strip(),
        amount=amount, currency=currency, starts_on=starts_on, deadline=deadline, checkin_on=checkin_on,
        tasks_in_trial=tasks_in_trial, tasks_in_mission=tasks_in_mission,
        priority=mission.priority if priority is None else priority)
    now = utcnow()
    for reply_id in wanted:
        reply = replies[reply_id]
        trial_round.trials.append(Trial(owner_id=mission.owner_id, reply=reply,
                                        applicant_id=reply.applicant_id, state="proposed", proposed_at=now))
    db.session.add(trial_round)
    db.session.commit()
    return trial_round


# --- States -------------------------------------------------------------------------------------------

def allowed_states(trial: Trial) -> tuple[str, ...]:
    """States the trial may move to by a simple change (evaluation has its own form)."""
    return tuple(s for s in TRANSITIONS.get(trial.state, ()) if s != "evaluated")


def _moment(on: date | None, now: datetime) -> datetime:
    if on is None or on == now.date():
        return now
    return datetime.combine(on, time(12, 0), tzinfo=timezone.utc)


def change_state(trial: Trial, new_state: str, on: date | None = None) -> Trial:
    """Move a trial to the next state, dated (today by default); refuse skipped steps."""
    if new_state not in STATES:
        raise TrialError("État inconnu.")
    if new_state == "evaluated":
        raise TrialError("Un essai passe à « évalué » en enregistrant son évaluation.")
    if new_state not in TRANSITIONS.get(trial.state, ()):
        raise TrialError(f"Impossible de passer de « {STATES[trial.state]} » à « {STATES[new_state]} » : "
                         f"{_next_hint(trial.state)}")
    now = utcnow()
    if on is not None and on > now.date():
        raise TrialError("La date d'un changement d'état ne peut pas être dans le futur.")
    moment = _moment(on, now)
    previous = as_utc(trial.state_at(trial.state))
    if previous is not None and moment.date() < previous.date():
        raise TrialError(f"Cette date précède le passage à « {STATES[trial.state]} » "
                         f"({french_date(previous.date())}).")
    setattr(trial, f"{new_state}_at", moment)
    trial.state = new_state
    if new_state == "delivered":
        trial.on_time = moment.date() <= trial.round.deadline
    db.session.commit()
    return trial


def _next_hint(state: str) -> str:
    following = [STATES[s] for s in TRANSITIONS.get(state, ())]
    if not following:
        return "cet essai est terminé."
    return "étape suivante possible : " + " ou ".join(f"« {s} »" for s in following) + "."


# --- Evaluation and costs -----------------------------------------------------------------------------

def evaluate_trial(trial: Trial, *, quality: int, tasks_completed: int, on_time: bool, round_trips: int,
                   owner_minutes: int, amount_paid: Decimal, notes: str = "") -> Trial:
    """Record the evaluation of a delivered trial (it becomes "évalué")."""
    if trial.state not in ("delivered", "evaluated"):
        raise TrialError("Cet essai n'a pas été livré : enregistrez d'abord la livraison, puis évaluez-le.")
    if not 1 <= quality <= 5:
        raise TrialError("Notez la qualité de 1 à 5.")
    if not 0 <= tasks_completed <= trial.round.tasks_in_trial:
        raise TrialError(f"Tâches accomplies : entre 0 et {trial.round.tasks_in_trial}.")
    if amount_paid is None or amount_paid < 0:
        raise TrialError("Le montant payé ne peut pas être négatif.")
    if owner_minutes < 0 or round_trips < 0:
        raise TrialError("Le temps passé et les allers-retours ne peuvent pas être négatifs.")
    trial.quality, trial.tasks_completed, trial.on_time = quality, tasks_completed, on_time
    trial.round_trips, trial.owner_minutes, trial.amount_paid = round_trips, owner_minutes, amount_paid
    trial.notes = (notes or "").strip()
    if trial.state != "evaluated":
        trial.state, trial.evaluated_at = "evaluated", utcnow()
    db.session.commit()
    return trial


def hourly_money(user: User) -> costs.Money | None:
    if user.hourly_value is None:
        return None
    return costs.Money(user.hourly_value, user.hourly_currency or "EUR")


def trial_cost(trial: Trial, hourly: costs.Money | None) -> costs.TrialCost | None:
    """Cost of an evaluated trial; a refused or cancelled one is a failure with what was paid (0)."""
    paid = costs.Money(trial.amount_paid or Decimal(0), trial.round.currency)
    if trial.state == "evaluated":
        return costs.trial_cost(paid, trial.owner_minutes or 0, trial.tasks_completed or 0, hourly)
    if trial.state in ("refused", "cancelled"):
        return costs.trial_cost(paid, trial.owner_minutes or 0, 0, hourly)
    return None  # still running: not ranked yet


@dataclass(frozen=True)
class RankedTrial:
    position: int | None  # None while the trial is not finished
    trial: Trial
    cost: costs.TrialCost | None
    group: int | None  # 0 acceptable, 1 quality too low, 2 failure, None pending
    projection: costs.Money | None


@dataclass(frozen=True)
class RoundResults:
    rows: list[RankedTrial]
    total: costs.Money | None
    per_task: costs.Money | None
    time_note: str
    chart_svg: str


def round_results(trial_round: TrialRound, owner: User) -> RoundResults:
    """The finalists ranked by cost per completed task among acceptable quality, then by quality."""
    hourly = hourly_money(owner)
    by_id = {t.id: t for t in trial_round.trials}
    finished = [(t.id, t.quality, trial_cost(t, hourly)) for t in trial_round.trials]
    ranked_ids, rows = [], []
    for position, item in enumerate(costs.rank([e for e in finished if e[2] is not None]), start=1):
        ranked_ids.append(item.key)
        rows.append(RankedTrial(position, by_id[item.key], item.cost, item.group,
                                costs.projected_cost(item.cost, trial_round.tasks_in_mission)))
    rows += [RankedTrial(None, t, None, None, None) for t in trial_round.trials if t.id not in ranked_ids]
    done = [r.cost for r in rows if r.cost is not None]
    total, per_task = costs.round_cost(done)
    if hourly is None:
        note = ("Votre valeur horaire n'est pas renseignée : votre temps passé n'est pas compté "
                "dans les coûts.")
    elif hourly.currency != trial_round.currency:
        note = (f"Votre valeur horaire est en {hourly.currency} et l'essai est payé en "
                f"{trial_round.currency} : votre temps passé n'est pas compté dans les coûts.")
    else:
        note = ""
    points = [chart.ChartPoint(r.trial.name, r.trial.quality,
                               r.cost.per_task.amount if r.cost.per_task else None,
                               "kept" if r.trial.is_kept else "backup" if r.trial.is_backup else "")
              for r in rows if r.cost is not None]
    return RoundResults(rows, total, per_task, note, chart.build_chart(points, trial_round.currency))


# --- Invitation, calendar -----------------------------------------------------------------------------

def _signed(closing: str, owner_id: int) -> str:
    """The closing line, then the owner's name when the account has one."""
    owner = db.session.get(User, owner_id)
    name = owner.signature if owner is not None else ""
    return f"{closing}\n{name}" if name else closing


def invitation(trial: Trial) -> tuple[str, str]:
    """The French invitation to one finalist: (subject, body), signed with the owner's name."""
    r = trial.round
    subject = f"Essai payant — {r.mission.title}"
    lines = [
        f"Bonjour {trial.applicant.name}," if trial.applicant.name else "Bonjour,",
        "",
        f"Merci pour votre candidature à la mission « {r.mission.title} ». Vous faites partie des "
        "finalistes, et je vous propose un court essai payant, dans des conditions réelles, avant mon "
        "choix final.",
        "",
        "Les consignes :",
        r.brief,
        "",
    ]
    if r.criteria:
        lines += ["Ce qui rendra le livrable acceptable :", r.criteria, ""]
    lines += [
        f"Rémunération : {format_money(r.amount, r.currency)} pour cet essai"
        + (f" ({r.tasks_in_trial} tâches)." if r.tasks_in_trial > 1 else "."),
        f"Début : {french_date(r.starts_on)}.",
        f"Point d'étape : {french_date(r.checkin_on)} — merci de me montrer où vous en êtes, "
        "même si ce n'est pas terminé.",
        f"Date limite de livraison : {french_date(r.deadline)}.",
        "",
        SUBCONTRACTING_BAN + " Merci de confirmer que vous avez bien pris note de cette condition.",
        "",
        "Pouvez-vous me confirmer par retour que vous acceptez cet essai, ces conditions et ce délai ?",
        "",
        _signed("Bien cordialement,", trial.owner_id),
    ]
    return subject, "\n".join(lines)


def mailto_link(trial: Trial) -> str | None:
    """A mailto: link with the invitation, when the finalist's e-mail is known."""
    if not trial.applicant.email:
        return None
    subject, body = invitation(trial)
    return f"mailto:{quote(trial.applicant.email, safe='@')}?subject={quote(subject)}&body={quote(body)}"


def trial_ics(trial: Trial) -> bytes:
    """The .ics of one finalist's trial: its check-in and its deadline."""
    r = trial.round
    events = calendar.trial_milestones(trial.id, trial.name, r.mission.title, r.checkin_on, r.deadline,
                                       f"Essai payant : {format_money(r.amount, r.currency)}.")
    return calendar.build_calendar(f"Essai de {trial.name}", events, as_utc(r.created_at))


def round_ics(trial_round: TrialRound) -> bytes:
    """The .ics of a whole round: its check-in and its deadline."""
    names = [t.name for t in trial_round.trials if t.state not in ("refused", "cancelled")]
    events = calendar.round_milestones(trial_round.id, trial_round.mission.title, names,
                                       trial_round.checkin_on, trial_round.deadline)
    return calendar.build_calendar(f"Essais payants — {trial_round.mission.title}", events,
                                   as_utc(trial_round.created_at))


# --- Decision -----------------------------------------------------------------------------------------

def decide_round(trial_round: TrialRound, kept_id: int, backup_id: int | None = None) -> TrialRound:
    """Keep one finalist and name a backup; the mission becomes "pourvue"."""
    by_id = {t.id: t for t in trial_round.trials}
    kept = by_id.get(kept_id)
    backup = by_id.get(backup_id) if backup_id else None
    if kept is None or (backup_id and backup is None):
        raise TrialError("Ce finaliste ne fait pas partie de cette série d'essais.")
    for trial, role in ((kept, "garder"), (backup, "prendre comme remplaçant")):
        if trial is None:
            continue
        if trial.state != "evaluated":
            raise TrialError(f"Évaluez l'essai de {trial.name} avant de le {role}.")
        if not trial.tasks_completed:
            raise TrialError(f"L'essai de {trial.name} est un échec (aucune tâche accomplie) : "
                             f"impossible de le {role}.")
    if backup is not None and backup.id == kept.id:
        raise TrialError("Le remplaçant doit être un autre finaliste que celui que vous gardez.")
    for trial in trial_round.trials:
        trial.is_kept = trial.id == kept.id
        trial.is_backup = backup is not None and trial.id == backup.id
    trial_round.decided_at = utcnow()
    trial_round.mission.status = "filled"
    db.session.commit()
    return trial_round


def decision_messages(trial_round: TrialRound) -> list[tuple[Trial, str]]:
    """Polite French messages for the backup and for the finalists not kept."""
    title = trial_round.mission.title
    messages = []
    for trial in trial_round.trials:
        if trial.is_kept:
            continue
        hello = f"Bonjour {trial.applicant.name}," if trial.applicant.name else "Bonjour,"
        if trial.is_backup:
            body = (f"{hello}\n\nMerci pour votre essai sur la mission « {title} » et pour le temps "
                    "que vous y avez consacré. J'ai choisi de confier la mission à un autre finaliste, mais "
                    "votre travail m'a beaucoup plu : si vous en êtes d'accord, j'aimerais pouvoir faire "
                    "appel à vous en renfort ou en remplacement.\n\nMerci encore, et à bientôt j'espère.\n\n"
                    + _signed("Bien cordialement,", trial_round.owner_id))
        else:
            paid = ("Le paiement convenu pour l'essai vous est bien dû, comme prévu. "
                    if trial.state in ("delivered", "evaluated") and (trial.amount_paid or trial_round.amount)
                    else "")
            body = (f"{hello}\n\nMerci pour l'intérêt que vous avez porté à la mission « {title} » et "
                    f"pour le temps que vous y avez consacré. {paid}Après réflexion, j'ai retenu un autre "
                    "profil pour cette mission.\n\nCe choix ne remet pas en cause vos compétences, et je "
                    "garde vos coordonnées pour de futurs projets.\n\nJe vous souhaite une bonne "
                    "continuation.\n\n" + _signed("Bien cordialement,", trial_round.owner_id))
        messages.append((trial, body))
    return messages


# --- What is due --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DueItem:
    day: date
    kind: str  # "start", "checkin", "deadline", "evaluate", "decide"
    label: str
    trial_round: TrialRound
    trial: Trial | None
    late: bool


def due_items(owner_id: int, today: date | None = None) -> list[DueItem]:
    """What is due on running trials, by date then priority: answers, check-ins, deliveries, evaluations."""
    today = today or datetime.now(timezone.utc).date()
    rounds = list(db.session.scalars(select(TrialRound).where(
        TrialRound.owner_id == owner_id, TrialRound.decided_at.is_(None))))
    items = []
    for r in rounds:
        active = [t for t in r.trials if t.state in ACTIVE_STATES]
        for t in active:
            if t.state == "proposed":
                items.append(DueItem(r.starts_on, "start", f"Confirmation attendue de {t.name}", r, t,
                                     r.starts_on < today))
            if t.state in ("accepted", "in_progress") and r.checkin_on >= today:
                items.append(DueItem(r.checkin_on, "checkin", f"Point d'étape avec {t.name}", r, t, False))
            if t.state in ("proposed", "accepted", "in_progress"):
                items.append(DueItem(r.deadline, "deadline", f"Livraison de {t.name}", r, t,
                                     r.deadline < today))
            if t.state == "delivered":
                delivered = as_utc(t.delivered_at).date() if t.delivered_at else today
                items.append(DueItem(delivered, "evaluate", f"Évaluer l'essai de {t.name}", r, t, False))
        if r.trials and not active and any(t.state == "evaluated" for t in r.trials):
            items.append(DueItem(max(r.deadline, today), "decide", "Choisir qui garder et un remplaçant",
                                 r, None, False))
    order = {"decide": 0, "evaluate": 1, "deadline": 2, "checkin": 3, "start": 4}
    return sorted(items, key=lambda i: (not i.late, i.day, i.trial_round.priority, order[i.kind],
                                        i.trial_round.id, i.trial.id if i.trial else 0))


# --- The owner's hourly value -------------------------------------------------------------------------

def set_hourly_value(user: User, value: Decimal | None, currency: str) -> User:
    """Set what an hour of the owner's time is worth (None: not counted)."""
    if value is not None and value < 0:
        raise TrialError("La valeur horaire ne peut pas être négative.")
    user.hourly_value = value
    user.hourly_currency = currency
    db.session.commit()
    return user
