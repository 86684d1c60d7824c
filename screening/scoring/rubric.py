"""Overall score (0-100), verdict and the reasons that raised or lowered it."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .boilerplate import TemplateResult
from .language import Language
from .subcontracting import SubcontractingResult
from .types import Reason

KEEP = "à retenir"
CHECK = "à vérifier"
REJECT = "à écarter"

BASE = 40
PER_ANSWER = 12
CONSISTENT = 6
INCONSISTENT = -10
SPECIFIC = 6
SPECIFIC_MIN_TERMS = 3
NOT_FRENCH = -30
TEMPLATE = -40
SUBCONTRACTING = -40
KEEP_MIN_SCORE = 70
REJECT_BELOW = 40
NO_ANSWER = -10

_QUESTION_LABELS = {
    "q1": "le délai de livraison",
    "q2": "les étapes et leur durée",
    "q3": "les heures par semaine",
    "q4": "pourquoi ce candidat",
}


@dataclass(frozen=True)
class Readings:
    """The plain readings the rubric scores: the machine's, or the owner's where he corrected them."""

    answered: Mapping[str, bool]
    consistent: bool | None = None
    is_french: bool = False
    language_status: str = "ok"  # "ok", "too_short" (language not judged), ...
    french_share: float | None = None  # None: not measured (e.g. the owner said so)
    template: bool = False
    subcontracting: bool = False
    mission_terms: int = 0


def rate(language: Language, answered: Mapping[str, bool], consistent: bool | None,
         template: TemplateResult, subcontracting: SubcontractingResult) -> tuple[int, str, tuple[Reason, ...]]:
    """Score, verdict and reasons from the signals of one reply."""
    return rate_readings(Readings(
        answered=answered, consistent=consistent, is_french=bool(language.is_french),
        language_status=language.status, french_share=language.french_share,
        template=bool(template.is_template), subcontracting=bool(subcontracting.is_subcontracting),
        mission_terms=template.mission_terms))


def rate_readings(readings: Readings) -> tuple[int, str, tuple[Reason, ...]]:
    """Score, verdict and reasons from plain readings (pure: the same readings give the same result)."""
    answered, consistent = readings.answered, readings.consistent
    reasons: list[Reason] = [Reason("base", BASE, "Point de départ")]
    for q, label in _QUESTION_LABELS.items():
        if answered.get(q):
            reasons.append(Reason(f"answered_{q}", PER_ANSWER, f"Répond à la question {q[1]} ({label})"))
        else:
            reasons.append(Reason(f"missing_{q}", 0, f"Pas de réponse à la question {q[1]} ({label})"))
    if not any(answered.get(q) for q in _QUESTION_LABELS):
        reasons.append(Reason("no_answer", NO_ANSWER, "Aucune des quatre questions n'a de réponse"))
    if consistent is True:
        reasons.append(Reason("consistent", CONSISTENT, "Délai, étapes et heures par semaine concordent"))
    elif consistent is False:
        reasons.append(Reason("inconsistent", INCONSISTENT, "Délai, étapes et heures par semaine ne concordent pas"))
    if readings.mission_terms >= SPECIFIC_MIN_TERMS:
        reasons.append(Reason("specific", SPECIFIC,
                              f"Parle de cette mission ({readings.mission_terms} termes propres à l'annonce)"))
    not_french = readings.language_status == "ok" and not readings.is_french
    if not_french:
        share = readings.french_share
        reasons.append(Reason("not_french", NOT_FRENCH, "Réponse pas en français" + (
            f" (part du français : {round(share * 100)} %)" if share is not None else "")))
    elif readings.language_status == "too_short":
        reasons.append(Reason("language_too_short", 0, "Trop court pour juger la langue"))
    if readings.template:
        reasons.append(Reason("template", TEMPLATE, "Signes de réponse toute faite (modèle)"))
    if readings.subcontracting:
        reasons.append(Reason("subcontracting", SUBCONTRACTING, "Signes de sous-traitance"))
    score = max(0, min(100, sum(r.effect for r in reasons)))
    all_answered = all(answered.get(q) for q in _QUESTION_LABELS)
    if readings.template or readings.subcontracting or not_french or score < REJECT_BELOW:
        verdict = REJECT
    elif (all_answered and consistent is not False and readings.mission_terms >= SPECIFIC_MIN_TERMS
          and readings.is_french and score >= KEEP_MIN_SCORE):
        verdict = KEEP
    else:
        verdict = CHECK
    return score, verdict, tuple(reasons)
