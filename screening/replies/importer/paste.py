"""Import of pasted text: split into replies on `---` lines or e-mail-like headers."""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from typing import Any

from screening.replies.importer.common import (
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MSG_PASTE_EMPTY,
    MSG_PASTE_NO_REPLY,
    MSG_PASTE_TOO_BIG,
    ImportRejected,
    ImportResult,
    ParsedReply,
    RowProblem,
    _fmt_int,
)
from screening.replies.importer.fields import DateOptions, _Fields, _finish, _line_prefix

# --------------------------------------------------------------------------------------------------
# Paste
# --------------------------------------------------------------------------------------------------

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_SEPARATOR_RE = re.compile(r"[ \t]*-{3,}[ \t]*(?:\r\n|\r|\n)?")
_HEADER_RE = re.compile(
    r"[ \t]*(de|from|nom|name|e-?mail|courriel|date|tarif(?:[ \t]+horaire)?|taux[ \t]+horaire)"
    r"[ \t\u00a0]*:[ \t\u00a0]*(.*?)[ \t]*(?:\r\n|\r|\n)?"
    # "Reçue le 12/03 à 14:05", as platforms print it above a message
    r"|[ \t]*(re[çc]ue?|envoy[ée]e?)[ \t]+le[ \t\u00a0]*:?[ \t\u00a0]*(\S.*?)[ \t]*(?:\r\n|\r|\n)?",
    re.IGNORECASE,
)
_SENDER_KEYS = frozenset({"de", "from", "nom", "name"})


def _lines(text: str) -> list[str]:
    """Lines with their own endings, split on CRLF, CR and LF only (as editors count them)."""
    return _LINE_RE.findall(text)


def _is_blank(line: str) -> bool:
    return not line.strip(" \t\r\n")


def split_pasted(text: str, dates: DateOptions | None = None) -> ImportResult:
    """Split pasted text into replies, on `---` lines or on e-mail-like headers (De :, From:, Nom :...).

    A block may carry its date ("Date : …", "Reçue le 12/03 à 14:05", read with `dates`) and its rate
    ("Tarif : 25 €/h"); a block without a date has none (the date is unknown, never "now").
    """
    if len(text) > MAX_UPLOAD_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_UPLOAD_BYTES:
        raise ImportRejected(MSG_PASTE_TOO_BIG)
    if not text.strip():
        raise ImportRejected(MSG_PASTE_EMPTY)
    lines = _lines(text)
    blocks: list[tuple[int, list[tuple[str, str, int]], list[str]]] = []  # (line, headers, body lines)
    i, n = 0, len(lines)
    chunk_start = 0
    while i <= n:
        if i == n or _SEPARATOR_RE.fullmatch(lines[i]):
            blocks.extend(_split_on_headers(lines, chunk_start, i))
            chunk_start = i + 1
        i += 1
    if len(blocks) > MAX_ROWS:
        raise ImportRejected(f"Le texte collé contient plus de {_fmt_int(MAX_ROWS)} réponses : "
                             "importez-le en plusieurs fois.")
    replies: list[ParsedReply] = []
    problems: list[RowProblem] = []
    for line_no, headers, body in blocks:
        raw: dict[str, Any] = {"text": "".join(body)}
        fields = _Fields(_line_prefix(line_no), line_no, dates=dates)
        for key, value, _header_line in headers:
            key = " ".join(key.lower().replace("-", "").split())
            if key in ("de", "from"):
                if "@" in value:
                    name, address = email.utils.parseaddr(value)
                    raw.setdefault("name", name)
                    raw["email"] = address or value
                else:  # "De : Marie Durand"
                    raw.setdefault("name", value)
            elif key in ("nom", "name"):
                raw["name"] = value
            elif key in ("email", "courriel"):
                raw["email"] = value
            elif key == "date" or key.startswith(("reçu", "recu", "envoy")):
                raw["received_at"] = value
            elif key.startswith(("tarif", "taux")):
                raw["hourly_rate"] = value
        if raw["text"] == "" and not headers:
            continue  # two separators in a row, or a separator at the end
        reply = fields.build(raw)
        if reply is not None:
            replies.append(reply)
        problems.extend(fields.problems)
    return _finish(replies, problems, MSG_PASTE_NO_REPLY)


def _split_on_headers(lines: list[str], start: int, end: int) -> Iterator[tuple[int, list, list[str]]]:
    """Split lines[start:end] where a header block (De :, Nom :...) begins after some body text."""
    i = start
    while i < end and _is_blank(lines[i]):
        i += 1
    if i == end:
        return
    current_line = i + 1
    headers, i = _read_headers(lines, i, end)
    body_start = i
    j = i
    while j < end:
        if not _is_blank(lines[j]) and _HEADER_RE.fullmatch(lines[j]) and j > body_start:
            group, after = _read_headers(lines, j, end)
            keys = {k.lower().replace("-", "") for k, _, _ in group}
            # A lone "Email : x" in a signature stays in the body; a sender line or two headers start
            # a new reply.
            if keys & _SENDER_KEYS or len(group) >= 2:
                yield current_line, headers, _trim_blank(lines[body_start:j])
                current_line, headers, body_start = j + 1, group, after
                j = after
                continue
        j += 1
    yield current_line, headers, _trim_blank(lines[body_start:end])


def _read_headers(lines: list[str], i: int, end: int) -> tuple[list[tuple[str, str, int]], int]:
    headers = []
    while i < end:
        m = _HEADER_RE.fullmatch(lines[i])
        if not m:
            break
        key, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        headers.append((key, value, i + 1))
        i += 1
    return headers, i


def _trim_blank(lines: list[str]) -> list[str]:
    """Drop blank lines around a reply and the line ending of its last line."""
    start, end = 0, len(lines)
    while start < end and _is_blank(lines[start]):
        start += 1
    while end > start and _is_blank(lines[end - 1]):
        end -= 1
    kept = lines[start:end]
    if kept:
        kept[-1] = kept[-1].rstrip("\r\n")
    return kept
