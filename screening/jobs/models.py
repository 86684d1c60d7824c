from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from screening.extensions import db
from screening.timeutil import utcnow

STATES = {"queued": "En attente", "running": "En cours", "done": "Terminé", "failed": "Échec"}
KINDS = {"import": "Import de réponses", "rescore": "Nouvelle analyse", "purge": "Purge des données"}


class Job(db.Model):
    """Long work done by a queue worker: its input (until done), its state and its outcome for the owner.

    The progress (replies done, last sign of life) lives in the queue's store, not here, so that a worker
    holding the import's transaction open never has to write this row before the end.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # SET NULL: a mission deleted meanwhile ends its job with a message instead of losing the job.
    mission_id: Mapped[int | None] = mapped_column(ForeignKey("mission.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="import")
    source: Mapped[str] = mapped_column(String(10), default="")
    state: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed JSON, dropped when done
    message: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[list] = mapped_column(JSON, default=list)
    added: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")
