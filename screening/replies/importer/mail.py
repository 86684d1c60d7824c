"""Import of e-mails: one .eml message or an mbox mailbox."""

from __future__ import annotations

import dataclasses
import email
import email.header
import email.message
import email.policy
import email.utils
import re
from datetime import timezone
from html.parser import HTMLParser

from screening.inputs import clean_text, mime_too_deep
from screening.replies.importer.common import (
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MSG_EMPTY,
    MSG_MIME_TOO_DEEP,
    MSG_NOT_EMAIL,
    MSG_TOO_BIG,
    MSG_TOO_MANY_ROWS,
    Attachment,
    ImportRejected,
    ImportResult,
    ParsedReply,
    RowProblem,
)
from screening.replies.importer.fields import _Fields, _finish
from screening.replies.importer.paste import _is_blank, _lines, _trim_blank

# --------------------------------------------------------------------------------------------------
# E-mail (.eml and mbox)
# --------------------------------------------------------------------------------------------------

_LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii",
                            "iso_8859-1", "windows-1252", "cp1252"})


def _decode_bytes(payload: bytes, charset: str | None) -> str:
    """Decode with the declared charset, whatever it is; never raises."""
    if charset:
        charset = charset.strip().strip('"').lower()
        # As browsers do: mail labelled Latin-1 or ASCII is in practice Windows-1252 (€, ’...).
        if charset in _LATIN1_LABELS:
            charset = "cp1252"
        try:
            return payload.decode(charset, errors="replace")
        # bandit B110: unknown charset, or a codec that is not a text encoding: fall through to UTF-8
        except Exception:  # nosec B110
            pass
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1252", errors="replace")


def _unsurrogate(value: str) -> str:
    """Undo the surrogateescape of raw 8-bit header bytes (UTF-8, else Windows-1252)."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return _decode_bytes(value.encode("utf-8", "surrogateescape"), None)


def _decode_words(value: str) -> str:
    """Decode RFC 2047 encoded words (=?utf-8?q?...?=) in a header value; never raises."""
    value = _unsurrogate(value)
    if "=?" not in value:
        return value
    try:
        parts = email.header.decode_header(value)
    except Exception:  # malformed encoded words: keep the raw text
        return value
    out = []
    for part, charset in parts:
        if isinstance(part, str):
            out.append(part)
        else:
            out.append(_decode_bytes(part, charset))
    return "".join(out)


def _raw_header(msg: email.message.Message, name: str) -> str:
    for key, value in msg.raw_items():
        if key.lower() == name:
            return re.sub(r"\r?\n[ \t]+", " ", str(value)).strip()
    return ""


def _param(part: email.message.Message, header: str, param: str) -> str:
    try:
        value = part.get_param(param, header=header)
    except Exception:
        return ""
    if value is None:
        return ""
    if isinstance(value, tuple):  # RFC 2231: (charset, language, value)
        try:
            value = email.utils.collapse_rfc2231_value(value)
        except Exception:
            value = value[2]
    return _decode_words(str(value))


class _HtmlToText(HTMLParser):
    """Text of an HTML mail: scripts and styles dropped, line breaks kept for block elements,
    <blockquote> lines prefixed with "> " so that quoted messages are trimmed as in plain text."""

    PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre"})
    BLOCK = frozenset({"div", "li", "tr", "hr", "section", "article", "header", "footer", "dd", "dt"})
    SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, int]] = []  # (text, blockquote depth)
        self.skip_depth = 0
        self.pre_depth = 0
        self.quote_depth = 0

    def handle_starttag(self, tag, attrs):
        self._break(tag)
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag == "pre":
            self.pre_depth += 1
        elif tag == "blockquote":
            self.quote_depth += 1
        elif tag == "li":
            self._add("- ")

    def handle_startendtag(self, tag, attrs):
        self._break(tag)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
        if tag != "br":
            self._break(tag)

    def handle_data(self, data):
        if not self.skip_depth:
            self._add(data if self.pre_depth else re.sub(r"[ \t\r\n\f]+", " ", data))

    def _add(self, text: str) -> None:
        self.parts.append((text, self.quote_depth))

    def _break(self, tag):
        if tag == "br":
            self._add("\n")
        elif tag in self.PARAGRAPH or tag in self.BLOCK:
            # a block starts on its own line; a paragraph is also set off by a blank line
            ending = "".join(text for text, _ in self.parts[-2:])
            wanted = "\n\n" if tag in self.PARAGRAPH else "\n"
            if self.parts and not ending.endswith(wanted):
                self._add("\n" if ending.endswith("\n") else wanted)

    def text(self) -> str:
        lines: list[list] = [["", 0]]
        for chunk, depth in self.parts:
            for k, piece in enumerate(chunk.split("\n")):
                if k:
                    lines.append(["", 0])
                if piece.strip():
                    lines[-1][1] = max(lines[-1][1], depth)
                lines[-1][0] += piece
        out = [("> " * depth + line.strip(" ")) if depth else line.strip(" ") for line, depth in lines]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def html_to_text(html: str) -> str:
    """Plain text of an HTML body (never raises)."""
    parser = _HtmlToText()
    try:
        parser.feed(html)
        parser.close()
    # bandit B110: html.parser is lenient; keep the text read so far rather than fail
    except Exception:  # nosec B110
        pass
    return parser.text()


_SIGNATURE_RE = re.compile(r"-- ?")
_MOBILE_RE = re.compile(
    r"[ \t]*(?:Envoyé (?:de|depuis|à partir de) (?:mon|my)\b|Sent from my\b|Get Outlook for\b"
    r"|Obtenir Outlook pour\b|Télécharger Outlook pour\b).*",
    re.IGNORECASE,
)
_ORIGINAL_RE = re.compile(
    r"[ \t]*-{2,}[ \t]*(?:Original Message|Message d'origine|Message original|Forwarded message"
    r"|Message transféré|Message d’origine)[ \t]*-{2,}.*",
    re.IGNORECASE,
)
_WROTE_RE = re.compile(r"[ \t]*(?:Le\b.{1,300}\ba écrit|On\b.{1,300}\bwrote)[ \t]*:[ \t]*", re.IGNORECASE)
_OUTLOOK_FROM_RE = re.compile(r"[ \t]*\*?(?:De|From)[ \t\u00a0]*:.*", re.IGNORECASE)
_OUTLOOK_NEXT_RE = re.compile(r"[ \t]*\*?(?:Envoyé|Sent|Date|À|To|Objet|Subject)[ \t\u00a0]*:.*",
                              re.IGNORECASE)


_RULE_RE = re.compile(r"[ \t]*[_=*-]{5,}[ \t]*(?:\r\n|\r|\n)?")  # Outlook's line above "De :"


def _is_quoted(line: str) -> bool:
    return line.lstrip(" \t").startswith(">")


def trim_email_body(body: str) -> str:
    """Cut quoted earlier messages and the signature off a mail body; the rest is left untouched."""
    lines = _lines(body)
    stripped = [line.rstrip("\r\n") for line in lines]
    cut = len(lines)
    for i, line in enumerate(stripped):
        if _SIGNATURE_RE.fullmatch(line) or _MOBILE_RE.fullmatch(line) or _ORIGINAL_RE.fullmatch(line):
            cut = i
            break
        if _OUTLOOK_FROM_RE.fullmatch(line) and any(_OUTLOOK_NEXT_RE.fullmatch(s)
                                                    for s in stripped[i + 1:i + 4]):
            cut = i
            break
        # "Le ... a écrit :" may be wrapped over two lines; only cut when all that follows is quoted,
        # so that answers written between quoted questions are kept.
        for span in (1, 2):
            attribution = " ".join(s.strip() for s in stripped[i:i + span])
            if i + span <= len(lines) and _WROTE_RE.fullmatch(attribution):
                if all(_is_quoted(s) or _is_blank(s) for s in stripped[i + span:]):
                    cut = i
                break
        if cut != len(lines):
            break
    kept = lines[:cut]
    # Drop the trailing block of quoted lines (a bottom-quoted original message).
    end = len(kept)
    while end and (_is_blank(kept[end - 1]) or _is_quoted(kept[end - 1])
                   or _RULE_RE.fullmatch(kept[end - 1])):
        end -= 1
    return "".join(_trim_blank(kept[:end]))


def _message_parts(msg: email.message.Message) -> tuple[str, tuple[Attachment, ...]]:
    """The chosen text body and the attachments of a parsed message."""
    plain: list[str] = []
    html: list[str] = []
    attachments: list[Attachment] = []
    try:
        parts = list(msg.walk())
    except Exception:
        parts = [msg]
    for part in parts:
        try:
            if part.is_multipart():
                continue
            content_type = (part.get_content_type() or "text/plain").lower()
        # bandit B112: a malformed MIME part is skipped; the rest of the mail is kept
        except Exception:  # nosec B112
            continue
        disposition = (_raw_header(part, "content-disposition").split(";", 1)[0]).strip().lower()
        filename = _param(part, "content-disposition", "filename") or _param(part, "content-type", "name")
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            payload = None
        if not isinstance(payload, bytes):
            raw = part.get_payload()
            payload = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
        if disposition == "attachment" or filename or content_type not in ("text/plain", "text/html"):
            attachments.append(Attachment(filename=clean_text(filename) or "(sans nom)",
                                          content_type=clean_text(content_type),
                                          size=len(payload)))
            continue
        charset = _param(part, "content-type", "charset") or None
        text = _decode_bytes(payload, charset)
        (html if content_type == "text/html" else plain).append(text)
    body = next((t for t in plain if t.strip()), "")
    for page in html if not body.strip() else ():
        body = html_to_text(page)
        if body.strip():
            break
    return body, tuple(attachments)


def _looks_like_email(msg: email.message.Message) -> bool:
    keys = {k.lower() for k in msg.keys()}
    return bool(keys & {"from", "date", "subject", "to", "message-id", "received", "content-type",
                        "mime-version", "return-path"})


def _parse_message(data: bytes, prefix: str, line: int | None) -> tuple[ParsedReply | None, list[RowProblem]]:
    # The e-mail parser and walk() recurse once per nested part: bound the nesting before parsing.
    if mime_too_deep(data):
        if not prefix:
            raise ImportRejected(MSG_MIME_TOO_DEEP[:1].upper() + MSG_MIME_TOO_DEEP[1:])
        return None, [RowProblem(line, None, f"{prefix}{MSG_MIME_TOO_DEEP}")]
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    if not _looks_like_email(msg):
        if not prefix:
            raise ImportRejected(MSG_NOT_EMAIL)
        return None, [RowProblem(line, None, f"{prefix}ce message n'a aucun en-tête reconnu.")]
    raw_from = _raw_header(msg, "from")
    name, address = email.utils.parseaddr(_unsurrogate(raw_from))
    name = _decode_words(name).strip()
    if not address and raw_from:
        address = raw_from
    date = None
    raw_date = _raw_header(msg, "date")
    if raw_date:
        try:
            date = email.utils.parsedate_to_datetime(_unsurrogate(raw_date))
            date = date.replace(tzinfo=timezone.utc) if date.tzinfo is None else date.astimezone(timezone.utc)
        except (TypeError, ValueError, IndexError, OverflowError):
            date = None  # a broken Date header in a mail client's export is not the owner's problem
    body, attachments = _message_parts(msg)
    text = trim_email_body(body)
    fields = _Fields(prefix, line)
    reply = fields.build({"name": name, "email": _decode_words(address), "text": text, "received_at": date},
                         attachments)
    if reply is not None:
        reply = dataclasses.replace(
            reply, subject=" ".join(_decode_words(_raw_header(msg, "subject")).split())[:500],
            message_id=_raw_header(msg, "message-id")[:500], in_reply_to=_raw_header(msg, "in-reply-to")[:2000],
            references=_raw_header(msg, "references")[:10000])
    return reply, fields.problems


def _check_upload(data: bytes) -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRejected(MSG_TOO_BIG)
    if not data.strip():
        raise ImportRejected(MSG_EMPTY)


def parse_eml(data: bytes) -> ImportResult:
    """Parse one e-mail (.eml): sender, date, plain-text body trimmed of quotes and signature, attachments."""
    _check_upload(data)
    reply, problems = _parse_message(data, "", None)
    return _finish([reply] if reply else [], problems)


_MBOX_FROM_RE = re.compile(rb"^From [^\r\n]*", re.MULTILINE)
# "From sender@x Mon Oct 12 10:00:00 2026": a separator has a time in it, or follows a blank line.
_MBOX_STAMP_RE = re.compile(rb"From \S+\s.*\d{1,2}:\d{2}")
_MBOX_ESCAPE_RE = re.compile(rb"^>(>*From )", re.MULTILINE)


def parse_mbox(data: bytes) -> ImportResult:
    """Parse an mbox mailbox (a mail client's export): one reply per message."""
    _check_upload(data)
    if not data.startswith(b"From "):
        return parse_eml(data)  # a single message uploaded as a mailbox
    starts = [m.start() for m in _MBOX_FROM_RE.finditer(data)
              if m.start() == 0 or _MBOX_STAMP_RE.match(m.group())
              or data[max(0, m.start() - 2):m.start()] == b"\n\n"
              or data[max(0, m.start() - 4):m.start()] == b"\r\n\r\n"]
    replies: list[ParsedReply] = []
    problems: list[RowProblem] = []
    line, previous = 1, 0
    if len(starts) > MAX_ROWS:
        raise ImportRejected(MSG_TOO_MANY_ROWS)
    for number, start in enumerate(starts, 1):
        line += data.count(b"\n", previous, start)
        previous = start
        end = starts[number] if number < len(starts) else len(data)
        chunk = data[start:end]
        chunk = chunk[chunk.find(b"\n") + 1:] if b"\n" in chunk else b""  # drop the "From " line
        chunk = _MBOX_ESCAPE_RE.sub(rb"\1", chunk)
        reply, found = _parse_message(chunk, f"Message {number} (ligne {line}) : ", line)
        if reply is not None:
            replies.append(reply)
        problems.extend(found)
    return _finish(replies, problems)
