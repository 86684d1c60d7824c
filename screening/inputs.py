"""The input boundary: every text that enters the application passes through clean_text().

Only what no database can store is changed: NUL characters are removed (PostgreSQL text cannot
hold them) and lone UTF-16 surrogates (from JSON "\\ud800" or broken bytes) become U+FFFD. Everything
else, HTML, formulas, invisible or right-to-left characters included, is kept verbatim; escaping is the
templates' job. Nesting is bounded before a recursive parser sees it.
Pure (no Flask): the importer uses it; `security.CleanRequest` applies it to every form and query string.
"""
import re
from typing import Any

# Deeper JSON than this is refused before decoding (the API takes a list of flat objects: depth 2).
MAX_JSON_DEPTH = 20
# More multipart containers or attached messages than this in one e-mail is refused before parsing.
MAX_MIME_CONTAINERS = 50

_SURROGATES_RE = re.compile("[\ud800-\udfff]")
# Bidi controls (embeddings, overrides, isolates, marks) and right-to-left letters.
_BIDI_RE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u0590-\u08ff\ufb1d-\ufdff"
                      "\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE, POP DIRECTIONAL ISOLATE
_JSON_STRING_RE = re.compile(rb'"(?:[^"\\]+|\\.)*"', re.DOTALL)
_JSON_BRACKETS = bytes(range(256)).translate(None, b"[]{}")  # every byte but the brackets
_MIME_CONTAINER_RE = re.compile(rb"^content-type:\s*(?:multipart|message)/", re.IGNORECASE | re.MULTILINE)


def clean_text(value: str) -> str:
    """The text without NUL characters and with lone surrogates replaced by U+FFFD; else unchanged."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # A high + low pair split into two code points is joined back; a lone half becomes U+FFFD.
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        value = _SURROGATES_RE.sub("\ufffd", value)
    return value


def isolate(value: str) -> str:
    """A text with right-to-left letters or bidi controls wrapped in FSI ... PDI (what <bdi> does), so
    that a U+202E in a name reverses nothing after it; any other text unchanged. For display only:
    stored texts are never wrapped."""
    if value and _BIDI_RE.search(value):
        return FSI + value + PDI
    return value


def clean_value(value: Any) -> Any:
    """clean_text() applied to a string; other values are returned as they are."""
    return clean_text(value) if isinstance(value, str) else value


def clean_tree(value: Any) -> Any:
    """clean_text() on every string (keys included) of decoded JSON, without recursion."""
    if not isinstance(value, (dict, list)):
        return clean_value(value)
    root: list[Any] = [value]
    stack: list[tuple[Any, Any, Any]] = [(root, 0, value)]
    while stack:
        parent, key, node = stack.pop()
        if isinstance(node, dict):
            copy: dict[Any, Any] = {}
            for k, v in node.items():
                copy[clean_value(k)] = v
            parent[key] = copy
            stack.extend((copy, k, v) for k, v in copy.items() if isinstance(v, (dict, list, str)))
        elif isinstance(node, list):
            copy_list = list(node)
            parent[key] = copy_list
            stack.extend((copy_list, i, v) for i, v in enumerate(copy_list)
                         if isinstance(v, (dict, list, str)))
        else:
            parent[key] = clean_text(node)
    return root[0]


def json_too_deep(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when the JSON text nests arrays/objects deeper than `limit` (strings are skipped)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    brackets = _JSON_STRING_RE.sub(b"", raw).translate(None, _JSON_BRACKETS)
    depth = 0
    for byte in brackets:
        if byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        else:
            depth = max(depth - 1, 0)
    return False


def mime_too_deep(data: bytes, limit: int = MAX_MIME_CONTAINERS) -> bool:
    """True when one e-mail declares more multipart or message containers than `limit`."""
    count = 0
    for _match in _MIME_CONTAINER_RE.finditer(data):
        count += 1
        if count > limit:
            return True
    return False

