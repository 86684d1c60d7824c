from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from screening.extensions import db
from screening.timeutil import utcnow


class Correction(db.Model):
    """The owner's value for one reading of one reply, stored beside the machine's analysis (never over it).

    One row per reply and field: a second correction of the same field replaces the first (last write
    wins). A row whose owner value equals the machine's is a confirmation ("analyse vérifiée").
    """

    __table_args__ = (UniqueConstraint("reply_id", "field", name="uq_correction_reply_field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("reply.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(20))
    # JSON: a bool, a number or null ("not given"); the machine's value when the owner set his own.
    machine_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    owner_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    reply: Mapped["Reply"] = relationship()  # noqa: F821
