"""Scoring a large batch on several cores: fingerprints, then scores, each in a pool of forked processes.

The children only run the pure scorer on data they inherit (fork): no database, no Flask. Any failure of
the pool returns None and the caller scores in-process, so a batch is never lost to it.
"""
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from screening.scoring import DuplicateIndex, MissionInput, ReplyInput, score_reply
from screening.scoring.duplicates import fingerprint

log = logging.getLogger(__name__)
_state: dict = {}


def _init(index, missions):
    # A lock held by another thread at fork time would stay held forever in the child.
    index._lock = threading.RLock()
    _state["index"], _state["missions"] = index, missions


def _fingerprints(texts: list[str]):
    return [fingerprint(text) for text in texts]


def _scores(items: list[ReplyInput]) -> list[dict]:
    index, missions = _state["index"], _state["missions"]
    return [score_reply(missions[int(item.mission_id)], item, index).to_dict() for item in items]


def _chunks(seq, size):
    return [seq[i:i + size] for i in range(0, len(seq), size)]


def score_batch(items: list[ReplyInput], missions: dict[int, MissionInput], index: DuplicateIndex,
                processes: int) -> list[dict] | None:
    """Add the items to the index and score them with `processes` workers; None if the pool failed."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    size = max(50, len(items) // (processes * 4))
    try:
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            prints = [fp for chunk in pool.map(_fingerprints, _chunks([i.text for i in items], size))
                      for fp in chunk]
        for item, fp in zip(items, prints, strict=True):
            if item.id not in index:
                index.add(item, fp)
        # A new pool, forked now that the index holds the whole batch.
        with ProcessPoolExecutor(processes, mp_context=context, initializer=_init,
                                 initargs=(index, missions)) as pool:
            return [result for chunk in pool.map(_scores, _chunks(items, size)) for result in chunk]
    except (BrokenProcessPool, OSError) as exc:
        log.warning("parallel scoring failed, scoring in-process: %s", exc)
        return None
