"""Completeness of a reply: which of the four mandatory questions it answers, and the values.

The four questions every posting asks (see ../shared/corpus/README.md for the labeling rules):

1. delivery time            -> ``Answers.delivery_days`` (calendar days)
2. steps and their times     -> ``Answers.steps``
3. hours per week            -> ``Answers.weekly_hours``
4. why you (an argument tied to this mission) -> ``Answers.evidence["q4"]``

Pure Python (stdlib only), no I/O.  Never raises: any input (empty, huge, binary junk)
gives an ``Answers``.  Only the first ``MAX_CHARS`` characters are analysed.

Conventions
-----------
* delivery_days: 1 semaine = 7, 1 mois = 30, "N jours ouvrés" = N x 7/5, hours / 24
  (rounded to 2 decimals), ranges at their midpoint, "un mois et demi" = 45.  When a
  reply gives both an effort and a calendar commitment the commitment wins; an effort
  in hours alone ("une vingtaine d'heures de travail") is converted literally (20/24).
  For recurring missions the first figure given for the first delivery (set-up or first
  batch) is used.  A delivery date with no derivable number ("d'ici vendredi") answers
  q1 with delivery_days None.
* Step.hours is a work effort in hours: 1 day of work = 8 h, half a day = 4 h,
  1 week = 5 working days = 40 h, 1 month = 30 calendar days = 30 x 5/7 working days.
  Day slots ("Jour 1 et 2", "jours 2 à 6") count their number of days (2, 5) x 8 h.
* weekly_hours: the hours the applicant gives per week (midpoint of a range), or the
  total they work out themselves ("3h par jour, trois jours par semaine, soit 9h" -> 9).
  "à temps plein", "24/7", "je suis disponible" give None.
* q2 is answered when at least two steps are listed and every one has a time; the steps
  listed without times are still returned (hours None).
* q4 is answered when a passage names experience, domain knowledge or a method and
  shares enough content words with the mission text (generic qualities, one-clause
  profiles, being a fan, corporate statistics do not count).
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from .numbers import NUMBER_RE, parse_number

MAX_CHARS = 20_000

QUESTIONS = ("q1", "q2", "q3", "q4")


# --------------------------------------------------------------------------- public types
@dataclass(frozen=True)
class Span:
    """Character offsets into the original text: ``text[start:end]``."""

    start: int
    end: int

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Step:
    label: str
    hours: float | None
    span: Span

    def to_dict(self) -> dict:
        return {"label": self.label, "hours": self.hours, "span": self.span.to_dict()}


@dataclass(frozen=True)
class Answers:
    answered: dict[str, bool]
    delivery_days: float | None
    weekly_hours: float | None
    steps: tuple[Step, ...]
    evidence: dict[str, tuple[Span, ...]]
    steps_total_hours: float | None

    def to_dict(self) -> dict:
        return {
            "answered": dict(self.answered),
            "delivery_days": self.delivery_days,
            "weekly_hours": self.weekly_hours,
            "steps": [s.to_dict() for s in self.steps],
            "steps_count": len(self.steps) or None,
            "evidence": {q: [s.to_dict() for s in spans] for q, spans in self.evidence.items()},
            "steps_total_hours": self.steps_total_hours,
        }


@dataclass(frozen=True)
class Consistency:
    consistent: bool | None
    problems: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {"consistent": self.consistent, "problems": list(self.problems)}


# --------------------------------------------------------------------------- normalisation
_REMOVE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f]|\r(?=\n)")
# Its first alternative alone: a plain character set, which the regex engine skips to quickly.
_REMOVE_CHARS_RE = re.compile(_REMOVE_RE.pattern.split("|")[0])

_SPECIAL = {
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u2002": " ", "\u2003": " ",
    "\u200a": " ", "\u3000": " ", "\t": " ", "\x0b": " ", "\x0c": " ",
    "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\u0085": "\n",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2011": "-", "\u2010": "-",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"',
    "\u0153": "\u0153", "\u00e6": "\u00e6", "\u00ba": "\u00b0",
}


class _Table(dict):
    """str.translate table mapping every character to exactly one character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = _SPECIAL.get(ch)
        if out is None:
            low = ch.lower()
            if len(low) != 1:
                low = ch
            dec = unicodedata.normalize("NFD", low)
            if len(dec) > 1 and all(unicodedata.combining(c) for c in dec[1:]):
                low = dec[0]
            out = low
        self[code] = out
        return out


_TABLE = _Table()


class _CharTable(dict):
    """The same mapping as _TABLE, keyed by the character."""

    def __missing__(self, ch: str) -> str:
        out = self[ch] = _TABLE[ord(ch)]
        return out


_CHARS = _CharTable()
# str.translate looks every character up in _TABLE; the ASCII part is mapped as bytes instead (UTF-8
# leaves ASCII bytes alone inside multi-byte characters), then only the non-ASCII characters.
_ASCII_TABLE = bytes(ord(_TABLE[i]) for i in range(128)) + bytes(range(128, 256))
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def _translate(text: str) -> str:
    """`text.translate(_TABLE)`, faster."""
    out = text.encode("utf-8", "surrogatepass").translate(_ASCII_TABLE).decode("utf-8", "surrogatepass")
    if out.isascii():
        return out
    return _NON_ASCII_RE.sub(lambda m: _CHARS[m.group()], out)
_HTML_TAG_RE = re.compile(r"<(?:script|style)\b[^>]{0,500}>.{0,5000}?</(?:script|style)\s*>|<[a-z/!][^<>\n]{0,500}>",
                          re.S)


class _Text:
    """Normalised copy of the analysed text, with a map back to original offsets."""

    __slots__ = ("orig", "norm", "idx")

    def __init__(self, text: str):
        self.orig = text
        if "\r\n" in text or _REMOVE_CHARS_RE.search(text):
            keep = [i for i, c in enumerate(text) if not _is_removed(text, i, c)]
            stripped = "".join(text[i] for i in keep)
            self.idx: list[int] | None = keep
        else:
            stripped = text
            self.idx = None
        norm = _translate(stripped)
        if "<" in norm:
            norm = _HTML_TAG_RE.sub(lambda m: " " * len(m.group(0)), norm)
        self.norm = norm

    def pos(self, i: int) -> int:
        if self.idx is None:
            return i
        if i < len(self.idx):
            return self.idx[i]
        return len(self.orig)

    def span(self, start: int, end: int) -> Span:
        if end <= start:
            s = self.pos(start)
            return Span(s, s)
        if self.idx is None:
            return Span(start, end)
        return Span(self.idx[start], self.idx[end - 1] + 1)

    def orig_slice(self, start: int, end: int) -> str:
        sp = self.span(start, end)
        return self.orig[sp.start:sp.end]


_REMOVED_CHARS = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f")


def _is_removed(text: str, i: int, c: str) -> bool:
    if c in _REMOVED_CHARS:
        return True
    return c == "\r" and i + 1 < len(text) and text[i + 1] == "\n"


# --------------------------------------------------------------------------- durations
_NUM = rf"(?<![\w.,/]){NUMBER_RE}"
_UNIT = (
    r"(?P<u_bd>jours?\s+(?:ouvres|ouvrables|travailles)|working\s+days?|business\s+days?"
    r"|dias\s+(?:habiles|laborables|uteis)|giorni\s+lavorativi|dies\s+(?:laborables|feiners)"
    r"|(?:werk|arbeits)tag(?:e|en)?(?![\w]))"
    r"|(?P<u_d>journees?|jours?|j(?![\w'])|days?|dias?|dies|giorni|giorno|jornadas?|tag(?:e|en)?(?![\w]))"
    r"|(?P<u_w>semaines?|sem(?![\w])|weeks?|wks?(?![\w])|semanas?|settimane|settimana|setmanes|setmana"
    r"|wochen?(?![\w]))"
    r"|(?P<u_m>mois|months?|meses|mes(?![\w])|mesi|mese|monat(?:e|en)?(?![\w]))"
    r"|(?P<u_ev>soirees?|evenings?|serate|serata|veladas?|abende?n?(?![\w]))"
    r"|(?P<u_hd>matinees?|mornings?|apres-midis?|afternoons?|mananas?|mattinate|mattinata|vormittage?n?(?![\w]))"
    r"|(?P<u_h>heures?|hours?|hrs?(?![\w])|horas?|hores|ore(?![\w])|stunden?(?![\w])|std(?![\w])"
    r"|h(?![a-z]))"
    r"|(?P<u_min>minutes?|mins?(?![\w])|minutos?|minuti)"
)
_DUR_RE = re.compile(
    r"(?<![\w])(?:(?P<half>(?:(?:une|1|a|un|una|uma)\s+)?(?:1/2[ \t]*journee|1/2[ \t]*j(?![\w])|demie?[- ]?journee|half[- ](?:a[- ])?day|medio\s+dia"
    r"|media\s+jornada|mezza\s+giornata|mig\s+dia|mitja\s+jornada|meio\s+dia|meia\s+jornada))"
    r"|(?P<approxd>(?:sous|d'ici|dans|en) (?:une )?(?P<approxn>huitaine|quinzaine)(?! d))"
    r"|(?P<en1>(?<![\w'])an?\s+(?P<en1u>week|day|month|hour|fortnight)(?![\w]))"
    r"|(?P<halfh>(?:une\s+)?demie?[- ]heure|1/2[ \t]*(?:heure|h(?![\w]))|half\s+an\s+hour|media\s+hora|mezz'?ora|meia\s+hora|mitja\s+hora)"
    r"|(?P<slot>(?<![\w])(?:(?:le\s+|the\s+|el\s+|il\s+)?(?:jours?|days?|dias?|giorni|giorno|dies|tage?|"
    r"(?P<wk>semaines?|weeks?|semanas?|settimane|settimana|wochen?))[ \t]+|j[ \t]?)(?P<s1>\d{1,2})"
    r"(?:[ \t]*(?:et|a|au|-|to|and|&|bis)[ \t]*(?:j[ \t]?|jours?[ \t]+|days?[ \t]+)?(?P<s2>\d{1,2}))?)"
    r"(?![\d]|[.,]\d|\s*(?:h\b|heures?|jours?|%))"
    r"|(?P<oslot>(?<![\w])(?:(?:le|la|the|el|il|der|die)\s+)?(?:(?:premier|premiere|1re|1ere|1er|deuxieme|2e|2eme|second|seconde"
    r"|troisieme|3e|3eme|quatrieme|4e|4eme|cinquieme|5e|5eme|derniere?|first|third|fourth|fifth|last|primera?|segunda?"
    r"|tercera?|ultima|prima|primo|seconda|secondo|terza|terzo|erste[nr]?|zweite[nr]?|dritte[nr]?|letzte[nr]?)"
    r"\s+(?:(?P<owk>semaine|week|semana|settimana|woche)|jour|journee|day|dia|giorno|tag))(?![\w]))"
    rf"|(?P<entre>(?:entre|between|tra|de)\s+)?(?P<a>{_NUM})"
    rf"(?:\s*(?P<sep>-|a|au|to|ou|or|y|e|i|et|and)\s*(?P<b>{_NUM}))?"
    r"\s*(?:d'|de\s+|of\s+)?(?:" + _UNIT + r")"
    r"(?P<hm>[ \t]?[0-5]\d(?![\d.,])(?:\s*min\w*)?)?"
    r"(?P<demi>\s+(?:et|and|e|y|i)\s+(?:demie?|a\s+half|mezzo|medio|mig|meia|meio))?)"
)


@dataclass
class _Dur:
    start: int
    end: int
    kind: str          # "day", "bday", "week", "month", "evening", "halfday", "hour", "min",
    #                    "slot" ("J2-J9", "jour 1"), "oslot" ("première semaine"), "half", "halfh"
    value: float       # in the unit of ``kind`` (midpoint for ranges)
    days: float        # calendar days
    hours: float       # work hours (1 day = 8 h)


_SLOT_KINDS = frozenset(("slot", "oslot"))

_CONV = {
    # kind: (calendar days per unit, work hours per unit)
    "day": (1.0, 8.0),
    "bday": (7.0 / 5.0, 8.0),
    "week": (7.0, 40.0),
    "month": (30.0, 30.0 * 5.0 / 7.0 * 8.0),
    "evening": (1.0, 3.0),      # "trois soirées": three evenings of about 3 h
    "halfday": (1.0, 4.0),      # "deux matinées": two half days
    "hour": (1.0 / 24.0, 1.0),
    "min": (1.0 / 1440.0, 1.0 / 60.0),
}


# cheap pre-filter: the full duration pattern only runs near a unit word
_UNIT_HINT_RE = re.compile(
    r"(?<![a-z])(?:jour|journee|day|dia|dies|giorn|jornad|semaine|sem\b|week|wk|semana|settiman|setman|mois|month"
    r"|mes|heure|hour|hr|hora|hore|ore\b|h(?![a-z])|minut|min|j\b|j ?\d|huitaine|quinzaine|fortnight|tag|werktag|arbeitstag"
    r"|woche|monat|stund|std\b|soiree|evening|serat|velada|abend|matinee|morning|apres-midi|afternoon|manana|mattinat"
    r"|vormittag)"
)


def _find_durations(norm: str) -> list[_Dur]:
    out: list[_Dur] = []
    windows: list[list[int]] = []
    for u in _UNIT_HINT_RE.finditer(norm):
        lo, hi = max(0, u.start() - 70), min(len(norm), u.end() + 30)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    last_end = -1
    matches = []
    for lo, hi in windows:
        for m in _DUR_RE.finditer(norm, lo, hi):
            if m.start() >= last_end:
                matches.append(m)
                last_end = m.end()
    for m in matches:
        try:
            d = _make_dur(m, norm)
        except (ValueError, TypeError, OverflowError):
            d = None
        if d is not None:
            out.append(d)
    return out


_EN1_BEFORE_RE = re.compile(
    r"(?:^|[\s,:;(\-])(?:in|within|under|about|around|roughly|approximately|then|for|take|takes|need|needs|spend|only"
    r"|just|first|after|plus|and|than)[ \t]*$|[,:;(\-][ \t]*$"
)
_RANGE_BLOCK_BEFORE = re.compile(r"(?:etape|step|phase|jour|semaine|question|q|lot|partie)\s*$")


def _make_dur(m: re.Match, norm: str) -> _Dur | None:
    s, e = m.start(), m.end()
    if m.group("half"):
        return _Dur(s, e, "half", 0.5, 0.5, 4.0)
    if m.group("approxd"):
        n = 8.0 if m.group("approxn") == "huitaine" else 15.0
        return _Dur(m.start("approxn"), e, "day", n, n, n * 8.0)
    if m.group("en1"):
        # English "a week", "a day" (not "twice a week", "20 hours a week")
        if not _EN1_BEFORE_RE.search(norm[max(0, s - 14):s]):
            return None
        kind = {"week": "week", "day": "day", "month": "month", "hour": "hour", "fortnight": "week"}[m.group("en1u")]
        value = 2.0 if m.group("en1u") == "fortnight" else 1.0
        per_day, per_hour = _CONV[kind]
        return _Dur(s, e, kind, value, value * per_day, value * per_hour)
    if m.group("halfh"):
        return _Dur(s, e, "halfh", 0.5, 0.5 / 24, 0.5)
    if m.group("slot"):
        a = int(m.group("s1"))
        b = int(m.group("s2")) if m.group("s2") else a
        if b < a or b - a > 60:
            return None
        n = b - a + 1
        if m.group("wk"):
            return _Dur(s, e, "slot", n, n * 7.0, n * 40.0)
        return _Dur(s, e, "slot", n, n, n * 8.0)
    if m.group("oslot"):
        if m.group("owk"):
            return _Dur(s, e, "oslot", 1, 7.0, 40.0)
        return _Dur(s, e, "oslot", 1, 1.0, 8.0)
    a = parse_number(m.group("a"))
    if a is None:
        return None
    value = a
    if m.group("b"):
        b = parse_number(m.group("b"))
        sep = m.group("sep")
        if b is None:
            return None
        conj = sep in ("y", "e", "i", "et", "and")
        if conj and not m.group("entre"):
            return None
        if sep == "-" and _RANGE_BLOCK_BEFORE.search(norm[max(0, s - 12):m.start("a")]):
            # "étape 2 - 3 jours": a step number, not a range
            s = m.start("b")
            value = b
        elif b >= a:
            value = (a + b) / 2.0
        else:
            value = b
    elif m.group("entre") and m.group("entre").strip() == "de":
        s = m.start("a")
    if m.group("u_bd"):
        kind = "bday"
    elif m.group("u_d"):
        kind = "day"
    elif m.group("u_w"):
        kind = "week"
    elif m.group("u_m"):
        kind = "month"
    elif m.group("u_ev"):
        kind = "evening"
    elif m.group("u_hd"):
        kind = "halfday"
    elif m.group("u_h"):
        kind = "hour"
    else:
        kind = "min"
    if m.group("hm"):
        if kind != "hour":
            return None
        value += int(re.match(r"\s?(\d+)", m.group("hm")).group(1)) / 60.0
    if m.group("demi"):
        value += 0.5
    if value <= 0 or value > 10000:
        return None
    per_day, per_hour = _CONV[kind]
    return _Dur(s, e, kind, value, value * per_day, value * per_hour)


# --------------------------------------------------------------------------- sections
_PREFIX = r"[ \t]*(?:[^\w\n]{1,8}[ \t]*)?"
_STRONG_RE = re.compile(
    rf"(?m)^{_PREFIX}(?:q|question)[ \t]*(?:n[ \t]*[°o.]?[ \t]*)?(?P<n>[1-9])(?!\d)[ \t]*(?:[:.)/-]+|(?=\n)|[ \t])"
)
_WEAK_RE = re.compile(r"(?m)^[ \t]*(?:>[ \t]*)?(?P<n>[1-9])[ \t]*(?P<sep>[).:/-])(?![\d])[ \t]*(?=\S)")
_ECHO_RE = re.compile(
    r"(?m)^[ \t>*\-\"]*(?:\d[).:]?[ \t]*)?(?:(?P<q1>en combien de temps)|(?P<q2>quelles? (?:sont les )?(?:grandes )?etapes)"
    r"|(?P<q3>combien d'heures)|(?P<q4>qu'est-ce qui vous fait penser|qu'est ce qui vous fait penser))[^\n]*"
)
_HEAD_Q1 = (r"delais?(?: global| total| de livraison| de realisation| propose| estime)?|duree(?: totale| estimee)?"
            r"|livraison|deadline|delivery(?: time)?|timing|timeline|turnaround|plazo(?: de entrega)?|tempi(?: di consegna)?"
            r"|termini|prazo|lieferzeit|zeitrahmen|frist")
_HEAD_Q2 = (r"(?:mes |les |nos |notre |grandes |principales )?etapes(?: et temps| prevues)?|methode|methodologie"
            r"|deroulement|(?:notre |mon )?processus|process|planning|plan de travail|organisation|steps"
            r"|(?:mis )?pasos|(?:le )?fasi|(?:les )?etapes|fases|passos|approche|demarche|plan d'action|approach"
            r"|methodology|schritte|vorgehen|ablauf")
_HEAD_Q3 = (r"disponibilites?|temps disponible|temps alloue|temps consacre|heures par semaine|volume horaire"
            r"|availability|disponibilidad|disponibilita|disponibilitat|disponibilidade|temps de travail"
            r"|temps hebdomadaire|temps par semaine|heures hebdomadaires|volume hebdomadaire|heures disponibles"
            r"|hours per week|weekly hours|horas (?:semanales|por semana)|ore (?:settimanali|a settimana)"
            r"|verfugbarkeit|stunden pro woche|zeit pro woche")
_HEAD_Q4 = (r"pourquoi moi|pourquoi nous|pourquoi me choisir|ce qui me distingue|mes atouts|nos atouts"
            r"|mon experience|experience|why me|por que yo|perche io|references|motivation|warum ich|perche me"
            r"|por que eu")
# a heading is followed by ":" / "?" on its line, or stands alone on its line ("**Délai**", "Méthode")
# with the answer on the next line
_HEAD_RE = re.compile(
    rf"(?m)(?:^|(?<=[.!?] ))[ \t]*(?:[^\w\n]{{1,8}}[ \t]*)?(?:\d[).:/-]?[ \t]*)?"
    r"(?:(?:mes|mon|ma|nos|notre|les|la|le|my|our|mis|mi|nuestro|i miei|il mio|la mia|meine|unsere|die|der)\s+)?"
    rf"(?:(?P<q1>{_HEAD_Q1})|(?P<q2>{_HEAD_Q2})|(?P<q3>{_HEAD_Q3})|(?P<q4>{_HEAD_Q4}))"
    r"\b(?:[^\n:?.!]{0,40}?[ \t]*[:?]|(?:[ \t]+[^\W\d][^\n:?.!\d]{0,28}?)?[ \t*_#]*(?=\n))"
)
_ANSWERS_INTRO_RE = re.compile(r"repons|answer|question|respuest|rispost|respost|resposta|dans l'ordre")
_STEP_INTRO_RE = re.compile(
    r"etape|step|pasos|fasi|fases|passos|processus|process|methode|methodolog|deroulement|comment je|"
    r"je procede|je procederai|planning|plan de|je vois|voici comment|how i|como trabaj|come lavor"
)


@dataclass
class _Section:
    q: str
    start: int        # start of the marker
    content: int      # start of the answer text
    end: int
    kind: str         # "strong", "weak", "echo", "heading"


def _line_bounds(norm: str, pos: int) -> tuple[int, int]:
    ls = norm.rfind("\n", 0, pos) + 1
    le = norm.find("\n", pos)
    return ls, (len(norm) if le < 0 else le)


def _prev_line(norm: str, pos: int) -> str:
    ls = norm.rfind("\n", 0, pos) + 1
    i = ls - 1
    while i > 0:
        ps = norm.rfind("\n", 0, i) + 1
        line = norm[ps:i].strip()
        if line:
            return line
        i = ps - 1
    return ""


def _weak_runs(norm: str) -> list[list[re.Match]]:
    by_style: dict[str, list[re.Match]] = {}
    for m in _WEAK_RE.finditer(norm):
        by_style.setdefault(m.group("sep"), []).append(m)
    runs: list[list[re.Match]] = []
    for ms in by_style.values():
        cur: list[re.Match] = []
        for m in ms:
            n = int(m.group("n"))
            if n == 1:
                if len(cur) >= 2:
                    runs.append(cur)
                cur = [m]
            elif cur and n == int(cur[-1].group("n")) + 1:
                cur.append(m)
        if len(cur) >= 2:
            runs.append(cur)
    return runs


def _find_sections(norm: str) -> tuple[list[_Section], list[tuple[int, int]], list[list[re.Match]]]:
    """Question sections, masked echo spans and the numbered runs that are step lists."""
    markers: list[_Section] = []
    masks: list[tuple[int, int]] = []
    for m in _ECHO_RE.finditer(norm):
        q = next(k for k in QUESTIONS if m.group(k))
        line = m.group(0)
        qm = line.rfind("?")
        content = m.start() + qm + 1 if qm >= 0 else m.end()
        masks.append((m.start(), content))
        markers.append(_Section(q, m.start(), content, 0, "echo"))
    for m in _STRONG_RE.finditer(norm):
        n = int(m.group("n"))
        if 1 <= n <= 4:
            markers.append(_Section(f"q{n}", m.start(), m.end(), 0, "strong"))
    for m in _HEAD_RE.finditer(norm):
        q = next(k for k in QUESTIONS if m.group(k))
        markers.append(_Section(q, m.start(), m.end(), 0, "heading"))
    runs = _weak_runs(norm)
    weak_lines = {m.start() for run in runs for m in run}
    strong_qs = {s.q for s in markers if _line_bounds(norm, s.start)[0] not in weak_lines}
    step_runs: list[list[re.Match]] = []
    for run in runs:
        intro = _prev_line(norm, run[0].start())
        intro_is_steps = bool(intro) and (
            bool(_STEP_INTRO_RE.search(intro))
            or (intro.endswith(":") and not _ANSWERS_INTRO_RE.search(intro))
        )
        first_line = norm[run[0].start():_line_bounds(norm, run[0].start())[1]]
        is_questions = (
            2 <= len(run) <= 6 and len(strong_qs) < 2 and not intro_is_steps
            and not _ANSWERS_INTRO_RE.search(first_line[:0])
        )
        if is_questions:
            for m in run:
                n = int(m.group("n"))
                if n <= 4:
                    markers.append(_Section(f"q{n}", m.start(), m.end(), 0, "weak"))
        else:
            step_runs.append(run)
    markers.sort(key=lambda s: (s.start, s.kind != "heading"))
    merged: list[_Section] = []
    for s in markers:
        if merged:
            last = merged[-1]
            same_line = _line_bounds(norm, last.start)[0] == _line_bounds(norm, s.start)[0] and \
                s.start - last.start < 12
            if same_line and s.kind != "echo" and last.kind != "echo":
                # "1. Délai :" -> one marker; a heading names the question better than a number
                if s.kind == "heading":
                    merged[-1] = _Section(s.q, last.start, max(last.content, s.content), 0, "heading")
                else:
                    merged[-1] = _Section(last.q, last.start, max(last.content, s.content), 0, last.kind)
                continue
        merged.append(s)
    for i, s in enumerate(merged):
        s.end = merged[i + 1].start if i + 1 < len(merged) else len(norm)
        if s.content > s.end:
            s.content = s.end
    return merged, masks, step_runs


def _section_of(sections: list[_Section], pos: int) -> _Section | None:
    for s in sections:
        if s.content <= pos < s.end:
            return s
        if s.start <= pos < s.content:
            return s
    return None


# --------------------------------------------------------------------------- contexts
_WEEK_AFTER_RE = re.compile(
    r"^[ \t]*(?:(?:de[ \t]+|d')?(?:travail|libres?|disponibles?|dispo|maximum|max|environ|effectives?|available"
    r"|de libre|au total|en moyenne|minimum|min)[ \t,]*){0,2}"
    r"(?:(?:par|/|per|a|al|por|each|chaque|every|toutes les|a la|cada|alla|la|in a|en|pro|je|in der)[ \t]*)?"
    r"(?:semaine|sem\b|week|semana|settimana|setmana|wk\b|woche)"
    r"|^[ \t]*(?:\w+[ \t]+){0,1}(?:hebdo\w*|weekly|semanales|semanais|settimanali|setmanals|wochentlich)"
)
_RATE_AFTER_RE = re.compile(
    r"^[ \t]*(?:(?:de[ \t]+|d')?\w+[ \t]+)?(?:par|/|per|a|al|por|each|chaque|every|a la|cada|alla|al|pro|je)[ \t]*"
    r"(?:jour|journee|day|dia|semaine|sem\b|week|semana|settimana|setmana|mois|month|mes\b|heure|hour|tag|woche"
    r"|monat|stunde)\b"
    r"|^[ \t]*(?:hebdo\w*|weekly|semanales|semanais|settimanali|setmanals|quotidien\w*|daily|diari\w*)"
)
_PER_DAY_AFTER_RE = re.compile(
    r"^[ \t]*(?:par|/|per|a|al|por|each|a la|cada)[ \t]*(?:jour|journee|day|dia|giorno|matin|soir)\b"
)
_SOIT_BEFORE_RE = re.compile(r"(?:soit|so|donc|i\.?e\.?|=|c'est-a-dire|thus|total de|en tout)[ \t]*(?:environ[ \t]+|~[ \t]*)?$")
_AVAIL_AFTER_RE = re.compile(
    r"[ \t]*(?:de[ \t]+|d')?(?:libres?|disponibles?|dispo\b|disponibilite|free|available|libres|disponibili|frei\b)"
)
_WEEK_WORD_RE = re.compile(r"semaine|week|semana|settimana|setmana|hebdo|woche")

_DELIVERY_CUE_RE = re.compile(
    r"livr|delai|deadline|deliver|entreg|consegn|lliur|rendre|rendrai|rendu|remettre|remise|retourn|renvoy"
    r"|(?<!je )(?<!pour )termin|(?<!pour )finir|fini\b|finaliser|boucl|au total|en tout|total|comptez|compter|ready|pret\b|listo|pronto"
    r"|il me faut|me faudra|me prendra|prevoi|prevoy|m'engage|je compte\b|return|hand over|turnaround|a disposition|disposicion|entrega"
    r"|liefer|fertig|abgeb|bereitstell"
)
_PREP_BEFORE_RE = re.compile(
    r"(?:^|[\s(])(?:en|in|within|sous|under|d'ici|dici|dans|em|entro|dins|en menos de|en moins de|less than"
    r"|at most|au plus tard dans|d'aqui a|d'aqui|tra|fra|after|apres|innerhalb von|innerhalb|binnen)[ \t]*(?:environ[ \t]+|about[ \t]+|approx\w*[ \t]+|~[ \t]*|seulement[ \t]+|only[ \t]+|just[ \t]+)?$"
)
_START_BEFORE_RE = re.compile(r"(?:demarr|commenc|debut|start|begin|empez|comenz|inizi|comec|disponible|dispo\b)\w*[^,;:]{0,20}$")
_PAST_BEFORE_RE = re.compile(r"(?:depuis|il y a|for the past|since|desde|ago|pendant plus de|over the past|experience de|seit)[ \t]*(?:plus de[ \t]+|environ[ \t]+)?$")
_EVERY_BEFORE_RE = re.compile(r"(?:chaque|tous les|toutes les|every|cada|ogni)[ \t]*$")
_SETUP_RE = re.compile(
    r"mise en place|onboarding|set[- ]?up|lancement|premier lot|premiere livraison|premier mois|premiere semaine"
    r"|first batch|first delivery|first month|demarrage|primer lote|primo lotto|installation"
)
_EFFORT_RE = re.compile(r"prendr|prend\b|prendra|faudra|faut\b|necessit|takes?\b|need|requier|requiere|richied|effort")
_EFFORT_AFTER_RE = re.compile(r"^[ \t]*(?:de (?:travail|boulot)|d'effort|of work|de trabajo|di lavoro|environ de travail)")
_DATE_DELIVERY_RE = re.compile(
    r"(?:livr|rend|remet|deliver|entreg|consegn|termin|fini|envoi|envoy|pret)\w*[^.\n]{0,60}?"
    r"(?:d'ici|avant|pour|by|d'aqui|entro|antes del?|au plus tard|prevue?s?(?: pour)?|\ble)[ \t]+(?:le[ \t]+|la[ \t]+|ce[ \t]+|this[ \t]+)?"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|ce soir|la fin de (?:la )?semaine|fin de semaine"
    r"|la fin du mois|fin du mois|\d{1,2}(?:er)?[ \t]+(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre"
    r"|octobre|novembre|decembre)|\d{1,2}/\d{1,2}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow"
    r"|end of (?:the )?week|viernes|lunes|venerdi|sexta)"
)
_SENT_END_RE = re.compile(r"\n|[.!?](?!\d)")
_DE_BEFORE_RE = re.compile(r"(?:\bde|\bd'|\bof)[ \t]*$")
_TOTAL_BEFORE_RE = re.compile(r"(?:total|en tout|soit|in all|overall)\b[ \t:]*[^,;:]{0,30}$")


def _clause_before(norm: str, pos: int, limit: int = 90) -> str:
    lo = max(0, pos - limit)
    chunk = norm[lo:pos]
    cut = -1
    for m in _SENT_END_RE.finditer(chunk):
        cut = m.end()
    return chunk[cut:] if cut >= 0 else chunk


def _sentence_bounds(norm: str, pos: int) -> tuple[int, int]:
    lo = max(0, pos - 600)
    start = lo
    for m in _SENT_END_RE.finditer(norm, lo, pos):
        start = m.end()
    m = _SENT_END_RE.search(norm, pos)
    end = m.start() if m else len(norm)
    return start, end


# --------------------------------------------------------------------------- extraction
@dataclass
class _Ctx:
    t: _Text
    norm: str
    durs: list[_Dur]
    sections: list[_Section]
    masks: list[tuple[int, int]]
    step_runs: list[list[re.Match]]


def _masked(ctx: _Ctx, pos: int) -> bool:
    return any(a <= pos < b for a, b in ctx.masks)


def _in_q(ctx: _Ctx, pos: int) -> str | None:
    s = _section_of(ctx.sections, pos)
    return s.q if s else None


def _weekly(ctx: _Ctx) -> tuple[float | None, _Dur | None]:
    norm = ctx.norm
    explicit_q3: list[_Dur] = []
    explicit: list[_Dur] = []
    soit: list[_Dur] = []
    bare_q3: list[_Dur] = []
    avail: list[_Dur] = []
    for d in ctx.durs:
        if d.kind not in ("hour", "halfh") or _masked(ctx, d.start):
            continue
        after = norm[d.end:d.end + 60]
        q = _in_q(ctx, d.start)
        if _WEEK_AFTER_RE.match(after):
            (explicit_q3 if q == "q3" else explicit).append(d)
            continue
        if _RATE_AFTER_RE.match(after):
            continue
        before = _clause_before(norm, d.start, 200)
        if _SOIT_BEFORE_RE.search(norm[max(0, d.start - 25):d.start]) and _WEEK_WORD_RE.search(before):
            soit.append(d)
            continue
        if q == "q3":
            bare_q3.append(d)
        elif _AVAIL_AFTER_RE.match(after) and q not in ("q1", "q2", "q4"):
            # "cette semaine, j'ai une trentaine d'heures de libres"
            s0, s1 = _sentence_bounds(norm, d.start)
            if _WEEK_WORD_RE.search(norm, s0, s1):
                avail.append(d)
    for group in (explicit_q3, soit, explicit, bare_q3, avail):
        if group:
            d = group[0]
            return round(d.hours, 2), d
    return None, None


def _score_delivery(ctx: _Ctx, d: _Dur, first_in_q1: set[int]) -> tuple[float, str]:
    """(score, type) of a duration as the delivery commitment; type is commit/setup/effort."""
    norm = ctx.norm
    before = _clause_before(norm, d.start)
    near = norm[max(0, d.start - 30):d.start]
    after = norm[d.end:d.end + 40]
    score = 0.0
    typ = "commit"
    q = _in_q(ctx, d.start)
    if q == "q1":
        score += 5 + (1 if d.start in first_in_q1 else 0)
    elif q in ("q2", "q3", "q4"):
        if not (q == "q2" and _TOTAL_BEFORE_RE.search(before)):
            score -= 4
    if _DELIVERY_CUE_RE.search(before):
        score += 4
        if _DELIVERY_CUE_RE.search(before[-25:]):
            score += 1
    if _PREP_BEFORE_RE.search(near):
        score += 3
    if _SETUP_RE.search(before):
        score += 3
        if score <= 3:
            typ = "setup"
    if _START_BEFORE_RE.search(near):
        score -= 6
    if _PAST_BEFORE_RE.search(near) or _EVERY_BEFORE_RE.search(near):
        score -= 8
    if d.kind in ("hour", "min", "halfh") and (_EFFORT_RE.search(before) or _EFFORT_AFTER_RE.match(after)):
        typ = "effort"
    if d.kind in _SLOT_KINDS:
        score -= 3
    return score, typ


def _delivery(ctx: _Ctx, weekly_dur: _Dur | None) -> tuple[float | None, bool, _Dur | None, str, tuple[int, int] | None]:
    """(delivery_days, q1 answered, chosen duration, its type, date-span when no number)."""
    norm = ctx.norm
    first_in_q1: set[int] = set()
    seen_sections: set[int] = set()
    for d in ctx.durs:
        s = _section_of(ctx.sections, d.start)
        if s is not None and s.q == "q1" and id(s) not in seen_sections:
            seen_sections.add(id(s))
            first_in_q1.add(d.start)
    best: tuple[float, int, _Dur, str] | None = None
    best_effort: tuple[float, int, _Dur, str] | None = None
    for d in ctx.durs:
        if d is weekly_dur or _masked(ctx, d.start):
            continue
        after = norm[d.end:d.end + 60]
        if _RATE_AFTER_RE.match(after) or _WEEK_AFTER_RE.match(after):
            continue
        score, typ = _score_delivery(ctx, d, first_in_q1)
        if typ == "effort":
            if score >= 0 and (best_effort is None or score > best_effort[0]):
                best_effort = (score, d.start, d, typ)
            continue
        if score >= 3 and (best is None or score > best[0]):
            best = (score, d.start, d, typ)
    chosen = best or best_effort
    if chosen is not None:
        d = chosen[2]
        return round(d.days, 2), True, d, chosen[3], None
    m = _DATE_DELIVERY_RE.search(norm)
    if m and not _masked(ctx, m.start()):
        return None, True, None, "date", (m.start(), m.end())
    return None, False, None, "", None


_ITEM_RE = re.compile(
    r"(?m)^[ \t]*(?:>[ \t]*)?(?:[-*•·▪►◦‣○●+~]|\d{1,2}[ \t]*[).:/-](?!\d)|\(\d{1,2}\)|[a-h][ \t]*[).](?!\w)"
    r"|(?:etape|step|paso|fase)[ \t]*\d{1,2}[ \t]*[:.)-]?|\d\ufe0f?\u20e3"
    r"|(?:j|jours?|days?|dias?|giorni|giorno|tage?|semaines?|weeks?|semanas?|settimane|settimana|wochen?)[ \t]*\d{1,2}"
    r"(?:[ \t]*(?:-|a|au|et|&|to|and|bis)[ \t]*(?:j|jours?|days?)?[ \t]*\d{1,2})?[ \t]*[:.)-](?!\d))[ \t]*(?=\S)"
)
_LABEL_LEAD_RE = re.compile(r"^[\s\-*•·▪►◦‣○●+~>(),;:.\d/]*(?:puis|ensuite|et|then|enfin|and)?\s*", re.I)


def _is_step_duration(ctx: _Ctx, d: _Dur, excluded: set[int]) -> bool:
    if d.start in excluded or _masked(ctx, d.start):
        return False
    norm = ctx.norm
    after = norm[d.end:d.end + 60]
    if _RATE_AFTER_RE.match(after) or _WEEK_AFTER_RE.match(after):
        return False
    near = norm[max(0, d.start - 30):d.start]
    if d.kind not in _SLOT_KINDS and _DE_BEFORE_RE.search(near) and not re.match(r"^\S+\s*(?:a|au|-)\s", norm[d.start:d.end]):
        return False
    if _PAST_BEFORE_RE.search(near) or _EVERY_BEFORE_RE.search(near):
        return False
    if _START_BEFORE_RE.search(near) and not re.search(r"\b(?:par|by|with|avec|con|por)[ \t]*$", near):
        return False
    if _TOTAL_BEFORE_RE.search(_clause_before(norm, d.start, 60)):
        return False
    return True


def _label(ctx: _Ctx, start: int, end: int) -> str:
    raw = ctx.t.orig_slice(start, end)
    raw = " ".join(raw.split())
    raw = _LABEL_LEAD_RE.sub("", raw).strip(" :-–—,;.()")
    return raw[:120]


def _item_step(ctx: _Ctx, ls: int, le: int, excluded: set[int]) -> Step:
    durs = [d for d in ctx.durs if ls <= d.start < le]
    good = [d for d in durs if _is_step_duration(ctx, d, excluded)]
    if not good:
        good = [d for d in durs if d.start not in excluded and not _RATE_AFTER_RE.match(ctx.norm[d.end:d.end + 60])
                and not _WEEK_AFTER_RE.match(ctx.norm[d.end:d.end + 60])]
    m = _ITEM_RE.match(ctx.norm, ls)
    body_start = m.end() if m else ls
    hours = round(good[-1].hours, 2) if good else None
    label_end = good[-1].start if good and good[-1].start > body_start + 3 else le
    return Step(_label(ctx, body_start, label_end) or _label(ctx, body_start, le), hours, ctx.t.span(ls, le))


def _list_steps(ctx: _Ctx, items: list[tuple[int, int]], excluded: set[int]) -> list[Step]:
    """One step per list item; an item that lists several timed tasks gives one step each."""
    out: list[Step] = []
    for a, b in items:
        n = sum(1 for d in ctx.durs if a <= d.start < b and d.kind not in _SLOT_KINDS
                and _is_step_duration(ctx, d, excluded))
        if n >= 2:
            sub = _prose_steps(ctx, a, b, excluded, any_section=True)
            if len(sub) >= 2:
                out.extend(sub)
                continue
        out.append(_item_step(ctx, a, b, excluded))
    return out


def _items_in(ctx: _Ctx, lo: int, hi: int) -> list[tuple[int, int]]:
    out = []
    markers = {s.start for s in ctx.sections}
    for m in _ITEM_RE.finditer(ctx.norm, lo, hi):
        ls, le = _line_bounds(ctx.norm, m.start())
        if ls in markers or any(s.start == ls or (s.start <= ls < s.content) for s in ctx.sections):
            continue
        if _masked(ctx, ls):
            continue
        out.append((ls, min(le, hi)))
    return out


def _slot_has_own_time(ctx: _Ctx, i: int, excluded: set[int]) -> bool:
    """A day/week slot ("Première semaine : ... (trois soirées)") followed by its own time."""
    norm = ctx.norm
    d = ctx.durs[i]
    m = _SENT_END_RE.search(norm, d.end)
    stop = m.start() if m else len(norm)
    for e in ctx.durs[i + 1:]:
        if e.start >= stop or e.kind in _SLOT_KINDS:
            return False
        if _is_step_duration(ctx, e, excluded):
            return True
    return False


_LABEL_CUT_RE = re.compile(r"[.;:!?\n(]|, |\s\d{1,2}[).]\s|\s(?:puis|ensuite|then|enfin)\s")
_LABEL_CONNECTOR_RE = re.compile(
    r"(?:^|[\s'])(?:par|pour|avec|de|en|with|by|for|first|then|finally|next|d'abord|ensuite|puis|enfin|et|and"
    r"|primero|luego|prima|poi|zuerst|dann)[ \t,]*$"
)


def _prose_steps(ctx: _Ctx, lo: int, hi: int, excluded: set[int], any_section: bool = False) -> list[Step]:
    steps = []
    norm = ctx.norm
    for i, d in enumerate(ctx.durs):
        if not (lo <= d.start < hi) or not _is_step_duration(ctx, d, excluded):
            continue
        if d.kind in _SLOT_KINDS and _slot_has_own_time(ctx, i, excluded):
            continue
        q = _in_q(ctx, d.start)
        if q in ("q1", "q3", "q4") and not any_section:
            continue
        # label: the clause before the duration ("Saisie : 3 jours", "Correction (2 jours)"), or the
        # words after it when the time comes first ("J2-J3 : formules", "puis deux jours pour les tests")
        cs = max(lo, d.start - 160)
        chunk = norm[cs:d.start]
        cut = 0
        for m in _LABEL_CUT_RE.finditer(chunk):
            if m.group(0) in "(:-" and m.end() >= len(chunk) - 2:
                continue
            cut = m.end()
        label = _label(ctx, cs + cut, d.start)
        if len(label) < 3 or (len(label.split()) <= 4 and _LABEL_CONNECTOR_RE.search(norm[cs + cut:d.start])):
            m2 = re.search(r"[.;,\n)]", norm[d.end:d.end + 160])
            label = _label(ctx, d.end, d.end + (m2.start() if m2 else 80))
        steps.append(Step(label, round(d.hours, 2), ctx.t.span(d.start, d.end)))
    return steps


def _steps(ctx: _Ctx, excluded: set[int]) -> tuple[list[Step], tuple[int, int] | None]:
    norm = ctx.norm
    q2_secs = [s for s in ctx.sections if s.q == "q2"]
    if q2_secs:
        for s in q2_secs:
            items = _items_in(ctx, s.content, s.end)
            if len(items) >= 2:
                return _list_steps(ctx, items, excluded), (s.start, s.end)
            steps = _prose_steps(ctx, s.content, s.end, excluded)
            if len(steps) >= 2:
                return steps, (s.start, s.end)
            if s.kind == "heading" and not steps:
                parts = [p for p in _enumeration(norm, s.content) if p[0] < s.end]
                if len(parts) >= 3 and all(len(norm[a:b].split()) <= 10 for a, b in parts):
                    return ([Step(_label(ctx, a, b), None, ctx.t.span(a, b)) for a, b in parts], (s.start, s.end))
    # no usable q2 section: list blocks outside the other answers
    other = [(s.start, s.end) for s in ctx.sections if s.q in ("q1", "q3", "q4")]

    def outside(p: int) -> bool:
        return not any(a <= p < b for a, b in other)

    items = _items_in(ctx, 0, len(norm))
    blocks: list[list[tuple[int, int]]] = []
    for it in items:
        if blocks and norm[blocks[-1][-1][1]:it[0]].strip() == "":
            blocks[-1].append(it)
        else:
            blocks.append([it])
    for b in blocks:
        if len(b) < 2:
            continue
        intro = _prev_line(norm, b[0][0])
        timed = sum(1 for a, e in b if any(a <= d.start < e and _is_step_duration(ctx, d, excluded) for d in ctx.durs))
        if not outside(b[0][0]):
            # inside another answer ("Délai : 8 jours.\n\nVoici comment je procède :\n- ..."): only a timed
            # list introduced by its own step line, not by the other answer's heading
            sec = _section_of(ctx.sections, b[0][0])
            intro_start = norm.rfind(intro, 0, b[0][0]) if intro else -1
            if not (timed >= 2 and _STEP_INTRO_RE.search(intro) and sec is not None and intro_start >= sec.content):
                continue
        if timed >= 2 or _STEP_INTRO_RE.search(intro):
            return _list_steps(ctx, b, excluded), (b[0][0], b[-1][1])
    steps = _prose_steps(ctx, 0, len(norm), excluded)
    steps = [s for s in steps if outside(_norm_pos(ctx, s.span.start))]
    if len(steps) >= 2:
        return steps, None
    # steps listed without times: "je procéderais en quatre temps : a, b, c, puis d."
    for m in _ENUM_INTRO_RE.finditer(norm):
        if not outside(m.start()) or _masked(ctx, m.start()):
            continue
        parts = _enumeration(norm, m.end())
        if len(parts) >= 3:
            return [Step(_label(ctx, a, b), None, ctx.t.span(a, b)) for a, b in parts], (m.start(), parts[-1][1])
    return [], None


_ENUM_INTRO_RE = re.compile(
    r"(?:je (?:procederais|procederai|procede|vais proceder|travaillerais|travaillerai|vais travailler|ferais|ferai)"
    r"|(?:ma|mon|notre) (?:methode|approche|demarche|processus|plan)|(?:les|mes|nos|grandes) etapes"
    r"|en (?:deux|trois|quatre|cinq|six|sept|\d) (?:temps|etapes|phases)|voici comment"
    r"|i (?:would|will|'d) (?:proceed|work|go)|my (?:approach|process|method)|steps|pasos|fasi|fases|passos|schritte"
    r"|procederia|procederei|trabajaria|lavorerei|in (?:three|four|five|\d) steps)"
    r"[^.:\n!?]{0,50}:"
)
_ENUM_SEP_RE = re.compile(
    r"[;,][ \t]*(?:(?:et )?(?:puis|ensuite|enfin)|then|and finally|finally|luego|y por ultimo|poi|e infine|depois"
    r"|dann|und schliesslich)?|\s(?:puis|ensuite|et enfin|enfin|then|and finally|luego|y por ultimo|e infine|depois"
    r"|und schliesslich)\s"
)


def _enumeration(norm: str, start: int) -> list[tuple[int, int]]:
    """Short items of an enumeration running from ``start`` to the end of its sentence (commas
    inside brackets do not separate items); [] when it does not look like a list of steps."""
    m = _SENT_END_RE.search(norm, start)
    end = m.start() if m else len(norm)
    if end - start > 600:
        return []
    seg = norm[start:end]
    # blank out bracketed text so that its commas do not split items
    masked = re.sub(r"\([^()]*\)", lambda x: " " * len(x.group(0)), seg)
    parts: list[tuple[int, int]] = []
    pos = 0
    for sm in list(_ENUM_SEP_RE.finditer(masked)) + [None]:
        pe = sm.start() if sm else len(seg)
        a, b = start + pos, start + pe
        while a < b and norm[a] in " \t":
            a += 1
        while b > a and norm[b - 1] in " \t":
            b -= 1
        if a < b:
            parts.append((a, b))
        pos = sm.end() if sm else len(seg)
    if len(parts) < 3 or any(len(norm[a:b].split()) > 12 for a, b in parts):
        return []
    return parts


_STEP_SEQ_RE = re.compile(
    r"[:;][ \t]*(?=(?:d'abord|tout d'abord|premierement|en premier|first|firstly|primero|prima|zuerst|erst)\b)"
)


def _norm_pos(ctx: _Ctx, orig_pos: int) -> int:
    if ctx.t.idx is None:
        return orig_pos
    return bisect.bisect_left(ctx.t.idx, orig_pos)


# --------------------------------------------------------------------------- q4
_STOP = frozenset("""
avec dans pour sans etre avoir fait faire sont cette tout toute toutes tous plus chaque puis ainsi aussi comme
dont leur leurs elle elles mais encore deja apres avant entre tres peut peux doit doivent chez partir mission
missions livrable livrables objectif merci repondre reponse reponses francais francaise questions quatre
realisee realiser vous-meme vous-memes sous-traitance travail projet projets personne nous notre votre vos
notres votres cela celle celui ceux quand quel quelle quels quelles alors donc bien fois lors meme memes
cette cettes autre autres jour jours semaine semaines heure heures mois annee annees depuis pendant
vouloir voulons voulez veux veut souhaite souhaitons cherche cherchons attendu attendue attendus fournissons
fournies fourni fournie uniquement directement personnellement merci ci-dessous dessous suivantes suivants
this that with have from your will what which when there their they been were about would could should
para esta este como pero tambien sobre entre desde tengo puedo posso sono questo della delle sobre mais
""".split())
_WORD_RE = re.compile(r"[a-z\u0153\u00e6]{4,}")


def _stems(norm: str) -> set[str]:
    return {w[:5] for w in _WORD_RE.findall(norm) if w not in _STOP}


_MISSION_CACHE: dict[str, frozenset[str]] = {}


def _mission_stems(mission_text: str) -> frozenset[str]:
    key = mission_text[:5000]
    got = _MISSION_CACHE.get(key)
    if got is None:
        got = frozenset(_stems(key.translate(_TABLE)))
        if len(_MISSION_CACHE) > 256:
            _MISSION_CACHE.clear()
        _MISSION_CACHE[key] = got
    return got


_NUMW = r"(?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|two|three|four|five|six|seven|eight|nine|ten|dos|tres|cuatro|cinco|due|tre|quattro|cinque|sei|dues)"
_STRONG_CUE_RE = re.compile(
    r"(?<![\w])(?:j'ai (?:\w+ ){0,2}(?:ete|travaille|realise|concu|cree|corrige|relu|saisi|tenu|gere|dessine|fait|monte|pilote"
    r"|enseigne|numerise|accompagne|redige|developpe|programme|anime|lance|publie|traduit|collabore|participe|occupe"
    r"|construit|organise|produit|monte|edite|photographie|vendu|aide)"
    rf"|depuis {_NUMW}(?: ans| annees| mois| an\b| saisons)|depuis (?:19|20)\d\d|pendant {_NUMW} (?:ans|annees|saisons)"
    r"|\bancien(?:ne)?\b|diplome|certifi|formation (?:de|en)|de formation|titulaire"
    r"|je (?:gere|fais|m'occupe|programme|travaille|corrige|relis)\w* (?:deja|aujourd'hui|actuellement)"
    r"|\bdeja\b[^.]{0,40}(?:pour|chaque)|c'est mon quotidien|exactement ca"
    r"|i have (?:\w+ ){0,2}(?:proofread|worked|managed|designed|created|edited|built|corrected|run)|i've (?:worked|managed|designed|created)"
    r"|he trabajado|he gestionado|he creado|he hecho|he corregido|ho lavorato|ho creato|ho realizzato|da (?:\w+ )?anni"
    r"|he fet|he treballat|trabalhei|ja fiz|fui )"
)
# past work in the first person, any verb: a past participle / preterite after the auxiliary.  Costlier
# than the fixed cues, so it only runs on passages that share words with the mission.
_PAST_WORK_RE = re.compile(
    r"(?<![\w])(?:j'ai|nous avons|j'avais) (?:(?:deja|aussi|egalement|notamment|recemment|moi-meme|personnellement"
    r"|longtemps|souvent|entierement|seule?|en \d{4}|l'an dernier|l'annee derniere) )*"
    r"(?!(?:lu|parcouru|vu|consulte|note|remarque|compris|trouve|retenu|apprecie|adore|aime|decouvert|recu|pris"
    r"|entendu|pense|imagine|reflechi|envoye|joint|ajoute|prevu|estime|calcule|compte|inclus|detaille|resume|repondu"
    r"|indique|liste|essaye|tente|decide|choisi|ete (?:ravie?|interesse|seduit|attire|touche|heureux|heureuse"
    r"|surpris))e?s?\b)"
    r"\w{2,}(?:e|es|i|is|it|its|u|us|ert|eint|aint|oint)\b(?<!\bune)(?<!toute)(?<!votre)(?<!notre)(?<!cette)"
    r"(?<!quelques)(?<!toutes)(?<!confiance)(?<!conscience)(?<!meme)(?<!envie)(?<!hate)(?<!besoin)(?<!acces)(?<!plusieurs)(?<!toujours)(?<!jamais)(?<!beaucoup)(?<!plus)"
    r"|(?<![\w])(?:ma cliente|mon client|mon ancien(?:ne)? (?:employeur|poste))\b|parmi mes clients|among my clients"
    r"|(?<![\w])i (?:have |'ve |had )?(?:\w+ly )?(?!(?:noticed|loved|enjoyed|liked|read|seen|viewed|checked|received"
    r"|hoped|wanted|wished|needed|based|located|specialized|qualified|certified|experienced|interested|excited"
    r"|attached|included|listed|planned|estimated|prepared|answered|outlined|noted|added"
    r"|been (?:looking|reading))\b)(?:\w{3,}ed|built|ran|wrote|written|led|made|done|taught|spent|grown|run|drawn"
    r"|proofread|been)\b|my (?:client|former employer)\b"
    r"|(?<![\w])(?:trabaje|construi|disene|cree|gestione|realice|hice|transcribi|traduje|corregi|desarrolle|escribi"
    r"|lleve|colabore|organice|dirigi|prepare|elabore|programe|edite|redacte|ayude|diriji)\b"
    r"|(?<![\w])he (?:\w+ )?\w{2,}(?:ado|ido|cho|to|sto)\b|(?<![\w])ho (?:\w+ ){0,2}?\w{2,}(?:ato|ito|uto|itto|atto"
    r"|otto|eso|erto|olto|isto)\b|(?<![\w])\w{3,}ei\b(?<!vorrei)(?<!potrei)(?<!sarei)(?<!farei)(?<!avrei)(?<!direi)"
    r"(?<!dovrei)|(?<![\w])(?:tenho|temos) (?:\w+ )?\w{3,}(?:ado|ido)\b"
    r"|(?<![\w])(?:ich|wir) (?:habe|haben)\b[^.!?\n]{0,150}?\b(?:ge\w{3,}(?:t|en)|\w{3,}iert|erstellt|betreut"
    r"|entwickelt|bearbeitet|ubersetzt|verwaltet)\b|habe ich\b|ich arbeite seit|seit (?:\d+|zwei|drei|vier|funf)"
    r" jahren|jahre(?:lang| lang)"
)
# cheap pre-filter: the words a _PAST_WORK_RE match can start with (or a "-ei" preterite ending)
_PAST_HINT_RE = re.compile(
    r"(?<![\w])(?:j'ai|j'avais|nous avons|ma cliente|mon client|mon ancien|parmi mes|among my|i|my|he|ho|tenho|temos"
    r"|ich|wir|habe|seit|jahre|trabaje|construi|disene|cree|gestione|realice|hice|transcribi|traduje|corregi|desarrolle"
    r"|escribi|lleve|colabore|organice|dirigi|prepare|elabore|programe|edite|redacte|ayude|diriji)(?![\w])|ei(?![\w])"
)


def _past_work_hits(norm: str) -> list[int]:
    """Start offsets of _PAST_WORK_RE matches (run only where a hint word is)."""
    out: list[int] = []
    last = -1
    for h in _PAST_HINT_RE.finditer(norm):
        p = h.start()
        if h.group(0) == "ei":
            while p > 0 and (norm[p - 1].isalnum() or norm[p - 1] == "_"):
                p -= 1
        if p <= last:
            continue
        m = _PAST_WORK_RE.match(norm, p, min(len(norm), p + 240))
        if m:
            out.append(m.start())
            last = m.end()
    return out


_WEAK_CUE_RE = re.compile(
    r"je connais|je sais|je maitrise|je suis a l'aise|je verifierai|je propose|mon experience|ans d'experience"
    r"|years of experience|i know|conozco|conosco|je suis specialis|specialise|specialiste|je m'occupe"
)
_GENERIC_RE = re.compile(
    r"(?<![\w])(?:any type|tout type|tous types|n'importe quel|domaines varies|bien d'autres|bien plus encore|all kinds"
    r"|toutes sortes|tout secteur|tous secteurs|any kind|cualquier tipo|qualsiasi|happy clients|clients satisfaits"
    r"|satisfied clients|worldwide|\d+ ?\+ ?(?:happy |satisfied )?(?:clients|customers|projets|projects|clientes)"
    r"|\d+ ?\+ ?(?:years|ans|anos|anni|jahre)|certified (?:\w+ ){0,3}expert|expert(?:e)? certifie|unlimited revisions"
    r"|revisions illimitees|growing brands|boost your|\d+ ?% (?:de )?(?:client |customer |des clients )?satisf"
    r"|(?:more than|over|plus de|mas de|oltre|mehr als|mais de) \d[\d ]* (?:projects|projets|proyectos|progetti"
    r"|projekte|projetos|missions|clients|clientes|customers))"
)
_CORPORATE_RE = re.compile(r"\b(?:nous|notre|nos|we|our|agence|agency|societe|equipe|nuestr\w*|nostr\w*|wir|unser\w*)\b")
_FIRST_PERSON_RE = re.compile(r"\b(?:je|j'|moi|mon|ma|mes|i|i'|my|yo|io|eu|soc|soy|sono|ich|mein\w*)(?![\w])")
_SENT_SPLIT_RE = re.compile(r"(?<=[.!?])\s+|\n+")


def _q4(ctx: _Ctx, mission_text: str) -> list[tuple[int, int]]:
    mstems = _mission_stems(mission_text) if mission_text else frozenset()
    if not mstems:
        return []
    norm = ctx.norm
    # every passage needs a cue; most replies have none, and then nothing else needs scanning
    strong_hits = [m.start() for m in _STRONG_CUE_RE.finditer(norm)]
    past = _past_work_hits(norm)
    if past:
        strong_hits = sorted(strong_hits + past)
    weak_hits = [m.start() for m in _WEAK_CUE_RE.finditer(norm)]
    if not strong_hits and not weak_hits:
        return []
    cue_hits = sorted(strong_hits + weak_hits)
    windows: list[tuple[int, int, bool]] = []
    q4_secs = [s for s in ctx.sections if s.q == "q4"]
    for s in q4_secs:
        windows.append((s.content, s.end, True))
    other = ctx.masks
    # sentences (outside echoed questions), alone and in pairs
    sents: list[tuple[int, int]] = []
    pos = 0
    for m in list(_SENT_SPLIT_RE.finditer(norm)) + [None]:
        e = m.start() if m else len(norm)
        if norm[pos:e].strip() and not any(a <= pos < b for a, b in other):
            sents.append((pos, e))
        pos = m.end() if m else len(norm)
        if len(sents) > 400:
            break
    for i, (a, b) in enumerate(sents):
        windows.append((a, b, False))
        if i + 1 < len(sents) and sents[i + 1][0] - b < 4:
            windows.append((a, sents[i + 1][1], None))
    found: list[tuple[int, int]] = []
    hits: dict[re.Pattern, list[int]] = {}

    def has(rx: re.Pattern, a: int, b: int) -> bool:
        pos = hits.get(rx)
        if pos is None:  # scanned once, when first needed
            pos = hits[rx] = [m.start() for m in rx.finditer(norm)]
        i = bisect.bisect_left(pos, a)
        return i < len(pos) and pos[i] < b

    def has_hit(pos: list[int], a: int, b: int) -> bool:
        i = bisect.bisect_left(pos, a)
        return i < len(pos) and pos[i] < b

    stem_cache: dict[tuple[int, int], set[str]] = {}

    def _stems_cached(a: int, b: int) -> set[str]:
        got = stem_cache.get((a, b))
        if got is None:
            got = _stems(norm[a:b])
            stem_cache[(a, b)] = got
        return got

    for a, b, is_sec in windows:
        if not has_hit(cue_hits, a, b):
            continue
        chunk = norm[a:b]
        if not chunk.strip() or has(_GENERIC_RE, a, b):
            continue
        strong = has_hit(strong_hits, a, b)
        weak = has_hit(weak_hits, a, b)
        if has(_CORPORATE_RE, a, b) and not has(_FIRST_PERSON_RE, a, b):
            continue
        nwords = len(chunk.split())
        overlap = len(_stems_cached(a, b) & mstems)
        ok = (strong and (overlap >= 2 or (overlap >= 1 and nwords >= 15)))
        ok = ok or (weak and is_sec is not None and overlap >= 4 and nwords >= 20)
        ok = ok or (is_sec and overlap >= 5 and nwords >= 25 and (strong or weak))
        if ok:
            if not any(fa <= a < fb for fa, fb in found):
                found.append((a, b))
    return found


# --------------------------------------------------------------------------- public API
_EMPTY = None


def _empty() -> Answers:
    return Answers(dict.fromkeys(QUESTIONS, False), None, None, (), dict.fromkeys(QUESTIONS, ()), None)


def extract_answers(text: str, mission_text: str = "") -> Answers:
    """Find the answers to the four mandatory questions in a reply."""
    try:
        return _extract(text, mission_text)
    except Exception:  # noqa: BLE001 - never raise on hostile input
        return _empty()


def _extract(text: str, mission_text: str) -> Answers:
    if not isinstance(text, str):
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode("utf-8", "replace")
        else:
            return _empty()
    if not isinstance(mission_text, str):
        mission_text = ""
    window = text[:MAX_CHARS]
    if not window.strip():
        return _empty()
    t = _Text(window)
    norm = t.norm
    sections, masks, step_runs = _find_sections(norm)
    ctx = _Ctx(t, norm, _find_durations(norm), sections, masks, step_runs)

    weekly, wdur = _weekly(ctx)
    days, q1, ddur, dtype, date_span = _delivery(ctx, wdur)

    excluded: set[int] = set()
    if wdur is not None:
        excluded.add(wdur.start)
    if ddur is not None and dtype != "setup" and _in_q(ctx, ddur.start) != "q2":
        s0, s1 = _sentence_bounds(norm, ddur.start)
        # the delivery sentence may go on with the steps: "... sous quinze jours : d'abord deux jours
        # pour ..., ensuite une semaine pour ..." -> only the delivery clause is excluded
        for m in _STEP_SEQ_RE.finditer(norm, s0, s1):
            if m.start() > ddur.end:
                s1 = m.start()
                break
        dsec = _section_of(sections, ddur.start)
        for d in ctx.durs:
            if s0 <= d.start < s1 and _section_of(sections, d.start) is dsec:
                excluded.add(d.start)
    steps, _region = _steps(ctx, excluded)
    steps_t = tuple(steps)
    q2 = len(steps_t) >= 2 and all(s.hours is not None for s in steps_t)
    total = round(sum(s.hours for s in steps_t), 2) if steps_t and all(s.hours is not None for s in steps_t) else None

    q4_spans = _q4(ctx, mission_text)

    evidence: dict[str, tuple[Span, ...]] = dict.fromkeys(QUESTIONS, ())
    if ddur is not None:
        evidence["q1"] = (t.span(ddur.start, ddur.end),)
    elif date_span is not None:
        evidence["q1"] = (t.span(*date_span),)
    if steps_t:
        evidence["q2"] = tuple(s.span for s in steps_t)
    if wdur is not None:
        evidence["q3"] = (t.span(wdur.start, wdur.end),)
    evidence["q4"] = tuple(t.span(a, b) for a, b in q4_spans)

    answered = {"q1": bool(q1), "q2": bool(q2), "q3": weekly is not None, "q4": bool(q4_spans)}
    return Answers(answered, days, weekly, steps_t, evidence, total)


def _fmt(x: float) -> str:
    if abs(x - round(x)) < 0.05:
        return str(int(round(x)))
    return f"{x:.1f}".replace(".", ",")


def check_consistency(answers: Answers) -> Consistency:
    """Do the steps' total, the delivery time and the weekly hours agree?

    Step durations are read two ways, because applicants write either an effort ("2 h")
    or elapsed working days ("3 jours"): as work hours to fit in the weekly hours over the
    delivery time, and as working days (8 h each) to fit in the delivery time.  The reply
    is inconsistent only when the figures fail every reading.  None when the reply does not
    give enough figures (steps with times and a delivery time are needed).
    """
    try:
        return _check(answers)
    except Exception:  # noqa: BLE001
        return Consistency(None, ())


def _check(a: Answers) -> Consistency:
    problems: list[str] = []
    total = a.steps_total_hours
    days = a.delivery_days
    weekly = a.weekly_hours
    if weekly is not None and weekly > 168:
        problems.append(f"{_fmt(weekly)} h par semaine : une semaine ne compte que 168 heures")
    if total is None or days is None or days <= 0:
        if problems:
            return Consistency(False, tuple(problems))
        return Consistency(None, ())
    # elapsed reading: 8 h per working day, with a margin of 25 % and one day
    work_days = total / 8.0
    fits_elapsed = work_days <= days * 1.25 + 1.0
    if weekly is not None and weekly > 0:
        capacity = weekly * days / 7.0
        fits_effort = total <= capacity * 1.25 + 1.0
        if not fits_effort and not fits_elapsed:
            problems.append(
                f"{_fmt(total)} h d'étapes à {_fmt(weekly)} h/semaine ne tiennent pas en {_fmt(days)} jours "
                f"(il faudrait environ {_fmt(total / weekly * 7.0)} jours)"
            )
    elif not fits_elapsed:
        problems.append(
            f"les étapes totalisent {_fmt(total)} h, soit environ {_fmt(work_days)} jours de travail, "
            f"plus que le délai annoncé de {_fmt(days)} jours"
        )
    return Consistency(not problems, tuple(problems))


__all__ = ["Span", "Step", "Answers", "Consistency", "extract_answers", "check_consistency", "MAX_CHARS"]
