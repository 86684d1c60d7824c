"""Template signs: what makes a reply look canned rather than written for this mission.

Each sign has a weight and its evidence (offsets into the original text, or the other reply it
repeats). A reply is a template when the weights add up to TEMPLATE_THRESHOLD: a placeholder left
unfilled or a copy of another reply is enough on its own; stock phrases, no reference to the mission,
the questions ignored and a long reply sent minutes after publication only count together.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .text import WORD_RE, Clean, fold
from .types import QUESTION_WORDINGS, Match, Sign, Span

TEMPLATE_THRESHOLD = 1.0
W_PLACEHOLDER = 1.0
W_DUPLICATE = 1.0
W_STOCK_PHRASE = 0.25
W_STOCK_MAX = 0.75
W_NO_MISSION_REFERENCE = 0.6
W_WEAK_MISSION_REFERENCE = 0.2
W_QUESTIONS_IGNORED = 0.4
W_VERY_SHORT = 0.2
W_FAST = 0.25
W_FAST_LONG = 0.4
W_QUESTIONS_ECHOED = 0.4
VERY_SHORT_WORDS = 15
FAST_MINUTES = 5.0
FAST_MIN_WORDS = 40
FAST_LONG_WORDS = 120

def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b" + pattern.replace(" ", r"\s+") + r"\b")


# Stock phrases, matched on lowercased, accent-folded text. French, English, Spanish, Italian, Portuguese.
STOCK_PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((label, _rx(p)) for label, p in (
    ("la personne idéale", r"(?:je suis|i am|i'm) (?:la|le|the) (?:personne|candidat|candidate|profil|prestataire|"
                           r"freelance|person|candidate) (?:ideale?|parfaite?|qu'il vous faut|ideal|perfect|right)"),
    ("candidat idéal", r"(?:candidat|candidate|personne|profil|candidato|candidata|persona|pessoa) "
                       r"(?:ideale?|parfaite?|ideal) (?:pour|for|para|per) (?:votre|ce|cette|this|your|este|su|il)"),
    ("satisfaction priorité", r"satisf[a-z]* (?:client |du client )?(?:est|is|es) (?:ma|notre|my|our|mi|nuestra) "
                              r"(?:premiere |principale |seule |first |top |main |number one )?(?:priorite|priority|prioridad)"),
    ("révisions illimitées", r"(?:revisions?|modifications|retouches|revisiones|revisioni|revisoes) "
                             r"(?:illimitees|unlimited|ilimitadas|illimitate)|unlimited revisions?"
                             r"|autant de modifications que necessaire"),
    ("n'hésitez pas", r"n'hesitez (?:surtout )?pas a (?:[^.!?\n]{0,40} )?(?:me|nous) (?:contacter|solliciter|ecrire)"),
    ("dans l'attente de votre retour", r"dans l'attente de (?:votre|vous) (?:retour|reponse|lire)"),
    ("à votre disposition", r"je reste a votre (?:entiere )?disposition"),
    ("au plaisir d'échanger", r"au plaisir (?:d'echanger|de collaborer|de travailler|de vous lire)"),
    ("j'ai lu votre annonce", r"j'ai (?:bien )?(?:lu|pris connaissance de) (?:avec (?:attention|interet) )?"
                              r"votre (?:annonce|mission|offre|projet|demande)"),
    ("intéressé par votre annonce", r"(?:tres |vivement )?interessee? par votre (?:annonce|offre|projet|mission)"
                                    r"|votre (?:annonce|offre) m'interesse"),
    ("disponible immédiatement", r"disponible (?:immediatement|des maintenant|de suite)|dispo de suite"),
    ("dans les meilleurs délais", r"dans les meilleurs delais|dans les delais (?:convenus|impartis)"
                                  r"|(?:livre|livree|livres) dans les delais|respect des delais"),
    ("travail de qualité", r"travail (?:de qualite|soigne|professionnel)|qualite professionnelle"
                           r"|resultat de qualite|trabajo de alta calidad|lavoro di (?:alta )?qualita"),
    ("tarifs", r"tarifs (?:sont )?(?:tres )?competitifs|tarifs sur demande|a tous les budgets|a votre budget"),
    ("qualités génériques", r"(?:serieux|serieuse|rigoureux|rigoureuse|motive|motivee|rapide|dynamique|reactif|"
                            r"reactive|passionne|passionnee)(?:,| et) (?:tres )?(?:serieux|serieuse|rigoureux|"
                            r"rigoureuse|motive|motivee|dynamique|reactif|reactive|creatif|creative|organise|organisee)"),
    ("je vous garantis", r"je vous garantis (?:un|une) (?:travail|texte|resultat|prestation)"),
    ("années d'expérience", r"fort(?:e)? de (?:plus de )?(?:\d+|plusieurs|nombreuses) (?:ans|annees) d'experience"
                            r"|\d+\+? (?:years|yrs) of experience|(?:plus de|more than) \d+ (?:ans|years) "
                            r"(?:d'experience|of experience) (?:dans|in) (?:des|de nombreux|many|various)"),
    ("au service", r"je mets (?:ma|mon|mes) [^.!?\n]{0,60}(?:a votre service|au service de)"),
    ("formules creuses", r"donner vie a vos (?:idees|projets)|entiere satisfaction|contribuer a votre reussite"
                         r"|a la hauteur de vos attentes|depasser vos attentes|je m'adapte a vos contraintes"
                         r"|booster votre \w+|federer votre communaute|force de proposition|consulter mon profil"),
    ("cela dépend", r"(?:cela|ca|tout) depend (?:de votre|du|des|de vos) (?:projet|besoins?)|selon vos besoins"
                    r"|nous (?:en discuterons|pourrons en (?:parler|discuter)) ensemble|autant que necessaire"),
    ("dear sir/madam", r"dear (?:sir/madam|sir or madam|sir|madam|hiring manager|client)|to whom it may concern"
                       r"|(?:hello|hi) dear"
                       r"|estimado cliente|gentile cliente|prezado cliente"),
    ("read your description", r"i have (?:carefully |thoroughly )?(?:read|gone through|reviewed) your "
                              r"(?:job )?(?:description|posting|post|proposal|requirements)"
                              r"|he leido (?:atentamente |detenidamente )?su (?:propuesta|anuncio|oferta|proyecto)"),
    ("best candidate", r"i am (?:confident|sure|certain) (?:that )?i am the (?:best|perfect|ideal|right)"
                       r"|(?:best|perfect|ideal|right) (?:candidate|fit|person) for (?:this|your) "
                       r"(?:job|project|task|position)"),
    ("available 24/7", r"available 24/7"),
    ("contact me", r"(?:message|contact|ping|inbox) me (?:so we can|to discuss|for (?:more|further))"
                   r"|waiting for your (?:positive )?(?:response|reply)"
                   r"|(?:i look|looking) forward to (?:working|hearing)|let'?s discuss (?:your|the) project"
                   r"|quedo (?:atento|atenta) a su respuesta|resto in attesa"),
    ("portfolio on profile", r"check (?:out )?my (?:portfolio|profile|reviews)"),
    ("happy clients", r"\d+\+ (?:happy |satisfied )?clients|100% (?:client |customer )?(?:accurate|accuracy|satisfaction)"
                      r"|(?:happy|satisfied) clients worldwide|completed (?:more than |over )?\d+\+? projects"),
    ("generic pitch", r"i will (?:do|complete|deliver) your (?:work|task|job|project)|within (?:your|the) deadline"
                      r"|(?:boost|increase|grow) your (?:sales|engagement|followers|business|visibility)"
                      r"|certified (?:\w+ )?expert|high[- ]quality (?:work|content|results)"),
))

# One scan for all of them: at each word start, zero-width lookaheads (so overlapping phrases are all seen).
_STOCK_SCAN = re.compile(r"(?=\b\w)(?:" + "|".join(f"(?=(?P<g{i}>{rx.pattern[2:]}))"
                                                    for i, (_, rx) in enumerate(STOCK_PHRASES)) + ")")

# Unfilled placeholders, on the original-case text.
_PLACEHOLDER_RE = re.compile(
    r"\[\s*(?:[A-ZÀ-Ý0-9][A-ZÀ-Ý0-9 _'/.-]{0,40}|\.\.\.|…)\s*\](?!\()"
    r"|\[[^\[\]\n]{0,40}\b(?i:nom|name|client|projet|project|mission|titre|title|prénom|prenom|entreprise|"
    r"company|montant|insérer|inserer|insert|nombre|number)\b[^\[\]\n]{0,40}\](?!\()"
    r"|\{\{?\s*[A-Za-zÀ-ÿ_][\w .-]{0,30}\}\}?"
    r"|%[A-Z_]{2,}%"
    r"|<<?\s*(?:NOM|NAME|CLIENT|PROJET|PROJECT|PRENOM|PRÉNOM)[^<>]{0,30}>>?"
    r"|\bX{1,3}\s+(?:jours|heures|semaines|days|hours|weeks|ans|years|euros)\b"
)
# Every placeholder has one of these characters (a quick test before the scan).
_PLACEHOLDER_CHARS = "[{%<X"

# Words too common in postings to show that a reply is about this mission.
_GENERIC = frozenset(fold(w) for w in """
mission missions projet projets travail travailler client clients objectif objectifs livrable livrables attendu
attendue merci repondre reponse reponses francais francaise question questions realiser realisee realise personne
personnes semaine semaines heure heures temps jour jours mois besoin souhaite cherche cherchons voulons veux nous
notre nos votre vous avec pour dans sans plus tous toute toutes tout chaque entre etre avoir faire fait cette
ces elle elles ils sont est une des les aux par sur qui que quoi dont mais donc puis ainsi aussi tres bien avons
avez peut doit doivent deux trois quatre cinq dix premier premiere ensuite possibilite pouvons pourrons encore enfin
environ partir depuis annee ceci cela chez leur leurs mon mes moi lui vos quelques petit petite simple complet
complete suivantes suivants fournissons fournies fournis fourni sous avant apres afin comme autre autres meme memes
uniquement directement intermediaire agence sous-traitance traitance tiers confier freelance professionnel
professionnels professionnelle qualite service services experience disponible pas ligne lignes format possible
cours veut faut part parfois cette installee installe enfin bonjour mettre place mise prendre version equivalent
modifier pourrons fournit travaux ideal idee idees contenu contenus presente presenter creer rediger programmer
""".split())


_TOKEN_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=512)
def mission_vocabulary(mission_text: str) -> frozenset[str]:
    """Stems of the words (and multi-digit numbers) that are specific to a mission text."""
    stems = {s for s in map(_stem, _TOKEN_RE.findall(mission_text)) if s}
    return frozenset(stems - _QUESTION_STEMS)


@lru_cache(maxsize=100_000)
def _stem(token: str) -> str | None:
    if token.isdigit():
        return token if len(token) >= 2 else None
    if not token.isalpha():
        return None
    f = fold(token)
    if len(f) < 4 or f in _GENERIC:
        return None
    return f[:6]


# The start of each mandatory question (6 words), as it appears when a reply copies it.
_QUESTION_ECHO = tuple(re.compile(r"\W+".join(re.escape(w) for w in fold(q).replace("'", " ").split()[:6])
                                  .replace(r"\ ", " ")) for q in QUESTION_WORDINGS)

# Words of the four mandatory questions: echoing a question is no reference to the mission.
_QUESTION_STEMS = frozenset(s for q in QUESTION_WORDINGS for s in map(_stem, _TOKEN_RE.findall(q)) if s)


@dataclass(frozen=True)
class TemplateResult:
    """The template signs of a reply and the decision."""

    signs: tuple[Sign, ...]
    score: float
    is_template: bool
    mission_terms: int
    mission_spans: tuple[Span, ...]


def mission_references(c: Clean, mission_text: str) -> tuple[int, tuple[Span, ...]]:
    """Distinct mission-specific terms used by the reply, and where (first use of each)."""
    vocab = mission_vocabulary(mission_text)
    plain = c.plain
    # Stem each distinct word once; then walk the words only up to the first use of the last term.
    terms = {t for t in set(_TOKEN_RE.findall(plain)) if _stem(t) in vocab}
    wanted = len({_stem(t) for t in terms})
    seen: dict[str, Span] = {}
    if wanted:
        for m in _TOKEN_RE.finditer(plain):
            t = m.group()
            if t in terms:
                s = _stem(t)
                if s not in seen:
                    seen[s] = Span(*c.orig_span(m.start(), m.end()))
                    if len(seen) == wanted:
                        break
    spans = tuple(sorted(seen.values(), key=lambda sp: sp.start))
    return len(seen), spans


def _stock_signs(c: Clean) -> Sign | None:
    first: dict[int, tuple[int, int]] = {}
    for m in _STOCK_SCAN.finditer(c.folded):
        i = int(m.lastgroup[1:])
        if i not in first:
            first[i] = m.span(m.lastgroup)
    labels = [STOCK_PHRASES[i][0] for i in first]
    spans = [Span(*c.orig_span(*first[i])) for i in first]
    if not spans:
        return None
    weight = min(W_STOCK_MAX, W_STOCK_PHRASE * len(spans))
    order = sorted(range(len(spans)), key=lambda i: spans[i].start)
    return Sign("stock_phrases", weight,
                f"Formules toutes faites, valables pour n'importe quelle annonce ({len(spans)})",
                tuple(spans[i] for i in order), details=(("phrases", tuple(labels[i] for i in order)),))


_RELATION_SIGNS = {
    "same_mission": ("duplicate_same_mission",
                     "Texte identique ou presque à celui d'une autre réponse à cette mission"),
    "same_applicant": ("duplicate_same_applicant",
                       "Le même candidat a envoyé ce texte, ou presque, à une autre mission"),
    "other_applicant": ("duplicate_other_applicant",
                        "Texte identique ou presque à celui d'un autre candidat, sur une autre mission"),
}


def template_signs(c: Clean, mission_text: str, *, words: int, answered_count: int | None,
                   matches: Iterable[Match] = (), minutes_after: float | None = None) -> TemplateResult:
    """All template signs of a cleaned reply, their total weight and the decision."""
    signs: list[Sign] = []
    whole = (Span(0, c.analysed_chars),)
    holes = [Span(*c.orig_span(m.start(), m.end())) for m in _PLACEHOLDER_RE.finditer(c.text)] \
        if any(ch in c.text for ch in _PLACEHOLDER_CHARS) else []
    if holes:
        signs.append(Sign("placeholder", W_PLACEHOLDER, "Champ à remplir laissé tel quel dans un modèle",
                          tuple(holes[:10])))
    by_relation: dict[str, list[Match]] = {}
    for match in matches:
        by_relation.setdefault(match.relation, []).append(match)
    for relation, found in by_relation.items():
        code, label = _RELATION_SIGNS[relation]
        signs.append(Sign(code, W_DUPLICATE, label, matches=tuple(found)))
    stock = _stock_signs(c)
    if stock:
        signs.append(stock)
    terms, spans = mission_references(c, mission_text)
    if terms == 0 and words > 0:
        signs.append(Sign("no_mission_reference", W_NO_MISSION_REFERENCE,
                          "Rien dans la réponse ne se rapporte à cette mission", whole))
    elif terms == 1:  # one keyword of the title echoed, e.g. "votre projet de logo"
        signs.append(Sign("weak_mission_reference", W_WEAK_MISSION_REFERENCE,
                          "Un seul mot se rapporte à cette mission", spans))
    if answered_count == 0 and words > 0:
        signs.append(Sign("questions_ignored", W_QUESTIONS_IGNORED,
                          "Aucune des quatre questions de l'annonce n'a de réponse", whole))
    if 0 < words < VERY_SHORT_WORDS:
        signs.append(Sign("very_short", W_VERY_SHORT, f"Réponse très courte ({words} mots)", whole,
                          details=(("words", words),)))
    if answered_count == 0:
        found = sorted(m.span() for rx in _QUESTION_ECHO for m in rx.finditer(c.folded))
        # The current and the former wording of q3 overlap on one quoted question: count it once.
        kept = [span for i, span in enumerate(found) if i == 0 or span[0] >= found[i - 1][1]]
        echoed = [Span(*c.orig_span(*span)) for span in kept]
        if len(echoed) >= 2:
            signs.append(Sign("questions_echoed", W_QUESTIONS_ECHOED,
                              "Les questions sont recopiées, mais sans vraie réponse", tuple(echoed)))
    if minutes_after is not None and 0 <= minutes_after <= FAST_MINUTES and words >= FAST_MIN_WORDS:
        # typing this much while reading the posting is unlikely, the longer the less; not decisive alone
        long_ = words >= FAST_LONG_WORDS
        signs.append(Sign("fast_long_reply" if long_ else "fast_reply", W_FAST_LONG if long_ else W_FAST,
                          f"Réponse de {words} mots reçue {minutes_after:.0f} min après la publication",
                          whole, details=(("minutes_after_publication", round(minutes_after, 1)),
                                          ("words", words))))
    score = round(sum(s.weight for s in signs), 3)
    return TemplateResult(tuple(signs), score, score >= TEMPLATE_THRESHOLD - 1e-9, terms, spans)


def word_count(c: Clean) -> int:
    """Number of words in the analysed text (markup, links and formulas left out)."""
    return len(WORD_RE.findall(c.plain))
