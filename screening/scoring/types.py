"""Inputs and small result types of the scoring core (frozen, JSON-friendly)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: The four questions every posting asks, in order (q1..q4), as worded in the posting.
MANDATORY_QUESTIONS = (
    "En combien de temps pensez-vous pouvoir réaliser la mission et la livrer ?",
    "Quelles grandes étapes sont nécessaires pour atteindre le livrable attendu ? "
    "Combien de temps va prendre chaque étape ?",
    "De combien d'heures par semaine disposez-vous pour travailler sur ce projet ?",
    "Qu'est-ce qui vous fait penser que vous êtes la meilleure personne pour cette mission ?",
)
#: Wordings of earlier postings that replies still quote (q3 before it read "De combien…").
FORMER_QUESTIONS = ("Combien d'heures par semaine disposez-vous pour travailler sur ce projet ?",)
#: Every wording a reply may echo: the current questions, then the former ones.
QUESTION_WORDINGS = MANDATORY_QUESTIONS + FORMER_QUESTIONS


@dataclass(frozen=True)
class MissionInput:
    """A mission as the scorer sees it: its text, custom questions and publication instant."""

    title: str = ""
    description: str = ""
    questions: tuple[str, ...] = ()
    published_at: datetime | None = None
    id: str = ""

    @property
    def text(self) -> str:
        """Title and description, as one text."""
        return f"{_as_text(self.title)}\n{_as_text(self.description)}"


@dataclass(frozen=True)
class ReplyInput:
    """One applicant's reply to a mission."""

    id: str
    text: str
    received_at: datetime | None = None
    name: str = ""
    email: str = ""
    mission_id: str = ""


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) into the ORIGINAL reply text."""

    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Match:
    """Another reply that this one (nearly) repeats."""

    reply_id: str
    similarity: float
    relation: str  # "same_mission" | "same_applicant" | "other_applicant"
    same_mission: bool
    same_applicant: bool

    def to_dict(self) -> dict[str, Any]:
        return {"reply_id": self.reply_id, "similarity": self.similarity, "relation": self.relation,
                "same_mission": self.same_mission, "same_applicant": self.same_applicant}


@dataclass(frozen=True)
class Sign:
    """One template or subcontracting sign, with its weight and evidence."""

    code: str
    weight: float
    label_fr: str
    spans: tuple[Span, ...] = ()
    matches: tuple[Match, ...] = ()
    details: tuple[tuple[str, Any], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        evidence: list[dict[str, Any]] = [s.to_dict() for s in self.spans]
        evidence += [m.to_dict() for m in self.matches]
        out: dict[str, Any] = {"code": self.code, "weight": round(self.weight, 3),
                               "label_fr": self.label_fr, "evidence": evidence}
        if self.details:
            out["details"] = dict(self.details)
        return out


@dataclass(frozen=True)
class Reason:
    """One thing that raised or lowered the overall score."""

    code: str
    effect: int
    label_fr: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "effect": self.effect, "label_fr": self.label_fr}


def _as_text(value: Any) -> str:
    """Coerce anything to a str without raising (bytes are decoded leniently)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - a hostile __str__ must not break scoring
        return ""
