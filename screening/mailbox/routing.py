"""Which mission a message answers: thread, reference code, then title. Pure: values in, decision out.

Serves both the mailbox fetch (IMAP) and an uploaded mailbox file holding replies to several missions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Reference codes: "SCR-" and at least three characters of an alphabet without 0/O/1/I, derived from the
# mission id through a fixed bijection, so the code needs no column and never collides.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_BASE = len(ALPHABET)
_MULT = 19_997  # odd, hence invertible modulo any power of two (32**k)
_SHIFT = 12_345
PREFIX = "SCR-"
CODE_RE = re.compile(r"\bSCR-([0-9A-Z]{3,8})\b", re.IGNORECASE)
_REPLY_PREFIX_RE = re.compile(
    r"^\s*(?:(?:re|r[ée]f|tr|fw|fwd|aw|wg|sv|vs|antw|réponse|candidature|objet)\s*(?:\[\d+\])?\s*[:：]\s*)+",
    re.IGNORECASE,
)


def _width(mission_id: int) -> int:
    width = 3
    while _BASE**width <= mission_id:
        width += 1
    return width


def reference_code(mission_id: int) -> str:
    """The mission's short code for subject lines, e.g. "SCR-7K2"."""
    width = _width(mission_id)
    value = (mission_id * _MULT + _SHIFT) % (_BASE**width)
    chars = []
    for _ in range(width):
        value, digit = divmod(value, _BASE)
        chars.append(ALPHABET[digit])
    return PREFIX + "".join(reversed(chars))


def mission_id_from_code(code: str) -> int | None:
    """The mission id a code stands for, or None when it is not a code this app made."""
    code = code.upper().removeprefix(PREFIX)
    value = 0
    for char in code:
        digit = ALPHABET.find(char)
        if digit < 0:
            return None
        value = value * _BASE + digit
    modulus = _BASE ** len(code)
    mission_id = ((value - _SHIFT) * pow(_MULT, -1, modulus)) % modulus
    if mission_id == 0 or _width(mission_id) != len(code):
        return None
    return mission_id


def normalise_title(text: str) -> str:
    """Casefolded, accents and punctuation dropped, spaces collapsed: for comparing a subject to a title."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\W_]+", " ", text.casefold())
    return " ".join(text.split())


def strip_reply_prefixes(subject: str) -> str:
    """The subject without its "Re:", "TR :", "Fwd:" prefixes (repeated or not)."""
    previous = None
    subject = subject or ""
    while previous != subject:
        previous = subject
        subject = _REPLY_PREFIX_RE.sub("", subject)
        subject = re.sub(r"^\s*\[[^\]]*\]\s*", "", subject) if CODE_RE.search(subject[:20] or "") else subject
    return subject.strip()


@dataclass(frozen=True)
class MissionRef:
    id: int
    title: str
    open: bool = True


@dataclass(frozen=True)
class Route:
    """The mission chosen (None: "À trier") and why: "thread", "code", "title" or ""."""

    mission_id: int | None
    reason: str = ""
    reply_id: int | None = None  # for a thread: the reply the message follows up


def message_ids(*headers: str) -> list[str]:
    """The <message-ids> found in In-Reply-To / References headers, most recent last."""
    found: list[str] = []
    for header in headers:
        found.extend(m.strip() for m in re.findall(r"<[^<>\s]{1,490}>", header or ""))
    return found


def route_message(
    subject: str,
    missions: Iterable[MissionRef],
    *,
    in_reply_to: str = "",
    references: str = "",
    threads: Mapping[str, tuple[int, int | None]] | None = None,
) -> Route:
    """Choose the mission a message answers.

    `threads` maps a Message-ID already known to (mission id, reply id): a reply to one of them joins
    that thread. Then a reference code in the subject, then a subject that answers a title ("Re: <titre>",
    or the title within the subject); several missions matching equally leave the message to sort.
    """
    missions = list(missions)
    by_id = {m.id: m for m in missions}
    for msgid in reversed(message_ids(in_reply_to, references)):
        if threads and msgid in threads:
            mission_id, reply_id = threads[msgid]
            if mission_id in by_id:
                return Route(mission_id, "thread", reply_id)
    for match in CODE_RE.finditer(subject or ""):
        mission_id = mission_id_from_code(match.group(1))
        if mission_id in by_id:
            return Route(mission_id, "code")
    wanted = normalise_title(strip_reply_prefixes(subject))
    if not wanted:
        return Route(None)
    exact = [m for m in missions if normalise_title(m.title) == wanted]
    if not exact:
        padded = f" {wanted} "
        contained = [
            m
            for m in missions
            if len(normalise_title(m.title)) >= 4 and f" {normalise_title(m.title)} " in padded
        ]
        if contained:
            longest = max(len(normalise_title(m.title)) for m in contained)
            exact = [m for m in contained if len(normalise_title(m.title)) == longest]
    if len(exact) > 1:
        exact = [m for m in exact if m.open] or exact
    if len(exact) == 1:
        return Route(exact[0].id, "title")
    return Route(None)
