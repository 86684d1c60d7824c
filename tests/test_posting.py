"""The posting generator: the four questions always present, in order, verbatim."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.missions.posting import (
    FRENCH_REQUIREMENT,
    MANDATORY_QUESTIONS,
    PAID_TRIAL,
    PostingBrief,
    format_money,
    french_date,
    generate_posting,
)

DESIGN_QUESTIONS = [
    "En combien de temps pensez-vous pouvoir réaliser la mission et la livrer ?",
    "Quelles grandes étapes sont nécessaires pour atteindre le livrable attendu ? "
    "Combien de temps va prendre chaque étape ?",
    "De combien d'heures par semaine disposez-vous pour travailler sur ce projet ?",
    "Qu'est-ce qui vous fait penser que vous êtes la meilleure personne pour cette mission ?",
]


def numbered_positions(text, questions):
    positions = []
    for number, question in enumerate(questions, start=1):
        line = f"{number}. {question}"
        assert line in text, f"missing: {line!r}"
        positions.append(text.index(line))
    return positions


def test_mandatory_questions_match_the_design_wording():
    assert list(MANDATORY_QUESTIONS) == DESIGN_QUESTIONS


@pytest.mark.parametrize("brief", [
    PostingBrief(title=""),
    PostingBrief(title="Saisie", objective="", context="", custom_questions=()),
    PostingBrief(title="<script>alert(1)</script>", objective="=HYPERLINK(\"x\")", procedure="* _a_ #b"),
    PostingBrief(title="Logo", custom_questions=("Avez-vous un portfolio ?", "Quel logiciel utilisez-vous ?")),
    PostingBrief(title="Émoji 🎨 et\u200bzéro", context="\r\nligne 1\r\nligne 2\r\n", paid_trial=True),
])
def test_four_questions_verbatim_and_in_order_in_both_formats(brief):
    plain, markdown = generate_posting(brief)
    for text in (plain, markdown):
        positions = numbered_positions(text, DESIGN_QUESTIONS)
        assert positions == sorted(positions)
        assert "dans l'ordre" in text
        assert FRENCH_REQUIREMENT in text
        assert "sous-traitance est interdite" in text


def test_custom_questions_come_after_the_four():
    plain, _ = generate_posting(PostingBrief(title="Logo", custom_questions=("Avez-vous un portfolio ?",)))
    assert plain.index("5. Avez-vous un portfolio ?") > plain.index("4. " + DESIGN_QUESTIONS[3])


def test_custom_questions_cannot_replace_or_repeat_a_mandatory_one():
    plain, _ = generate_posting(PostingBrief(title="x", custom_questions=(DESIGN_QUESTIONS[0], "  ", "Autre ?")))
    assert plain.count(DESIGN_QUESTIONS[0]) == 1
    assert "5. Autre ?" in plain
    assert "6." not in plain


def test_paid_trial_announced_only_when_the_mission_has_one():
    with_trial, _ = generate_posting(PostingBrief(title="x", paid_trial=True))
    without, _ = generate_posting(PostingBrief(title="x", paid_trial=False))
    assert PAID_TRIAL in with_trial
    assert PAID_TRIAL not in without


def test_budget_and_deadline_in_french():
    plain, markdown = generate_posting(PostingBrief(title="x", budget_amount=Decimal("1234.5"),
                                                    budget_currency="EUR", deadline=date(2026, 12, 1)))
    assert "Budget : 1\u202f234,50 € pour la mission" in plain
    assert "1er décembre 2026" in plain
    assert "1er décembre 2026" in markdown


def test_markdown_escapes_structure_characters_from_the_brief():
    _, markdown = generate_posting(PostingBrief(title="# Titre *gras*", objective="[lien](javascript:x)"))
    assert "\\# Titre \\*gras\\*" in markdown
    assert "\\[lien\\]" in markdown


@pytest.mark.parametrize("amount,currency,expected", [
    (Decimal("250"), "EUR", "250 €"), (Decimal("0"), "USD", "0 $"), (Decimal("99.9"), "CHF", "99,90 CHF"),
])
def test_money_format(amount, currency, expected):
    assert format_money(amount, currency) == expected


def test_french_date():
    assert french_date(date(2026, 10, 5)) == "5 octobre 2026"


@settings(max_examples=150, deadline=None)
@given(title=st.text(max_size=200), body=st.text(max_size=500),
       extra=st.lists(st.text(max_size=80), max_size=5), trial=st.booleans())
def test_questions_survive_any_brief(title, body, extra, trial):
    plain, markdown = generate_posting(PostingBrief(title=title, objective=body, context=body,
                                                    custom_questions=tuple(extra), paid_trial=trial))
    for text in (plain, markdown):
        positions = numbered_positions(text, DESIGN_QUESTIONS)
        assert positions == sorted(positions)
