"""Numbers written in words or figures, as freelancers write them in replies.

Works on text that has already been lower-cased and stripped of accents (see
``completeness._normalise``): "deux", "vingt-cinq", "une quinzaine", "dix-huit",
"1,5", "½", plus the small numbers of the other languages seen in replies
(English, Spanish, Italian, Portuguese, Catalan, German: "two", "dos", "due", "dois",
"dues", "zwei"...). French compounds go through text2num (package text2num, module text_to_num).

``NUMBER_RE`` is a regular-expression fragment (no groups) matching one number;
``parse_number`` turns the matched text into a float, or None.
"""
from __future__ import annotations

import re

from text_to_num import text2num

# value of each number word (accent-free, lower case)
_UNITS: dict[str, float] = {
    # French
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80,
    "octante": 80, "nonante": 90, "quatre-vingt": 80, "quatre-vingts": 80, "cent": 100,
    "cents": 100,
    # English
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50,
    # Spanish / Portuguese / Italian / Catalan
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30,
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "quatro": 4, "sete": 7, "oito": 8, "nove": 9,
    "dez": 10, "vinte": 20, "trinta": 30,
    "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8,
    "dieci": 10, "dodici": 12, "quindici": 15, "venti": 20, "trenta": 30,
    "dues": 2, "cinc": 5, "sis": 6, "set": 7, "vuit": 8, "nou": 9, "deu": 10,
    "dotze": 12, "vint": 20,
    # German (accents stripped: "fünf" -> "funf", "zwölf" -> "zwolf")
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4,
    "funf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12,
    "funfzehn": 15, "zwanzig": 20, "dreissig": 30, "drei\u00dfig": 30,
}

# "une dizaine", "une quinzaine": approximate counts, taken at face value
_APPROX: dict[str, float] = {
    "huitaine": 8, "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20,
    "trentaine": 30, "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60,
    "centaine": 100,
}

_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}


def _alternation(words) -> str:
    """A regex alternation of ``words`` written as a prefix tree (much faster to try)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


_WORD = rf"(?:{_alternation(_UNITS)})"
_APPROX_WORD = rf"(?:(?:une|un|a|una|uma)\s+)?(?:{_alternation(_APPROX)})s?"

# one number: figures (decimal comma or point, optional fraction sign), an approximate
# count ("une quinzaine d'"), or number words joined by hyphens, spaces or "et un(e)".
NUMBER_RE = (
    r"(?:\d{1,6}(?:[.,]\d{1,3})?(?:\s?[½¼¾])?(?![\d½¼¾])|[½¼¾⅓⅔]"
    rf"|(?:{_APPROX_WORD}"
    rf"|{_WORD}(?:(?:-|\s+)(?:et[- ])?{_WORD})*)"
    r"(?![\w]))"
)

_NUMBER_FULL = re.compile(rf"^{NUMBER_RE}$")
_SPLIT = re.compile(r"[\s-]+")
_APPROX_FIND = re.compile(rf"({_alternation(_APPROX)})")


def parse_number(token: str) -> float | None:
    """Value of one number token (already normalised), or None when it is not a number."""
    if not token:
        return None
    s = token.strip().rstrip("'").strip()
    s = re.sub(r"\s+(?:de|d'|of|d)$", "", s)
    if not s:
        return None
    m = re.fullmatch(r"(\d{1,6})(?:[.,](\d{1,3}))?\s?([½¼¾])?", s)
    if m:
        value = float(m.group(1) + ("." + m.group(2) if m.group(2) else ""))
        if m.group(3):
            value += _FRACTIONS[m.group(3)]
        return value
    if s in _FRACTIONS:
        return _FRACTIONS[s]
    m = _APPROX_FIND.search(s)
    if m:
        return float(_APPROX[m.group(1)])
    # French compounds ("soixante-dix-huit", "deux cent cinquante") by text2num, the project's
    # converter; the table below covers the other languages and spellings it refuses.
    try:
        return float(text2num(s, "fr"))
    except (ValueError, IndexError, KeyError):
        pass
    s = s.replace("quatre-vingts", "quatre-vingt")
    s = re.sub(r"quatre[- ]vingts?", "quatre-vingt", s)
    words = [w for w in re.split(r"\s+|(?<!quatre)-(?!vingt)", s) if w and w != "et"]
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w in ("cent", "cents"):
            current = (current or 1) * 100
            seen = True
            continue
        v = _UNITS.get(w)
        if v is None:
            return None
        current += v
        seen = True
    total += current
    return total if seen else None


__all__ = ["NUMBER_RE", "parse_number"]
