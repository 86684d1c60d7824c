"""Pure parsing layer of reply imports: paste, CSV, e-mail (.eml, mbox) and JSON payloads.

No Flask, no database, no I/O beyond the bytes or text given. Every entry point returns an
`ImportResult` (replies + per-record problems, all or nothing) or raises `ImportRejected` when the
whole input is unusable (empty, too big, binary, undecodable, no reply in it). Messages are in French
and meant to be shown to the owner as they are.

The reply text is kept exactly as received (CRLF, invisible characters, HTML, formulas): only the
split between replies and, for e-mails, the trimming of quoted messages and signatures touch it.
"""

from __future__ import annotations

from screening.replies.importer.common import (
    FIELD_LABELS,
    FIELDS,
    MAX_EMAIL_CHARS,
    MAX_LEVEL_CHARS,
    MAX_NAME_CHARS,
    MAX_RATE,
    MAX_REPLY_CHARS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MAX_URL_CHARS,
    MSG_BINARY,
    MSG_EMPTY,
    MSG_JSON_SHAPE,
    MSG_MIME_TOO_DEEP,
    MSG_NO_REPLY,
    MSG_NOT_EMAIL,
    MSG_OPEN_QUOTE,
    MSG_PASTE_EMPTY,
    MSG_PASTE_NO_REPLY,
    MSG_PASTE_TOO_BIG,
    MSG_TOO_BIG,
    MSG_TOO_MANY_CELLS,
    MSG_TOO_MANY_ROWS,
    MSG_UNDECODABLE,
    REQUIRED_FIELDS,
    Attachment,
    CsvPreview,
    ImportRejected,
    ImportResult,
    ParsedReply,
    RowProblem,
    dedupe_key,
    neutralise_cell,
    normalise_for_dedupe,
)
from screening.replies.importer.fields import (
    DateOptions,
    clean_email,
    clean_profile_url,
    guess_day_first,
    is_valid_email,
    parse_datetime,
    parse_rate,
    parse_rating,
    read_datetime,
)
from screening.replies.importer.json_items import parse_json_items

# Private helper used by screening.mailbox.services (header decoding, as for an uploaded .eml).
from screening.replies.importer.mail import _decode_words as _decode_words
from screening.replies.importer.mail import html_to_text, parse_eml, parse_mbox, trim_email_body
from screening.replies.importer.paste import split_pasted
from screening.replies.importer.tabular import (
    SINGLE_COLUMN,
    check_mapping,
    decode_upload,
    guess_mapping,
    parse_csv,
    sniff_csv,
)

__all__ = [
    "Attachment",
    "CsvPreview",
    "FIELDS",
    "FIELD_LABELS",
    "ImportRejected",
    "ImportResult",
    "MAX_EMAIL_CHARS",
    "MAX_LEVEL_CHARS",
    "MAX_NAME_CHARS",
    "MAX_RATE",
    "MAX_REPLY_CHARS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "MAX_URL_CHARS",
    "MSG_BINARY",
    "MSG_EMPTY",
    "MSG_JSON_SHAPE",
    "MSG_MIME_TOO_DEEP",
    "MSG_NOT_EMAIL",
    "MSG_NO_REPLY",
    "MSG_OPEN_QUOTE",
    "MSG_PASTE_EMPTY",
    "MSG_PASTE_NO_REPLY",
    "MSG_PASTE_TOO_BIG",
    "MSG_TOO_BIG",
    "MSG_TOO_MANY_CELLS",
    "MSG_TOO_MANY_ROWS",
    "MSG_UNDECODABLE",
    "ParsedReply",
    "REQUIRED_FIELDS",
    "RowProblem",
    "dedupe_key",
    "neutralise_cell",
    "normalise_for_dedupe",
    "DateOptions",
    "clean_email",
    "clean_profile_url",
    "guess_day_first",
    "is_valid_email",
    "parse_datetime",
    "parse_rate",
    "parse_rating",
    "read_datetime",
    "split_pasted",
    "SINGLE_COLUMN",
    "check_mapping",
    "decode_upload",
    "guess_mapping",
    "parse_csv",
    "sniff_csv",
    "html_to_text",
    "parse_eml",
    "parse_mbox",
    "trim_email_body",
    "parse_json_items",
]
