"""Import of the JSON API payload (an object or a list of objects)."""

from __future__ import annotations

from typing import Any

from screening.replies.importer.common import (
    MAX_ROWS,
    MSG_JSON_SHAPE,
    ImportRejected,
    ImportResult,
    ParsedReply,
    RowProblem,
    _fmt_int,
)
from screening.replies.importer.fields import _Fields

# --------------------------------------------------------------------------------------------------
# JSON API payload
# --------------------------------------------------------------------------------------------------

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "name": (str,), "email": (str,), "text": (str,), "hourly_rate": (str, int, float),
    "received_at": (str,), "profile_url": (str,), "platform_level": (str,), "rating": (str, int, float),
}


def parse_json_items(payload: Any) -> ImportResult:
    """Validate an already-decoded JSON object or list of objects (errors carry the item index)."""
    if isinstance(payload, dict):
        items = [payload]
    elif isinstance(payload, list):
        items = payload
    else:
        raise ImportRejected(MSG_JSON_SHAPE)
    if not items:
        raise ImportRejected("Aucune réponse trouvée dans les données envoyées.")
    if len(items) > MAX_ROWS:
        raise ImportRejected(f"Plus de {_fmt_int(MAX_ROWS)} réponses envoyées en une fois : "
                             "découpez l'envoi.")
    replies: list[ParsedReply] = []
    problems: list[RowProblem] = []
    for index, item in enumerate(items):
        fields = _Fields(f"Élément {index} : ", None, index)
        if not isinstance(item, dict):
            fields.problem(None, "un objet JSON est attendu ({\"text\": ...}).")
            problems.extend(fields.problems)
            continue
        raw: dict[str, Any] = {}
        for key, types in _JSON_TYPES.items():
            value = item.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, types):
                kind = "un texte" if types == (str,) else "un nombre ou un texte"
                fields.problem(key, f"le champ « {key} » doit être {kind}.")
                continue
            raw[key] = value
        if "text" not in item:
            fields.problem("text", "le champ « text » (texte de la réponse) est obligatoire.")
            problems.extend(fields.problems)
            continue
        if fields.problems:
            problems.extend(fields.problems)
            continue
        reply = fields.build(raw, iso_dates=True)
        if reply is not None:
            replies.append(reply)
        problems.extend(fields.problems)
    return ImportResult(tuple(replies), tuple(problems))
