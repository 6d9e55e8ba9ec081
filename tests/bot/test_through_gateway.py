"""The unmodified discord.py client, connected to a local gateway, answers what users type and press.

Commands arrive as Discord delivers them (MESSAGE_CREATE, INTERACTION_CREATE over the
websocket) and the answers are read from what the bot sent over HTTP. Permission checks
see real member and role payloads from GUILD_CREATE.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import discord
import pytest
from discord.ext import commands
from sqlalchemy import Engine

from etstats.bot import answers
from etstats.bot.app import EtStatsBot
from etstats.bot.permissions import ADMIN_REFUSAL
from etstats.bot.reply import Page, Reply
from etstats.bot.respond import send_reply
from etstats.config import Settings
from tests.bot.fakes import FakeControl
from tests.fakes.discord_gateway import MANAGE_GUILD, FakeGateway, FakeMember, point_client_at
from tests.fakes.discord_server import EPHEMERAL, LOADING, FakeDiscord

pytestmark = pytest.mark.corpus

ADMIN_ROLE = "Stats admins"
SOME_GUID = "A1B2C3D4"


@dataclass
class Guild:
    api: FakeDiscord
    gateway: FakeGateway
    bot: EtStatsBot
    control: FakeControl
    channel: int
    admin: FakeMember
    manager: FakeMember
    player: FakeMember


async def until(condition: Callable[[], Any], timeout: float = 30.0) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (value := condition()):
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.02)
    return value


async def new_replies(guild: Guild, seen: int, count: int = 1) -> list[dict[str, Any]]:
    """The bot's next ``count`` messages in the channel, once each is complete (no longer "thinking")."""

    def ready() -> list[dict[str, Any]] | None:
        replies = guild.api.replies(guild.channel)[seen:]
        if len(replies) >= count and not any(r["flags"] & LOADING for r in replies):
            return replies
        return None

    return await until(ready)


@pytest.fixture
async def guild(stats_engine: Engine) -> AsyncIterator[Guild]:
    async with FakeDiscord() as api, FakeGateway(api) as gateway:
        channel = api.add_channel("stats")
        admin = gateway.add_member("admin", roles=[gateway.add_role(ADMIN_ROLE)])
        manager = gateway.add_member("manager", roles=[gateway.add_role("Moderators", MANAGE_GUILD)])
        player = gateway.add_member("player", roles=[gateway.add_role("Players")])
        control = FakeControl(running=True)
        settings = Settings(admin_role=ADMIN_ROLE, database_url=str(stats_engine.url))
        with point_client_at(api, gateway):
            bot = EtStatsBot(settings, stats_engine, control)
            await bot.login(api.token)
            connection = asyncio.create_task(bot.connect(reconnect=True))
            try:
                await gateway.wait_ready()
                await until(lambda: bot.get_guild(api.guild_id) is not None)
                assert bot._warm_up is not None
                await bot._warm_up
                gc.unfreeze()
                yield Guild(api, gateway, bot, control, channel, admin, manager, player)
            finally:
                await bot.close()
                await connection


async def test_the_client_identifies_with_its_token_and_intents(guild: Guild) -> None:
    identify = guild.gateway.identifies[0]
    assert identify["token"] == guild.api.token
    assert identify["intents"] == guild.bot.intents.value
    assert guild.bot.intents.message_content
    await asyncio.wait_for(guild.bot.wait_until_ready(), 10)
    cached = guild.bot.get_guild(guild.api.guild_id)
    assert cached is not None and cached.get_channel(guild.channel) is not None
    assert {ADMIN_ROLE, "Moderators", "Players"} <= {role.name for role in cached.roles}
    assert cached.me is not None and cached.owner_id == guild.gateway.owner.id


async def test_slash_commands_are_registered_with_discord(guild: Guild) -> None:
    names = {c["name"] for c in guild.api.commands}
    assert {"last_session", "stats", "top", "maps", "link", "unlink", "monitor"} <= names
    stats = next(c for c in guild.api.commands if c["name"] == "stats")
    assert [o["name"] for o in stats["options"]] == ["query"]


async def test_heartbeats_are_answered_and_the_session_resumes() -> None:
    async with FakeDiscord() as api, FakeGateway(api, heartbeat_interval_ms=100) as gateway:
        channel = api.add_channel("stats")
        with point_client_at(api, gateway):
            client = discord.Client(intents=discord.Intents.default())
            seen: list[str] = []

            @client.event
            async def on_message(message: discord.Message) -> None:
                seen.append(message.content)

            await client.login(api.token)
            connection = asyncio.create_task(client.connect(reconnect=True))
            try:
                await gateway.wait_ready()
                await until(lambda: gateway.heartbeats >= 3, timeout=10)
                assert client.latency < 1.0, "the client measured its heartbeat round trip"
                session = client.ws.session_id
                await gateway.reconnect()
                await gateway.wait_ready()
                member = gateway.add_member("late")
                await gateway.type_message(channel, member, "after the resume")
                await until(lambda: seen == ["after the resume"], timeout=10)
                assert len(gateway.identifies) == 1, "a RECONNECT is answered with RESUME, not a new IDENTIFY"
                assert gateway.resumes[0]["session_id"] == session
                assert gateway.resumes[0]["seq"] >= 2
            finally:
                await client.close()
                await connection


async def test_a_wrong_token_is_refused_by_the_gateway() -> None:
    async with FakeDiscord() as api, FakeGateway(api) as gateway:
        with point_client_at(api, gateway):
            client = discord.Client(intents=discord.Intents.none())
            await client.login(api.token)
            client.http.token = "stolen"
            with pytest.raises(discord.ConnectionClosed) as raised:
                await asyncio.wait_for(client.connect(reconnect=False), 10)
            assert raised.value.code == 4004
            await client.close()
        assert gateway.identifies[0]["token"] == "stolen"


class PagedEvening(commands.Cog):
    """``!evening_pages``: the last evening's chart, then its overview embeds one per page, so the
    real Paginator has pages to flip (the corpus's evenings fit one page per view)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @commands.command(name="evening_pages")
    async def evening_pages(self, ctx: commands.Context) -> None:
        overview, *_, chart = answers.last_session(self.engine).sections
        pages = chart.drawn().pages + [Page([embed]) for embed in overview.pages[0].embeds]
        await send_reply(ctx, Reply(pages=pages))


def labels(message: dict[str, Any]) -> list[str]:
    return [b["label"] for row in message["components"] for b in row["components"]]


async def test_typed_last_session_is_answered_in_the_channel(guild: Guild) -> None:
    await guild.gateway.type_message(guild.channel, guild.player, "!last_session")
    [reply] = await new_replies(guild, 0)
    assert reply["embeds"][0]["title"] == "🎮 Game evening — Tuesday 11 November 2025"
    assert reply["attachments"] == [], "the chart is drawn when its view is opened"
    assert labels(reply) == ["Overview", "Combat", "Objectives & support", "Weapons", "Chart"]
    posted = guild.api.requests_to("POST", f"/channels/{guild.channel}/messages")[-1].json
    assert posted["allowed_mentions"] == {"parse": []}
    assert len(guild.api.replies(guild.channel)) == 1


async def test_pressing_a_view_button_switches_the_evening_in_place(guild: Guild) -> None:
    await guild.gateway.type_message(guild.channel, guild.player, "!last_session")
    [reply] = await new_replies(guild, 0)
    chart = await guild.gateway.press_button(guild.channel, guild.player, reply["id"], "Chart")
    await until(lambda: chart.callbacks)
    assert chart.callbacks[0]["type"] == 7, "the pressed message is updated, not answered anew"
    shown = guild.api.message(guild.channel, reply["id"])
    assert [a["filename"] for a in shown["attachments"]] == ["session.png"]
    assert shown["embeds"][0]["image"]["url"].endswith("session.png")
    combat = await guild.gateway.press_button(guild.channel, guild.admin, reply["id"], "Combat")
    await until(lambda: combat.callbacks)
    shown = guild.api.message(guild.channel, reply["id"])
    assert shown["embeds"][0]["title"] == "⚔️ Combat" and shown["attachments"] == []
    assert len(guild.api.replies(guild.channel)) == 1
    with pytest.raises(ValueError, match="disabled"):
        await guild.gateway.press_button(guild.channel, guild.player, reply["id"], "Combat")


async def test_slash_compare_offers_its_chart(guild: Guild) -> None:
    interaction = await guild.gateway.slash_command(guild.channel, guild.player, "compare", first="vid", second=".olz")
    [reply] = await new_replies(guild, 0)
    assert interaction.callbacks[0]["type"] == 5
    assert reply["embeds"][0]["title"] == "⚖️ vid vs .olz"
    assert labels(reply) == ["Side by side", "Chart"]
    chart = await guild.gateway.press_button(guild.channel, guild.player, reply["id"], "Chart")
    await until(lambda: chart.callbacks)
    assert [a["filename"] for a in guild.api.message(guild.channel, reply["id"])["attachments"]] == ["compare.png"]


async def test_typed_session_mapstats_and_long_maps(guild: Guild) -> None:
    await guild.gateway.type_message(guild.channel, guild.player, "!session 2025-10-14")
    [evening] = await new_replies(guild, 0)
    assert evening["embeds"][0]["title"] == "🎮 Game evening — Tuesday 14 October 2025"
    await guild.gateway.type_message(guild.channel, guild.player, "!mapstats supply")
    [supply] = await new_replies(guild, 1)
    assert supply["embeds"][0]["title"] == "🗺️ supply"
    await guild.gateway.type_message(guild.channel, guild.player, "!maps 25")
    [maps] = await new_replies(guild, 2)
    assert labels(maps) == ["◀", "1/3", "▶"]
    following = await guild.gateway.press_button(guild.channel, guild.player, maps["id"], "▶")
    await until(lambda: following.callbacks)
    assert guild.api.message(guild.channel, maps["id"])["embeds"][0]["title"] == "🗺️ Maps 11–20"


async def test_pressing_a_page_button_edits_the_message_in_place(guild: Guild, stats_engine: Engine) -> None:
    await guild.bot.add_cog(PagedEvening(stats_engine))
    await guild.gateway.type_message(guild.channel, guild.player, "!evening_pages")
    [reply] = await new_replies(guild, 0)
    pages = 1 + len(answers.last_session(stats_engine).pages[0].embeds)
    assert labels(reply) == ["◀", f"1/{pages}", "▶"]
    first_page = reply["embeds"]
    assert [a["filename"] for a in reply["attachments"]] == ["session.png"]
    interaction = await guild.gateway.press_button(guild.channel, guild.player, reply["id"], "▶")
    await until(lambda: interaction.callbacks)
    assert interaction.callbacks[0]["type"] == 7, "the pressed message is updated, not answered anew"
    edited = guild.api.message(guild.channel, reply["id"])
    assert edited["embeds"] != first_page and edited["attachments"] == []
    assert labels(edited) == ["◀", f"2/{pages}", "▶"]
    assert len(guild.api.replies(guild.channel)) == 1
    back = await guild.gateway.press_button(guild.channel, guild.admin, reply["id"], "◀")
    await until(lambda: back.callbacks)
    restored = guild.api.message(guild.channel, reply["id"])
    assert restored["embeds"] == first_page
    assert [a["filename"] for a in restored["attachments"]] == ["session.png"]
    with pytest.raises(ValueError, match="disabled"):
        await guild.gateway.press_button(guild.channel, guild.player, reply["id"], "◀")


async def test_slash_stats_is_deferred_then_answered(guild: Guild) -> None:
    interaction = await guild.gateway.slash_command(guild.channel, guild.player, "stats", query="olz")
    [reply] = await new_replies(guild, 0)
    assert interaction.callbacks[0]["type"] == 5, "a thinking defer first"
    assert reply["id"] == interaction.original_id, "the follow-up fills the thinking message"
    assert reply["embeds"], reply
    assert not reply["flags"] & EPHEMERAL


async def test_slash_stats_for_an_unknown_player_says_so(guild: Guild) -> None:
    await guild.gateway.slash_command(guild.channel, guild.player, "stats", query="nobody-plays-as-this")
    [reply] = await new_replies(guild, 0)
    assert reply["content"].startswith("No player matches “nobody\\-plays\\-as\\-this”"), reply["content"]


@pytest.mark.parametrize("who", ["admin", "manager"])
async def test_monitor_obeys_the_admin_role_and_manage_server(guild: Guild, who: str) -> None:
    await guild.gateway.type_message(guild.channel, getattr(guild, who), "!monitor stop")
    [reply] = await new_replies(guild, 0)
    assert reply["content"].startswith("Monitor stopped")
    assert guild.control.calls == ["stop"]


async def test_monitor_refuses_a_plain_member(guild: Guild) -> None:
    await guild.gateway.type_message(guild.channel, guild.player, "!monitor stop")
    [reply] = await new_replies(guild, 0)
    assert reply["content"] == ADMIN_REFUSAL
    assert guild.control.calls == []
    assert guild.control.running


async def test_slash_monitor_refuses_a_plain_member(guild: Guild) -> None:
    await guild.gateway.slash_command(guild.channel, guild.player, "monitor", action="stop")
    [reply] = await new_replies(guild, 0)
    assert reply["content"] == ADMIN_REFUSAL
    assert guild.control.calls == []


async def test_linking_someone_else_needs_the_admin_role(guild: Guild) -> None:
    other = guild.gateway.add_member("other")
    command = f"!link <@{other.id}> {SOME_GUID}"
    await guild.gateway.type_message(guild.channel, guild.player, command, mentions=[other])
    [refused] = await new_replies(guild, 0)
    assert refused["content"] == ADMIN_REFUSAL
    await guild.gateway.type_message(guild.channel, guild.admin, command, mentions=[other])
    [answer] = await new_replies(guild, 1)
    assert "No player" in answer["content"] and SOME_GUID in answer["content"], answer["content"]


async def test_typed_top_rating_lists_the_rated_players(guild: Guild) -> None:
    await guild.gateway.type_message(guild.channel, guild.player, "!top rating")
    [reply] = await new_replies(guild, 0)
    [embed] = reply["embeds"]
    assert embed["title"] == "🏆 Top rating"
    table = embed["description"].strip("`\n").splitlines()
    assert table[0].split() == ["#", "Player", "RATING", "MAPS"] and len(table) > 5
    assert all(len(line) <= 40 for line in table)
    assert embed["footer"]["text"].startswith("Rating = skill − 3 × uncertainty")


async def test_top_rating_takes_no_period(guild: Guild) -> None:
    await guild.gateway.type_message(guild.channel, guild.player, "!top week rating")
    [reply] = await new_replies(guild, 0)
    assert reply["content"].startswith("The rating is today's skill"), reply["content"]


async def test_slash_stats_shows_the_rating_and_its_place(guild: Guild) -> None:
    await guild.gateway.slash_command(guild.channel, guild.player, "stats", query="olz")
    [reply] = await new_replies(guild, 0)
    [rating] = [f for f in reply["embeds"][0]["fields"] if f["name"] == "📈 Rating"]
    assert rating["value"].startswith("**") and "\n#" in rating["value"], rating["value"]
