from datetime import datetime
from decimal import Decimal

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from screening.extensions import db
from screening.timeutil import utcnow


class User(UserMixin, db.Model):
    """An account: the owner of missions, replies and trials."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # What an hour of the owner's time is worth: counted in the cost per completed task of a trial.
    hourly_value: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    hourly_currency: Mapped[str] = mapped_column(String(3), default="EUR", server_default="EUR")
    # IANA zone of every time the owner types or reads; empty = the DISPLAY_TIMEZONE default.
    timezone: Mapped[str] = mapped_column(String(64), default="", server_default="")

    @property
    def signature(self) -> str:
        """How the owner signs the messages the app writes for them: their name, if they gave one."""
        return (self.display_name or "").strip()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class UserSession(db.Model):
    """A logged-in browser: the session cookie names it; deleting the row ends that session."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the random value kept in the signed cookie (a stolen database opens no session).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginFailure(db.Model):
    """A failed (or in-progress) login attempt: the limit counts these, shared by every worker."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ApiToken(db.Model):
    """A per-account API token; only its SHA-256 is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
