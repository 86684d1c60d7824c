from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from screening.extensions import db
from screening.timeutil import utcnow

PRIORITIES = {1: "Haute", 2: "Normale", 3: "Basse"}
PLATFORMS = {"fiverr": "Fiverr", "malt": "Malt", "upwork": "Upwork", "other": "Autre"}
STATUSES = {"open": "Ouverte", "archived": "Archivée", "filled": "Pourvue"}
BUDGET_UNITS = {"mission": "pour toute la mission", "hour": "par heure"}

# Brief fields shared by missions and mission templates (the "recipe book").
BRIEF_FIELDS = (
    "title", "objective", "context", "deliverable", "procedure", "measured_minutes",
    "resources", "examples", "budget_amount", "budget_max", "budget_unit", "budget_currency", "priority",
    "platform",
    "paid_trial", "custom_questions",
    "is_key_activity", "could_drop", "could_automate", "is_repetitive", "is_support",
    "is_weak_spot", "is_dreaded", "brief_minutes",
)


class Mission(db.Model):
    """A delegated task: its brief, its delegation check and its postings."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    objective: Mapped[str] = mapped_column(Text, default="")
    context: Mapped[str] = mapped_column(Text, default="")
    deliverable: Mapped[str] = mapped_column(Text, default="")
    procedure: Mapped[str] = mapped_column(Text, default="")
    measured_minutes: Mapped[int | None] = mapped_column(Integer)
    resources: Mapped[str] = mapped_column(Text, default="")
    examples: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    budget_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # A budget is one amount or a range (budget_amount to budget_max), per hour or for the whole mission.
    budget_max: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    budget_unit: Mapped[str] = mapped_column(String(10), default="mission", server_default="mission")
    budget_currency: Mapped[str] = mapped_column(String(3), default="EUR")
    priority: Mapped[int] = mapped_column(Integer, default=2)
    platform: Mapped[str] = mapped_column(String(20), default="malt")
    paid_trial: Mapped[bool] = mapped_column(Boolean, default=True)
    custom_questions: Mapped[str] = mapped_column(Text, default="")
    # Delegation check (answers kept so the warnings can be shown again).
    is_key_activity: Mapped[bool] = mapped_column(Boolean, default=False)
    could_drop: Mapped[bool] = mapped_column(Boolean, default=False)
    could_automate: Mapped[bool] = mapped_column(Boolean, default=False)
    is_repetitive: Mapped[bool] = mapped_column(Boolean, default=False)
    is_support: Mapped[bool] = mapped_column(Boolean, default=False)
    is_weak_spot: Mapped[bool] = mapped_column(Boolean, default=False)
    is_dreaded: Mapped[bool] = mapped_column(Boolean, default=False)
    brief_minutes: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    postings: Mapped[list["Posting"]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="Posting.version.desc()"
    )

    @property
    def custom_question_list(self) -> list[str]:
        return [q.strip() for q in (self.custom_questions or "").splitlines() if q.strip()]

    @property
    def latest_posting(self) -> "Posting | None":
        return self.postings[0] if self.postings else None

    @property
    def published_at(self) -> datetime | None:
        """When the mission was first published: the start of the clock for reply speed."""
        times = [p.published_at for p in self.postings if p.published_at]
        return min(times) if times else None


class Posting(db.Model):
    """One generated version of a mission's posting, and where/when it was published."""

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    text_plain: Mapped[str] = mapped_column(Text)
    text_markdown: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_where: Mapped[str] = mapped_column(String(200), default="")
    published_url: Mapped[str] = mapped_column(String(500), default="")

    mission: Mapped[Mission] = relationship(back_populates="postings")


class MissionTemplate(db.Model):
    """A saved brief to start new missions from (the recipe book)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    brief: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
