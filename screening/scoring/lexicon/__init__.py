"""Per-language word tables of the scorer: the knowledge, as data.

Each module (``fr``, ``en``, ``es``, ``it``, ``pt``, ``de``, ``nl``) defines some of the tables named in
``TABLES``, as tuples of phrases written in lower case and without accents (the scorer matches on
lowercased, accent-folded text). The regular expressions and their cheap pre-filters are built from the
same tables, once, at import (``alternation``: longest phrase first, so "sous 24 h" is tried before
"sous"). Adding a phrasing is one line in a table, and one line of fixture in tests/scoring/corpus.
"""
from __future__ import annotations

import re
from importlib import import_module

LANGS = ("fr", "en", "es", "it", "pt", "de", "nl")

#: The tables a language module may define, and what they hold.
TABLES = {
    "RESPONSE_CUES": "words saying that a time is how fast one answers (a message, a quote), not a delivery",
    "TOTAL_AFTER": "words right after a duration that make it the total (\"6 jours au total\")",
    "HORIZON_BEFORE": "words right before a span of months that make it a calendar horizon, not a step",
    "HORIZON_AFTER": "words right after a span of months that make it a horizon (\"6 months of due dates\")",
    "PER_UNIT": "words after a duration that make it a time per item (\"3 min par facture\")",
    "RESULT_CUES": "words that lead from a time per item to the total (\"soit\", \"so\", \"donc\", \"→\")",
    "DEADLINE_CUES": "a deadline by date or period (\"d'ici fin décembre\", \"avant le 15\")",
    "Q1_HEADINGS": "labels of the delivery-time answer (\"Délai :\", \"Livraison\", \"Turnaround\")",
    "Q2_HEADINGS": "labels of the steps answer (\"Étapes\", \"Méthode\", \"Process\")",
    "Q3_HEADINGS": "labels of the weekly-hours answer (\"Heures par semaine :\")",
    "Q4_HEADINGS": "labels of the why-you answer (\"Valeur ajoutée :\", \"Pourquoi moi :\")",
    "PRESENT_WORK": "first-person present of doing such work now (\"je gere\", \"i run\", \"gestisco\")",
    "PAST_ROLE": "a former role or a run of years (\"ex-\", \"ancien\", \"llevo\")",
    "PAST_SMS": "first-person past auxiliaries as written without apostrophe or accent (\"jai\")",
    "GENERIC_CLAIMS": "praise or statistics that say nothing about this mission",
    "HELPERS": "people close to the applicant who might do part of the work (a friend, a spouse)",
    "HELPER_VERBS": "what such a person does with the work (\"fera\", \"relit\", \"s'occupera\")",
    "EXCLUSIVE_WE": "\"we\" + verb of a group doing the work (\"nous avons transcrit\", \"we will deliver\")",
    "TEAM_VIA": "doing the work through a team (\"grace a mon equipe\")",
    "OTHER_PROJECT_LEADS": "words that introduce the project a letter was written for (\"votre projet de\")",
}


def _load() -> dict[str, dict[str, tuple[str, ...]]]:
    out: dict[str, dict[str, tuple[str, ...]]] = {name: {} for name in TABLES}
    for lang in LANGS:
        mod = import_module(f"{__name__}.{lang}")
        for name in TABLES:
            words = getattr(mod, name, ())
            if words:
                out[name][lang] = tuple(words)
    return out


_BY_TABLE = _load()


def words(table: str, langs: tuple[str, ...] = LANGS) -> tuple[str, ...]:
    """The phrases of one table, over the given languages (duplicates removed)."""
    seen: dict[str, None] = {}
    for lang in langs:
        for w in _BY_TABLE[table].get(lang, ()):
            seen.setdefault(w, None)
    return tuple(seen)


def alternation(phrases, bounded: bool = False) -> str:
    """A non-capturing regex alternation of phrases, longest first; a space matches any run of spaces.

    A phrase written "re:..." is a pattern (a number, a choice of endings). With ``bounded``, a phrase
    that ends with a letter must end a word ("je cree" does not match "je creerai"; "ex-" still
    matches "ex-journaliste")."""
    uniq = sorted(set(phrases), key=lambda p: (-len(p), p))
    parts = []
    for p in uniq:
        if p.startswith("re:"):
            part = "(?:" + p[3:] + ")"
        else:
            part = r"\s+".join(re.escape(w) for w in p.split(" "))
        if bounded and (p[-1].isalnum() or p[-1] == ")"):
            part += r"(?![\w])"
        parts.append(part)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def table_re(table: str, before: str = r"(?<![\w'])", after: str = r"(?![\w])", flags: int = 0) -> re.Pattern[str]:
    """The compiled alternation of one table, between word boundaries by default."""
    return re.compile(before + alternation(words(table)) + after, flags)


__all__ = ["LANGS", "TABLES", "words", "alternation", "table_re"]
