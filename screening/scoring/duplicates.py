"""Same or nearly the same text as other replies: MinHash + LSH candidates, confirmed exactly.

Each reply is reduced to the set of its word 2-shingles (pairs of consecutive words; the wording of
the four mandatory questions is left out, since echoing them is no sign of copying) (one cached 32-bit hash per word, combined per
shingle, so no Python hash randomisation is involved). The LSH index (datasketch) proposes candidates
in time that does not grow with the number of stored replies; each candidate is then confirmed by the
exact Jaccard similarity of the two shingle sets. Pairs are never compared exhaustively.
"""
from __future__ import annotations

import hashlib
import threading
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from .text import TOKEN_RE, Clean, clean
from .types import Match, ReplyInput, _as_text

SHINGLE_WORDS = 2
NUM_PERM = 64
#: LSH is tuned a little below the confirmation threshold so that true matches are rarely missed.
LSH_THRESHOLD = 0.3
#: Exact Jaccard similarity of the shingle sets from which two replies count as (nearly) the same text.
#: Copies with small edits measured 0.40-1.0 here; unrelated replies to the same mission stay under 0.15.
MIN_SIMILARITY = 0.35
#: Replies with fewer distinct shingles than this are too short to call a copy.
MIN_SHINGLES = 8
MAX_MATCHES = 10

MANDATORY_QUESTIONS = (
    "En combien de temps pensez-vous pouvoir réaliser la mission et la livrer ?",
    "Quelles grandes étapes sont nécessaires pour atteindre le livrable attendu ? "
    "Combien de temps va prendre chaque étape ?",
    "Combien d'heures par semaine disposez-vous pour travailler sur ce projet ?",
    "Qu'est-ce qui vous fait penser que vous êtes la meilleure personne pour cette mission ?",
)
_MULT = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D], dtype=np.uint64)
_PROTO = MinHash(num_perm=NUM_PERM, hashfunc=int)  # permutations built once, shared by every copy
_token_hash: dict[str, int] = {}


@dataclass(frozen=True)
class Fingerprint:
    """The shingle set (sorted unique uint32) and its MinHash."""

    shingles: np.ndarray
    minhash: MinHash | None  # None when the text is too short to be compared

    def jaccard(self, other: Fingerprint) -> float:
        """Exact Jaccard similarity of the two shingle sets."""
        a, b = self.shingles, other.shingles
        if not len(a) or not len(b):
            return 0.0
        inter = np.intersect1d(a, b, assume_unique=True).size
        return inter / (len(a) + len(b) - inter)


def _hash_token(token: str) -> int:
    h = _token_hash.get(token)
    if h is None:
        h = zlib.crc32(token.encode("utf-8", "surrogatepass"))
        if len(_token_hash) > 500_000:
            _token_hash.clear()
        _token_hash[token] = h
    return h


def _shingles(lower: str) -> np.ndarray:
    tokens = TOKEN_RE.findall(lower)
    hashes = np.fromiter((_hash_token(t) for t in tokens), dtype=np.uint64, count=len(tokens))
    if len(hashes) >= SHINGLE_WORDS:
        k = SHINGLE_WORDS
        mixed = hashes[: len(hashes) - k + 1] * _MULT[0]
        for i in range(1, k):
            mixed = mixed ^ (hashes[i: len(hashes) - k + 1 + i] * _MULT[i])
        shingles = np.unique((mixed ^ (mixed >> np.uint64(29))) & np.uint64(0xFFFFFFFF))
    else:
        shingles = np.unique(hashes & np.uint64(0xFFFFFFFF))
    return shingles


_QUESTION_SHINGLES = np.unique(np.concatenate([_shingles(q.lower()) for q in MANDATORY_QUESTIONS]))


def fingerprint(text: str | Clean) -> Fingerprint:
    """Shingle set and MinHash of a reply text."""
    c = text if isinstance(text, Clean) else clean(_as_text(text))
    shingles = np.setdiff1d(_shingles(c.lower), _QUESTION_SHINGLES, assume_unique=True)
    if len(shingles) < MIN_SHINGLES:
        return Fingerprint(shingles, None)
    mh = _PROTO.copy()
    mh.update_batch(shingles.tolist())
    return Fingerprint(shingles, mh)


@dataclass(frozen=True)
class _Entry:
    mission_id: str
    email: str
    digest: bytes
    fp: Fingerprint


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _email(value: object) -> str:
    return _as_text(value).strip().casefold()


class DuplicateIndex:
    """The account's replies, indexed for near-duplicate search (thread-safe)."""

    def __init__(self, threshold: float = LSH_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, reply_id: object) -> bool:
        return str(reply_id) in self._entries

    def add(self, reply: ReplyInput, fp: Fingerprint | None = None) -> None:
        """Add (or replace) a reply."""
        text = _as_text(reply.text)
        fp = fp or fingerprint(text)
        rid = _as_text(reply.id)
        entry = _Entry(_as_text(reply.mission_id), _email(reply.email), _digest(text), fp)
        with self._lock:
            self.remove(rid)
            self._entries[rid] = entry
            if fp.minhash is not None:
                self._lsh.insert(rid, fp.minhash, check_duplication=False)

    def remove(self, reply_id: str) -> bool:
        """Forget a reply; False when it was not there."""
        rid = _as_text(reply_id)
        with self._lock:
            entry = self._entries.pop(rid, None)
            if entry is None:
                return False
            if entry.fp.minhash is not None:
                self._lsh.remove(rid)
            return True

    def fingerprint_of(self, reply: ReplyInput, text: str | Clean | None = None) -> Fingerprint:
        """The stored fingerprint when this very text is indexed, else a fresh one."""
        raw = _as_text(reply.text)
        entry = self._entries.get(_as_text(reply.id))
        if entry is not None and entry.digest == _digest(raw):
            return entry.fp
        return fingerprint(text if text is not None else raw)

    def matches(self, reply: ReplyInput, fp: Fingerprint | None = None) -> tuple[Match, ...]:
        """Other replies whose text is the same or nearly the same (never the reply itself)."""
        fp = fp or self.fingerprint_of(reply)
        if fp.minhash is None:
            return ()
        rid = _as_text(reply.id)
        mission = _as_text(reply.mission_id)
        email = _email(reply.email)
        found = []
        with self._lock:
            candidates = sorted(self._lsh.query(fp.minhash))
            for cid in candidates:
                if cid == rid:
                    continue
                entry = self._entries.get(cid)
                if entry is None:
                    continue
                sim = fp.jaccard(entry.fp)
                if sim < MIN_SIMILARITY:
                    continue  # an LSH false candidate, rejected by the exact check
                same_mission = bool(mission) and entry.mission_id == mission
                same_applicant = bool(email) and entry.email == email
                relation = ("same_mission" if same_mission else
                            "same_applicant" if same_applicant else "other_applicant")
                found.append(Match(cid, round(sim, 3), relation, same_mission, same_applicant))
        found.sort(key=lambda m: (-m.similarity, m.reply_id))
        return tuple(found[:MAX_MATCHES])
