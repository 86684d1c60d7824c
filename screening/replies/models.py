from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from screening.auth.models import ApiToken  # noqa: F401  (moved to the accounts; old import path)
from screening.extensions import db
from screening.timeutil import utcnow

SOURCES = {"paste": "Collée", "csv": "CSV", "email": "E-mail", "api": "API", "demo": "Exemple"}


class Applicant(db.Model):
    """A person who applied: one record per account and e-mail, across missions."""

    __table_args__ = (UniqueConstraint("owner_id", "email", name="uq_applicant_owner_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # NULL when the reply came without an address: such applicants are never merged.
    email: Mapped[str | None] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200), default="")
    profile_url: Mapped[str] = mapped_column(String(2048), default="")
    platform_level: Mapped[str] = mapped_column(String(100), default="")
    rating: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    replies: Mapped[list["Reply"]] = relationship(back_populates="applicant")


class Reply(db.Model):
    """An applicant's reply to a mission: the raw text verbatim, and its stored analysis."""

    __table_args__ = (UniqueConstraint("mission_id", "dedupe_key", name="uq_reply_mission_dedupe"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicant.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hourly_rate: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    source: Mapped[str] = mapped_column(String(10), default="paste")
    source_line: Mapped[int | None] = mapped_column(Integer)
    dedupe_key: Mapped[str] = mapped_column(String(64))
    attachments: Mapped[list] = mapped_column(JSON, default=list)
    is_finalist: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Derived data: the scorer's result, recomputable with `screening rescore`.
    score: Mapped[int | None] = mapped_column(Integer)
    verdict: Mapped[str | None] = mapped_column(String(20))
    scorer_version: Mapped[str | None] = mapped_column(String(20))
    scored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_french: Mapped[bool | None] = mapped_column(Boolean)
    answered_count: Mapped[int | None] = mapped_column(Integer)
    template: Mapped[bool | None] = mapped_column(Boolean)
    subcontracting: Mapped[bool | None] = mapped_column(Boolean)
    assessment: Mapped[dict | None] = mapped_column(JSON)

    applicant: Mapped[Applicant] = relationship(back_populates="replies")
    mission: Mapped["Mission"] = relationship()  # noqa: F821

