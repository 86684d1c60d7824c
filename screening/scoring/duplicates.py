"""Same or nearly the same text as other replies: MinHash + LSH candidates, confirmed exactly.

Each reply is reduced to the set of its word 2-shingles: pairs of consecutive words, leaving out pairs of
function words and the wording of the four mandatory questions (echoing them is no sign of copying).
One 32-bit hash is cached per word and combined per shingle, so Python's hash randomisation plays no part. The LSH index (datasketch) proposes candidates
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
from .types import QUESTION_WORDINGS, Match, ReplyInput, _as_text

SHINGLE_WORDS = 2
NUM_PERM = 64
#: LSH bands x rows: a pair is a candidate with probability 1-(1-J^3)^21: 93% at J=0.5, 74% at 0.4,
#: 2% at J=0.1 (unrelated replies to the same mission measured 0.02-0.11 here).
LSH_PARAMS = (21, 3)
#: Exact Jaccard similarity of the shingle sets from which two replies count as (nearly) the same text.
#: Copies with small edits measured 0.33-1.0 here; unrelated replies to the same mission stay under 0.12.
MIN_SIMILARITY = 0.3
#: Candidates whose MinHash estimate is this far below MIN_SIMILARITY skip the exact check
#: (2.5 standard deviations of the estimate at J = 0.3 with 64 permutations).
_ESTIMATE_MARGIN = 0.15
#: Replies with fewer distinct shingles than this are too short to call a copy.
MIN_SHINGLES = 8
MAX_MATCHES = 10
#: At most this many candidates, the most similar by MinHash estimate, get the exact check.
MAX_EXACT_CHECKS = 25

_MULT = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D], dtype=np.uint64)
_PROTO = MinHash(num_perm=NUM_PERM, hashfunc=int)  # permutations built once, shared by every copy
_STOP_FLAG = 1 << 32  # set on the cached hash of a function word

# Function words: a pair made only of them ("je suis", "de la", "of the") says nothing about copying,
# and leaving such pairs out keeps unrelated replies far apart (and LSH candidates few).
STOPWORDS = frozenset("""
a à au aux avec ce ces cet cette d dans de des du elle en est et il ils j je l la le les leur leurs lui m ma
mais me mes moi mon n ne nos notre nous on ou où par pas pour qu que qui s sa se ses son sur t ta te tes
toi ton tu un une vos votre vous y ai as avons avez ont suis es sommes êtes sont été être sera serai peux
peut pouvez bien très plus tout tous toute toutes si ça cela ceci c
the of and to in is it i you a an for on with as at by be this that my your we our are am was will
can have has me or not from so if
el la los las de del y que en un una por para con es lo su mi
il di che per con non una sono ho
""".split())


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
        inter = _count_common(a, b)
        return inter / (len(a) + len(b) - inter)


def _count_common(a: np.ndarray, b: np.ndarray) -> int:
    """Number of values of sorted unique `a` also in sorted unique non-empty `b` (as intersect1d, faster)."""
    at = np.searchsorted(b, a)
    np.minimum(at, len(b) - 1, out=at)
    return int(np.count_nonzero(b[at] == a))


class _TokenHashes(dict):
    """32-bit hash of each token, plus _STOP_FLAG for function words and numbers (computed once)."""

    def __missing__(self, token: str) -> int:
        h = zlib.crc32(token.encode("utf-8", "surrogatepass"))
        if token in STOPWORDS or token.isdigit():
            h |= _STOP_FLAG
        if len(self) > 500_000:
            self.clear()
        self[token] = h
        return h


_token_hash = _TokenHashes()


def _hash_token(token: str) -> int:
    return _token_hash[token]


def _shingles(lower: str) -> np.ndarray:
    tokens = TOKEN_RE.findall(lower)
    hashes = np.fromiter(map(_token_hash.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    if len(hashes) >= SHINGLE_WORDS:
        k = SHINGLE_WORDS
        stop = (hashes & np.uint64(_STOP_FLAG)) != 0
        hashes = hashes & np.uint64(0xFFFFFFFF)
        keep = ~stop[: len(hashes) - k + 1]
        mixed = hashes[: len(hashes) - k + 1] * _MULT[0]
        for i in range(1, k):
            mixed = mixed ^ (hashes[i: len(hashes) - k + 1 + i] * _MULT[i])
            keep |= ~stop[i: len(hashes) - k + 1 + i]
        shingles = np.unique((mixed[keep] ^ (mixed[keep] >> np.uint64(29))) & np.uint64(0xFFFFFFFF))
    else:
        shingles = np.unique(hashes & np.uint64(0xFFFFFFFF))
    return shingles


_QUESTION_SHINGLES = np.unique(np.concatenate([_shingles(q.lower()) for q in QUESTION_WORDINGS]))


def fingerprint(text: str | Clean) -> Fingerprint:
    """Shingle set and MinHash of a reply text."""
    c = text if isinstance(text, Clean) else clean(_as_text(text))
    shingles = _shingles(c.lower)
    # np.setdiff1d(shingles, _QUESTION_SHINGLES), without its sort: look each shingle up instead
    at = np.searchsorted(_QUESTION_SHINGLES, shingles)
    np.minimum(at, len(_QUESTION_SHINGLES) - 1, out=at)
    shingles = shingles[_QUESTION_SHINGLES[at] != shingles]
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
    row: int  # row of its MinHash in the index's matrix, -1 when too short to index


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _email(value: object) -> str:
    return _as_text(value).strip().casefold()


class DuplicateIndex:
    """The account's replies, indexed for near-duplicate search (thread-safe).

    Candidates come from LSH only; they are ranked by their MinHash estimate (one vectorised
    comparison against a matrix of the stored signatures), and at most MAX_EXACT_CHECKS of them,
    the most similar, get the exact Jaccard check. The cost per reply therefore stays flat as the
    index grows.
    """

    def __init__(self) -> None:
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_PARAMS)
        self._entries: dict[str, _Entry] = {}
        self._signatures = np.zeros((64, NUM_PERM), dtype=_PROTO.hashvalues.dtype)
        self._free_rows: list[int] = []
        self._next_row = 0
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, reply_id: object) -> bool:
        return _as_text(reply_id) in self._entries

    def _take_row(self) -> int:
        if self._free_rows:
            return self._free_rows.pop()
        if self._next_row == len(self._signatures):
            grown = np.zeros((len(self._signatures) * 2, NUM_PERM), dtype=self._signatures.dtype)
            grown[: self._next_row] = self._signatures
            self._signatures = grown
        self._next_row += 1
        return self._next_row - 1

    def add(self, reply: ReplyInput, fp: Fingerprint | None = None) -> None:
        """Add (or replace) a reply."""
        text = _as_text(reply.text)
        fp = fp or fingerprint(text)
        rid = _as_text(reply.id)
        with self._lock:
            self.remove(rid)
            row = -1
            if fp.minhash is not None:
                row = self._take_row()
                self._signatures[row] = fp.minhash.hashvalues
                self._lsh.insert(rid, fp.minhash, check_duplication=False)
            self._entries[rid] = _Entry(_as_text(reply.mission_id), _email(reply.email), _digest(text), fp, row)

    def remove(self, reply_id: str) -> bool:
        """Forget a reply; False when it was not there."""
        rid = _as_text(reply_id)
        with self._lock:
            entry = self._entries.pop(rid, None)
            if entry is None:
                return False
            if entry.row >= 0:
                self._lsh.remove(rid)
                self._free_rows.append(entry.row)
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
            entries = self._entries
            ids = [cid for cid in self._lsh.query(fp.minhash) if cid != rid and cid in entries]
            if not ids:
                return ()
            rows = np.fromiter((entries[cid].row for cid in ids), dtype=np.int64, count=len(ids))
            estimates = np.count_nonzero(self._signatures[rows] == fp.minhash.hashvalues, axis=1) / NUM_PERM
            close = np.flatnonzero(estimates >= MIN_SIMILARITY - _ESTIMATE_MARGIN)
            if len(close) > MAX_EXACT_CHECKS:
                close = close[np.argsort(-estimates[close], kind="stable")[: MAX_EXACT_CHECKS * 2]]
            order = sorted(close.tolist(), key=lambda i: (-estimates[i], ids[i]))[:MAX_EXACT_CHECKS]
            for i in order:
                cid = ids[i]
                entry = entries[cid]
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
