"""Benchmark of the scorer: synthetic replies through the `score-jsonl` code path.

usage: python bench/score_bench.py [-n N] [--seed S]

Generates N synthetic French replies (about 150 words each, 5% near-duplicates of another reply),
scores them all with screening.scoring.corpus.score_corpus_lines (what `screening score-jsonl` runs),
times a bare `langdetect.detect` call on the same texts, and the duplicate check alone with 1,000
and 10,000 replies stored. The last line is:
replies_per_s=<n> ratio_vs_langdetect=<x> peak_mb=<n> dup_ms_1k=<x> dup_ms_10k=<x>
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import langdetect  # noqa: E402

from screening.scoring import DuplicateIndex, ReplyInput, warm_up  # noqa: E402
from screening.scoring.corpus import score_corpus_lines  # noqa: E402
from screening.scoring.duplicates import fingerprint  # noqa: E402

VOCAB = """atelier boutique client fichier tableur saisie contact salon carte visite logo page site
formulaire inscription cours tarif photo relecture correction manuscrit chapitre guide typographie
orthographe grammaire ponctuation publication visuel légende hashtag épingle calendrier programmation
lot semaine modèle couleur police charte maquette intégration contrôle doublon format téléphone ville
société fonction adresse courriel livraison étape délai heure projet expérience méthode outil réseau
marque produit papeterie carnet céramique permaculture balcon jardin potager compost récolte semis
brûlerie café restaurant épicerie commerce artisan créatrice illustration dessin croquis esquisse
texte rédaction article recherche vérification harmonisation cohérence liste erreur commentaire
suggestion document version fichier dossier export import tableau synthèse bilan statistique""".split()
VERBS = """prépare vérifie saisis corrige relis dessine crée programme rédige contrôle organise classe
trie intègre publie envoie propose livre termine commence reprends compare analyse ajuste assemble
calcule choisis complète construis décris détaille écris étudie examine filtre fusionne importe inspecte
mesure nettoie note ordonne planifie range recherche regroupe relance remplis répare résume révise
sélectionne simplifie structure teste traduis transforme valide""".split()
LINKS = """avec pour dans sur chaque puis ensuite avant après depuis sans entre selon autour""".split()
SYLLABLES = """ca ro ti lé men tion pa ri sa ge ment eur ette on ai ou che re la ve mi no su
té dé con pro vi ci ble que ra ne pe tu""".split()
_rng = random.Random(12345)
VOCAB = VOCAB + sorted({"".join(_rng.choice(SYLLABLES) for _ in range(_rng.randint(2, 4))) for _ in range(4000)})
ADJ = """complet propre clair rapide précis simple soigné régulier hebdomadaire final premier
second chaleureux naturel artisanal local""".split()


OPENERS = ("Je", "Puis je", "Ensuite je", "Enfin je", "Pour commencer je", "Après cela je", "Je pense que je",
           "Comme toujours je", "Dans ce cadre je", "Pour votre projet je")
GREETINGS = ("Bonjour,", "Bonjour !", "Bonjour Madame, Monsieur,", "Bonsoir,", "Hello,", "Bonjour à vous,", "")
CLOSINGS = ("Cordialement,", "Bien à vous,", "Belle journée,", "À bientôt,", "Merci,", "Au plaisir,", "")
Q1 = ("Je peux livrer en {d} jours.", "Délai : {d} jours.", "Comptez {d} jours au total.",
      "Je vous livre le tout sous {d} jours.", "Il me faudra {d} jours.")
Q3 = ("Je dispose de {h} heures par semaine.", "Disponibilité : {h} h par semaine.", "{h}h/semaine.",
      "Je peux y consacrer {h} heures chaque semaine.", "J'ai {h} heures libres par semaine.")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(OPENERS), rng.choice(VERBS), rng.choice(("le", "un", "chaque", "ce")),
             rng.choice(VOCAB), rng.choice(ADJ), rng.choice(LINKS), rng.choice(("le", "un", "ce")),
             rng.choice(VOCAB), rng.choice(LINKS), rng.choice(("votre", "notre", "mon", "le")), rng.choice(VOCAB)]
    return " ".join(words) + "."


def make_reply(rng: random.Random) -> str:
    """A plausible ~150-word French reply answering the four questions."""
    steps = "\n".join(f"{rng.choice(('-', '*', '•'))} {rng.choice(VERBS)} {rng.choice(VOCAB)} {rng.choice(VOCAB)} : "
                      f"{rng.randint(1, 4)} jours" for _ in range(rng.randint(2, 4)))
    body = " ".join(_sentence(rng) for _ in range(rng.randint(8, 11)))
    q1 = rng.choice(Q1).format(d=rng.randint(3, 20))
    q3 = rng.choice(Q3).format(h=rng.randint(5, 35))
    return (f"{rng.choice(GREETINGS)}\n\n1) {q1}\n2) {rng.choice(('Les étapes :', 'Étapes :', 'Mon plan :'))}\n"
            f"{steps}\n3) {q3}\n4) {body}\n\n{rng.choice(CLOSINGS)}\n"
            f"{rng.choice(('Camille', 'Hugo', 'Léa', 'Nadia', 'Théo', 'Inès'))}")


def near_duplicate(rng: random.Random, text: str) -> str:
    """The same text with a few words changed."""
    words = text.split(" ")
    for _ in range(max(1, len(words) // 25)):
        words[rng.randrange(len(words))] = rng.choice(VOCAB)
    return " ".join(words)


def make_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(n):
        if texts and rng.random() < 0.05:
            texts.append(near_duplicate(rng, rng.choice(texts)))
        else:
            texts.append(make_reply(rng))
    return texts


def corpus_lines(texts: list[str], seed: int) -> list[str]:
    rng = random.Random(seed + 1)
    lines = [json.dumps({"type": "mission", "id": f"m{m}", "title": f"Mission {m} : {rng.choice(VOCAB)}",
                         "description": " ".join(rng.choice(VOCAB) for _ in range(120)),
                         "published_at": "2026-10-05T09:00:00+02:00"}) for m in range(20)]
    for i, text in enumerate(texts):
        lines.append(json.dumps({"type": "reply", "id": f"r{i}", "mission": f"m{i % 20}", "name": f"Candidat {i}",
                                 "email": f"c{i % 5000}@example.com",
                                 "received_at": f"2026-10-05T{10 + i % 12:02d}:{i % 60:02d}:00+02:00",
                                 "text": text}, ensure_ascii=False))
    return lines


def dup_timing(seed: int, queries: int = 300, rounds: int = 5) -> tuple[float, float]:
    """Milliseconds per reply of the duplicate check (fingerprint + LSH query + exact check).

    Two indexes (1,000 and 10,000 replies) are timed in alternating rounds and the best round of each
    is kept, so that load from other processes does not pass for a cost of the index size.
    """
    texts = make_texts(10_000 + queries, seed + 7)
    stored, probe = texts[:10_000], texts[10_000:]
    rng = random.Random(seed + 9)
    probe = [near_duplicate(rng, rng.choice(stored[:1000])) if i % 2 else t for i, t in enumerate(probe)]
    fps = [fingerprint(t) for t in stored]
    indexes = []
    for size in (1_000, 10_000):
        index = DuplicateIndex()
        for i in range(size):
            index.add(ReplyInput(id=f"s{i}", text=stored[i], mission_id=f"m{i % 20}", email=f"s{i}@example.com"),
                      fps[i])
        indexes.append(index)
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for k, index in enumerate(indexes):
            start = time.perf_counter()
            for i, text in enumerate(probe):
                index.matches(ReplyInput(id=f"q{i}", text=text, mission_id="m0", email="q@example.com"),
                              fingerprint(text))
            best[k] = min(best[k], (time.perf_counter() - start) * 1000 / len(probe))
    return best[0], best[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="number of replies (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    n = max(1, args.n)
    texts = make_texts(n, args.seed)
    lines = corpus_lines(texts, args.seed)
    warm_up()
    langdetect.detect("Bonjour, ceci est un texte pour charger les profils.")

    start = time.perf_counter()
    count = sum(1 for _ in score_corpus_lines(lines))
    ours = time.perf_counter() - start
    assert count == n

    start = time.perf_counter()
    for text in texts:
        try:
            langdetect.detect(text)
        except langdetect.lang_detect_exception.LangDetectException:
            pass
    bare = time.perf_counter() - start

    dup_1k, dup_10k = dup_timing(args.seed)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"scored {n} replies in {ours:.2f} s; bare langdetect on the same texts {bare:.2f} s")
    print(f"replies_per_s={n / ours:.0f} ratio_vs_langdetect={ours / bare:.2f} peak_mb={peak_mb:.0f} "
          f"dup_ms_1k={dup_1k:.3f} dup_ms_10k={dup_10k:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
