"""``!last_session``, ``!stats``, ``!top`` and ``!maps``: each callback invoked, its message checked."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

from etstats.bot.cogs.stats import StatsCog
from etstats.bot.sections import SectionSwitcher
from etstats.publish.limits import validate_embeds
from etstats.store.all_time_totals import AllTimeTotals
from tests.bot.fakes import FakeContext, FakeInteraction, FakeMember, no_mentions

pytestmark = pytest.mark.corpus


@pytest.fixture
def cog(stats_engine: Engine) -> StatsCog:
    return StatsCog(stats_engine, AllTimeTotals())


async def test_last_session_sends_the_overview_with_a_menu_of_views(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.last_session)
    await cog.last_session.callback(cog, ctx)
    assert ctx.deferred and no_mentions(ctx.reply)
    assert ctx.embeds[0]["title"] == "🎮 Game evening — Tuesday 11 November 2025"
    assert validate_embeds(ctx.embeds) == []
    assert "files" not in ctx.reply, "the chart is a view of its own"
    view = ctx.reply["view"]
    assert isinstance(view, SectionSwitcher)
    assert [b.label for b in view.buttons] == ["Overview", "Combat", "Objectives & support", "Weapons", "Chart"]
    assert view.previous_page not in view.children, "every view fits one page: no ◀ ▶"
    click = FakeInteraction()
    await view.buttons[4].callback(click)
    [edit] = click.response.edits
    assert [f.filename for f in edit["attachments"]] == ["session.png"]
    assert edit["embeds"][0].image.url == "attachment://session.png"
    assert [b.disabled for b in view.buttons] == [False, False, False, False, True], "the shown view is marked"
    support = FakeInteraction()
    await view.buttons[2].callback(support)
    assert support.response.edits[0]["embeds"][0].title == "🚩 Objectives and support"
    assert support.response.edits[0]["attachments"] == []


async def test_session_by_date_and_a_day_without_one(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.session)
    await cog.session.callback(cog, ctx, day="2025-10-14")
    assert ctx.embeds[0]["title"] == "🎮 Game evening — Tuesday 14 October 2025"
    none = FakeContext(command=cog.session)
    await cog.session.callback(cog, none, day="2025-11-01")
    assert none.reply["content"].startswith("No game evening started on 2025-11-01. Evenings near it: ")
    assert "2025-10-27, 2025-11-11" in none.reply["content"]
    bad = FakeContext(command=cog.session)
    await cog.session.callback(cog, bad, day="yesterday")
    assert bad.reply["content"] == "Cannot read “yesterday” as a date: write it like `!session 2025-11-11`."


async def test_stats_of_a_named_player(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.stats)
    await cog.stats.callback(cog, ctx, query="qmr")
    assert no_mentions(ctx.reply) and ctx.reply["content"] is None
    [embed] = ctx.embeds
    assert embed["title"] == "📊 qmr"
    assert validate_embeds(ctx.embeds) == []


async def test_stats_without_a_match_says_how_to_ask(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.stats)
    await cog.stats.callback(cog, ctx, query="@everyone")
    assert ctx.reply["content"] == (
        "No player matches “@\u200beveryone”. Try part of a name, an 8-digit GUID or @user."
    )
    assert no_mentions(ctx.reply)


async def test_stats_with_many_matches_lists_the_candidates(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.stats)
    await cog.stats.callback(cog, ctx, query="mac")
    assert ctx.reply["content"] == "Several players match — which one?"
    [embed] = ctx.embeds
    assert embed["title"].startswith("🔎 4 players match")
    assert "MaccabrosIntersyss" in embed["description"]


async def test_stats_of_yourself_before_linking(cog: StatsCog) -> None:
    ctx = FakeContext(author=FakeMember(id=42), command=cog.stats)
    await cog.stats.callback(cog, ctx, query=None)
    assert ctx.reply["content"].startswith("You have not linked a player yet: `!link <GUID or name>`")


async def test_stats_of_an_unlinked_user(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.stats)
    await cog.stats.callback(cog, ctx, query="<@987654321098765432>")
    assert ctx.reply["content"] == "That user has not linked a player yet (`!link`)."


@pytest.mark.parametrize(
    ("metric", "period", "title", "first_line"),
    [
        (None, None, "🏆 Top Kills", "All time, up to 2025-11-11"),
        ("k/d", "30d", "🏆 Top K/D", "Last 30 days of play: 2025-10-12 – 2025-11-11"),
        ("week", "acc", "🏆 Top Accuracy (guns)", "Last 7 days of play: 2025-11-04 – 2025-11-11"),
        ("wins", "session", "🏆 Top Map wins", "Latest session, 2025-11-11 21:26–23:39"),
    ],
)
async def test_top(cog: StatsCog, metric: str | None, period: str | None, title: str, first_line: str) -> None:
    ctx = FakeContext(command=cog.top)
    await cog.top.callback(cog, ctx, metric, period)
    [embed] = ctx.embeds
    assert (embed["title"], embed["description"].splitlines()[0]) == (title, first_line)
    assert no_mentions(ctx.reply)


async def test_top_with_an_unknown_metric_answers_one_line(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.top)
    await cog.top.callback(cog, ctx, "elo", None)
    content = ctx.reply["content"]
    assert content.startswith("Cannot read “elo”: use `!top [metric] [period]`")
    assert "\n" not in content and not ctx.reply.get("embeds")


async def test_maps(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.maps)
    await cog.maps.callback(cog, ctx, 3)
    [embed] = ctx.embeds
    assert embed["title"] == "🗺️ Last 3 maps"
    assert [f["name"] for f in embed["fields"]][0] == "braundorf\\_b4 — Tue 11 Nov 23:34"


async def test_maps_out_of_range(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.maps)
    await cog.maps.callback(cog, ctx, 500)
    assert ctx.reply["content"] == "Ask for 1 to 100 maps, e.g. `!maps 5`."


async def test_a_failing_command_answers_one_line_and_logs_the_trace(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    cog = StatsCog(broken, AllTimeTotals())
    ctx = FakeContext(command=cog.top)
    with caplog.at_level(logging.ERROR):
        await cog.top.callback(cog, ctx, "kills", "all")
    broken.dispose()
    assert ctx.reply["content"] == "Sorry, `!top` failed on our side; the details are in the bot's log."
    assert no_mentions(ctx.reply)
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.exc_info is not None and "no such table" in str(record.exc_info[1])


async def test_compare_sends_side_by_side_with_a_chart_view(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.compare)
    await cog.compare.callback(cog, ctx, "vid", ".olz")
    assert no_mentions(ctx.reply)
    assert ctx.embeds[0]["title"] == "⚖️ vid vs .olz"
    view = ctx.reply["view"]
    assert [b.label for b in view.buttons] == ["Side by side", "Chart"]
    click = FakeInteraction()
    await view.buttons[1].callback(click)
    assert [f.filename for f in click.response.edits[0]["attachments"]] == ["compare.png"]


async def test_compare_asks_which_player_and_refuses_the_same_one_twice(cog: StatsCog) -> None:
    ambiguous = FakeContext(command=cog.compare)
    await cog.compare.callback(cog, ambiguous, "mac", "vid")
    assert ambiguous.reply["content"] == "Several players match — which one?"
    twice = FakeContext(command=cog.compare)
    await cog.compare.callback(cog, twice, "vid", "VID")
    assert twice.reply["content"] == "That is the same player twice: name two different players."


async def test_mapstats_of_a_map_and_the_list_of_maps(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.mapstats)
    await cog.mapstats.callback(cog, ctx, name="supply")
    assert ctx.embeds[0]["title"] == "🗺️ supply"
    listed = FakeContext(command=cog.mapstats)
    await cog.mapstats.callback(cog, listed, name=None)
    assert listed.embeds[0]["title"] == "🗺️ Maps played"
    several = FakeContext(command=cog.mapstats)
    await cog.mapstats.callback(cog, several, name="frost")
    assert several.embeds[0]["title"] == "🗺️ Maps matching “frost”"
    unknown = FakeContext(command=cog.mapstats)
    await cog.mapstats.callback(cog, unknown, name="@everyone")
    assert unknown.reply["content"] == "No map matches “@\u200beveryone”: `!mapstats` lists the maps played."


async def test_maps_past_twenty_come_in_pages(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.maps)
    await cog.maps.callback(cog, ctx, 30)
    view = ctx.reply["view"]
    assert view.counter.label == "1/3"
    assert len(ctx.embeds[0]["fields"]) == 10
