"""Subcontracting signs: an agency or a team doing the work, work handed to or resold to someone else.

Negated mentions ("sans sous-traitance", "pas d'agence"), a past agency job ("cinq ans en agence") and
an inclusive "nous" (the freelancer and the client together, alongside "je") are not signs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import lexicon as lx
from .text import Clean
from .types import Sign, Span

SUBCONTRACTING_THRESHOLD = 1.0

_NEGATION_RE = re.compile(r"(?:\b(?:sans|pas de|aucune?|ni|jamais|non|no|not|never|without|refuse|interdit)\b|\bpas d'"
                          r"|\bne\b[^.;\n]{0,30})\W{0,3}(?:\w+\W+){0,3}$")
_PAST_RE = re.compile(r"\b(?:j'ai (?:passe|travaille|ete|fait|occupe|dirige|pilote|quitte)|ancien(?:ne)?|auparavant"
                      r"|avant de|autrefois|precedemment|i (?:used to|worked|spent)|previously|formerly)\b")

_STAFF = (r"(?:collaborat(?:eur|rice)s|salarie(?:e)?s|employe(?:e)?s|operat(?:eur|rice)s|experts|specialistes"
          r"|consultants|designers|developpeurs|graphistes|redact(?:eur|rice)s|correct(?:eur|rice)s|traduct(?:eur|rice)s"
          r"|community managers|chefs? de projets?|assistant(?:e)?s|freelances|partenaires|sous-traitants|equipes"
          r"|stagiaires|agents|juniors|seniors|talents|ressources|prestataires|techniciens|integrat(?:eur|rice)s)")

_PERSON = (r"(?:(?:collaborat|sous-traitant|partenaire|prestataire|freelance|collegue|associe|developpeu|graphiste"
           r"|correct|redact|stagiaire|assistant|traduct|integrat|ami|amie|confrere|consoeur|equipe|expert"
           r"|specialiste|personne|tiers|agence|societe|entreprise|designer|photographe|monteu|webmaster|illustrat"
           r"|developer|freelancer|colleague|partner|assistant|contractor)\w*|" + lx.alternation(lx.words("HELPERS"), True) + ")")

# Someone close doing part of the work: "mon conjoint, graphiste, fera les visuels", "une amie relit mes
# traductions avant livraison", "ma sœur s'occupera des relances" (not "pour une amie": work done for her).
# Both start with a plain word (no look-behind), so that the regex engine skips quickly to candidates; the
# word boundary before, and "pour une amie", are checked on each match (_starts_clause).
_HELPER_RE = re.compile(
    r"(?:mon|ma|mes|un|une|my|mi|mia|mio|meu|minha|mein|meine|mijn)"
    r"\s+" + lx.alternation(lx.words("HELPERS"), True)
    + r"(?:\s*,[^,.;\n]{1,40},|\s*\([^)\n]{0,40}\)|\s+(?:qui|who|que|che))?\s+(?:\w+\s+){0,3}?"
    + lx.alternation(lx.words("HELPER_VERBS"), True))
# The work done through one's team: "grâce à mon équipe de transcripteurs".
_TEAM_VIA_RE = re.compile(lx.alternation(lx.words("TEAM_VIA"), True))
_FOR_BEFORE_RE = re.compile(r"(?:^|\W)(?:pour|for|para|per)\s+$")
# A group speaking about the work it does: "nous avons transcrit", "we will deliver".
_EXCLUSIVE_WE_RE = re.compile(r"(?<![\w'])" + lx.alternation(lx.words("EXCLUSIVE_WE"), True))
W_TEAM_WE = 0.4

# (code, weight, French label, pattern on lowercased, accent-folded text, whether a negation cancels it)
_RULES: tuple[tuple[str, float, str, re.Pattern[str], bool], ...] = tuple(
    (code, w, label, re.compile(p), neg) for code, w, label, p, neg in (
        ("subcontracting_stated", 1.0, "Le candidat dit sous-traiter ou externaliser tout ou partie du travail",
         r"\b(?:sous-trait\w*|sous trait\w*|externalis\w*|outsourc\w*|subcontract\w*|white[- ]label|marque blanche)",
         True),
        ("work_handed_over", 1.0, "Une partie du travail est confiée à une autre personne",
         r"\bje (?:le |la |les |lui |leur )?(?:confie|confierai|delegue|deleguerai|sous-traite|fais faire|ferai faire"
         r"|transmets|transmettrai|passe la main)\b[^.;\n]{0,80}?\b(?:a|par) (?:un|une|des|mon|ma|mes|notre|nos)"
         r"(?: \w+)? " + _PERSON
         + r"|\b(?:je |nous )?(?:fais|ferai|ferais|faisons|ferons) appel a (?:un|une|des|mon|ma|mes|notre|nos)(?: \w+)? "
         + _PERSON
         + r"|\b(?:un|une|mon|ma) " + _PERSON + r"(?: \w+)? (?:s'occupera|se chargera|fera|realisera|prendra en charge"
         r"|assurera|traitera)", True),
        ("work_assigned_to_staff", 1.0, "Le travail sera confié à un membre d'une équipe ou à un partenaire",
         r"\b(?:sera|seront|serait|est|sont) (?:confie|confiee|confies|confiees|realise|realisee|realises|realisees"
         r"|pris en charge|prise en charge|assure|assuree|effectue|effectuee|traite|traitee|gere|geree|attribue"
         r"|attribuee|affecte|affectee)\s+(?:a|par) (?:l'une? de nos|l'une? des|un de nos|une de nos|notre|nos"
         r"|un(?:e)? (?:de )?(?:nos|mes)|mon|ma|mes|un(?:e)? (?:collaborat|sous-traitant|partenaire|prestataire"
         r"|freelance|collegue|associe|developpeu|graphiste|correct|redact|stagiaire))", True),
        ("team_does_work", 1.0, "Une équipe, un associé ou un assistant fera une partie du travail",
         r"\b(?:(?:mon|notre) (?:equipe|associee?|collaborat(?:eur|rice)|assistante?|stagiaire|partenaire|binome)"
         r"(?: et moi)? (?:va|vont|allons|se charger\w*|s'occuper\w*|prendr\w* en charge|realiser\w*|gerer\w*"
         r"|assurer\w*|travailler\w*|fera|ferons|feront|interviendr\w*)"
         r"|avec (?:l'aide de )?(?:mon|notre) (?:equipe|associee?|assistante?|stagiaire)"
         r"|(?:my|our) (?:team|assistant|partner|colleague|staff)s? (?:will|would|is going to|are going to|can))\b", True),
        ("agency", 0.8, "La réponse vient d'une agence ou d'une société, pas d'un freelance",
         r"\b(?:notre agence|notre societe|notre entreprise|notre cabinet|notre studio|nous sommes une (?:agence|societe"
         r"|entreprise|equipe)|(?:est|sommes) (?:une|la meilleure|la premiere) (?:agence|societe|entreprise)"
         r"|l'agence [a-z]+|our agency|our company|we are an? (?:agency|company|team))\b", True),
        ("team", 0.6, "Une équipe ou du personnel fera le travail",
         r"\b(?:notre equipe|notre plateau|notre reseau|nos equipes|mon equipe|our team|our experts|our staff"
         r"|notre responsable|notre directeur|notre directrice|notre chef de projet|notre superviseur"
         r"|(?:nos|mes|l'un de nos|l'une de nos|un de nos|une de nos) " + _STAFF + r"|(?:nous|on) (?:affecte\w*|mobilis\w*)"
         r"|reseau de \d+ \w+|equipe de \d+)\b", True),
    ))
# (code, weight, label, pattern): the rules whose pattern starts with a plain word
_WORD_RULES = (
    ("helper_does_work", 1.0, "Un proche ou une autre personne fera une partie du travail", _HELPER_RE),
    ("team_via", 1.0, "Le travail passe par une équipe", _TEAM_VIA_RE),
)


def _starts_clause(folded: str, start: int) -> bool:
    """A match starts a word, and is not the person the work was done for ("pour une amie")."""
    if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] in "_'"):
        return False
    return not _FOR_BEFORE_RE.search(folded, max(0, start - 6), start)

_WE_RE = re.compile(r"\b(?:nous|notre|nos|we|our)\b")
_I_RE = re.compile(r"\b(?:je|j'|moi|mon|ma|mes|i|i'm|my|me)\b|\bj'")
_ORG_NAME_RE = re.compile(r"\b(?:agence|agency|services?|studio|sarl|sas|sasu|eurl|ltd|inc|llc|gmbh|group|groupe"
                          r"|team|equipe|solutions|consulting|& co|et co|associes)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SubcontractingResult:
    """The subcontracting signs of a reply and the decision."""

    signs: tuple[Sign, ...]
    score: float
    is_subcontracting: bool


def _negated(folded: str, start: int) -> bool:
    window = folded[max(0, start - 40):start]
    window = re.split(r"[.;!?\n]", window)[-1]
    return bool(_NEGATION_RE.search(window))


def _sentence(folded: str, start: int, end: int) -> str:
    left = max(folded.rfind(".", 0, start), folded.rfind("\n", 0, start)) + 1
    stops = [i for i in (folded.find(".", end), folded.find("\n", end)) if i >= 0]
    return folded[left:min(stops) if stops else len(folded)]


def subcontracting_signs(c: Clean, name: str = "") -> SubcontractingResult:
    """Signs that the work would be done, wholly or partly, by someone other than the applicant."""
    folded = c.folded
    signs: list[Sign] = []
    for code, weight, label, rx, cancel_on_negation in _RULES:
        spans = []
        for m in rx.finditer(folded):
            if cancel_on_negation and _negated(folded, m.start()):
                continue
            if code in ("agency", "team") and _PAST_RE.search(_sentence(folded, m.start(), m.end())):
                continue  # "j'ai travaillé cinq ans en agence": a past job, not who does this work
            spans.append(Span(*c.orig_span(m.start(), m.end())))
        if spans:
            signs.append(Sign(code, weight, label, tuple(spans[:10])))
    for code, weight, label, rx in _WORD_RULES:
        spans = []
        for m in rx.finditer(folded):
            if not _starts_clause(folded, m.start()) or _negated(folded, m.start()):
                continue
            if code == "team_via" and _PAST_RE.search(_sentence(folded, m.start(), m.end())):
                continue  # "j'ai dirigé mon équipe de six traducteurs": a past team
            spans.append(Span(*c.orig_span(m.start(), m.end())))
        if spans:
            signs.append(Sign(code, weight, label, tuple(spans[:10])))
    we = [m for m in _WE_RE.finditer(folded) if not _negated(folded, m.start())]
    if len(we) >= 2 and not _I_RE.search(folded):
        # only "nous", never "je": a company speaking (an inclusive "nous" comes with "je")
        signs.append(Sign("corporate_we", 0.4, "La réponse parle au nom d'une structure (« nous », jamais « je »)",
                          tuple(Span(*c.orig_span(m.start(), m.end())) for m in we[:10])))
    if any(s.code in ("team", "agency", "team_via") for s in signs):
        # a team was named, and the reply speaks as a group doing the work: "mon équipe … nous avons transcrit"
        we_work = [m for m in _EXCLUSIVE_WE_RE.finditer(folded) if not _negated(folded, m.start())]
        if we_work:
            signs.append(Sign("team_we", W_TEAM_WE, "La réponse parle du travail au nom d'un groupe (« nous »)",
                              tuple(Span(*c.orig_span(m.start(), m.end())) for m in we_work[:10])))
    if name and _ORG_NAME_RE.search(name):
        signs.append(Sign("organisation_name", 0.3, "Le nom de l'expéditeur est celui d'une structure", (),
                          details=(("name", name[:100]),)))
    score = round(sum(s.weight for s in signs), 3)
    is_sub = score >= SUBCONTRACTING_THRESHOLD - 1e-9
    if not is_sub:  # "mon équipe" alone: shown, as a weak sign that did not change the score
        signs = [replace(s, counted=False) for s in signs]
    return SubcontractingResult(tuple(signs), score, is_sub)
