"""The owner's corrections merged with the machine's stored analysis (pure: no Flask, no database).

The stored analysis (a `score-jsonl` dict) is never modified: `effective_assessment` returns a copy in
which the corrected readings replace the machine's, with score, verdict and reasons recomputed through
the same rubric (`scoring.rubric.rate_readings`).
"""
from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from screening.scoring import completeness
from screening.scoring.rubric import Readings, rate_readings

QUESTIONS = ("q1", "q2", "q3", "q4")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str  # "bool" or "number"
    unit: str = ""


FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in (
    FieldSpec("is_french", "Réponse en français", "bool"),
    FieldSpec("q1", "Question 1 (délai) : répondue", "bool"),
    FieldSpec("q2", "Question 2 (étapes) : répondue", "bool"),
    FieldSpec("q3", "Question 3 (heures par semaine) : répondue", "bool"),
    FieldSpec("q4", "Question 4 (pourquoi ce candidat) : répondue", "bool"),
    FieldSpec("delivery_days", "Délai de livraison", "number", "j"),
    FieldSpec("weekly_hours", "Heures par semaine", "number", "h"),
    FieldSpec("steps", "Nombre d'étapes", "number"),
    FieldSpec("template", "Réponse toute faite (modèle)", "bool"),
    FieldSpec("subcontracting", "Sous-traitance", "bool"),
)}
SHORT_LABELS = {"is_french": "Français", "q1": "Q1 répondue", "q2": "Q2 répondue", "q3": "Q3 répondue",
                "q4": "Q4 répondue", "delivery_days": "Délai (jours)", "weekly_hours": "Heures / semaine",
                "steps": "Étapes", "template": "Modèle", "subcontracting": "Sous-traitance"}

MAX_DELIVERY_DAYS = 3650
MAX_WEEKLY_HOURS = 168
MAX_STEPS = 50
NUMBER_TOLERANCE = 0.01  # the corpus compares delivery days and weekly hours within 0.01


class CorrectionError(ValueError):
    """A refused correction; the message is in French and nothing was changed."""


# ------------------------------------------------------------------------------------------------
# Reading the stored analysis defensively (old or partial results must never crash)
# ------------------------------------------------------------------------------------------------

def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _number(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _steps_count(a: dict) -> int | None:
    raw = a.get("steps")
    count = len(raw) if isinstance(raw, list) else _number(raw)
    answers = _dict(a.get("answers"))
    if count is None:
        count = _number(answers.get("steps_count"))
    if count is None and isinstance(answers.get("steps"), list) and answers["steps"]:
        count = len(answers["steps"])
    return int(count) if count is not None and count > 0 else None


def machine_readings(assessment: Any) -> dict[str, Any]:
    """The machine's value of every correctable field, from a stored analysis."""
    a = _dict(assessment)
    answers = _dict(a.get("answers"))
    answered = _dict(a.get("answered")) or _dict(answers.get("answered"))
    values: dict[str, Any] = {"is_french": bool(a.get("is_french"))}
    for q in QUESTIONS:
        values[q] = bool(answered.get(q))
    for key in ("delivery_days", "weekly_hours"):
        value = _number(a.get(key))
        values[key] = value if value is not None else _number(answers.get(key))
    values["steps"] = _steps_count(a)
    values["template"] = bool(a.get("template"))
    values["subcontracting"] = bool(a.get("subcontracting"))
    return values


# ------------------------------------------------------------------------------------------------
# Owner values: parsing and checks
# ------------------------------------------------------------------------------------------------

_YES = {"1", "oui", "true", "vrai", "yes", "o"}
_NO = {"0", "non", "false", "faux", "no", "n"}
_NUMBER_RE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def parse_value(field: str, raw: Any) -> Any:
    """The owner's value for a field, from a form or the CLI; raises CorrectionError (French) when invalid."""
    spec = FIELDS.get(field)
    if spec is None:
        raise CorrectionError("Ce champ ne peut pas être corrigé.")
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw if raw is not None else "").strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise CorrectionError(f"{spec.label} : choisissez oui ou non.")
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        text = repr(raw)
    else:
        text = str(raw if raw is not None else "")
    # "14 j", "20 h", "14,5", spaces and invisible characters are tolerated; anything else is refused
    text = re.sub(r"[\s\u200b-\u200d\u2060\ufeff]+", "", text)[:40]
    text = re.sub(r"(?i)(jours?|j|heures?|h|étapes?|etapes?)$", "", text)
    if text == "":
        return None  # "not given"
    if not _NUMBER_RE.match(text):
        raise CorrectionError(f"{spec.label} : saisissez un nombre (par exemple 14 ou 7,5), ou laissez vide.")
    value = float(text.replace(",", "."))
    if field == "delivery_days":
        if not 0 < value <= MAX_DELIVERY_DAYS:
            raise CorrectionError(f"Le délai doit être un nombre de jours supérieur à 0 et d'au plus "
                                  f"{MAX_DELIVERY_DAYS} (laissez vide si le candidat n'en donne pas).")
        return _clean_number(value)
    if field == "weekly_hours":
        if not 0 < value <= MAX_WEEKLY_HOURS:
            raise CorrectionError("Les heures par semaine doivent être comprises entre 0 et "
                                  f"{MAX_WEEKLY_HOURS} "
                                  "(une semaine ne compte que 168 heures).")
        return _clean_number(value)
    if value != int(value):
        raise CorrectionError("Le nombre d'étapes doit être un nombre entier.")
    if not 0 <= value <= MAX_STEPS:
        raise CorrectionError(f"Le nombre d'étapes doit être compris entre 1 et {MAX_STEPS} "
                              "(laissez vide si le candidat n'en liste pas).")
    return int(value)


def _clean_number(value: float) -> int | float:
    value = round(value, 2)
    return int(value) if value == int(value) else value


def check_together(values: Mapping[str, Any]) -> None:
    """Checks across fields on the effective values (raises CorrectionError in French)."""
    if values.get("q2") and values.get("steps") == 0:
        raise CorrectionError("La question 2 a une réponse : le nombre d'étapes doit être d'au moins 1 "
                              "(laissez vide s'il n'est pas connu).")


def same_value(field: str, a: Any, b: Any) -> bool:
    """Do two readings of a field agree (numbers within the corpus tolerance)?"""
    if FIELDS[field].kind == "bool":
        return bool(a) == bool(b)
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= NUMBER_TOLERANCE


def format_value(field: str, value: Any) -> str:
    """A reading as the page shows it: "oui", "non", "14 j", "0,08 j", "—"."""
    spec = FIELDS[field]
    if spec.kind == "bool":
        return "oui" if value else "non"
    if value is None:
        return "—"
    number = float(value)
    if number == int(number):
        text = str(int(number))
    else:
        text = f"{number:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} {spec.unit}".strip()


# ------------------------------------------------------------------------------------------------
# Merging
# ------------------------------------------------------------------------------------------------

def effective_values(assessment: Any, owner: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every correctable field: the owner's value where he gave one, else the machine's."""
    values = machine_readings(assessment)
    for field, value in (owner or {}).items():
        if field in FIELDS:
            values[field] = value
    return values


def _consistency(total: float | None, days: float | None, weekly: float | None):
    """The scorer's own consistency check on corrected figures."""
    return completeness.check_consistency(SimpleNamespace(  # type: ignore[arg-type]
        steps_total_hours=total, delivery_days=days, weekly_hours=weekly))


def readings_for(a: dict, values: Mapping[str, Any], consistent: bool | None,
                 french_corrected: bool) -> Readings:
    """The rubric's inputs for these effective values."""
    language = _dict(a.get("language"))
    status = str(a.get("lang_status") or language.get("status") or "ok")
    return Readings(
        answered={q: bool(values[q]) for q in QUESTIONS}, consistent=consistent,
        is_french=bool(values["is_french"]), language_status="ok" if french_corrected else status,
        french_share=None if french_corrected else _number(a.get("french_share")),
        template=bool(values["template"]), subcontracting=bool(values["subcontracting"]),
        mission_terms=int(_number(a.get("mission_terms")) or 0))


def effective_assessment(assessment: Any, owner: Mapping[str, Any] | None) -> dict:
    """A copy of the stored analysis where the owner's values replace the machine's, rescored by the rubric.

    Without corrections the stored analysis itself is returned (as computed by the scorer).
    """
    a = _dict(assessment)
    owner = {k: v for k, v in (owner or {}).items() if k in FIELDS}
    if not owner:
        return a
    machine = machine_readings(a)
    values = effective_values(a, owner)
    out = copy.deepcopy(a)
    answers = _dict(out.get("answers"))
    out["answers"] = answers
    out["is_french"] = values["is_french"]
    out["answered"] = {q: bool(values[q]) for q in QUESTIONS}
    answers["answered"] = dict(out["answered"])
    for key in ("delivery_days", "weekly_hours"):
        out[key] = answers[key] = values[key]
    out["steps"] = values["steps"]
    answers["steps_count"] = values["steps"]
    out["template"] = bool(values["template"])
    out["subcontracting"] = bool(values["subcontracting"])

    # The machine's step durations no longer hold once the owner says the steps were misread.
    total = _number(answers.get("steps_total_hours"))
    steps_changed = not same_value("steps", machine["steps"], values["steps"]) or (
        machine["q2"] and not values["q2"])
    if steps_changed:
        total = None
        answers["steps_total_hours"] = None
        answers["steps"] = []
    consistency = _dict(a.get("consistency"))
    consistent = consistency.get("consistent") if isinstance(consistency.get("consistent"), bool) else None
    figures_changed = steps_changed or any(not same_value(k, machine[k], values[k])
                                           for k in ("delivery_days", "weekly_hours"))
    if figures_changed:
        result = _consistency(total, values["delivery_days"], values["weekly_hours"])
        consistent = result.consistent
        out["consistency"] = {"consistent": consistent, "problems": list(result.problems)}
    # A confirmation changes nothing: "not French" confirmed on a reply too short to judge stays "too short".
    french_corrected = "is_french" in owner and bool(owner["is_french"]) != machine["is_french"]
    if french_corrected:
        out["lang_status"] = "ok"
        if values["is_french"]:
            out["lang"] = "fr"
    score, verdict, reasons = rate_readings(readings_for(a, values, consistent, french_corrected))
    out["score"], out["verdict"] = score, verdict
    out["reasons"] = [r.to_dict() for r in reasons]
    out["corrected"] = sorted(owner)
    return out
