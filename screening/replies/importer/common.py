"""Shared part of reply imports: limits, messages, errors, result types and dedupe/export helpers."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

# --------------------------------------------------------------------------------------------------
# Limits
# --------------------------------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_REPLY_CHARS = 1_000_000
MAX_ROWS = 20_000
MAX_NAME_CHARS = 200
MAX_EMAIL_CHARS = 254
MAX_URL_CHARS = 2048
MAX_LEVEL_CHARS = 100
MAX_RATE = Decimal("1000000")

# Fields an import can fill, in the order the mapping form shows them.
FIELDS = ("name", "email", "text", "hourly_rate", "received_at", "profile_url", "platform_level", "rating")
REQUIRED_FIELDS = ("text",)
FIELD_LABELS = {
    "name": "nom",
    "email": "adresse e-mail",
    "text": "texte de la réponse",
    "hourly_rate": "tarif horaire",
    "received_at": "date de réception",
    "profile_url": "lien du profil",
    "platform_level": "niveau sur la plateforme",
    "rating": "note",
}

# The csv module refuses fields over 128 KiB by default; a reply may be up to MAX_REPLY_CHARS and we
# want to report an over-long one on its line rather than fail on the whole file.
if csv.field_size_limit() < MAX_UPLOAD_BYTES + 1:
    csv.field_size_limit(MAX_UPLOAD_BYTES + 1)


def _fmt_int(n: int) -> str:
    """Format an integer the French way (thin groups of three: 1 000 000)."""
    return f"{n:,}".replace(",", "\u202f")


MSG_TOO_BIG = "Le fichier dépasse la taille maximale de 20 Mo."
MSG_PASTE_TOO_BIG = "Le texte collé dépasse la taille maximale de 20 Mo."
MSG_EMPTY = "Le fichier est vide."
MSG_PASTE_EMPTY = "Le texte collé est vide."
MSG_PASTE_NO_REPLY = "Aucune réponse trouvée dans le texte collé."
MSG_NO_REPLY = "Aucune réponse trouvée dans le fichier."
MSG_BINARY = ("Le fichier ne semble pas être un fichier texte (CSV) : il contient des données binaires. "
              "Exportez votre tableau au format CSV puis réessayez.")
MSG_UNDECODABLE = ("L'encodage du fichier n'est pas reconnu (ni UTF-8 ni Windows-1252). "
                   "Enregistrez-le au format « CSV UTF-8 » puis réessayez.")
MSG_TOO_MANY_ROWS = (f"Le fichier contient plus de {_fmt_int(MAX_ROWS)} réponses : "
                     "découpez-le en plusieurs fichiers.")
MSG_OPEN_QUOTE = ("Ligne {line} : une cellule ouverte par un guillemet n'est jamais refermée : le fichier "
                  "semble coupé (export ou copie interrompu). Rien n'a été importé ; exportez le fichier de "
                  "nouveau.")
MSG_TOO_MANY_CELLS = ("Ligne {line} : {cells} cellules alors que l'en-tête a {columns} colonnes (un séparateur "
                      "dans une cellule sans guillemets, ou un fichier abîmé ?). Rien n'a été importé ; "
                      "corrigez cette ligne ou exportez le fichier de nouveau.")
MSG_NOT_EMAIL = "Le fichier ne ressemble pas à un e-mail (.eml) : aucun en-tête de message trouvé."
MSG_MIME_TOO_DEEP = ("ce message imbrique trop de parties (pièces jointes dans des pièces jointes) pour être "
                     "lu ; enregistrez-le de nouveau depuis votre messagerie.")
MSG_JSON_SHAPE = "Le contenu JSON doit être un objet ou une liste d'objets."


# --------------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------------

class ImportRejected(Exception):
    """The whole input is unusable; `message` (French) says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Attachment:
    """An e-mail attachment, listed but never stored."""

    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class RowProblem:
    """One problem on one record: `line` is the physical line where it starts (None if unknown)."""

    line: int | None
    field: str | None
    message: str
    index: int | None = None  # position of the item in a JSON payload (0-based)


@dataclass(frozen=True)
class ParsedReply:
    """One reply ready to be saved; `text` is the body exactly as received."""

    name: str
    email: str
    text: str
    received_at: datetime | None = None
    hourly_rate: Decimal | None = None
    profile_url: str = ""
    platform_level: str = ""
    rating: float | None = None
    source_line: int | None = None
    attachments: tuple[Attachment, ...] = ()
    # E-mails only: what routing to a mission and threading need (see screening.mailbox.routing).
    subject: str = ""
    message_id: str = ""
    in_reply_to: str = ""
    references: str = ""

    @property
    def dedupe_key(self) -> str:
        """Key under which the same reply imported twice is recognised."""
        return dedupe_key(self.email, self.text)


@dataclass(frozen=True)
class ImportResult:
    """Replies found and problems met; save nothing unless `ok`."""

    replies: tuple[ParsedReply, ...] = ()
    problems: tuple[RowProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when there is no problem at all."""
        return not self.problems


@dataclass(frozen=True)
class CsvPreview:
    """What the owner sees before mapping the columns of a CSV file."""

    encoding: str  # "utf-8", "utf-8-sig", "cp1252" or "utf-16"
    delimiter: str  # ",", ";", "\t" or SINGLE_COLUMN ("")
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    guessed_mapping: dict[str, int] = field(default_factory=dict)
    total_rows: int = 0


# --------------------------------------------------------------------------------------------------
# Dedupe and export helpers
# --------------------------------------------------------------------------------------------------

# Zero-width characters, BOM, bidi controls, soft hyphen and the like (format characters that change
# nothing visible): removed before comparing texts.
_INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]"
)
_WS_RE = re.compile(r"\s+")


def normalise_for_dedupe(text: str) -> str:
    """NFKC, drop invisible/bidi characters, collapse whitespace and casefold."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE_RE.sub("", text)
    return _WS_RE.sub(" ", text).strip().casefold()


def dedupe_key(email_address: str, text: str) -> str:
    """SHA-256 hex of the lower-cased address and the normalised text."""
    data = (email_address or "").strip().lower() + "\x00" + normalise_for_dedupe(text)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


_FORMULA_START = frozenset("=+-@")


def neutralise_cell(value: str) -> str:
    """Prefix a quote to a CSV export cell that a spreadsheet would run as a formula."""
    if not value:
        return value
    if value[0] in "\t\r" or value.lstrip()[:1] in _FORMULA_START:
        return "'" + value
    return value
