"""Near-duplicates: MinHash + LSH candidates, confirmed by the exact Jaccard check."""
from __future__ import annotations

import random

import numpy as np
import pytest

from screening.scoring.duplicates import (
    MAX_EXACT_CHECKS,
    MIN_SIMILARITY,
    DuplicateIndex,
    Fingerprint,
    fingerprint,
)
from screening.scoring.types import ReplyInput

TEXT = ("Bonjour, j'ai bien pris connaissance de votre mission de saisie. Je suis rapide, rigoureux et disponible "
        "immédiatement. Je peux réaliser ce travail dans les meilleurs délais avec un taux d'erreur nul. Je dispose "
        "de 35 heures par semaine. N'hésitez pas à me contacter. Cordialement, Kevin")
EDITED = TEXT.replace("rigoureux", "rigoureuse").replace("35", "30").replace("un taux d'erreur nul", "zéro erreur")
OTHER = ("Bonjour, je relis votre ebook de permaculture en dix jours : orthographe et grammaire, puis typographie, "
         "puis la liste des erreurs récurrentes. J'ai corrigé trois guides de jardinage l'an dernier. Hélène")

WORDS = ("atelier boutique fichier tableur saisie contact salon carte visite logo page site formulaire cours "
         "photo relecture manuscrit chapitre guide typographie légende épingle calendrier lot modèle couleur "
         "charte maquette contrôle doublon format téléphone ville société adresse étape délai méthode outil "
         "réseau marque produit carnet céramique balcon jardin potager café restaurant épicerie artisan").split()


def random_text(rng, n=120):
    return " ".join(rng.choice(WORDS) + rng.choice(("", "s", "x", "e", "é")) for _ in range(n))


def reply(rid, text, mission="m1", email="a@example.com"):
    return ReplyInput(id=rid, text=text, mission_id=mission, email=email)


def test_same_mission():
    index = DuplicateIndex()
    index.add(reply("a", TEXT, "m1", "kevin@example.com"))
    index.add(reply("b", EDITED, "m1", "amandine@example.org"))
    (match,) = index.matches(reply("a", TEXT, "m1", "kevin@example.com"))
    assert (match.reply_id, match.relation, match.same_mission, match.same_applicant) == ("b", "same_mission", True,
                                                                                         False)
    assert MIN_SIMILARITY <= match.similarity < 1.0


def test_same_applicant_on_another_mission_email_case_insensitive():
    index = DuplicateIndex()
    index.add(reply("a", TEXT, "m1", "Nadia.Benali@Example.com"))
    (match,) = index.matches(reply("b", TEXT, "m3", "  nadia.benali@example.com "))
    assert (match.reply_id, match.relation, match.similarity) == ("a", "same_applicant", 1.0)


def test_other_applicant_on_another_mission():
    index = DuplicateIndex()
    index.add(reply("a", TEXT, "m1", "kevin@example.com"))
    (match,) = index.matches(reply("b", EDITED, "m4", "dylan@example.net"))
    assert match.relation == "other_applicant" and not match.same_mission and not match.same_applicant


def test_reply_is_never_its_own_duplicate_and_unrelated_text_matches_nothing():
    index = DuplicateIndex()
    index.add(reply("a", TEXT))
    index.add(reply("c", OTHER))
    assert index.matches(reply("a", TEXT)) == ()
    assert index.matches(reply("c", OTHER)) == ()


def test_remove_and_replace():
    index = DuplicateIndex()
    index.add(reply("a", TEXT))
    index.add(reply("b", TEXT))
    assert len(index) == 2 and "a" in index
    assert index.remove("a") and not index.remove("a")
    assert index.matches(reply("b", TEXT)) == ()
    index.add(reply("b", OTHER))  # replacing a reply's text
    index.add(reply("x", TEXT))
    assert index.matches(reply("y", TEXT))[0].reply_id == "x"


def test_short_texts_are_not_compared():
    index = DuplicateIndex()
    index.add(reply("a", "Intéressé, dispo de suite"))
    assert fingerprint("Intéressé, dispo de suite").minhash is None
    assert index.matches(reply("b", "Intéressé, dispo de suite")) == ()


def test_echoing_the_mandatory_questions_is_not_copying():
    questions = ("En combien de temps pensez-vous pouvoir réaliser la mission et la livrer ?\n"
                 "Combien d'heures par semaine disposez-vous pour travailler sur ce projet ?\n")
    a = fingerprint(questions + "Deux semaines, avec une relecture complète du manuscrit puis la typographie.")
    b = fingerprint(questions + "Cinq jours pour la saisie des cartes et le contrôle des doublons du tableur.")
    assert a.jaccard(b) < MIN_SIMILARITY


def test_lsh_finds_the_copy_among_many_without_comparing_every_pair(monkeypatch):
    rng = random.Random(3)
    index = DuplicateIndex()
    for i in range(3000):
        index.add(reply(f"r{i}", random_text(rng), f"m{i % 7}", f"p{i}@example.com"))
    original = random_text(rng)
    index.add(reply("orig", original, "m1", "x@example.com"))
    words = original.split()
    for i in range(0, len(words), 12):  # edit about 8% of the words
        words[i] = "modifié"
    calls = []
    real = Fingerprint.jaccard
    monkeypatch.setattr(Fingerprint, "jaccard", lambda self, other: calls.append(1) or real(self, other))
    found = index.matches(reply("copy", " ".join(words), "m2", "y@example.com"))
    assert [m.reply_id for m in found] == ["orig"]
    assert len(calls) <= MAX_EXACT_CHECKS  # exact checks only on a few LSH candidates, not 3,000 pairs
    calls.clear()
    assert index.matches(reply("fresh", random_text(rng), "m2", "z@example.com")) == ()
    assert len(calls) <= MAX_EXACT_CHECKS


def test_exact_check_rejects_an_lsh_false_candidate(monkeypatch):
    index = DuplicateIndex()
    index.add(reply("a", TEXT))
    query = fingerprint(OTHER)
    # Make LSH (and the signature estimate) believe "a" is a perfect candidate: only the exact check is left.
    monkeypatch.setattr(index._lsh, "query", lambda minhash: ["a"])
    index._signatures[index._entries["a"].row] = query.minhash.hashvalues
    assert index.matches(reply("q", OTHER), query) == ()
    # The same path confirms a true candidate.
    index._signatures[index._entries["a"].row] = fingerprint(TEXT).minhash.hashvalues
    assert index.matches(reply("q", TEXT))[0].reply_id == "a"


def test_fingerprint_is_stable():
    a, b = fingerprint(TEXT), fingerprint(TEXT)
    assert np.array_equal(a.shingles, b.shingles)
    assert np.array_equal(a.minhash.hashvalues, b.minhash.hashvalues)
    assert a.jaccard(fingerprint(EDITED)) == pytest.approx(fingerprint(EDITED).jaccard(a))
