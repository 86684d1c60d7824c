"""Pure scoring core: reads one reply to a mission and returns an explained, immutable result.

No Flask, no database. Every sign carries its evidence: character offsets into the original text, or
the id of the other reply it repeats.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

from . import completeness
from .boilerplate import TemplateResult, template_signs
from .duplicates import DuplicateIndex, Fingerprint
from .language import Language, detect_language
from .language import warm_up as _warm_language
from .rubric import rate
from .subcontracting import SubcontractingResult, subcontracting_signs
from .text import MAX_CHARS, clean
from .types import MANDATORY_QUESTIONS, Match, MissionInput, Reason, ReplyInput, Sign, Span, _as_text

SCORER_VERSION = "1.0.0"
QUESTIONS = ("q1", "q2", "q3", "q4")

__all__ = ["score_reply", "warm_up", "Assessment", "MissionInput", "ReplyInput", "DuplicateIndex",
           "SCORER_VERSION", "MANDATORY_QUESTIONS", "Match", "Sign", "Span", "Reason", "Fingerprint"]


@dataclass(frozen=True)
class Assessment:
    """The scored reply: one `score-jsonl` line (see `to_dict`)."""

    id: str
    language: Language
    answered: Mapping[str, bool]
    delivery_days: float | None
    weekly_hours: float | None
    steps: int | None
    answers: Any  # completeness.Answers, or None when the answers could not be read
    consistency: Any  # completeness.Consistency, or None
    template: TemplateResult
    subcontracting: SubcontractingResult
    duplicates: tuple[Match, ...]
    minutes_after_publication: float | None
    words: int
    truncated: bool
    analysed_chars: int
    score: int
    verdict: str
    reasons: tuple[Reason, ...]
    errors: tuple[str, ...] = ()
    scorer_version: str = SCORER_VERSION

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (the `score-jsonl` line)."""
        answers = self.answers.to_dict() if self.answers is not None else None
        return {
            "id": self.id,
            "scorer_version": self.scorer_version,
            "lang": self.language.lang,
            "lang_status": self.language.status,
            "is_french": self.language.is_french,
            "french_share": self.language.french_share,
            "language": self.language.to_dict(),
            "answered": dict(self.answered),
            "delivery_days": self.delivery_days,
            "weekly_hours": self.weekly_hours,
            "steps": self.steps,
            "answers": answers,
            "consistency": self.consistency.to_dict() if self.consistency is not None else None,
            "template": self.template.is_template,
            "template_score": self.template.score,
            "template_signs": [s.to_dict() for s in self.template.signs],
            "mission_terms": self.template.mission_terms,
            "mission_term_spans": [s.to_dict() for s in self.template.mission_spans],
            "subcontracting": self.subcontracting.is_subcontracting,
            "subcontracting_score": self.subcontracting.score,
            "subcontracting_signs": [s.to_dict() for s in self.subcontracting.signs],
            "duplicates": [m.to_dict() for m in self.duplicates],
            "minutes_after_publication": self.minutes_after_publication,
            "words": self.words,
            "truncated": self.truncated,
            "analysed_chars": self.analysed_chars,
            "score": self.score,
            "verdict": self.verdict,
            "reasons": [r.to_dict() for r in self.reasons],
            "errors": list(self.errors),
        }


def warm_up() -> None:
    """Load the language profiles once, before serving requests from several threads."""
    _warm_language()


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def minutes_between(published_at: Any, received_at: Any) -> float | None:
    """Minutes from publication to reception, comparing instants (None when either is unknown)."""
    start, end = _instant(published_at), _instant(received_at)
    if start is None or end is None:
        return None
    try:
        return round((end - start).total_seconds() / 60.0, 2)
    except (OverflowError, ValueError):
        return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if value == value and abs(value) != float("inf") else None


def score_reply(mission: MissionInput, reply: ReplyInput, index: DuplicateIndex | None = None) -> Assessment:
    """Score one reply to a mission; `index` holds the account's other replies (the reply itself may be in it)."""
    text = _as_text(getattr(reply, "text", ""))
    mission_text = mission.text
    extra = "\n".join(_as_text(q) for q in (getattr(mission, "questions", None) or ()))
    errors: list[str] = []
    c = clean(text)
    language = detect_language(c)
    # the same count as word_count(c): the language pass reads every word of the same text
    words = language.words

    answers = consistency = None
    try:
        answers = completeness.extract_answers(text, mission_text)
        consistency = completeness.check_consistency(answers)
    except Exception:  # noqa: BLE001 - one failing signal must not lose the whole assessment
        errors.append("completeness")
    answered = {q: bool(answers and answers.answered.get(q)) for q in QUESTIONS}

    matches: tuple[Match, ...] = ()
    if index is not None:
        try:
            matches = index.matches(reply, index.fingerprint_of(reply, c))
        except Exception:  # noqa: BLE001
            errors.append("duplicates")

    minutes = minutes_between(getattr(mission, "published_at", None), getattr(reply, "received_at", None))
    template = template_signs(c, f"{mission_text}\n{extra}", words=words,
                              answered_count=sum(answered.values()) if answers is not None else None,
                              matches=matches, minutes_after=minutes)
    sub = subcontracting_signs(c, _as_text(getattr(reply, "name", "")))
    consistent = consistency.consistent if consistency is not None else None
    score, verdict, reasons = rate(language, answered, consistent, template, sub)
    steps = len(answers.steps) if answers is not None and answers.steps else None
    return Assessment(
        id=_as_text(getattr(reply, "id", "")),
        language=language,
        answered=MappingProxyType(answered),
        delivery_days=_number(answers.delivery_days) if answers is not None else None,
        weekly_hours=_number(answers.weekly_hours) if answers is not None else None,
        steps=steps,
        answers=answers,
        consistency=consistency,
        template=template,
        subcontracting=sub,
        duplicates=matches,
        minutes_after_publication=minutes,
        words=words,
        truncated=len(text) > MAX_CHARS,
        analysed_chars=min(len(text), MAX_CHARS),
        score=score,
        verdict=verdict,
        reasons=reasons,
        errors=tuple(errors),
    )
