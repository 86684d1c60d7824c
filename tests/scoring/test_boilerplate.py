"""Template signs, each with its weight and evidence; the template decision."""
from __future__ import annotations

import pytest

from screening.scoring.boilerplate import (
    TEMPLATE_THRESHOLD,
    W_FAST_LONG,
    mission_references,
    template_signs,
    word_count,
)
from screening.scoring.text import clean
from screening.scoring.types import Match

MISSION = ("Relecture et correction d'un ebook de 120 pages\nJ'ai écrit un guide pratique de permaculture urbaine "
           "sur le balcon. Je cherche une relecture complète : orthographe, grammaire, typographie française, "
           "cohérence des termes. Livrable : le document corrigé en mode suggestion et une liste des erreurs "
           "récurrentes.")
SPECIFIC = ("Bonjour, je relis votre ebook de 120 pages en dix jours : une passe orthographe et grammaire, une passe "
            "typographie, puis la liste des erreurs récurrentes. Je jardine en permaculture sur mon balcon.")


def signs(text, answered=4, minutes=None, matches=()):
    c = clean(text)
    return template_signs(c, MISSION, words=word_count(c), answered_count=answered, matches=matches,
                          minutes_after=minutes)


def codes(result):
    return [s.code for s in result.signs]


@pytest.mark.parametrize("text,hole", [
    ("Bonjour [NOM DU CLIENT], votre projet m'intéresse.", "[NOM DU CLIENT]"),
    ("Bonjour {prenom}, votre projet de {projet} m'intéresse.", "{prenom}"),
    ("Je peux livrer en [X] jours.", "[X]"),
    ("Hello %CLIENT_NAME%, I can help.", "%CLIENT_NAME%"),
    ("Suite à votre annonce concernant [insérer le projet], je vous écris.", "[insérer le projet]"),
    ("Je livre en XX jours.", "XX jours"),
])
def test_placeholder_is_decisive_with_evidence(text, hole):
    result = signs(text)
    sign = next(s for s in result.signs if s.code == "placeholder")
    assert hole in [text[sp.start:sp.end] for sp in sign.spans]
    assert result.is_template


@pytest.mark.parametrize("text", [
    SPECIFIC + " Voir [mon portfolio](https://example.com).",
    SPECIFIC + " Étapes : (1) lecture (2) correction.",
    SPECIFIC + " Tarif : 300 € [TTC non applicable] hmm",
])
def test_no_placeholder_in_ordinary_brackets(text):
    assert "placeholder" not in codes(signs(text)) or "[TTC" in text


@pytest.mark.parametrize("text,phrase", [
    ("Je suis la personne idéale pour votre projet.", "personne idéale"),
    ("N'hésitez pas à me contacter. Dans l'attente de votre retour.", "hésitez pas à me contacter"),
    ("Dear Sir/Madam, I offer unlimited revisions.", "Dear Sir/Madam"),
    ("He leído atentamente su propuesta y ofrezco revisiones ilimitadas.", "He leído atentamente su propuesta"),
    ("Client satisfaction is my first priority.", "satisfaction is my first priority"),
])
def test_stock_phrases_have_evidence(text, phrase):
    sign = next(s for s in signs(text).signs if s.code == "stock_phrases")
    found = [text[sp.start:sp.end] for sp in sign.spans]
    assert any(phrase in f for f in found), found


def test_stock_phrases_weight_is_capped_and_not_decisive_with_an_answered_specific_reply():
    text = SPECIFIC + (" Je suis la personne idéale pour votre projet. Votre satisfaction est ma priorité. "
                       "Révisions illimitées. N'hésitez pas à me contacter. Dans l'attente de votre retour.")
    result = signs(text)
    stock = next(s for s in result.signs if s.code == "stock_phrases")
    assert stock.weight == 0.75
    assert not result.is_template


def test_no_reference_to_the_mission():
    generic = "Bonjour, je suis freelance depuis plusieurs années et je réalise des missions variées avec sérieux."
    assert "no_mission_reference" in codes(signs(generic))
    assert "no_mission_reference" not in codes(signs(SPECIFIC))
    count, spans = mission_references(clean(SPECIFIC), MISSION)
    assert count >= 4
    assert all(SPECIFIC[s.start:s.end].lower()[:4] in MISSION.lower() or SPECIFIC[s.start:s.end].isdigit()
               for s in spans)


def test_questions_ignored_only_when_answers_known():
    assert "questions_ignored" in codes(signs(SPECIFIC, answered=0))
    assert "questions_ignored" not in codes(signs(SPECIFIC, answered=None))
    assert "questions_ignored" not in codes(signs(SPECIFIC, answered=1))


@pytest.mark.parametrize("text,template", [
    ("Intéressé, dispo de suite", True),  # could be sent to any posting
    ("Bonjour, pour votre ebook de permaculture, quel est votre délai ? Je peux commencer lundi.", False),
])
def test_very_short_reply(text, template):
    result = signs(text, answered=0)
    assert "very_short" in codes(result)
    assert result.is_template is template


def test_long_reply_within_minutes_is_a_sign_but_not_decisive_alone():
    long_text = " ".join([SPECIFIC] * 5)
    fast = signs(long_text, minutes=2.0)
    assert "fast_long_reply" in codes(fast)
    assert W_FAST_LONG < TEMPLATE_THRESHOLD and not fast.is_template
    assert "fast_long_reply" not in codes(signs(long_text, minutes=45.0))
    assert "fast_long_reply" not in codes(signs(SPECIFIC, minutes=2.0))  # short: typed in two minutes is fine
    assert "fast_long_reply" not in codes(signs(long_text, minutes=None))


def test_duplicate_matches_become_signs_by_relation():
    matches = (Match("r9", 0.93, "same_mission", True, False), Match("r7", 1.0, "same_applicant", False, True),
               Match("r8", 0.5, "other_applicant", False, False))
    result = signs(SPECIFIC, matches=matches)
    assert {"duplicate_same_mission", "duplicate_same_applicant", "duplicate_other_applicant"} <= set(codes(result))
    assert result.is_template
    evidence = [e for s in result.signs for e in s.to_dict()["evidence"] if "reply_id" in e]
    assert {e["reply_id"] for e in evidence} == {"r7", "r8", "r9"}


@pytest.mark.parametrize("q3", ["De combien d'heures par semaine disposez-vous pour travailler sur ce projet ?",
                                "Combien d'heures par semaine disposez-vous pour travailler sur ce projet ?"])
def test_echoed_questions_with_canned_answers_are_a_template(q3):
    """Current and former wording of q3 alike (older postings are still quoted)."""
    text = ("En combien de temps pensez-vous pouvoir réaliser la mission et la livrer ?\nDans les meilleurs délais.\n"
            f"{q3}\nJe suis disponible.\n"
            "Qu'est-ce qui vous fait penser que vous êtes la meilleure personne pour cette mission ?\n"
            "Je suis sérieux, motivé et j'ai de l'expérience.")
    result = signs(text, answered=0)
    assert result.is_template
    echoed = [s for s in result.signs if s.code == "questions_echoed"]
    assert len(echoed[0].spans) == 3  # three questions quoted, q3 counted once


def test_one_quoted_question_is_not_an_echo_of_the_questions():
    text = "De combien d'heures par semaine disposez-vous pour travailler sur ce projet ?\nJe suis disponible."
    assert "questions_echoed" not in codes(signs(text, answered=0))


def test_specific_complete_reply_is_not_a_template():
    result = signs(SPECIFIC)
    assert result.signs == () and not result.is_template


def test_evidence_offsets_index_the_original_text_despite_invisible_characters():
    text = "\ufeffBonjour\r\n\u200b\u200bN'hésitez pas à me contacter.\r\n[NOM]"
    result = signs(text)
    by_code = {s.code: s for s in result.signs}
    stock = by_code["stock_phrases"].spans[0]
    assert text[stock.start:stock.end] == "N'hésitez pas à me contacter"
    hole = by_code["placeholder"].spans[0]
    assert text[hole.start:hole.end] == "[NOM]"


def test_one_title_keyword_is_only_a_weak_reference():
    text = ("Bonjour, votre projet d'ebook m'intéresse. Je vous garantis un travail de qualité et des révisions "
            "illimitées. Contactez-moi !")
    result = signs(text, answered=0)
    assert "weak_mission_reference" in codes(result) and "no_mission_reference" not in codes(result)
    assert result.is_template
    assert not signs(SPECIFIC, answered=0).is_template
