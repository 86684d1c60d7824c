"""Text clean-up shared by the signals, keeping a map back to the original offsets."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

#: Only this many characters of a reply are analysed; the result says when a reply was cut.
MAX_CHARS = 20_000

# Invisible characters that are dropped (zero-width, bidi controls, BOM, soft hyphen) and the CR of CRLF.
_DROP_RE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]|\r(?=\n)")
# Its first alternative alone: a plain character set, which the regex engine skips to quickly.
_DROP_CHARS_RE = re.compile(_DROP_RE.pattern.split("|")[0])

# Same-length replacements: odd spaces, odd line breaks, curly apostrophes, control characters.
_TRANSLATE = {c: " " for c in range(0, 32) if chr(c) not in "\n\t"}
_TRANSLATE.update({ord("\r"): "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n", 0x7F: " "})
_TRANSLATE.update(dict.fromkeys((160, 5760, 8239, 8287, 12288, *range(8192, 8203)), " "))
_TRANSLATE.update({0x2019: "'", 0x2018: "'", 0x02BC: "'", 0x2032: "'", 0x00B4: "'", 0x0060: "'"})

# Accent folding that keeps the length, so that offsets stay valid.
_FOLD = str.maketrans("àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ", "aaaaaaceeeeiiiinooooouuuuyyoa")


def _char_replacer(table: dict[int, str | int]) -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex of the characters a translate table changes, and their replacements."""
    chars = {chr(k): v if isinstance(v, str) else chr(v) for k, v in table.items()}
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]"), chars


# str.translate goes character by character through the table on non-ASCII text (~0.1 ms a reply);
# the characters it changes are few, so one regex scan finds them and only they are replaced.
_TRANSLATE_RE, _TRANSLATE_CHARS = _char_replacer(_TRANSLATE)
_FOLD_RE, _FOLD_CHARS = _char_replacer(_FOLD)


def _translate(text: str, rx: re.Pattern[str], chars: dict[str, str]) -> str:
    """`text.translate(table)` for the table `rx` and `chars` were built from."""
    if rx.search(text) is None:
        return text
    return rx.sub(lambda m: chars[m.group()], text)

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
TOKEN_RE = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Clean:
    """A reply cleaned for analysis: `text` as is, `lower` lowercased, both the same length."""

    text: str
    lower: str
    original_length: int
    truncated: bool
    _removed_at: tuple[int, ...]  # clean positions before which original characters were dropped

    def orig(self, pos: int) -> int:
        """Map a clean offset to the offset of the same character in the original text."""
        return pos + bisect_right(self._removed_at, pos) if self._removed_at else pos

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean [start, end) span to the original text."""
        if end <= start:
            o = self.orig(start)
            return o, o
        return self.orig(start), self.orig(end - 1) + 1

    @property
    def analysed_chars(self) -> int:
        return min(self.original_length, MAX_CHARS)

    @cached_property
    def plain(self) -> str:
        """`text` with URLs, e-mails, markup and formula lines blanked (same length)."""
        return blank_noise(self.text)

    @cached_property
    def folded(self) -> str:
        """`plain`, lowercased and accent-folded (same length): what phrase rules match on."""
        return _translate(_lower_same_length(self.plain), _FOLD_RE, _FOLD_CHARS)


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def clean(text: str) -> Clean:
    """Cut to the analysed window, drop invisible characters and unify spaces, apostrophes, newlines."""
    window = text[:MAX_CHARS]
    removed: list[int] = []
    if "\r\n" in window or _DROP_CHARS_RE.search(window):
        parts = []
        last = 0
        dropped = 0
        for m in _DROP_RE.finditer(window):
            parts.append(window[last:m.start()])
            removed.append(m.start() - dropped)
            dropped += 1
            last = m.end()
        parts.append(window[last:])
        window = "".join(parts)
    window = _translate(window, _TRANSLATE_RE, _TRANSLATE_CHARS)
    return Clean(window, _lower_same_length(window), len(text), len(text) > MAX_CHARS, tuple(removed))


def fold(word: str) -> str:
    """Lowercase and strip accents (for matching stems across spellings)."""
    nfd = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in nfd if not unicodedata.combining(c))


# URLs, e-mail addresses, HTML/XML tags and spreadsheet formulas say nothing about the language
# or the content of a reply; they are blanked (same length, so offsets are kept).
_NOISE_RE = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+"  # starts only at a run's start: linear time
    r"|<\s*(?:script|style)\b.*?(?:<\s*/\s*(?:script|style)\s*>|$)"
    r"|<[!/?]?[a-zA-Z][^<>]{0,500}>"
    r"|^[ \t]*[=+@][^\n]*",
    re.IGNORECASE | re.DOTALL | re.MULTILINE,
)

_FORMULA_START_RE = re.compile(r"^[ \t]*[=+@]", re.MULTILINE)


def blank_noise(text: str) -> str:
    """Replace URLs, e-mails, markup and formula lines by spaces (same length)."""
    # Most replies have none of these, and the full scan tries the e-mail alternative at every word:
    # a tag needs "<", an e-mail "@", a URL "://" or "www." (any case), a formula a line starting so.
    if not ("<" in text or "@" in text or "://" in text or "www." in text.lower()
            or (("=" in text or "+" in text) and _FORMULA_START_RE.search(text))):
        return text
    return _NOISE_RE.sub(lambda m: " " * len(m.group()), text)
