"""Cost per completed task: pure Decimal arithmetic, rounded half-up to the cent, currency kept.

What counts is not the hourly rate but what one task actually done costs: the amount paid plus the
owner's own time (briefing, answering, correcting) at the owner's hourly value, divided by the tasks
completed at the quality needed. A trial with no completed task is a failure: its cost is infinite.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ACCEPTABLE_QUALITY = 3


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies cannot be added."""


def to_cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent (0.005 -> 0.01)."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __add__(self, other: "Money") -> "Money":
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} et {other.currency} ne s'additionnent pas.")
        return Money(self.amount + other.amount, self.currency)


@dataclass(frozen=True)
class TrialCost:
    """The cost of one trial: what was paid, the owner's time, and the cost per completed task."""

    paid: Money
    owner_time: Money  # minutes × hourly value, in cents; zero when the time could not be valued
    total: Money
    completed_tasks: int
    per_task: Money | None  # None: no task completed, a failure ("∞")
    time_counted: bool  # False when no hourly value is set, or it is in another currency

    @property
    def failed(self) -> bool:
        return self.per_task is None


def owner_time_cost(minutes: int, hourly_value: Money) -> Money:
    """What the owner's minutes are worth: minutes / 60 × hourly value, to the cent."""
    if minutes < 0:
        raise ValueError("Le temps passé ne peut pas être négatif.")
    return Money(to_cents(Decimal(minutes) * hourly_value.amount / Decimal(60)), hourly_value.currency)


def trial_cost(paid: Money, owner_minutes: int, completed_tasks: int,
               hourly_value: Money | None) -> TrialCost:
    """Cost of a trial and its cost per completed task (None when nothing was completed)."""
    if paid.amount < 0:
        raise ValueError("Le montant payé ne peut pas être négatif.")
    if completed_tasks < 0:
        raise ValueError("Le nombre de tâches accomplies ne peut pas être négatif.")
    counted = hourly_value is not None and hourly_value.currency == paid.currency
    time = (owner_time_cost(owner_minutes or 0, hourly_value) if counted
            else Money(Decimal("0.00"), paid.currency))
    total = Money(to_cents(paid.amount), paid.currency) + time
    per_task = Money(to_cents(total.amount / completed_tasks), paid.currency) if completed_tasks else None
    return TrialCost(paid=Money(to_cents(paid.amount), paid.currency), owner_time=time, total=total,
                     completed_tasks=completed_tasks, per_task=per_task, time_counted=counted)


def projected_cost(cost: TrialCost, tasks_in_mission: int | None) -> Money | None:
    """Expected cost of the whole mission at this trial's cost per completed task (None: failure)."""
    if cost.failed or not tasks_in_mission:
        return None
    # From the exact ratio, not the rounded cost per task, so that 20 tasks do not multiply a rounding.
    return Money(to_cents(cost.total.amount * tasks_in_mission / cost.completed_tasks), cost.total.currency)


def round_cost(costs: Sequence[TrialCost]) -> tuple[Money | None, Money | None]:
    """Whole round: total spent (failures included) and cost per task completed across the round."""
    if not costs:
        return None, None
    total = costs[0].total
    for cost in costs[1:]:
        total = total + cost.total
    done = sum(c.completed_tasks for c in costs)
    return total, (Money(to_cents(total.amount / done), total.currency) if done else None)


@dataclass(frozen=True)
class Ranked:
    """One finalist's place: `group` 0 = acceptable quality, 1 = quality too low, 2 = failure."""

    key: int
    quality: int | None
    cost: TrialCost | None
    group: int


def rank(entries: Sequence[tuple[int, int | None, TrialCost | None]]) -> list[Ranked]:
    """Order (key, quality, cost) entries: acceptable quality by cost per task then quality,
    then quality too low, then failures (no completed task, refused, cancelled: cost None)."""
    ranked = []
    for key, quality, cost in entries:
        if cost is None or cost.failed:
            group = 2
        elif quality is not None and quality >= ACCEPTABLE_QUALITY:
            group = 0
        else:
            group = 1
        ranked.append(Ranked(key, quality, cost, group))

    def sort_key(item: Ranked):
        per_task = item.cost.per_task.amount if item.cost and item.cost.per_task else Decimal("Infinity")
        quality = -(item.quality or 0)
        if item.group == 1:
            return (item.group, quality, per_task, item.key)
        return (item.group, per_task, quality, item.key)

    return sorted(ranked, key=sort_key)
