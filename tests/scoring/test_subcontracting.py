"""Subcontracting signs: agencies, teams, work handed over; negations and an inclusive "nous" are not signs."""
from __future__ import annotations

import pytest

from screening.scoring.subcontracting import subcontracting_signs
from screening.scoring.text import clean


def run(text, name=""):
    return subcontracting_signs(clean(text), name)


@pytest.mark.parametrize("text", [
    "Pour optimiser les coûts, nous sous-traitons une partie du développement à nos partenaires.",
    "Je confie l'intégration de la page à un développeur de confiance avec qui je travaille souvent.",
    "Votre ebook sera confié à l'un de nos correcteurs partenaires, puis contrôlé par notre responsable qualité.",
    "Votre compte sera pris en charge par l'une de nos community managers juniors.",
    "Plume & Co est une agence éditoriale. Notre équipe de 12 correcteurs relira votre texte.",
    "Our agency has 20 designers. Our team will handle your logo and we outsource the coding.",
    "Je délègue la saisie à une assistante et je contrôle le résultat.",
    "Mon équipe et moi réaliserons votre logo en deux semaines.",
    "Mon associé s'occupera de l'intégration WordPress pendant que je dessine le logo.",
    "I will design the logo and my assistant will build the page.",
    "Pour tenir le délai, je fais appel à une collègue de confiance pour la moitié des entretiens.",
    "Je dessine le logo ; un développeur partenaire se chargera de l'intégration.",
])
def test_positive(text):
    result = run(text)
    assert result.is_subcontracting, result
    for sign in result.signs:  # evidence points into the original text
        for span in sign.spans:
            assert 0 <= span.start < span.end <= len(text)


@pytest.mark.parametrize("text", [
    "Je travaille seule, sans sous-traitance ni intermédiaire, de la première esquisse à la mise en ligne.",
    "Je ne sous-traite jamais : je fais tout moi-même.",
    "Pas de sous-traitance : je réalise la mission moi-même.",
    "J'ai passé cinq ans en agence de communication avant de m'installer en freelance ; en agence, "
    "j'ai piloté l'identité d'un festival.",
    "Nous commencerons par un atelier ensemble, puis nous validerons une piste de logo. Je monterai la page "
    "sur Webflow et nous la mettrons en ligne ensemble.",
    "Je travaille seul et je ne partage jamais les fichiers que vous me confiez.",
    "Je confie chaque lot à un contrôle qualité de ma part avant de vous l'envoyer.",
    "Je ne travaille pas avec une équipe : mon associé n'intervient jamais sur mes missions.",
    "Votre équipe validera chaque lot le lundi, et je programmerai ensuite les publications.",
    "",
])
def test_negative(text):
    assert not run(text).is_subcontracting


def test_company_speaking_only_in_we_is_a_sign_but_not_decisive_alone():
    result = run("Nous livrons en cinq jours. Nos tarifs sont clairs.")
    assert [s.code for s in result.signs] == ["corporate_we"]
    assert not result.is_subcontracting


def test_sender_name_of_an_organisation_adds_weight():
    text = "Nous livrons en cinq jours. Nos délais sont tenus. Notre méthode est éprouvée."
    alone, named = run(text), run(text, name="DataPro Services")
    assert named.score > alone.score
    assert "organisation_name" in [s.code for s in named.signs]


def test_spans_survive_invisible_characters():
    text = "\ufeffBonjour,\r\n\u200bPour aller vite, nous sous-traitons la saisie."
    result = run(text)
    sign = next(s for s in result.signs if s.code == "subcontracting_stated")
    assert text[sign.spans[0].start:sign.spans[0].end] == "sous-traitons"
