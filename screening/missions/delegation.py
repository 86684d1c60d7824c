"""The delegation check: is this task worth handing to a freelancer? Pure; warnings, never blocking."""
from dataclasses import dataclass


@dataclass(frozen=True)
class DelegationAnswers:
    is_key_activity: bool = False
    could_drop: bool = False
    could_automate: bool = False
    is_repetitive: bool = False
    is_support: bool = False
    is_weak_spot: bool = False
    is_dreaded: bool = False
    brief_minutes: int | None = None
    measured_minutes: int | None = None


@dataclass(frozen=True)
class Advice:
    level: str  # "warning" or "good"
    message: str


_TIMES = {2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit", 9: "neuf", 10: "dix"}


def how_much_more(brief: int, doing: int) -> str:
    """"autant", "plus", "deux fois plus"… (the whole number of times brief holds doing, from two on)."""
    if brief == doing:
        return "autant"
    times = brief // doing
    if times < 2:
        return "plus"
    return f"{_TIMES.get(times, str(times))} fois plus"


def check_delegation(answers: DelegationAnswers) -> list[Advice]:
    """Plain-French advice on whether the task is worth delegating."""
    advice = []
    if answers.is_key_activity:
        advice.append(Advice("warning", "C'est une activité clé de votre entreprise : ne la déléguez pas, "
                                        "gardez-la et déléguez plutôt ce qui la soutient."))
    if answers.could_drop:
        advice.append(Advice("warning", "Cette tâche pourrait être supprimée : "
                                        "éliminer vaut mieux que déléguer."))
    if answers.could_automate:
        advice.append(Advice("warning", "Cette tâche pourrait être automatisée : automatisez d'abord, "
                                        "déléguez ensuite ce qui reste."))
    brief, doing = answers.brief_minutes, answers.measured_minutes
    if brief is not None and doing is not None and doing > 0 and brief >= doing:
        more = how_much_more(brief, doing)
        advice.append(Advice("warning", f"Rédiger les consignes ({brief} min) prend {more} "
                                        f"de temps que faire la tâche vous-même ({doing} min) : "
                                        "déléguer ne vous fera rien gagner."))
    reasons = [label for flag, label in (
        (answers.is_repetitive, "répétitive"),
        (answers.is_support, "tâche de support"),
        (answers.is_weak_spot, "point faible pour vous"),
        (answers.is_dreaded, "tâche que vous redoutez"),
    ) if flag]
    if reasons and not answers.is_key_activity:
        advice.append(Advice("good", "Bonne candidate à la délégation (" + ", ".join(reasons) + ")."))
    return advice
