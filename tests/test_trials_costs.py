"""Pure parts of the trials: cost arithmetic, the calendar file parsed back, the SVG chart."""
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from decimal import Decimal

import icalendar
import pytest

from screening.trials import calendar, chart, costs
from screening.trials.costs import Money

EUR = "EUR"


def eur(value) -> Money:
    return Money(Decimal(value), EUR)


def test_cost_per_task_adds_owner_time_at_hourly_value():
    cost = costs.trial_cost(eur("50"), owner_minutes=45, completed_tasks=1, hourly_value=eur("60"))
    assert cost.owner_time == eur("45.00")
    assert cost.total == eur("95.00")
    assert cost.per_task == eur("95.00")
    assert cost.time_counted and not cost.failed


def test_rounding_half_up_to_the_cent():
    # 10 min at 0.25/h = 0.041666… -> 0.04 ; 3 tasks for 100.00 -> 33.333… -> 33.33 ; 0.125 -> 0.13
    assert costs.owner_time_cost(10, eur("0.25")) == eur("0.04")
    assert costs.trial_cost(eur("100"), 0, 3, None).per_task == eur("33.33")
    assert costs.to_cents(Decimal("0.125")) == Decimal("0.13")
    assert costs.to_cents(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67
    assert costs.trial_cost(eur("0.01"), 0, 2, None).per_task == eur("0.01")  # 0.005 rounds up


def test_currency_is_kept_and_other_currency_time_not_added():
    cost = costs.trial_cost(Money(Decimal("80"), "USD"), 30, 1, Money(Decimal("60"), "USD"))
    assert cost.per_task == Money(Decimal("110.00"), "USD")
    mixed = costs.trial_cost(Money(Decimal("80"), "USD"), 30, 1, eur("60"))
    assert mixed.per_task == Money(Decimal("80.00"), "USD")
    assert not mixed.time_counted
    with pytest.raises(costs.CurrencyMismatch):
        eur("1") + Money(Decimal("1"), "USD")


def test_no_completed_task_is_a_failure_with_infinite_cost():
    cost = costs.trial_cost(eur("50"), 60, 0, eur("40"))
    assert cost.failed and cost.per_task is None
    assert cost.total == eur("90.00")  # what it cost is still counted
    assert costs.projected_cost(cost, 20) is None


def test_projection_uses_the_exact_ratio():
    cost = costs.trial_cost(eur("100"), 0, 3, None)  # 33.333… per task
    assert costs.projected_cost(cost, 20) == eur("666.67")  # not 33.33 × 20 = 666.60
    assert costs.projected_cost(costs.trial_cost(eur("40"), 30, 1, eur("50")), 20) == eur("1300.00")
    assert costs.projected_cost(cost, None) is None


def test_round_total_counts_failures():
    ok = costs.trial_cost(eur("50"), 30, 1, eur("60"))      # 80
    failed = costs.trial_cost(eur("50"), 90, 0, eur("60"))  # 140, nothing completed
    total, per_task = costs.round_cost([ok, failed])
    assert total == eur("220.00")
    assert per_task == eur("220.00")  # one task completed for the whole round
    assert costs.round_cost([failed]) == (eur("140.00"), None)
    assert costs.round_cost([]) == (None, None)


def test_negative_values_are_refused():
    with pytest.raises(ValueError):
        costs.trial_cost(eur("-1"), 0, 1, None)
    with pytest.raises(ValueError):
        costs.owner_time_cost(-5, eur("60"))


def test_ranking_cost_among_acceptable_then_low_quality_then_failures():
    cheap_good = costs.trial_cost(eur("60"), 0, 1, None)
    dear_excellent = costs.trial_cost(eur("90"), 0, 1, None)
    cheapest_but_poor = costs.trial_cost(eur("10"), 0, 1, None)
    same_cost_better = costs.trial_cost(eur("60"), 0, 1, None)
    failed = costs.trial_cost(eur("0"), 0, 0, None)
    ranked = costs.rank([(1, 4, cheap_good), (2, 5, dear_excellent), (3, 2, cheapest_but_poor),
                         (4, 5, same_cost_better), (5, None, None), (6, 5, failed)])
    assert [r.key for r in ranked] == [4, 1, 2, 3, 6, 5]
    assert [r.group for r in ranked] == [0, 0, 0, 1, 2, 2]


# --- Calendar -----------------------------------------------------------------------------------------

STAMP = datetime(2026, 3, 1, 8, 30, tzinfo=timezone.utc)


def _events(ics: bytes):
    parsed = icalendar.Calendar.from_ical(ics)
    return parsed, list(parsed.walk("VEVENT"))


def test_trial_calendar_parses_back_with_checkin_and_deadline():
    events = calendar.trial_milestones(7, "Marie Durand", "Saisie de cartes", date(2026, 3, 4),
                                       date(2026, 3, 8))
    ics = calendar.build_calendar("Essai de Marie Durand", events, STAMP)
    parsed, vevents = _events(ics)
    assert str(parsed["version"]) == "2.0" and "prodid" in parsed
    starts = {str(e["uid"]): e.decoded("dtstart") for e in vevents}
    assert starts == {"trial-7-checkin@screening": date(2026, 3, 4),
                      "trial-7-deadline@screening": date(2026, 3, 8)}
    summaries = [str(e["summary"]) for e in vevents]
    assert summaries[0].startswith("Point d'étape : essai de Marie Durand")
    assert summaries[1].startswith("Livraison de l'essai de Marie Durand")
    assert all(e.decoded("dtend") == e.decoded("dtstart").fromordinal(e.decoded("dtstart").toordinal() + 1)
               for e in vevents)
    assert all("dtstamp" in e for e in vevents)


def test_uids_are_stable_between_downloads():
    args = (3, "Paul", "Mission", date(2026, 1, 2), date(2026, 1, 5))
    first = calendar.build_calendar("x", calendar.trial_milestones(*args), STAMP)
    second = calendar.build_calendar("x", calendar.trial_milestones(*args), STAMP)
    assert first == second
    round_events = calendar.round_milestones(3, "Mission", ["Paul", "Marie"], date(2026, 1, 2),
                                             date(2026, 1, 5))
    _, vevents = _events(calendar.build_calendar("x", round_events, STAMP))
    assert [str(e["uid"]) for e in vevents] == ["round-3-checkin@screening", "round-3-deadline@screening"]
    assert "Paul, Marie" in str(vevents[0]["description"])


def test_hostile_names_are_escaped_in_the_calendar():
    hostile = "Eve;X-INJECT:1,\nEND:VEVENT\nBEGIN:VEVENT\\"
    events = calendar.trial_milestones(1, hostile, "Titre, avec; ponctuation", date(2026, 1, 2),
                                       date(2026, 1, 5))
    ics = calendar.build_calendar(hostile, events, STAMP)
    lines = ics.decode().split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 2 and lines.count("END:VEVENT") == 2
    assert not any(line.startswith("X-INJECT") for line in lines)
    _, vevents = _events(ics)
    assert len(vevents) == 2
    assert hostile in str(vevents[1]["summary"])
    assert "Titre, avec; ponctuation" in str(vevents[1]["summary"])


# --- Chart --------------------------------------------------------------------------------------------

def test_chart_is_valid_svg_with_one_point_per_finalist():
    svg = chart.build_chart([
        chart.ChartPoint("Marie", 4, Decimal("80"), "kept"),
        chart.ChartPoint("Paul", 3, Decimal("120.5"), "backup"),
        chart.ChartPoint("Zoé", 2, None),
    ], EUR)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    circles = root.findall(f"{ns}circle")
    assert len(circles) == 3
    assert {c.get("class") for c in circles} == {"point kept", "point backup", "point failed"}
    texts = "".join(t.text or "" for t in root.iter(f"{ns}text"))
    assert "Marie" in texts and "∞ échec" in texts
    assert "120,50" in root.find(f"{ns}desc").text


def test_chart_escapes_hostile_names():
    hostile = '<script>alert("x")</script>&"\''
    svg = chart.build_chart([chart.ChartPoint(hostile, 4, Decimal("10"))], EUR)
    assert "<script>" not in svg
    root = ET.fromstring(svg)  # still well-formed
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert hostile[:chart.MAX_LABEL - 1] + "…" in labels
    assert not re.search(r"<(?!/?(svg|title|desc|rect|line|text|circle)\b)", svg)


def test_empty_chart_is_still_valid():
    ET.fromstring(chart.build_chart([], "USD"))
