"""The ``!last_session`` and ``!maps`` embeds on the real last evening, long evenings and hostile names."""

from __future__ import annotations

import copy
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from etstats.publish.render.session import SESSION_CHART, recent_maps_embeds, score_lines, session_pages
from etstats.stats.session_summary import SessionSummary
from etstats.store.session_queries import recent_maps
from tests.publish.render.hostile import NAMES, assert_sendable, renamed, strings


def test_real_evening_fits_one_page_with_score_maps_awards_and_chart(evening: SessionSummary) -> None:
    pages = session_pages(evening, chart=True)
    assert_sendable(pages)
    assert len(pages) == 1
    overview, players, by_map = pages[0]
    assert overview["title"] == "🎮 Game evening — Tuesday 11 November 2025"
    assert overview["description"].splitlines()[0] == "**10 maps** · 20 rounds · 21:26–23:39 · 6 players"
    assert (
        "Maps 1–10: 🟦 endekk, SmetarskiProner, vid **3 – 5** .olz, carniee, SuperBoyy 🟧 · 2 draws"
        in overview["description"]
    )
    maps = overview["fields"][0]["value"].splitlines()
    assert len(maps) == 10
    assert maps[0] == "` 1` **etl\\_adlernest** — 🟦 won · ⏱️ 6:51"
    assert maps[1] == "` 2` **supply** — 🤝 draw · ⏱️ 12:00"
    assert overview["fields"][1]["value"].startswith("**vid** — score")
    assert "**Most damage:** vid (34,581)" in overview["fields"][2]["value"]
    assert overview["image"] == {"url": f"attachment://{SESSION_CHART}"}
    table = players["fields"][0]["value"].splitlines()
    assert table[0] == "```" and table[-1] == "```" and len(table) == 2 + 1 + 6
    assert len({len(line) for line in table[1:-1]}) == 1, "columns are aligned"
    assert table[2].split()[:3] == ["carniee", "167", "150"]
    assert [f["name"] for f in by_map["fields"]][:2] == ["1. etl\\_adlernest — 🟦 won", "2. supply — 🤝 draw"]
    assert "MVP score" in by_map["footer"]["text"]


def test_without_chart_there_is_no_image(evening: SessionSummary) -> None:
    pages = session_pages(evening, chart=False)
    assert all("image" not in embed for page in pages for embed in page)


def test_a_long_evening_is_split_into_pages_that_each_fit(evening: SessionSummary) -> None:
    long = copy.deepcopy(evening)
    long.maps = [replace(m) for _ in range(7) for m in evening.maps]
    extra = [
        replace(p, key=f"{p.key}{n}", display_name=f"{p.display_name}{n}") for n in range(4) for p in evening.players
    ]
    long.players = evening.players + extra
    pages = session_pages(long, chart=True)
    assert_sendable(pages)
    assert len(pages) > 1
    text = "\n".join(s for page in pages for s in strings(page))
    assert all(f"{n}. " in text for n in range(1, 71))
    assert sum("attachment://" in s for page in pages for s in strings(page)) == 1


def test_score_says_when_teams_changed(evening: SessionSummary) -> None:
    run = evening.runs[0]
    stable = replace(run, maps=[1, 2, 3])
    lines = score_lines([stable, replace(run, maps=[4]), replace(run, maps=[5]), replace(run, maps=[6, 7])])
    assert lines[0].startswith("Maps 1–3: 🟦 endekk, SmetarskiProner, vid **3 – 5**")
    assert lines[1] == "Maps 4–5: teams changed every map"
    assert lines[2].startswith("Maps 6–7: 🟦")
    assert score_lines([replace(run, maps=[1])]) == ["Map 1: teams changed"]


def test_recent_maps_embed(corpus_engine: Engine) -> None:
    with corpus_engine.connect() as conn:
        maps = recent_maps(conn, 20)
    pages = recent_maps_embeds(maps)
    assert_sendable(pages)
    first = pages[0][0]
    assert first["title"] == "🗺️ Last 20 maps"
    assert first["fields"][0]["name"] == "braundorf\\_b4 — Tue 11 Nov 23:34"
    assert first["fields"][0]["value"].splitlines() == [
        "🏆 **.olz, carniee, SuperBoyy** won the map",
        "⏱️ time to beat 4:35",
        "⭐ vid — 17 kills, 365 DPM",
    ]
    assert recent_maps_embeds([])[0][0]["description"].startswith("No complete map")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(NAMES, min_size=1, max_size=12))
def test_hostile_names_still_give_valid_pages(evening: SessionSummary, names: list[str]) -> None:
    keys = sorted(p.key for p in evening.players)
    summary = renamed(evening, lambda key: names[keys.index(key) % len(names)] if key in keys else names[0])
    assert_sendable(session_pages(summary, chart=True))
    assert_sendable(recent_maps_embeds(summary.maps))
