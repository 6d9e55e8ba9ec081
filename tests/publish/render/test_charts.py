"""PNG charts: real map and evening, odd names, and no pyplot state."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from PIL import Image
from sqlalchemy import Engine

from etstats.publish.charts import compare_chart, map_chart, session_chart
from etstats.stats.session_summary import SessionSummary
from etstats.store.compare_queries import compare
from etstats.store.player_queries import find_players
from tests.publish.render.hostile import NAMES, renamed


def size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        return image.size


PHONE_CHART_WIDTH = 500
"""Shown about 360 pixels wide on a phone: the type is drawn large enough for that."""


def test_map_chart_of_a_real_map_is_narrow_and_tall(evening: SessionSummary) -> None:
    width, height = size(map_chart(evening.maps[0]))
    assert width == PHONE_CHART_WIDTH and height > width


def test_map_chart_without_round1(evening: SessionSummary) -> None:
    summary = evening.maps[0]
    everyone = summary.group_a + summary.group_b
    orphan = replace(summary, round1=None, winner=None, group_a=[], group_b=[], others=everyone)
    assert size(map_chart(orphan))[0] == PHONE_CHART_WIDTH


def test_session_chart_of_the_real_evening_stacks_its_panels(evening: SessionSummary) -> None:
    width, height = size(session_chart(evening))
    assert width == PHONE_CHART_WIDTH and height > 2 * width


def test_session_chart_with_no_maps_has_no_map_panel(evening: SessionSummary) -> None:
    width, height = size(session_chart(replace(evening, maps=[], runs=[])))
    assert width == PHONE_CHART_WIDTH and height < size(session_chart(evening))[1]


def test_compare_chart_of_two_real_players(corpus_engine: Engine) -> None:
    with corpus_engine.connect() as conn:
        [vid] = find_players(conn, "vid")
        [olz] = find_players(conn, ".olz")
        comparison = compare(conn, [vid.id], [olz.id], vid.name, olz.name)
    assert comparison.maps
    width, height = size(compare_chart(comparison))
    assert width == PHONE_CHART_WIDTH and height > 300


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
    capped = map_chart(replace(summary, group_a=crowd[:CHART_ROWS]))
    assert size(chart) == size(capped), "only the best CHART_ROWS players are drawn"
    assert size(evening_chart) == size(session_chart(replace(evening, players=crowd[:CHART_ROWS])))
    assert len(chart) < 1024 * 1024 and len(evening_chart) < 1024 * 1024
