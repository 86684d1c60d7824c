"""Generate the French posting of a mission. Pure: plain values in, text out."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# The four mandatory questions, verbatim from DESIGN.md, defined once in the scoring core (which reads the
# replies to them). They are always asked first, in this order.
from screening.scoring.types import MANDATORY_QUESTIONS  # noqa: E402  (re-exported for the web app)

FRENCH_REQUIREMENT = "Merci de répondre en français : une réponse dans une autre langue ne sera pas étudiée."
SUBCONTRACTING_BAN = (
    "La sous-traitance est interdite sans notre accord écrit préalable : la mission doit être "
    "réalisée par vous-même."
)
ANSWER_IN_ORDER = "Merci de répondre à chacune de ces questions, dans l'ordre, en les numérotant :"
PAID_TRIAL = (
    "Les candidats présélectionnés réaliseront un court essai payant, dans des conditions réelles, "
    "avant le choix final."
)
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "CAD": "$ CA", "XOF": "FCFA"}


@dataclass(frozen=True)
class PostingBrief:
    """What the posting needs from a mission."""

    title: str
    objective: str = ""
    context: str = ""
    deliverable: str = ""
    procedure: str = ""
    resources: str = ""
    examples: str = ""
    deadline: date | None = None
    budget_amount: Decimal | None = None
    budget_currency: str = "EUR"
    budget_max: Decimal | None = None
    budget_unit: str = "mission"
    paid_trial: bool = False
    custom_questions: tuple[str, ...] = field(default_factory=tuple)


def french_date(value: date) -> str:
    """5 octobre 2026 (1er for the first day of the month)."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def format_money(amount: Decimal, currency: str) -> str:
    """1 234,50 € — French grouping and decimal comma."""
    quantized = Decimal(amount).quantize(Decimal("0.01"))
    whole, _, cents = f"{quantized:,.2f}".partition(".")
    whole = whole.replace(",", "\u202f")
    text = whole if cents == "00" else f"{whole},{cents}"
    return f"{text} {CURRENCY_SYMBOLS.get(currency, currency)}"


def questions_for(custom_questions) -> tuple[str, ...]:
    """The four mandatory questions first, then the owner's own (blank and repeated ones dropped)."""
    extra = []
    seen = {q.casefold() for q in MANDATORY_QUESTIONS}
    for question in custom_questions or ():
        text = " ".join(str(question).split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            extra.append(text)
    return MANDATORY_QUESTIONS + tuple(extra)


def _clean(text: str) -> str:
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def _sections(brief: PostingBrief) -> list[tuple[str, str]]:
    sections = []
    for heading, value in (
        ("Objectif", brief.objective),
        ("Contexte", brief.context),
        ("Livrable attendu", brief.deliverable),
        ("Déroulé de la tâche", brief.procedure),
        ("Ressources à consulter", brief.resources),
        ("Exemples de livrables", brief.examples),
    ):
        if _clean(value):
            sections.append((heading, _clean(value)))
    return sections


def _conditions(brief: PostingBrief) -> list[str]:
    items = []
    if brief.budget_amount is not None:
        from screening.missions.budget import format_budget  # budget imports this module
        items.append("Budget : " + format_budget(brief.budget_amount, brief.budget_max, brief.budget_unit,
                                                 brief.budget_currency))
    if brief.deadline is not None:
        items.append(f"Date limite de livraison : {french_date(brief.deadline)}")
    if brief.paid_trial:
        items.append(PAID_TRIAL)
    items.append(SUBCONTRACTING_BAN)
    return items


def generate_posting(brief: PostingBrief) -> tuple[str, str]:
    """Return the posting as (plain text, Markdown), always with the four questions verbatim."""
    title = " ".join((brief.title or "").split()) or "Mission"
    questions = questions_for(brief.custom_questions)
    conditions = _conditions(brief)
    sections = _sections(brief)

    plain = [title, "=" * min(len(title), 60), ""]
    md = [f"# {_md_escape(title)}", ""]
    for heading, value in sections:
        plain += [heading, value, ""]
        md += [f"## {heading}", "", _md_block(value), ""]
    plain += ["Conditions"] + [f"- {item}" for item in conditions] + [""]
    md += ["## Conditions", ""] + [f"- {_md_escape(item)}" for item in conditions] + [""]
    plain += ["Questions", ANSWER_IN_ORDER]
    md += ["## Questions", "", ANSWER_IN_ORDER, ""]
    for number, question in enumerate(questions, start=1):
        plain.append(f"{number}. {question}")
        md.append(f"{number}. {_md_escape(question)}")
    plain += ["", FRENCH_REQUIREMENT]
    md += ["", f"**{FRENCH_REQUIREMENT}**"]
    return "\n".join(plain).strip() + "\n", "\n".join(md).strip() + "\n"


def _md_escape(text: str) -> str:
    """Escape the characters that would change the Markdown's structure (not the wording)."""
    out = []
    for char in text:
        if char in "\\`*_[]<>#|":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _md_block(text: str) -> str:
    """Keep the owner's line breaks (two trailing spaces) while escaping Markdown syntax."""
    return "  \n".join(_md_escape(line) for line in text.split("\n"))
