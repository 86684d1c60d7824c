from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from screening.extensions import db
from screening.timeutil import utcnow

# The life of a trial, in order; "refused" and "cancelled" end it early.
STATES = {
    "proposed": "proposé",
    "accepted": "accepté",
    "in_progress": "en cours",
    "delivered": "livré",
    "evaluated": "évalué",
    "refused": "refusé",
    "cancelled": "annulé",
}
# Which state may follow which: no step is skipped, evaluation goes through its own form.
TRANSITIONS = {
    "proposed": ("accepted", "refused", "cancelled"),
    "accepted": ("in_progress", "cancelled"),
    "in_progress": ("delivered", "cancelled"),
    "delivered": ("evaluated",),
    "evaluated": (),
    "refused": (),
    "cancelled": (),
}
ACTIVE_STATES = ("proposed", "accepted", "in_progress", "delivered")
QUALITY_LABELS = {1: "1 — très insuffisant", 2: "2 — insuffisant", 3: "3 — acceptable",
                  4: "4 — bon", 5: "5 — excellent"}


class TrialRound(db.Model):
    """A round of paid trials for a mission's finalists: one brief, one payment, one calendar."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"), index=True)
    brief: Mapped[str] = mapped_column(Text, default="")
    criteria: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    starts_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date, index=True)
    checkin_on: Mapped[date] = mapped_column(Date)
    tasks_in_trial: Mapped[int] = mapped_column(Integer, default=1)
    tasks_in_mission: Mapped[int | None] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer, default=2)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    mission: Mapped["Mission"] = relationship()  # noqa: F821
    trials: Mapped[list["Trial"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Trial.id")

    @property
    def kept(self) -> "Trial | None":
        return next((t for t in self.trials if t.is_kept), None)

    @property
    def backup(self) -> "Trial | None":
        return next((t for t in self.trials if t.is_backup), None)


class Trial(db.Model):
    """One finalist's paid trial: its state (each with its date) and its evaluation."""

    __table_args__ = (UniqueConstraint("round_id", "reply_id", name="uq_trial_round_reply"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("trial_round.id", ondelete="CASCADE"), index=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("reply.id", ondelete="CASCADE"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicant.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    in_progress_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    evaluated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Evaluation, once delivered.
    quality: Mapped[int | None] = mapped_column(Integer)
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    round_trips: Mapped[int | None] = mapped_column(Integer)
    owner_minutes: Mapped[int | None] = mapped_column(Integer)
    amount_paid: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    tasks_completed: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Decision.
    is_kept: Mapped[bool] = mapped_column(Boolean, default=False)
    is_backup: Mapped[bool] = mapped_column(Boolean, default=False)

    round: Mapped[TrialRound] = relationship(back_populates="trials")
    reply: Mapped["Reply"] = relationship()  # noqa: F821
    applicant: Mapped["Applicant"] = relationship()  # noqa: F821

    def state_at(self, state: str) -> datetime | None:
        """When the trial entered `state` (None if it never did)."""
        return getattr(self, f"{state}_at")

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def name(self) -> str:
        return self.applicant.name or self.applicant.email or f"Candidat n° {self.applicant_id}"
