"""The portfolio of delegated work: collaborators, their tasks and the check-ins on them."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from screening.extensions import db
from screening.timeutil import utcnow

ROLES = {"keeper": "Retenu", "backup": "Remplaçant", "other": "Collaborateur"}
# The board's columns, in order; "abandoned" is kept off the board (a fold below it).
STATES = {
    "todo": "à faire",
    "doing": "en cours",
    "review": "à relire",
    "done": "fait",
    "blocked": "bloqué",
    "abandoned": "abandonné",
}
OPEN_STATES = ("todo", "doing", "review", "blocked")
# Which state may follow which. "done" goes through the completion form (paid, time, quality);
# "blocked" needs a reason; a blocked task goes back to where the work can resume.
TRANSITIONS = {
    "todo": ("doing", "blocked", "abandoned"),
    "doing": ("review", "todo", "blocked", "abandoned"),
    "review": ("done", "doing", "blocked", "abandoned"),
    "blocked": ("todo", "doing", "review", "abandoned"),
    "done": ("review",),
    "abandoned": ("todo",),
}
QUALITIES = {"accepted": "acceptée", "reworked": "acceptée après reprise", "rejected": "refusée"}
ACCEPTED = ("accepted", "reworked")
VERDICTS = {"on_track": "sur la bonne voie", "off_track": "hors piste"}


class Collaborator(db.Model):
    """Someone the owner delegates to: the keeper or backup of a decision, or anyone added by hand."""

    __table_args__ = (UniqueConstraint("owner_id", "applicant_id", name="uq_collaborator_owner_applicant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # The applicant record (replies, trials) when the collaborator came through screening.
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicant.id", ondelete="SET NULL"))
    trial_round_id: Mapped[int | None] = mapped_column(ForeignKey("trial_round.id", ondelete="SET NULL"))
    backup_id: Mapped[int | None] = mapped_column(ForeignKey("collaborator.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    platform: Mapped[str] = mapped_column(String(20), default="other")
    profile_url: Mapped[str] = mapped_column(String(2048), default="")
    hourly_rate: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    role: Mapped[str] = mapped_column(String(10), default="other")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    applicant: Mapped["Applicant | None"] = relationship()  # noqa: F821
    backup: Mapped["Collaborator | None"] = relationship(remote_side=[id])
    tasks: Mapped[list["DelegatedTask"]] = relationship(
        back_populates="collaborator", order_by="DelegatedTask.id")

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def open_tasks(self) -> list["DelegatedTask"]:
        return [t for t in self.tasks if t.state in OPEN_STATES]


class DelegatedTask(db.Model):
    """A task handed to a collaborator. The model's content is copied in: editing the model later
    never changes a task that was already given (it keeps the version it was given)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    collaborator_id: Mapped[int | None] = mapped_column(
        ForeignKey("collaborator.id", ondelete="SET NULL"), index=True)
    collaborator_name: Mapped[str] = mapped_column(String(200), default="")  # kept if the person is deleted
    template_id: Mapped[int | None] = mapped_column(ForeignKey("mission_template.id", ondelete="SET NULL"),
                                                    index=True)
    template_name: Mapped[str] = mapped_column(String(200), default="")
    template_version: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    objective: Mapped[str] = mapped_column(Text, default="")
    deliverable: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[str] = mapped_column(Text, default="")
    measured_minutes: Mapped[int | None] = mapped_column(Integer)
    resources: Mapped[str] = mapped_column(Text, default="")
    examples: Mapped[str] = mapped_column(Text, default="")
    checklist: Mapped[str] = mapped_column(Text, default="")
    doc_url: Mapped[str] = mapped_column(String(2048), default="")
    priority: Mapped[int] = mapped_column(Integer, default=2)
    starts_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(20), default="todo", index=True)
    blocked_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Recorded when the task is finished.
    amount_paid: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    briefing_minutes: Mapped[int | None] = mapped_column(Integer)
    answering_minutes: Mapped[int | None] = mapped_column(Integer)
    correcting_minutes: Mapped[int | None] = mapped_column(Integer)
    rework_minutes: Mapped[int | None] = mapped_column(Integer)
    actual_minutes: Mapped[int | None] = mapped_column(Integer)  # the collaborator's own time
    quality: Mapped[str | None] = mapped_column(String(10))

    collaborator: Mapped[Collaborator | None] = relationship(back_populates="tasks")
    checkins: Mapped[list["TaskCheckin"]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskCheckin.planned_on")

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def who(self) -> str:
        return self.collaborator.name if self.collaborator else (self.collaborator_name or "—")

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def checkin_minutes(self) -> int:
        return sum(c.minutes or 0 for c in self.checkins if c.done_at is not None)

    @property
    def owner_minutes(self) -> int:
        """Everything the owner spent on the task: briefing, answering, correcting, rework, check-ins."""
        return (sum(m or 0 for m in (self.briefing_minutes, self.answering_minutes,
                                     self.correcting_minutes, self.rework_minutes))
                + self.checkin_minutes)


class TaskCheckin(db.Model):
    """A mid-way look at the work: planned on a date, then logged (what was seen, time, verdict)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("delegated_task.id", ondelete="CASCADE"), index=True)
    planned_on: Mapped[date] = mapped_column(Date, index=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    seen: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int | None] = mapped_column(Integer)
    verdict: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")

    task: Mapped[DelegatedTask] = relationship(back_populates="checkins")

    @property
    def verdict_label(self) -> str:
        return VERDICTS.get(self.verdict or "", "")


class CalendarFeed(db.Model):
    """The account's calendar feed: the URL's secret is derived from this nonce and the app's key,
    so nothing usable is stored; a new nonce revokes the old address."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    nonce: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
