"""Overall score, verdict and reasons."""
from __future__ import annotations

import pytest

from screening.scoring.boilerplate import TemplateResult
from screening.scoring.language import Language
from screening.scoring.rubric import CHECK, KEEP, REJECT, rate
from screening.scoring.subcontracting import SubcontractingResult
from screening.scoring.types import Sign

FR = Language("ok", "fr", True, 1.0, 120, 120, (), (("fr", 1.0),))
EN = Language("ok", "en", False, 0.05, 120, 120, (), (("en", 0.95), ("fr", 0.05)))
SHORT = Language("too_short", "fr", True, 1.0, 4, 0, (), ())
ALL = {"q1": True, "q2": True, "q3": True, "q4": True}
NONE = {"q1": False, "q2": False, "q3": False, "q4": False}
SPECIFIC = TemplateResult((), 0.0, False, 8, ())
TEMPLATE = TemplateResult((Sign("placeholder", 1.0, "x"),), 1.0, True, 0, ())
GENERIC = TemplateResult((), 0.0, False, 1, ())
CLEAN = SubcontractingResult((), 0.0, False)
AGENCY = SubcontractingResult((Sign("agency", 1.0, "x"),), 1.0, True)


def codes(reasons):
    return {r.code: r.effect for r in reasons}


def test_complete_consistent_specific_french_is_kept():
    score, verdict, reasons = rate(FR, ALL, True, SPECIFIC, CLEAN)
    assert verdict == KEEP and score >= 90
    assert score == sum(r.effect for r in reasons)
    assert all(r.label_fr for r in reasons)


@pytest.mark.parametrize("language,template,sub,code", [
    (FR, TEMPLATE, CLEAN, "template"),
    (FR, SPECIFIC, AGENCY, "subcontracting"),
    (EN, SPECIFIC, CLEAN, "not_french"),
])
def test_each_red_flag_rejects_and_lowers_the_score(language, template, sub, code):
    good, _, _ = rate(FR, ALL, True, SPECIFIC, CLEAN)
    score, verdict, reasons = rate(language, ALL, True, template, sub)
    assert verdict == REJECT
    assert codes(reasons)[code] < 0
    assert score < good


def test_inconsistent_answers_are_not_kept():
    score, verdict, reasons = rate(FR, ALL, False, SPECIFIC, CLEAN)
    assert verdict == CHECK and codes(reasons)["inconsistent"] < 0


def test_partial_reply_is_checked_and_each_missing_question_is_listed():
    score, verdict, reasons = rate(FR, {"q1": True, "q2": False, "q3": True, "q4": False}, None, SPECIFIC, CLEAN)
    assert verdict == CHECK
    assert {"missing_q2", "missing_q4", "answered_q1", "answered_q3"} <= set(codes(reasons))


def test_generic_reply_is_not_kept_even_when_complete():
    assert rate(FR, ALL, True, GENERIC, CLEAN)[1] == CHECK


def test_nothing_answered_is_rejected_by_score():
    score, verdict, reasons = rate(FR, NONE, None, SPECIFIC, CLEAN)
    assert verdict == REJECT and codes(reasons)["no_answer"] < 0
    assert rate(FR, {**NONE, "q1": True}, None, SPECIFIC, CLEAN)[1] == CHECK


def test_too_short_to_tell_is_not_penalised_as_foreign():
    _, _, reasons = rate(SHORT, NONE, None, SPECIFIC, CLEAN)
    assert "not_french" not in codes(reasons) and codes(reasons)["language_too_short"] == 0


def test_score_is_bounded():
    score, _, _ = rate(EN, NONE, False, TEMPLATE, AGENCY)
    assert score == 0
    score, _, _ = rate(FR, ALL, True, SPECIFIC, CLEAN)
    assert 0 <= score <= 100
