"""The trial chart's labels never overlap each other or the points, whatever the names and values."""
import re
from decimal import Decimal
from xml.etree import ElementTree

from screening.trials import chart

NS = {"s": "http://www.w3.org/2000/svg"}
CHAR_W = 6.8  # 12 px bold system font: measured widths are below this per character
LINE_H = 14


def _label_boxes(svg: str):
    root = ElementTree.fromstring(svg)
    boxes = []
    for text in root.iter("{http://www.w3.org/2000/svg}text"):
        if text.get("class") != "point-label":
            continue
        x, y, width = float(text.get("x")), float(text.get("y")), len(text.text) * CHAR_W
        left = x - width if text.get("text-anchor") == "end" else x
        boxes.append((text.text, (left, y - LINE_H + 3, left + width, y + 2)))
    return boxes


def _points(svg: str):
    return [(float(m.group(1)), float(m.group(2)))
            for m in re.finditer(r'<circle [^>]*cx="([\d.]+)" cy="([\d.]+)" r="7"', svg)]


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_neighbouring_finalists_with_long_names_do_not_overlap():
    svg = chart.build_chart([
        chart.ChartPoint("Marie-Christine Durand-Lefèvre", 3, Decimal("80"), "kept"),
        chart.ChartPoint("Jean-Baptiste Martin-Delacroix", 4, Decimal("82"), "backup"),
        chart.ChartPoint("Zoé Bernard", 3, Decimal("84")),
        chart.ChartPoint("Paul Petit", 4, Decimal("79")),
        chart.ChartPoint("Léa Roux", 5, Decimal("81")),
        chart.ChartPoint("Échec Total", 2, None),
        chart.ChartPoint("Autre Échec", 3, None),
    ], "EUR")
    labels = _label_boxes(svg)
    assert len(labels) == 7
    for i, (name, box) in enumerate(labels):
        assert 0 <= box[0] and box[2] <= chart.WIDTH, name  # inside the drawing
        for other_name, other in labels[i + 1:]:
            assert not _overlap(box, other), (name, other_name)
        for cx, cy in _points(svg):
            assert not _overlap(box, (cx - 7, cy - 7, cx + 7, cy + 7)), (name, cx, cy)
