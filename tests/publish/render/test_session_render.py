"""The ``!last_session`` and ``!maps`` embeds on the real last evening, long evenings and hostile names."""

from __future__ import annotations

import copy
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from etstats.publish.render.session import (
    SESSION_CHART,
    evening_embeds,
    recent_maps_embeds,
    score_lines,
    session_views,
)
from etstats.stats.session_summary import SessionSummary
from etstats.store.session_queries import recent_maps
from tests.publish.render.hostile import NAMES, assert_sendable, renamed, strings
from tests.publish.render.phone import assert_fits_phone


def _view(evening: SessionSummary, label: str, chart: bool = True) -> list[list[dict]]:
    return dict(session_views(evening, chart=chart))[label]


def test_the_evening_has_five_views_that_each_fit_a_phone(evening: SessionSummary) -> None:
    views = session_views(evening, chart=True)
    assert [label for label, _ in views] == ["Overview", "Combat", "Objectives & support", "Weapons", "Chart"]
    for _, pages in views:
        assert_sendable(pages)
        assert_fits_phone(pages)


def test_overview_has_score_maps_awards_and_totals(evening: SessionSummary) -> None:
    pages = _view(evening, "Overview")
    assert len(pages) == 1
    overview, totals, by_map = pages[0]
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
    table = totals["fields"][0]["value"].splitlines()
    assert table[0] == "```" and table[-1] == "```" and len(table) == 2 + 1 + 6
    assert table[1].split() == ["Player", "K/D", "DPM", "DMG", "REV", "OBJ"]
    assert table[2].split()[0] == "carniee"
    assert "SmetarskiProner" in totals["fields"][0]["value"], "16 characters are shown in full"
    assert [f["name"] for f in by_map["fields"]][:2] == ["1. etl\\_adlernest — 🟦 won", "2. supply — 🤝 draw"]
    assert "MVP score" in by_map["footer"]["text"]


def test_chart_view_shows_the_chart_and_no_other_view_does(evening: SessionSummary) -> None:
    views = dict(session_views(evening, chart=True))
    assert views["Chart"][0][0]["image"] == {"url": f"attachment://{SESSION_CHART}"}
    others = [page for label, pages in views.items() if label != "Chart" for page in pages]
    assert all("image" not in embed for page in others for embed in page)
    assert "Chart" not in dict(session_views(evening, chart=False))


def test_combat_view_lists_aim_multikills_and_sprees(evening: SessionSummary) -> None:
    [[combat]] = _view(evening, "Combat")
    names = [f["name"] for f in combat["fields"]]
    assert names == ["Kills", "Aim and mistakes", "🔥 Multikills and sprees"]
    assert combat["fields"][1]["value"].splitlines()[1].split() == ["Player", "ACC%", "HEAD", "GIB", "TK", "SK"]


def test_weapons_view_merges_the_knife_slots(evening: SessionSummary) -> None:
    [[weapons]] = _view(evening, "Weapons")
    table = weapons["fields"][0]["value"]
    assert "KA-BAR" not in table
    assert weapons["fields"][0]["value"].splitlines()[1].split() == ["Weapon", "KILLS", "ACC%", "HEAD"]


def test_evening_post_has_overview_totals_and_chart(evening: SessionSummary) -> None:
    embeds = evening_embeds(evening, chart=True)
    assert [e["title"] for e in embeds] == ["🎮 Game evening — Tuesday 11 November 2025", "👥 Totals of the evening"]
    assert embeds[-1]["image"] == {"url": f"attachment://{SESSION_CHART}"}
    assert_sendable([embeds])
    assert_fits_phone(embeds)


def test_a_long_evening_is_split_into_pages_that_each_fit(evening: SessionSummary) -> None:
    long = copy.deepcopy(evening)
    long.maps = [replace(m) for _ in range(7) for m in evening.maps]
    extra = [
        replace(p, key=f"{p.key}{n}", display_name=f"{p.display_name}{n}") for n in range(4) for p in evening.players
    ]
    long.players = evening.players + extra
    pages = _view(long, "Overview")
    assert_sendable(pages)
    assert len(pages) > 1
    text = "\n".join(s for page in pages for s in strings(page))
    assert all(f"{n}. " in text for n in range(1, 71))


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


def test_more_than_twenty_maps_are_paged(corpus_engine: Engine) -> None:
    with corpus_engine.connect() as conn:
        maps = recent_maps(conn, 45)
    pages = recent_maps_embeds(maps)
    assert_sendable(pages)
    assert len(pages) == 5
    assert [len(page[0]["fields"]) for page in pages] == [10, 10, 10, 10, 5]
    assert pages[4][0]["title"] == "🗺️ Maps 41–45"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(NAMES, min_size=1, max_size=12))
def test_hostile_names_still_give_valid_pages(evening: SessionSummary, names: list[str]) -> None:
    keys = sorted(p.key for p in evening.players)
    summary = renamed(evening, lambda key: names[keys.index(key) % len(names)] if key in keys else names[0])
    for _, pages in session_views(summary, chart=True):
        assert_sendable(pages)
        assert_fits_phone(pages)
    assert_sendable(recent_maps_embeds(summary.maps))
    assert_fits_phone(evening_embeds(summary, chart=True))
