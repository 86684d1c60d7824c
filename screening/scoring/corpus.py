"""`screening score-jsonl`: read the corpus format (missions, then replies) and print one line per reply."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from . import DuplicateIndex, MissionInput, ReplyInput, score_reply, warm_up
from .types import _as_text


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _dumps(obj: dict) -> str:
    line = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates in an id: fall back to escapes
        line = json.dumps(obj, ensure_ascii=True, allow_nan=False)
    return line


def score_corpus_lines(lines: Iterable[str]) -> Iterator[str]:
    """Yield one JSON line per reply of a corpus file, in file order (gold labels are ignored).

    All replies of the file are the "other replies" for duplicate detection. A line that is not a
    JSON object yields {"line": n, "error": ...} instead of stopping the run.
    """
    warm_up()
    missions: dict[str, MissionInput] = {}
    items: list[tuple[int, Any]] = []
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError as exc:
            items.append((n, f"JSON invalide : {exc.msg}"))
            continue
        if not isinstance(obj, dict):
            items.append((n, "la ligne n'est pas un objet JSON"))
            continue
        if obj.get("type") == "mission":
            missions[_as_text(obj.get("id"))] = MissionInput(
                title=_as_text(obj.get("title")), description=_as_text(obj.get("description")),
                questions=tuple(_as_text(q) for q in obj.get("questions") or () if isinstance(q, str)),
                published_at=_when(obj.get("published_at")), id=_as_text(obj.get("id")))
        elif obj.get("type", "reply") == "reply":
            items.append((n, ReplyInput(
                id=_as_text(obj.get("id")), text=_as_text(obj.get("text")), received_at=_when(obj.get("received_at")),
                name=_as_text(obj.get("name")), email=_as_text(obj.get("email")),
                mission_id=_as_text(obj.get("mission")))))
    index = DuplicateIndex()
    for _, item in items:
        if isinstance(item, ReplyInput):
            index.add(item)
    for n, item in items:
        if isinstance(item, str):
            yield _dumps({"line": n, "error": item})
            continue
        mission = missions.get(item.mission_id) or MissionInput()
        yield _dumps(score_reply(mission, item, index).to_dict())
