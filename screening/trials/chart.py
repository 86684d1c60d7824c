"""A small SVG chart of cost per completed task against quality. Pure: a string out, every text escaped."""
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from screening.missions.posting import format_money
from screening.trials.costs import ACCEPTABLE_QUALITY

WIDTH, HEIGHT = 600, 340
LEFT, RIGHT, TOP, BOTTOM = 78, 24, 44, 52
FAIL_BAND = 26  # the strip at the top where failures ("∞") are drawn
LABEL_CHAR_W = 7.2  # a generous width of one character of a 12 px bold label
LABEL_H = 15
MAX_LABEL = 22


@dataclass(frozen=True)
class ChartPoint:
    label: str
    quality: int | None
    per_task: Decimal | None  # None: failure
    role: str = ""  # "kept", "backup" or ""


def _nice_ceiling(value: Decimal) -> Decimal:
    """A round axis maximum above `value` (1, 2, 2.5 or 5 × a power of ten)."""
    if value <= 0:
        return Decimal(10)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= magnitude * step:
            return magnitude * step
    return magnitude * 10


def _text(x, y, content, cls="", anchor="start") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"'
            + (f' class="{cls}"' if cls else "") + f">{escape(content)}</text>")


def _label_box(x: float, baseline: float, width: float, anchor: str) -> tuple[float, float, float, float]:
    left = x - width if anchor == "end" else x
    return (left, baseline - LABEL_H + 3, left + width, baseline + 3)


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_label(x: float, y: float, width: float, taken) -> tuple[float, float, str]:
    """Beside its point, right (or left) of it, moved down or up a line at a time until it hits nothing."""
    sides = [("start", 12), ("end", -12)]
    if x + 12 + width > WIDTH - 2:
        sides.reverse()
    for step in range(0, 12):
        for dy in ((0,) if step == 0 else (step * LABEL_H, -step * LABEL_H)):
            for anchor, dx in sides:
                box = _label_box(x + dx, y + 4 + dy, width, anchor)
                inside = box[0] >= 2 and box[2] <= WIDTH - 2 and box[1] >= 2 and box[3] <= HEIGHT - 2
                if inside and not any(_overlaps(box, other) for other in taken):
                    return x + dx, y + 4 + dy, anchor
    return x + sides[0][1], y + 4, sides[0][0]  # crowded beyond reason: the tooltip still names the point


def build_chart(points: Sequence[ChartPoint], currency: str) -> str:
    """SVG of each finalist's cost per completed task (y) against quality 1–5 (x); failures on top."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    plotted = [p for p in points if p.quality is not None]
    costs = [p.per_task for p in plotted if p.per_task is not None]
    top = _nice_ceiling(max(costs) * Decimal("1.1")) if costs else Decimal(10)

    def x_of(quality: int) -> float:
        return LEFT + (quality - 0.5) / 5 * plot_w

    def y_of(cost: Decimal) -> float:
        return TOP + FAIL_BAND + (1 - float(cost / top)) * (plot_h - FAIL_BAND)

    summary = "; ".join(
        f"{p.label} : qualité {p.quality if p.quality is not None else '—'}/5, "
        + (format_money(p.per_task, currency) if p.per_task is not None else "échec") for p in points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trial-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape("Coût par tâche accomplie selon la qualité")}</title>',
        f'<desc id="chart-desc">{escape(summary)}</desc>',
        # The acceptable zone: quality 3 and above.
        f'<rect class="zone-ok" x="{x_of(ACCEPTABLE_QUALITY) - plot_w / 10:.1f}" y="{TOP}" '
        f'width="{plot_w * (6 - ACCEPTABLE_QUALITY) / 5:.1f}" height="{plot_h}"/>',
        _text(LEFT + plot_w - 4, TOP - 8, "qualité acceptable →", "zone-label", "end"),
        f'<rect class="fail-band" x="{LEFT}" y="{TOP}" width="{plot_w}" height="{FAIL_BAND}"/>',
        _text(LEFT - 8, TOP + FAIL_BAND / 2 + 4, "∞ échec", "axis", "end"),
    ]
    for i in range(5):
        value = top * i / 4
        y = y_of(value)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}"/>')
        parts.append(_text(LEFT - 8, y + 4, format_money(value, currency), "axis", "end"))
    for quality in range(1, 6):
        parts.append(_text(x_of(quality), TOP + plot_h + 20, str(quality), "axis", "middle"))
    parts.append(_text(LEFT + plot_w / 2, HEIGHT - 8, "Qualité (1 à 5, selon les critères)", "axis-title",
                       "middle"))
    parts.append(f'<text class="axis-title" transform="translate(16 {TOP + plot_h / 2:.1f}) rotate(-90)" '
                 f'text-anchor="middle">{escape("Coût par tâche accomplie")}</text>')
    bottom = TOP + plot_h
    parts.append(f'<line class="axis-line" x1="{LEFT}" y1="{bottom}" x2="{LEFT + plot_w}" y2="{bottom}"/>')
    parts.append(f'<line class="axis-line" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>')

    centres = [(x_of(p.quality), TOP + FAIL_BAND / 2 if p.per_task is None else y_of(p.per_task))
               for p in plotted]
    # Every point's disc is an obstacle for the labels; each label placed becomes one too.
    taken: list[tuple[float, float, float, float]] = [(x - 8, y - 8, x + 8, y + 8) for x, y in centres]
    for point, (x, y) in zip(plotted, centres, strict=True):
        cls = "point " + (point.role or ("failed" if point.per_task is None else "plain"))
        value = "échec" if point.per_task is None else format_money(point.per_task, currency)
        parts.append(f'<circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="7">'
                     f'<title>{escape(f"{point.label} — {value}")}</title></circle>')
        label = point.label if len(point.label) <= MAX_LABEL else point.label[:MAX_LABEL - 1] + "…"
        lx, ly, anchor = _place_label(x, y, len(label) * LABEL_CHAR_W, taken)
        taken.append(_label_box(lx, ly, len(label) * LABEL_CHAR_W, anchor))
        parts.append(_text(lx, ly, label, "point-label", anchor))
    parts.append("</svg>")
    return "\n".join(parts)
