"""PNG charts: real map and evening, odd names, and no pyplot state."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from PIL import Image

from etstats.publish.charts import map_chart, session_chart
from etstats.stats.session_summary import SessionSummary
from tests.publish.render.hostile import NAMES, renamed


def size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def test_map_chart_of_a_real_map(evening: SessionSummary) -> None:
    width, height = size(map_chart(evening.maps[0]))
    assert width == 900 and 250 <= height <= 600


def test_map_chart_without_round1(evening: SessionSummary) -> None:
    summary = evening.maps[0]
    everyone = summary.group_a + summary.group_b
    orphan = replace(summary, round1=None, winner=None, group_a=[], group_b=[], others=everyone)
    assert size(map_chart(orphan))[0] == 900


def test_session_chart_of_the_real_evening(evening: SessionSummary) -> None:
    width, height = size(session_chart(evening))
    assert width == 1100 and 250 <= height <= 600


def test_session_chart_with_no_maps(evening: SessionSummary) -> None:
    assert size(session_chart(replace(evening, maps=[], runs=[])))[0] == 1100


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES)
def test_odd_names_draw_without_warnings(evening: SessionSummary, name: str) -> None:
    summary = renamed(evening, lambda key: name + key[:2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        size(session_chart(summary))
        size(map_chart(summary.maps[0]))


def test_charts_never_touch_pyplot() -> None:
    code = "import sys; import etstats.publish.charts; assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_charts_of_thousands_of_players_stay_small(evening: SessionSummary) -> None:
    from etstats.publish.charts import CHART_ROWS

    template = evening.maps[0].group_a[0]
    crowd = [replace(template, key=f"K{n:05d}", guid=f"{n:08X}", display_name=f"player{n}") for n in range(3000)]
    summary = replace(evening.maps[0], group_a=crowd, group_b=[], others=[])
    chart = map_chart(summary)
    evening_chart = session_chart(replace(evening, players=crowd))
    assert size(chart)[1] <= 100 * (0.9 + 0.3 * CHART_ROWS) + 1
    assert size(evening_chart)[1] <= 100 * (0.9 + 0.3 * CHART_ROWS) + 1
    assert len(chart) < 1024 * 1024 and len(evening_chart) < 1024 * 1024
