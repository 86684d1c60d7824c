"""Language of a reply: main language, share of French, and a "too short to tell" state.

langdetect is wrapped here once. Only the profiles of likely languages are loaded (faster, same
accuracy on this kind of text) and the detector is seeded, so the same text gives the same answer in
every process. The French share is measured per sentence: each sentence of 6+ words is classified with
a naive-Bayes sum over all of its character n-grams, using langdetect's own profiles. That is the
model langdetect samples at random, computed exhaustively (deterministic, and a word's score is cached).
"""
from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass

import numpy as np
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.lang_profile import LangProfile
from langdetect.utils.ngram import NGram

from .text import WORD_RE, Clean, clean
from .types import Span

DetectorFactory.seed = 0

#: Languages whose profiles are loaded: the ones applicants to French postings actually write in.
PROFILE_LANGS = ("fr", "en", "es", "it", "pt", "ca", "de", "nl", "ro")
#: Below this many words (or letters), no detector is reliable on French: "too short to tell".
MIN_WORDS = 6
MIN_LETTERS = 30
#: A reply is French when at least this share of its classified words is in French sentences.
FRENCH_MIN_SHARE = 0.8
#: At most this many sentences are classified (the analysed window is bounded too).
MAX_SEGMENTS = 400
#: Log-likelihood per word by which another language must beat French to win a sentence: misread French
#: clauses measured 0.3-0.5 here, real switches to English, Spanish or Italian 4-9.
FRENCH_PRIOR = 1.0
#: The letters counted for MIN_LETTERS are those in the first this many characters.
_LETTERS_WINDOW = 2000
_SMOOTHING = 0.5 / 10000  # langdetect's alpha / BASE_FREQ
_SEGMENT_RE = re.compile(r"[^\n.!?…]*(?:[.!?…]+|\n|$)")
_CLAUSE_RE = re.compile(r"[^,;:()\[\]]+")
_CAPS_RUN_RE = re.compile(r"[^\W\d_]*[A-Z]{2}")


@dataclass(frozen=True)
class Language:
    """What the reply is written in."""

    status: str  # "ok" | "too_short" | "empty"
    lang: str  # ISO 639-1 code of the majority language, or "und"
    is_french: bool
    french_share: float
    words: int  # every word (WORD_RE) of the text, as word_count counts them
    classified_words: int
    other_spans: tuple[Span, ...]  # sentences classified as another language (original offsets)
    shares: tuple[tuple[str, float], ...]

    def to_dict(self) -> dict:
        return {"status": self.status, "lang": self.lang, "is_french": self.is_french,
                "french_share": self.french_share, "words": self.words,
                "classified_words": self.classified_words, "shares": dict(self.shares),
                "other_language_spans": [s.to_dict() for s in self.other_spans]}


class _WordCache(dict):
    """Word vectors by word; a missing word is computed (and stored) by `compute`."""

    def __init__(self, compute) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> np.ndarray | None:
        return self.compute(word)


class _Model:
    def __init__(self) -> None:
        factory = DetectorFactory()
        for i, lang in enumerate(PROFILE_LANGS):
            with open(os.path.join(PROFILES_DIRECTORY, lang), encoding="utf-8") as f:
                factory.add_profile(LangProfile(**json.load(f)), i, len(PROFILE_LANGS))
        self.factory = factory
        self.langs = tuple(factory.get_lang_list())
        self.french = self.langs.index("fr")
        keys = list(factory.word_lang_prob_map)
        self.row = {k: i for i, k in enumerate(keys)}
        self.logp = np.log(np.array([factory.word_lang_prob_map[k] for k in keys]) + _SMOOTHING)
        self.char_norm: dict[str, str] = {}
        self.word_cache: dict[str, np.ndarray | None] = _WordCache(self.word_vector)
        self.detect_lock = threading.Lock()

    def _norm(self, ch: str) -> str:
        out = self.char_norm.get(ch)
        if out is None:
            out = NGram.normalize(ch)
            self.char_norm[ch] = out
        return out

    def word_vector(self, word: str) -> np.ndarray | None:
        """Sum of the log-probabilities of the word's n-grams per language (cached)."""
        cache = self.word_cache
        if word in cache:
            return cache[word]
        rows: list[int] = []
        get = self.row.get
        for part in "".join(self._norm(c) for c in word).split():
            if _CAPS_RUN_RE.match(part):  # acronyms: langdetect skips them too
                continue
            padded = f" {part} "
            size = len(padded)
            for i in range(size):
                for n in (1, 2, 3):
                    if i + n <= size:
                        r = get(padded[i:i + n])
                        if r is not None:
                            rows.append(r)
        vec = self.logp[rows].sum(axis=0) if rows else None
        if len(cache) > 200_000:
            cache.clear()
        cache[word] = vec
        return vec

    def classify(self, words: list[str]) -> str:
        """Language of a run of words, or "und" when most of them are in no loaded profile."""
        known = [v for v in map(self.word_cache.__getitem__, words) if v is not None]
        if not known or len(known) * 2 < len(words):
            return "und"
        # Summing along the first axis of the stacked vectors adds them row after row, in word order:
        # the same floats as adding them one by one, without a numpy call per word.
        total = np.add.reduce(np.array(known), axis=0)
        best = int(total.argmax())
        if best != self.french and (total[best] - total[self.french]) < FRENCH_PRIOR * len(words):
            return "fr"  # a near tie goes to the language the posting asks for
        return self.langs[best]

    def detect(self, text: str) -> str:
        """langdetect's own answer (seeded, likely-language profiles), "und" when it cannot tell."""
        try:
            with self.detect_lock:
                detector = self.factory.create()
                detector.append(text[:2000])
                return detector.detect()
        except LangDetectException:
            return "und"


_model: _Model | None = None
_model_lock = threading.Lock()


def warm_up() -> None:
    """Load the language profiles once (call at start-up: langdetect's first load is not thread-safe)."""
    _get_model()


def _get_model() -> _Model:
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = _Model()
    return _model


def _clauses(model: _Model, words: list[str], sentence: str, offset: int) -> list[tuple[str, int, int, int]]:
    """A long sentence that switches language mid-way: each clause of 6+ words is judged on its own,
    the short ones take the language of the whole sentence."""
    parts = []
    rest = 0
    for m in _CLAUSE_RE.finditer(sentence):
        clause_words = WORD_RE.findall(m.group())
        if len(clause_words) >= MIN_WORDS:
            parts.append((model.classify(clause_words), len(clause_words), offset + m.start(), offset + m.end()))
        else:
            rest += len(clause_words)
    if len(parts) <= 1:
        return [(model.classify(words), len(words), offset, offset + len(sentence))]
    if rest:
        parts.append((model.classify(words), rest, -1, -1))
    return parts


def detect_language(text: str | Clean) -> Language:
    """Main language, French share and status of a reply text."""
    c = text if isinstance(text, Clean) else clean(text)
    model = _get_model()
    body = c.plain
    all_words = 0
    counts: dict[str, int] = {}
    segments: list[tuple[str, int, int, int]] = []  # lang, words, start, end
    pooled: list[str] = []
    early_letters = 0
    for n, m in enumerate(_SEGMENT_RE.finditer(body)):
        if m.start() == m.end():
            continue
        words = WORD_RE.findall(m.group())
        if not words:
            continue
        all_words += len(words)
        if m.end() <= _LETTERS_WINDOW and early_letters < MIN_LETTERS:
            early_letters += sum(map(len, words))
        if n >= MAX_SEGMENTS:
            continue
        if len(words) >= 2 * MIN_WORDS:
            segments.extend(_clauses(model, words, m.group(), m.start()))
        elif len(words) >= MIN_WORDS:
            segments.append((model.classify(words), len(words), m.start(), m.end()))
        else:
            pooled.extend(words)
    if len(pooled) >= MIN_WORDS:
        # short lines (greetings, bullets, signature) are judged together
        segments.append((model.classify(pooled), len(pooled), -1, -1))
    if all_words == 0:
        return Language("empty", "und", False, 0.0, 0, 0, (), ())
    # the letters of the segments that end in the window are a lower bound of the letters in the window
    if all_words < MIN_WORDS or not segments or (
            early_letters < MIN_LETTERS
            and sum(len(w) for w in WORD_RE.findall(body[:_LETTERS_WINDOW])) < MIN_LETTERS):
        guess = model.detect(body)
        fr = guess == "fr"
        return Language("too_short", guess, fr, 1.0 if fr else 0.0, all_words, 0, (), ())
    for lang, n_words, _, _ in segments:
        counts[lang] = counts.get(lang, 0) + n_words
    classified = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] != "fr", kv[0]))
    main = ranked[0][0]
    if ranked[0][1] * 2 <= classified:
        # no language has a majority of the sentences: ask langdetect about the whole text
        whole = model.detect(body)
        main = whole if whole in counts else main
    share = round(counts.get("fr", 0) / classified, 3)
    others = tuple(Span(*c.orig_span(s, e)) for lang, _, s, e in segments if lang != "fr" and s >= 0)
    shares = tuple((lang, round(n / classified, 3)) for lang, n in ranked)
    return Language("ok", main, share >= FRENCH_MIN_SHARE, share, all_words, classified, others, shares)
