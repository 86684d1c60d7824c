"""Highlight labelled spans of a reply's original text. Pure: text and spans in, escaped Markup out."""
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A labelled stretch of the original text: [start, end) in characters."""

    start: int
    end: int
    kind: str
    title: str = ""


def _as_span(item) -> Span | None:
    if isinstance(item, Span):
        return item
    try:
        if isinstance(item, dict):
            return Span(int(item["start"]), int(item["end"]), str(item.get("kind", "")),
                        str(item.get("title", "")))
        start, end, kind, *rest = item
        return Span(int(start), int(end), str(kind), str(rest[0]) if rest else "")
    except (KeyError, TypeError, ValueError):
        return None


def _safe_kind(kind: str) -> str:
    # The kind becomes a CSS class: keep it to a harmless alphabet.
    return "".join(ch for ch in kind if ch.isascii() and (ch.isalnum() or ch in "-_")) or "other"


def highlight(text: str, spans: Iterable, limit: int | None = None) -> Markup:
    """Escape `text` and wrap each span in <mark class="hl hl-KIND" title="...">.

    Spans may be unsorted, overlapping, empty or out of range: they are clamped to the text, and where
    several overlap the stretch gets one <mark> carrying every kind and title, so the HTML stays well
    nested. `limit` shows only the first `limit` characters.
    """
    text = text or ""
    if limit is not None and len(text) > limit:
        text = text[:limit]
    size = len(text)
    clean: list[Span] = []
    for item in spans or ():
        span = _as_span(item)
        if span is None:
            continue
        start, end = max(0, min(span.start, size)), max(0, min(span.end, size))
        if start < end and span.kind:
            clean.append(Span(start, end, span.kind, span.title))
    if not clean:
        # bandit B704: the whole text is escaped
        return Markup(escape(text))  # nosec B704

    # Sweep over the boundaries: between two consecutive boundaries the set of covering spans is constant.
    events: dict[int, list[tuple[int, int]]] = {}
    for index, span in enumerate(clean):
        events.setdefault(span.start, []).append((1, index))
        events.setdefault(span.end, []).append((-1, index))
    points = sorted(events)
    active: set[int] = set()
    parts: list[str] = []
    position = 0
    pending_key: tuple | None = None
    pending_text: list[str] = []

    def flush():
        if not pending_text:
            return
        chunk = "".join(pending_text)
        if pending_key:
            kinds, titles = pending_key
            classes = " ".join(["hl"] + [f"hl-{_safe_kind(k)}" for k in kinds])
            title = " · ".join(titles)
            parts.append(f'<mark class="{classes}" title="{escape(title)}">{escape(chunk)}</mark>')
        else:
            parts.append(str(escape(chunk)))
        pending_text.clear()

    for point in points:
        if point > position:
            key = None
            if active:
                ordered = sorted(active, key=lambda i: (clean[i].start, i))
                kinds = tuple(dict.fromkeys(clean[i].kind for i in ordered))
                titles = tuple(dict.fromkeys(clean[i].title for i in ordered if clean[i].title))
                key = (kinds, titles)
            if key != pending_key:
                flush()
                pending_key = key
            pending_text.append(text[position:point])
            position = point
        for delta, index in events[point]:
            if delta > 0:
                active.add(index)
            else:
                active.discard(index)
    flush()
    if position < size:
        parts.append(str(escape(text[position:])))
    # bandit B704: every part was escaped in flush() or above
    return Markup("".join(parts))  # nosec B704
