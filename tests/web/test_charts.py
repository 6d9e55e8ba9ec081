"""The server-drawn SVG charts: well-formed, inside their view box, text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

from etstats.web.charts import WIDTH, Bar, FormPoint, bar_chart, form_chart, nice_ceiling, rolling_mean

SVG = "{http://www.w3.org/2000/svg}"


def _points(values: list[float | None]) -> list[FormPoint]:
    start = datetime(2025, 10, 1, 21, 0)
    return [FormPoint(start + timedelta(days=i), "supply", v) for i, v in enumerate(values)]


def test_nice_ceiling_rounds_up_to_a_readable_axis() -> None:
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 230, 501, 1000)] == [1.0, 1, 5, 10, 250, 1000, 1000]


def test_rolling_mean_skips_unknown_values() -> None:
    assert rolling_mean([100, None, 300, 500], 2) == [100, 100, 300, 400]
    assert rolling_mean([None, None], 3) == [None, None]


def test_form_chart_draws_a_dot_per_known_map_and_the_trend() -> None:
    svg = ET.fromstring(form_chart(_points([200, 250, None, 300, 410])))
    assert svg.get("viewBox") == f"0 0 {WIDTH} 200"
    dots = svg.findall(f"{SVG}circle")
    assert len(dots) == 4
    for dot in dots:
        assert 0 <= float(dot.get("cx", "-1")) <= WIDTH and 0 <= float(dot.get("cy", "-1")) <= 200
    highest = min(dots, key=lambda d: float(d.get("cy", "0")))
    assert "410 DPM" in (highest.findtext(f"{SVG}title") or "")
    assert svg.find(f"{SVG}polyline") is not None
    labels = [t.text for t in svg.findall(f"{SVG}text")]
    assert "500" in labels and "2025-10-01" in labels and "2025-10-05" in labels


def test_bar_chart_escapes_labels_and_scales_to_the_largest() -> None:
    bars = [Bar("<script>&", 300.0), Bar("vid", 150.0)]
    text = bar_chart(bars, title="DPM")
    assert "<script>" not in text and "&lt;script&gt;&amp;" in text
    svg = ET.fromstring(text)
    widths = [float(r.get("width", "0")) for r in svg.findall(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1]
    assert max(widths) + 120 <= WIDTH
