"""``!last_session``, ``!stats``, ``!top`` and ``!maps``: each callback invoked, its message checked."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

from etstats.bot.cogs.stats import StatsCog
from etstats.publish.limits import validate_embeds
from etstats.store.all_time_totals import AllTimeTotals
from tests.bot.fakes import FakeContext, FakeMember, no_mentions

pytestmark = pytest.mark.corpus


@pytest.fixture
def cog(stats_engine: Engine) -> StatsCog:
    return StatsCog(stats_engine, AllTimeTotals())


async def test_last_session_sends_the_evening_with_its_chart(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.last_session)
    await cog.last_session.callback(cog, ctx)
    assert ctx.deferred and no_mentions(ctx.reply)
    assert ctx.embeds[0]["title"] == "🎮 Game evening — Tuesday 11 November 2025"
    assert validate_embeds(ctx.embeds) == []
    [chart] = ctx.reply["files"]
    assert chart.filename == "session.png"
    assert "view" not in ctx.reply, "one page needs no buttons"


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
    assert ctx.reply["content"] == "Ask for 1 to 20 maps, e.g. `!maps 5`."


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
