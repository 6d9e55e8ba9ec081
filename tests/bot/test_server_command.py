"""``!server`` against a fake ET: Legacy server on 127.0.0.1 and the imported rounds."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from etstats.bot.cogs.server import ServerCog
from etstats.bot.server_status import NOT_CONFIGURED
from etstats.gameserver import GameServer, ServerPoller, query_status
from etstats.publish.limits import validate_embeds
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch
from tests.bot.fakes import FakeContext, no_mentions
from tests.fakes.game_server import FakeGameServer, game_server, garbage, oversized, status_reply, truncated

__all__ = ["game_server"]

pytestmark = pytest.mark.corpus


def poller(port: int, source: str | None = "local") -> ServerPoller:
    query = partial(query_status, timeout=0.1, tries=2)
    return ServerPoller(GameServer("local", "127.0.0.1", port, source), query=query)


async def ask(cog: ServerCog) -> FakeContext:
    ctx = FakeContext(command=cog.server)
    await cog.server.callback(cog, ctx)
    assert ctx.deferred and no_mentions(ctx.reply)
    return ctx


async def test_a_live_server_shows_map_players_and_round(link_engine: Engine, game_server: FakeGameServer) -> None:
    ctx = await ask(ServerCog(link_engine, [poller(game_server.port)]))
    [embed] = ctx.embeds
    assert validate_embeds([embed]) == []
    assert embed["title"] == "🎮 Fake Legacy"
    assert embed["description"].splitlines() == [
        "🗺️ **supply** — **12/20** players",
        "▶️ Round 1 is being played.",
        "📥 Last round imported just now: braundorf\\_b4 round 2",
    ]
    table = embed["fields"][0]["value"].splitlines()
    assert table[2].split() == ["vid", "42", "35"] and len(table) == 2 + 1 + 12


async def test_after_a_round_1_of_the_same_map_round_2_is_being_played(
    tmp_path: Path, corpus_files: list[Path], game_server: FakeGameServer
) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'r1.db'}")
    [round1] = [p for p in corpus_files if p.name == "2025-10-22-214908-supply-round-1.txt"]
    with engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(round1.name, round1.read_bytes())])
    try:
        ctx = await ask(ServerCog(engine, [poller(game_server.port)]))
    finally:
        engine.dispose()
    assert "▶️ Round 2 is being played (Round 1 ended just now)." in ctx.embeds[0]["description"]


@pytest.mark.parametrize(
    ("reply", "delay", "why"),
    [
        (None, 0.0, "no reply within 0.1 s (after 2 tries)"),
        (status_reply(), 0.3, "no reply within 0.1 s (after 2 tries)"),
        (garbage(), 0.0, "bad reply: reply does not start with the statusResponse header"),
        (truncated(status_reply(players=[(1, 2, "vid")])), 0.0, "bad reply: reply is truncated"),
        (oversized(), 0.0, "bad reply: reply is 60"),
    ],
    ids=["silent", "slow", "garbage", "truncated", "oversized"],
)
async def test_a_dead_server_is_reported_not_answering(
    link_engine: Engine, reply: bytes | None, delay: float, why: str
) -> None:
    async with FakeGameServer(reply, delay=delay) as server:
        ctx = await ask(ServerCog(link_engine, [poller(server.port)]))
    [embed] = ctx.embeds
    assert embed["title"] == "🎮 local" and not embed.get("fields")
    assert embed["description"].startswith("🔴 **Not answering** since ")
    assert why in embed["description"]
    assert validate_embeds([embed]) == []


async def test_hostile_names_from_the_server_cannot_ping(link_engine: Engine) -> None:
    hostile = [(1, 2, "@here"), (3, 4, "<@123456789012345678>")]
    reply = status_reply(hostname="@everyone", mapname="**x**", players=hostile)
    async with FakeGameServer(reply) as server:
        ctx = await ask(ServerCog(link_engine, [poller(server.port)]))
    text = str(ctx.embeds)
    assert "@everyone" not in text and "@here" not in text and "<@1" not in text
    assert ctx.embeds[0]["description"].startswith("🗺️ **\\*\\*x\\*\\*** — **2/20** players")


async def test_every_configured_server_gets_an_embed(link_engine: Engine, game_server: FakeGameServer) -> None:
    async with FakeGameServer(status_reply(mapname="radar")) as other:
        ctx = await ask(ServerCog(link_engine, [poller(game_server.port), poller(other.port, None)]))
    assert [e["description"].splitlines()[0] for e in ctx.embeds] == [
        "🗺️ **supply** — **12/20** players",
        "🗺️ **radar** — **0/20** players",
    ]


async def test_without_a_game_server_the_bot_says_how_to_set_one(link_engine: Engine) -> None:
    ctx = await ask(ServerCog(link_engine, []))
    assert ctx.reply["content"] == NOT_CONFIGURED
