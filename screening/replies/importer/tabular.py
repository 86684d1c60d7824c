"""Import of CSV (and tab- or semicolon-separated) files: decoding, sniffing, column mapping."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from screening.replies.importer.common import (
    FIELD_LABELS,
    FIELDS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MSG_BINARY,
    MSG_EMPTY,
    MSG_NO_REPLY,
    MSG_OPEN_QUOTE,
    MSG_TOO_BIG,
    MSG_TOO_MANY_CELLS,
    MSG_TOO_MANY_ROWS,
    MSG_UNDECODABLE,
    REQUIRED_FIELDS,
    CsvPreview,
    ImportRejected,
    ImportResult,
    ParsedReply,
    RowProblem,
)
from screening.replies.importer.fields import (
    DateOptions,
    _Fields,
    _finish,
    _line_prefix,
    _show,
    _strip_accents,
)

# --------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_upload(data: bytes) -> tuple[str, str]:
    """Decode an uploaded text file: (text, encoding); ImportRejected if empty, too big or binary."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRejected(MSG_TOO_BIG)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportRejected(MSG_EMPTY)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Texte Unicode" export
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportRejected(MSG_UNDECODABLE) from None
    else:
        if b"\x00" in data:
            raise ImportRejected(MSG_BINARY)
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                sample = data[:65536].decode("latin-1")
                if len(_CONTROL_RE.findall(sample)) > max(8, len(sample) // 20):
                    raise ImportRejected(MSG_BINARY) from None
                raise ImportRejected(MSG_UNDECODABLE) from None
    sample = text[:65536]
    if "\x00" in sample or len(_CONTROL_RE.findall(sample)) > max(8, len(sample) // 20):
        raise ImportRejected(MSG_BINARY)
    if not text.strip():
        raise ImportRejected(MSG_EMPTY)
    return text, encoding


# The delimiter reported for a file of a single column: no character splits its cells.
SINGLE_COLUMN = ""
_DELIMITERS = (",", ";", "\t", SINGLE_COLUMN)


def _reader(text: str, delimiter: str):
    # A single-column file is read with a separator that text never holds (the unit separator),
    # so that "Bonjour, je suis..." stays one cell.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or "\x1f")


def _sniff_delimiter(text: str) -> str:
    """Pick `,`, `;` or tab: the one giving the same number (> 1) of columns on the first records."""
    sample = text[:262144]
    truncated = len(text) > len(sample)
    best, best_score = SINGLE_COLUMN, (0, 0, 0)
    for priority, delimiter in enumerate((";", ",", "\t")):
        try:
            reader = _reader(sample, delimiter)
            rows = [r for r in _take(reader, 50) if r]
        except csv.Error:
            continue
        if truncated and len(rows) > 1:
            rows = rows[:-1]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        consistent = sum(1 for r in rows if len(r) == width)
        score = (consistent, width, -priority)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _take(iterable: Iterable, n: int) -> list:
    out = []
    for item in iterable:
        out.append(item)
        if len(out) >= n:
            break
    return out


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """Yield (start line, cells, csv error) for each non-blank record.

    A file cut inside a quoted cell is refused (ImportRejected): its last record would be a reply
    cut short, and the csv module reads it without a word.
    """
    reader = _reader(text, delimiter)
    previous_end = 0
    last_start = 0
    while True:
        start = previous_end + 1
        try:
            row = next(reader)
        except StopIteration:
            if last_start and _ends_inside_quotes(text, last_start, delimiter or "\x1f"):
                raise ImportRejected(MSG_OPEN_QUOTE.format(line=last_start)) from None
            return
        except csv.Error as exc:
            previous_end = reader.line_num
            yield start, None, str(exc)
            continue
        previous_end = reader.line_num
        last_start = start
        if any(cell.strip() for cell in row):  # blank lines and ";;;;" rows are skipped
            yield start, row, None


_LINE_END_RE = re.compile(r"\r\n|\r|\n")


def _ends_inside_quotes(text: str, start_line: int, delimiter: str) -> bool:
    """True when the record starting at `start_line` reaches the end of the text inside a quoted cell."""
    # Only the last record can be open at the end: find where it begins, then follow its quotes.
    offset = 0
    if start_line > 1:
        for count, m in enumerate(_LINE_END_RE.finditer(text), start=1):
            if count == start_line - 1:
                offset = m.end()
                break
    in_quotes = False
    at_field_start = True
    i, n = offset, len(text)
    while i < n:
        if in_quotes:
            close = text.find('"', i)
            if close < 0:
                return True
            if text.startswith('""', close):
                i = close + 2
                continue
            in_quotes, at_field_start, i = False, False, close + 1
            continue
        ch = text[i]
        if ch == '"' and at_field_start:
            in_quotes, i = True, i + 1
            continue
        if ch in "\r\n":
            return False  # the record ended on this line: it is complete
        at_field_start = ch == delimiter
        i += 1
    return False


def _normalise_header(value: str) -> str:
    value = _strip_accents(value).casefold()
    return " ".join(re.findall(r"[a-z0-9]+", value))


_HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("nom", "name", "nom complet", "full name", "prenom nom", "nom prenom", "candidat", "candidate",
             "freelance", "freelancer", "applicant", "auteur", "author", "prestataire", "seller", "vendeur",
             "pseudo", "username", "nom d utilisateur", "expediteur", "sender", "identite"),
    "email": ("e mail", "email", "courriel", "mail", "adresse e mail", "adresse email", "email address",
              "e mail address", "adresse electronique", "adresse mail", "mel"),
    "text": ("message", "reponse", "texte", "text", "reply", "response", "contenu", "content", "body",
             "corps", "proposition", "proposal", "cover letter", "lettre de motivation", "candidature",
             "texte de la reponse", "commentaire", "comment", "description", "answer", "your answer",
             "votre reponse", "votre message", "votre candidature", "presentez vous", "presentation"),
    "hourly_rate": ("tarif", "taux horaire", "rate", "hourly rate", "tarif horaire", "prix", "price", "tjm",
                    "taux", "prix horaire", "cout horaire", "tarif h", "remuneration", "budget"),
    "received_at": ("date", "recu le", "date de reception", "received", "received at", "sent", "envoye le",
                    "date d envoi", "timestamp", "horodatage", "submitted", "submitted at", "created at",
                    "date de candidature", "date et heure", "heure",
                    # Google Forms (fr, en), Typeform ("Submit Date (UTC)"), Tally, Jotform, Framaforms
                    "horodateur", "date de soumission", "soumis le", "submit date", "submission date",
                    "date submitted", "submitted on", "envoye", "date de reponse", "reponse recue le"),
    "profile_url": ("profil", "profile", "lien", "url", "lien du profil", "profile url", "lien profil",
                    "link", "profile link", "lien vers le profil", "page"),
    "platform_level": ("niveau", "level", "seller level", "niveau vendeur", "badge", "statut", "status",
                       "niveau plateforme", "niveau sur la plateforme", "rang", "rank"),
    "rating": ("note", "rating", "evaluation", "avis", "stars", "etoiles", "note moyenne", "average rating",
               "score", "note client", "reviews"),
}


def guess_mapping(header: Sequence[str], rows: Sequence[Sequence[str]] = ()) -> dict[str, int]:
    """Guess which column holds which field from the header names (French and English)."""
    candidates: list[tuple[int, int, int, str]] = []  # (-strength, column, synonym rank, field)
    for column, title in enumerate(header):
        norm = _normalise_header(title)
        if not norm:
            continue
        padded = f" {norm} "
        for field_name, synonyms in _HEADER_SYNONYMS.items():
            best = None
            for rank, synonym in enumerate(synonyms):
                if norm == synonym:
                    strength = 3
                elif norm.startswith(synonym + " "):
                    strength = 2
                elif f" {synonym} " in padded:
                    strength = 1
                else:
                    continue
                if best is None or (-strength, rank) < best:
                    best = (-strength, rank)
            if best is not None:
                candidates.append((best[0], best[1], column, field_name))
    candidates.sort()
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for _, _, column, field_name in candidates:
        if field_name not in mapping and column not in used:
            mapping[field_name] = column
            used.add(column)
    if "text" not in mapping and rows:
        # No telling header: the reply is the column with the longest content.
        lengths = [(sum(len(r[c]) for r in rows if c < len(r)) / len(rows), c)
                   for c in range(len(header)) if c not in used]
        if lengths:
            mean, column = max(lengths)
            if mean >= 40:
                mapping["text"] = column
    return {f: mapping[f] for f in FIELDS if f in mapping}


def _check_width(row: Sequence[str], header: Sequence[str], line: int) -> None:
    """A row longer than the header is refused: its cells no longer line up with the columns."""
    cells = len(row)
    while cells > len(header) and not row[cells - 1].strip():
        cells -= 1  # trailing empty cells ("a;b;c;;") are only separators
    if cells > len(header):
        raise ImportRejected(MSG_TOO_MANY_CELLS.format(line=line, cells=cells, columns=len(header)))


def sniff_csv(data: bytes, preview_rows: int = 5) -> CsvPreview:
    """Detect encoding and separator, and return the header, the first rows and a guessed mapping."""
    text, encoding = decode_upload(data)
    delimiter = _sniff_delimiter(text)
    header: list[str] | None = None
    rows: list[tuple[str, ...]] = []
    total = 0
    for line, row, _error in _records(text, delimiter):
        if row is None:
            row = []
        if header is None:
            header = [cell.strip() for cell in row]
            continue
        _check_width(row, header, line)
        total += 1
        if total > MAX_ROWS:
            raise ImportRejected(MSG_TOO_MANY_ROWS)
        if len(rows) < preview_rows:
            rows.append(tuple(row))
    if header is None:
        raise ImportRejected(MSG_EMPTY)
    if total == 0:
        raise ImportRejected(MSG_NO_REPLY)
    return CsvPreview(encoding=encoding, delimiter=delimiter, header=tuple(header), rows=tuple(rows),
                      guessed_mapping=guess_mapping(header, rows), total_rows=total)


def check_mapping(mapping: Mapping[str, int], header: Sequence[str]) -> None:
    """Raise ImportRejected if a required field is unmapped or a column does not exist."""
    for field_name in mapping:
        if field_name not in FIELD_LABELS:
            raise ImportRejected("Champ inconnu dans la correspondance des colonnes : "
                                 f"« {_show(str(field_name))} ».")
    for field_name in REQUIRED_FIELDS:
        if mapping.get(field_name) is None:
            raise ImportRejected(f"Aucune colonne n'est choisie pour le champ obligatoire "
                                 f"« {FIELD_LABELS[field_name]} » : indiquez quelle colonne le contient.")
    for field_name, column in mapping.items():
        if column is None:
            continue
        if isinstance(column, bool) or not isinstance(column, int) or not 0 <= column < len(header):
            raise ImportRejected(f"La colonne choisie pour « {FIELD_LABELS[field_name]} » n'existe pas dans "
                                 f"le fichier ({len(header)} colonnes).")


def parse_csv(data: bytes, mapping: Mapping[str, int | None], *,
              delimiter: str | None = None, dates: DateOptions | None = None) -> ImportResult:
    """Parse a CSV upload with the owner's column mapping (field -> 0-based column index).

    Dates without a zone are read with `dates` (the owner's zone, day or month first).
    """
    text, _encoding = decode_upload(data)
    if delimiter not in _DELIMITERS:
        delimiter = _sniff_delimiter(text)
    records = _records(text, delimiter)
    header = None
    for _line, row, _error in records:
        header = row or []
        break
    if header is None:
        raise ImportRejected(MSG_EMPTY)
    check_mapping(mapping, header)
    columns = [(f, c) for f, c in mapping.items() if c is not None]
    replies: list[ParsedReply] = []
    problems: list[RowProblem] = []
    count = 0
    for line, row, _error in records:
        count += 1
        if count > MAX_ROWS:
            raise ImportRejected(MSG_TOO_MANY_ROWS)
        fields = _Fields(_line_prefix(line), line, dates=dates)
        if row is None:
            fields.problem(None, "cette ligne du fichier est illisible (guillemets mal fermés ?).")
            problems.extend(fields.problems)
            continue
        _check_width(row, header, line)
        raw = {f: (row[c] if c < len(row) else "") for f, c in columns}
        reply = fields.build(raw)
        if reply is not None:
            replies.append(reply)
        problems.extend(fields.problems)
    return _finish(replies, problems)
