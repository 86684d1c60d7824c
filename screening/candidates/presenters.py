"""Candidates, presentation: rows, labels, badges, highlight spans, flags and formatting for the templates.

Pure functions of a reply and its stored assessment (no query); the use cases are in services.py.
"""
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher
from itertools import islice
from typing import TYPE_CHECKING

from screening.candidates.highlight import Span
from screening.corrections.readings import effective_assessment
from screening.replies.importer import normalise_for_dedupe
from screening.replies.models import Reply
from screening.timeutil import as_utc

if TYPE_CHECKING:
    from screening.corrections import services as corrections

QUESTIONS = ("q1", "q2", "q3", "q4")
QUESTION_TOPICS = {"q1": "délai de livraison", "q2": "étapes et leur durée", "q3": "heures par semaine",
                   "q4": "pourquoi ce candidat"}
VERDICT_RANK = {"à retenir": 0, "à vérifier": 1, "à écarter": 2}
VERDICT_CLASS = {"à retenir": "ok", "à vérifier": "warn", "à écarter": "bad"}
LANGUAGES = {"fr": "Français", "en": "Anglais", "es": "Espagnol", "de": "Allemand", "it": "Italien",
             "pt": "Portugais", "nl": "Néerlandais", "pl": "Polonais", "ro": "Roumain", "ar": "Arabe",
             "ru": "Russe", "tr": "Turc", "zh-cn": "Chinois", "vi": "Vietnamien"}
# Signs whose evidence is the whole reply: explained in words, not highlighted.
WHOLE_TEXT_SIGNS = {"questions_ignored", "fast_long_reply", "no_mission_reference", "very_short"}
DISPLAY_LIMIT = 50_000
QUOTE_CHARS = 90
_BULLET_RE = re.compile(r"^(?:[-*•–—]+\s*|\d{1,2}[.)]\s+)")


# --------------------------------------------------------------------------------------------------
# Reading the stored assessment defensively (old or partial results must never crash a page)
# --------------------------------------------------------------------------------------------------

def _num(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _int_or_none(value) -> int | None:
    number = _num(value)
    return int(number) if number is not None else None


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _spans(evidence) -> list[tuple[int, int]]:
    out = []
    for item in _list(evidence):
        if isinstance(item, dict) and "start" in item and "end" in item:
            start, end = _num(item.get("start")), _num(item.get("end"))
            if start is not None and end is not None and end > start:
                out.append((int(start), int(end)))
    return out


def join_fr(items) -> str:
    """[1, 2, 4] → "1, 2 et 4"."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1] if items else ""


def fmt_number(value, digits: int = 1) -> str:
    """12 → "12", 12.5 → "12,5" (French decimal comma)."""
    number = _num(value)
    if number is None:
        return "—"
    if abs(number - round(number)) < 10 ** -digits / 2:
        return str(int(round(number)))
    return f"{number:.{digits}f}".rstrip("0").rstrip(".").replace(".", ",")


def quote(text: str, start: int, end: int, limit: int = QUOTE_CHARS) -> str:
    """A short, whitespace-collapsed quote of text[start:end]."""
    piece = " ".join((text or "")[max(0, start):max(0, end)].split())
    piece = _BULLET_RE.sub("", piece)  # list markers say nothing, and "-" would start a CSV formula
    return piece if len(piece) <= limit else piece[:limit - 1].rstrip() + "…"


def _assessment(reply: Reply) -> dict:
    return _dict(reply.assessment)


def _answers(a: dict) -> dict:
    return _dict(a.get("answers"))


def answered_map(a: dict) -> dict[str, bool]:
    answered = _dict(a.get("answered")) or _dict(_answers(a).get("answered"))
    return {q: bool(answered.get(q)) for q in QUESTIONS}


def _value(a: dict, key: str):
    value = a.get(key)
    if value is None:
        value = _answers(a).get(key)
    return _num(value)


def _steps(a: dict) -> list[dict]:
    steps = []
    for item in _list(_answers(a).get("steps")):
        if isinstance(item, dict):
            span = _dict(item.get("span"))
            steps.append({"label": str(item.get("label") or ""), "hours": _num(item.get("hours")),
                          "start": _num(span.get("start")), "end": _num(span.get("end"))})
    return steps


def _steps_total_hours(a: dict) -> float | None:
    total = _num(_answers(a).get("steps_total_hours"))
    if total is None:
        hours = [s["hours"] for s in _steps(a)]
        if hours and all(h is not None for h in hours):
            total = sum(hours)
    return total


def _steps_count(a: dict) -> int | None:
    count = _num(a.get("steps")) if not isinstance(a.get("steps"), list) else len(a["steps"])
    if count is None:
        count = _num(_answers(a).get("steps_count"))
    if count is None and _steps(a):
        count = len(_steps(a))
    return int(count) if count is not None else None


def _evidence(a: dict, q: str) -> list[tuple[int, int]]:
    return _spans(_dict(_answers(a).get("evidence")).get(q))


def _signs(a: dict, key: str) -> list[dict]:
    return [s for s in _list(a.get(key)) if isinstance(s, dict)]


def language_label(a: dict) -> str:
    status = a.get("lang_status") or _dict(a.get("language")).get("status")
    lang = a.get("lang")
    if status == "too_short" or lang in (None, "", "unknown", "und"):
        return "Trop court pour juger" if status == "too_short" else "Inconnue"
    return LANGUAGES.get(str(lang), str(lang).upper())


def _lang_cell(a: dict) -> str:
    label, share = language_label(a), _num(a.get("french_share"))
    if label == "Français" and a.get("is_french") is False and share is not None:
        return f"Français à {round(share * 100)} %"
    return label


def _money(value: float | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def estimate_hours(a: dict) -> tuple[float | None, str]:
    """Hours of work the reply implies: the steps' total, else days/7 × weekly hours.

    Returns (hours, basis).
    """
    total = _steps_total_hours(a)
    if total is not None and total > 0:
        return total, "total des étapes"
    days, weekly = _value(a, "delivery_days"), _value(a, "weekly_hours")
    if days is not None and weekly is not None and days > 0 and weekly > 0:
        return days / 7 * weekly, "délai ÷ 7 × heures par semaine"
    return None, ""


def response_minutes(received_at: datetime | None, published_at: datetime | None) -> float | None:
    if received_at is None or published_at is None:
        return None
    return (as_utc(received_at) - as_utc(published_at)).total_seconds() / 60


def format_delay(minutes: float | None) -> str:
    """42 min, 3 h 05, 2 j 4 h; "avant la publication" when negative, "—" when unknown."""
    if minutes is None:
        return "—"
    if minutes < 0:
        return "avant la publication"
    minutes = int(minutes)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {rest:02d}"
    days, hours = divmod(hours, 24)
    return f"{days} j {hours} h" if hours else f"{days} j"


# --------------------------------------------------------------------------------------------------
# The comparison table
# --------------------------------------------------------------------------------------------------

@dataclass
class Answer:
    answered: bool
    value: str = ""
    quote: str = ""


@dataclass
class CandidateRow:
    """One line of the comparison table: plain values only, nothing lazy."""

    id: int
    name: str
    email: str
    score: int | None
    verdict: str
    verdict_class: str
    lang: str
    french_share: float | None
    is_french: bool | None
    answers: dict[str, Answer]
    answered_count: int
    consistent: bool | None
    consistency_problems: list[str]
    template: bool
    template_labels: list[str]
    subcontracting: bool
    subcontracting_labels: list[str]
    hourly_rate: Decimal | None
    hours: float | None
    hours_basis: str
    cost: Decimal | None
    delivery_days: float | None
    weekly_hours: float | None
    steps_count: int | None
    response_minutes: float | None
    response_label: str
    platform_level: str
    rating: float | None
    received_at: datetime | None
    is_finalist: bool
    badges: list[tuple[str, str]] = field(default_factory=list)  # (short label, explanation)
    q4_passage: str = ""  # the whole argument of q4 (the table shows a short quote; the export all of it)


def candidate_row(reply: Reply, published_at: datetime | None,
                  owner_values: dict | None = None) -> CandidateRow:
    """Flatten a reply (with its applicant loaded) and its assessment into a table row.

    `owner_values` are the owner's corrections of this reply ({field: value}): they replace the machine's
    readings, and score and verdict are recomputed from them through the rubric.
    """
    a = effective_assessment(_assessment(reply), owner_values) if owner_values else _assessment(reply)
    columns = not owner_values  # without corrections the reply's columns hold the stored analysis
    body = reply.body or ""
    answered = answered_map(a)
    days, weekly = _value(a, "delivery_days"), _value(a, "weekly_hours")
    steps_count, steps_total = _steps_count(a), _steps_total_hours(a)
    answers = {}
    for q in QUESTIONS:
        spans = _evidence(a, q)
        text_quote = quote(body, *spans[0]) if spans else ""
        if q == "q2" and _steps(a) and _steps(a)[0]["label"]:
            text_quote = quote(_steps(a)[0]["label"], 0, len(_steps(a)[0]["label"]))
        value = ""
        if q == "q1" and days is not None:
            value = f"{fmt_number(days)} j"
        elif q == "q2" and steps_count:
            value = f"{steps_count} étape{'s' if steps_count > 1 else ''}"
            if steps_total:
                value += f" · {fmt_number(steps_total)} h"
        elif q == "q3" and weekly is not None:
            value = f"{fmt_number(weekly)} h/sem."
        answers[q] = Answer(answered[q], value, text_quote)
    consistency = _dict(a.get("consistency"))
    hours, basis = estimate_hours(a)
    rate = reply.hourly_rate
    cost = _money(float(rate) * hours) if rate is not None and hours is not None else None
    minutes = response_minutes(reply.received_at, published_at)
    applicant = reply.applicant
    template_signs, subcontracting_signs = _signs(a, "template_signs"), _signs(a, "subcontracting_signs")
    if not columns:
        # the owner's word: signs he ruled out no longer show as flags in the table
        if owner_values.get("template") is False:
            template_signs = []
        if owner_values.get("subcontracting") is False:
            subcontracting_signs = []

    def column(name):
        value = getattr(reply, name) if columns else None
        return value if value is not None else a.get(name)
    verdict = column("verdict") or ""
    score = column("score")
    row = CandidateRow(
        id=reply.id, name=applicant.name or applicant.email or f"Candidat n° {reply.id}",
        email=applicant.email or "",
        score=score if isinstance(score, int) and not isinstance(score, bool) else _int_or_none(score),
        verdict=verdict, verdict_class=VERDICT_CLASS.get(verdict, "neutral"),
        lang=_lang_cell(a), french_share=_num(a.get("french_share")),
        is_french=column("is_french"),
        answers=answers, answered_count=sum(answered.values()),
        consistent=consistency.get("consistent") if isinstance(consistency.get("consistent"), bool) else None,
        consistency_problems=[str(p) for p in _list(consistency.get("problems"))],
        template=bool(column("template")),
        template_labels=[str(s.get("label_fr") or s.get("code")) for s in template_signs],
        subcontracting=bool(column("subcontracting")),
        subcontracting_labels=[str(s.get("label_fr") or s.get("code")) for s in subcontracting_signs],
        hourly_rate=rate, hours=hours, hours_basis=basis, cost=cost, delivery_days=days, weekly_hours=weekly,
        steps_count=steps_count, response_minutes=minutes, response_label=format_delay(minutes),
        platform_level=applicant.platform_level or "", rating=applicant.rating,
        received_at=reply.received_at, is_finalist=bool(reply.is_finalist))
    row.badges = _badges(row, template_signs, subcontracting_signs)
    q4_spans = _evidence(a, "q4")
    row.q4_passage = quote(body, *q4_spans[0], limit=len(body) + 1) if q4_spans else ""
    return row


def _badges(row: CandidateRow, template_signs: list[dict],
            subcontracting_signs: list[dict]) -> list[tuple[str, str]]:
    """Short flags for the table, each explained by the scorer's own French labels."""
    def labels(signs):
        return " · ".join(str(s.get("label_fr") or s.get("code")) for s in signs)
    badges = []
    placeholder = [s for s in template_signs if s.get("code") == "placeholder"]
    copied = [s for s in template_signs if str(s.get("code", "")).startswith("duplicate")]
    others = [s for s in template_signs if s not in placeholder and s not in copied]
    if placeholder:
        badges.append(("champ à remplir", labels(placeholder)))
    if copied:
        badges.append(("texte copié", labels(copied)))
    if row.template and (others or not badges):
        badges.append(("modèle", labels(others) or "Signes de réponse toute faite"))
    if row.subcontracting:
        badges.append(("sous-traitance", labels(subcontracting_signs) or "Signes de sous-traitance"))
    return badges


def _lower(value: str) -> str:
    return normalise_for_dedupe(value or "")


# name -> (label, key). None values always sort last, whatever the order.
SORTS = {
    "nom": ("Candidat", lambda r: _lower(r.name)),
    "score": ("Score", lambda r: r.score),
    "verdict": ("Verdict", lambda r: VERDICT_RANK.get(r.verdict)),
    "langue": ("Langue", lambda r: r.french_share),
    "q1": ("Délai", lambda r: r.delivery_days),
    "q2": ("Étapes", lambda r: r.steps_count),
    "q3": ("Heures/sem.", lambda r: r.weekly_hours),
    "q4": ("Argument", lambda r: int(r.answers["q4"].answered)),
    "coherence": ("Cohérence", lambda r: None if r.consistent is None else int(r.consistent)),
    "alertes": ("Alertes", lambda r: int(r.template) + int(r.subcontracting)),
    "taux": ("Taux horaire", lambda r: r.hourly_rate),
    "cout": ("Coût estimé", lambda r: r.cost),
    "reponse": ("Délai de réponse", lambda r: r.response_minutes),
    "niveau": ("Niveau", lambda r: _lower(r.platform_level) or None),
    "recu": ("Reçue le", lambda r: as_utc(r.received_at)),
    "finaliste": ("Finaliste", lambda r: int(r.is_finalist)),
}
DEFAULT_SORT = "score"
FILTERS = {
    "fr": "En français",
    "complet": "Les 4 réponses",
    "sans_modele": "Sans signe de modèle",
}


def sort_rows(rows: list[CandidateRow], sort: str, descending: bool) -> list[CandidateRow]:
    """Sort rows by a column of SORTS; unknown values last; ties by score then id."""
    key = SORTS.get(sort, SORTS[DEFAULT_SORT])[1]
    known = [r for r in rows if key(r) is not None]
    unknown = [r for r in rows if key(r) is None]
    tie = sorted(known, key=lambda r: r.id)
    known = sorted(tie, key=key, reverse=descending)
    return known + sorted(unknown, key=lambda r: r.id)


def filter_rows(rows: list[CandidateRow], active: set[str]) -> list[CandidateRow]:
    """Keep the rows that pass every active filter of FILTERS."""
    if "fr" in active:
        rows = [r for r in rows if r.is_french]
    if "complet" in active:
        rows = [r for r in rows if r.answered_count == 4]
    if "sans_modele" in active:
        rows = [r for r in rows if not r.template]
    return rows


# --------------------------------------------------------------------------------------------------
# One candidate: shapes and the sections of the candidate page
# --------------------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+")
MIN_SHARED_WORDS = 8
MAX_COMPARED_WORDS = 4000


def shared_passages(text: str, other: str, min_words: int = MIN_SHARED_WORDS) -> list[tuple[int, int]]:
    """Stretches of `text` (character offsets) that also appear, word for word, in `other`."""
    mine = [(m.start(), m.end(), m.group().lower())
            for m in islice(_WORD_RE.finditer(text or ""), MAX_COMPARED_WORDS)]
    theirs = [m.group().lower() for m in islice(_WORD_RE.finditer(other or ""), MAX_COMPARED_WORDS)]
    if not mine or not theirs:
        return []
    matcher = SequenceMatcher(None, [w for _, _, w in mine], theirs, autojunk=False)
    return [(mine[b.a][0], mine[b.a + b.size - 1][1])
            for b in matcher.get_matching_blocks() if b.size >= min_words]


RELATIONS = {"same_mission": "un autre candidat de cette mission",
             "same_applicant": "le même candidat, pour une autre mission",
             "other_applicant": "un autre candidat, pour une autre mission"}


@dataclass
class Copy:
    reply_id: int | None
    name: str
    mission_title: str
    similarity: float | None
    relation: str
    passages: int = 0


@dataclass
class Flag:
    level: str  # "bad", "warn", "weak" (a sign that did not count), "info", "ok"
    title: str
    detail: str = ""
    kind: str = ""  # highlight kind of its evidence, for the legend colour


@dataclass
class HistoryItem:
    reply_id: int
    mission_id: int
    mission_title: str
    received_at: datetime | None
    same_text: str  # "le même texte", "un texte très proche (92 %)", "un autre texte"
    verdict: str
    score: int | None


@dataclass
class CandidateDetail:
    reply: Reply
    row: CandidateRow
    spans: list[Span]
    legend: list[tuple[str, str, int]]  # (kind, label, count)
    flags: list[Flag]
    reasons: list[dict]
    steps: list[dict]
    argument: str
    copies: list[Copy]
    history: list[HistoryItem]
    follow_up: str
    unanswered: list[int]
    truncated_display: bool
    analysis_truncated: bool
    analysed_chars: int | None
    readings: "corrections.ReadingsView | None" = None


KIND_LABELS = {
    "q1": "Réponse 1 : délai", "q2": "Réponse 2 : étapes", "q3": "Réponse 3 : heures par semaine",
    "q4": "Réponse 4 : pourquoi moi", "placeholder": "Champ à remplir oublié",
    "template": "Formule toute faite",
    "subcontracting": "Sous-traitance", "copy": "Passage copié d'une autre réponse",
    "lang": "Autre langue", "term": "Terme propre à l'annonce", "weak": "Signe faible (non compté)",
}
WEAK_NOTE = "Signe faible : trop léger seul, il n'a pas changé la note ni l'avis."


def _duplicate_matches(a: dict) -> dict[int, dict]:
    found: dict[int, dict] = {}
    evidence = [e for s in _signs(a, "template_signs") for e in _list(s.get("evidence"))]
    for item in evidence + _list(a.get("duplicates")):
        if isinstance(item, dict) and str(item.get("reply_id", "")).isdigit():
            found.setdefault(int(item["reply_id"]), item)
    return found


OVERRULED = "Vous avez indiqué le contraire : ce signe ne compte plus."


def answer_spans(a: dict) -> list[Span]:
    """Answers section: the evidence of each of the four answers."""
    spans: list[Span] = []
    for n, q in enumerate(QUESTIONS, 1):
        for start, end in _evidence(a, q):
            spans.append(Span(start, end, q, f"Réponse à la question {n} ({QUESTION_TOPICS[q]})"))
    return spans


def language_section(a: dict, row: CandidateRow) -> tuple[list[Flag], list[Span]]:
    """Language section: a flag when the reply is not in French (or too short to tell);
    the passages in another language."""
    flags: list[Flag] = []
    spans: list[Span] = []
    lang = _dict(a.get("language"))
    if row.is_french is False:
        share = row.french_share
        title = ("Réponse qui n'est pas (entièrement) en français" if row.lang.startswith("Français")
                 or row.lang == "Inconnue" else f"Réponse en {row.lang.lower()}")
        flags.append(Flag("bad", title,
                          "L'annonce demande une réponse en français"
                          + (f" ; part de français : {round(share * 100)} %." if share is not None else "."),
                          "lang"))
    elif (a.get("lang_status") or lang.get("status")) == "too_short":
        flags.append(Flag("warn", "Trop court pour juger de la langue",
                          "La réponse contient trop peu de mots pour que la langue soit reconnue "
                          "avec certitude."))
    for start, end in _spans(lang.get("other_language_spans")):
        spans.append(Span(start, end, "lang", "Passage dans une autre langue"))
    return flags, spans


def template_sign_section(a: dict, body: str, template_overruled: bool) -> tuple[list[Flag], list[Span]]:
    """Template signs section: one flag per sign, its evidence highlighted (unless it is the whole reply)."""
    flags: list[Flag] = []
    spans: list[Span] = []
    for sign in _signs(a, "template_signs"):
        code = str(sign.get("code") or "")
        kind = "placeholder" if code == "placeholder" else "template"
        weak = sign.get("counted") is False
        if weak:
            kind = "weak"
        label = str(sign.get("label_fr") or code)
        detail = ""
        if code.startswith("duplicate"):
            kind = "copy"
        elif code not in WHOLE_TEXT_SIGNS:
            for start, end in _spans(sign.get("evidence")):
                if end - start < max(len(body), 1) * 0.9:
                    spans.append(Span(start, end, kind, label))
            texts = [quote(body, s, e, 40) for s, e in _spans(sign.get("evidence"))[:4]]
            if texts:
                detail = "Relevé : " + " ; ".join(f"« {t} »" for t in texts)
        level = "bad" if code in ("placeholder",) or code.startswith("duplicate") else "warn"
        if template_overruled:
            level, detail = "info", (detail + " — " if detail else "") + OVERRULED
        elif weak:
            level, detail = "weak", " — ".join(x for x in (detail, WEAK_NOTE) if x)
        flags.append(Flag(level, label, detail, "" if code in WHOLE_TEXT_SIGNS else kind))
    return flags, spans


def subcontracting_sign_section(a: dict, body: str,
                                subcontracting_overruled: bool) -> tuple[list[Flag], list[Span]]:
    """Subcontracting signs section: one flag per sign, its evidence highlighted."""
    flags: list[Flag] = []
    spans: list[Span] = []
    for sign in _signs(a, "subcontracting_signs"):
        label = str(sign.get("label_fr") or sign.get("code") or "")
        weak = sign.get("counted") is False
        for start, end in _spans(sign.get("evidence")):
            spans.append(Span(start, end, "weak" if weak else "subcontracting", label))
        texts = [quote(body, s, e, 40) for s, e in _spans(sign.get("evidence"))[:4]]
        name = _dict(sign.get("details")).get("name")
        detail = ("Relevé : " + " ; ".join(f"« {t} »" for t in texts)) if texts else (
            f"Nom de l'expéditeur : « {name} »" if name else "")
        if subcontracting_overruled:
            flags.append(Flag("info", label, (detail + " — " if detail else "") + OVERRULED,
                              "subcontracting"))
        elif weak:
            flags.append(Flag("weak", label, " — ".join(x for x in (detail, WEAK_NOTE) if x), "weak"))
        else:
            flags.append(Flag("bad", label, detail, "subcontracting"))
    return flags, spans


def owner_sign_flags(a: dict, row: CandidateRow) -> list[Flag]:
    """Corrections section: flags the owner raised where the analysis had counted no sign."""
    flags: list[Flag] = []
    if row.template and not [s for s in _signs(a, "template_signs") if s.get("counted") is not False]:
        flags.append(Flag("bad", "Réponse toute faite (modèle)",
                          "Selon vous : l'analyse n'en avait pas relevé."))
    if row.subcontracting and not [s for s in _signs(a, "subcontracting_signs")
                                   if s.get("counted") is not False]:
        flags.append(Flag("bad", "Sous-traitance", "Selon vous : l'analyse n'en avait pas relevé."))
    return flags


def duplicates_section(body: str, matches: dict[int, dict],
                       others: dict[int, Reply]) -> tuple[list[Copy], list[Span]]:
    """Duplicates section: the replies this one resembles (`others`: those loaded);
    the passages they share highlighted."""
    copies: list[Copy] = []
    spans: list[Span] = []
    for reply_id, item in matches.items():
        other = others.get(reply_id)
        similarity = _num(item.get("similarity"))
        relation = RELATIONS.get(str(item.get("relation")), "une autre réponse")
        if other is None:
            copies.append(Copy(None, "", "", similarity, relation))
            continue
        passages = shared_passages(body, other.body)
        who = other.applicant.name or other.applicant.email or f"candidat n° {other.id}"
        for start, end in passages:
            spans.append(Span(start, end, "copy",
                              f"Passage identique à la réponse de {who} ({other.mission.title})"))
        copies.append(Copy(other.id, who, other.mission.title, similarity, relation, len(passages)))
    return copies, spans


def consistency_flags(row: CandidateRow) -> list[Flag]:
    """Consistency section: whether delivery time, steps and weekly hours agree."""
    flags: list[Flag] = []
    if row.consistent is False:
        flags.append(Flag("warn", "Réponses incohérentes entre elles",
                          " ; ".join(row.consistency_problems)
                          or "Délai, étapes et heures par semaine ne concordent pas."))
    elif row.consistent is True:
        flags.append(Flag("ok", "Délai, étapes et heures par semaine concordent"))
    return flags


def mission_term_spans(a: dict) -> list[Span]:
    """Mission terms section: the words proper to the posting."""
    return [Span(start, end, "term", "Terme propre à l'annonce")
            for start, end in _spans(a.get("mission_term_spans"))]


def unanswered_section(row: CandidateRow) -> tuple[list[int], list[Flag]]:
    """Reminder section: the questions left unanswered (numbers) and their flag."""
    flags: list[Flag] = []
    unanswered = [n for n, q in enumerate(QUESTIONS, 1) if not row.answers[q].answered]
    if unanswered:
        flags.append(Flag("warn", (f"Questions {join_fr(unanswered)} sans réponse" if len(unanswered) > 1
                                   else f"Question {unanswered[0]} sans réponse"),
                          "Le message de relance ci-dessous les repose, mot pour mot."))
    return unanswered, flags


def legend(spans: list[Span], body: str) -> list[tuple[str, str, int]]:
    """Legend section: (kind, label, count) of the highlight kinds shown on the page."""
    counts: dict[str, int] = {}
    for span in spans:
        if span.start < min(len(body), DISPLAY_LIMIT):
            counts[span.kind] = counts.get(span.kind, 0) + 1
    return [(kind, label, counts[kind]) for kind, label in KIND_LABELS.items() if counts.get(kind)]


def argument_passage(a: dict, body: str) -> str:
    """Argument section: the reply's answer to question 4, quoted."""
    argument_spans = _evidence(a, "q4")
    return quote(body, *argument_spans[0], limit=400) if argument_spans else ""
