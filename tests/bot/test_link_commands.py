"""``!link`` and ``!unlink``: a player claims a GUID; only admins touch other people's links."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from etstats.bot.cogs.links import LinksCog
from etstats.bot.cogs.stats import StatsCog
from etstats.store import schema as t
from etstats.store.all_time_totals import AllTimeTotals
from tests.bot.fakes import FakeContext, FakeMember, FakePermissions, FakeRole, no_mentions

pytestmark = pytest.mark.corpus

PLAYER = FakeMember(id=111111111111111111)
OTHER = FakeMember(id=222222222222222222)
ADMIN = FakeMember(id=333333333333333333, roles=[FakeRole(5, "Stats admins")])
REFUSAL = "Only admins can do that: it needs the admin role or the Manage Server permission."


def linked(engine: Engine, guid: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(t.players.c.discord_user_id).where(t.players.c.guid == guid)).scalar_one()


async def run(cog: LinksCog, command: str, author: FakeMember, *args: object, **kwargs: object) -> str:
    ctx = FakeContext(author=author, command=getattr(cog, command))
    await getattr(cog, command).callback(cog, ctx, *args, **kwargs)
    assert no_mentions(ctx.reply)
    return ctx.reply["content"]


async def test_a_player_claims_his_guid_and_stats_shows_it(link_engine: Engine) -> None:
    cog = LinksCog(link_engine, "Stats admins")
    assert await run(cog, "link", PLAYER, "7b84be88") == (
        "Linked **endekk** (`7B84BE88`) to you: `!stats` now shows your numbers."
    )
    assert linked(link_engine, "7B84BE88") == str(PLAYER.id)
    assert await run(cog, "link", PLAYER, "endekk") == "**endekk** (`7B84BE88`) is already linked to you."
    stats = StatsCog(link_engine, AllTimeTotals())
    ctx = FakeContext(author=PLAYER, command=stats.stats)
    await stats.stats.callback(stats, ctx, query=None)
    assert ctx.embeds[0]["title"] == "📊 endekk"
    ctx = FakeContext(author=OTHER, command=stats.stats)
    await stats.stats.callback(stats, ctx, query=f"<@{PLAYER.id}>")
    assert ctx.embeds[0]["title"] == "📊 endekk"


async def test_a_name_with_spaces_can_be_claimed(link_engine: Engine) -> None:
    cog = LinksCog(link_engine, None)
    with link_engine.begin() as conn:
        conn.execute(t.players.update().where(t.players.c.name == "vid").values(name="vid the kid"))
    assert (await run(cog, "link", PLAYER, "vid", guid="the kid")).startswith("Linked **vid the kid**")


async def test_a_guid_claimed_by_someone_else_needs_an_admin(link_engine: Engine) -> None:
    cog = LinksCog(link_engine, "Stats admins")
    await run(cog, "link", PLAYER, "7B84BE88")
    assert await run(cog, "link", OTHER, "7B84BE88") == (
        "**endekk** (`7B84BE88`) is already linked to another Discord user; an admin can change that."
    )
    assert linked(link_engine, "7B84BE88") == str(PLAYER.id)
    assert await run(cog, "link", OTHER, f"<@{OTHER.id}>", guid="7B84BE88") == REFUSAL
    assert await run(cog, "link", ADMIN, f"<@{OTHER.id}>", guid="7B84BE88") == (
        "Linked **endekk** (`7B84BE88`) to that user."
    )
    assert linked(link_engine, "7B84BE88") == str(OTHER.id)


async def test_link_lookups_with_no_or_many_matches(link_engine: Engine) -> None:
    cog = LinksCog(link_engine, None)
    assert (await run(cog, "link", PLAYER, "zzz")).startswith("No player matches “zzz”.")
    ctx = FakeContext(author=PLAYER, command=cog.link)
    await cog.link.callback(cog, ctx, "e")
    assert ctx.reply["content"] == "Several players match — which one?"
    assert ctx.embeds[0]["title"].startswith("🔎 ")
    refused = await run(cog, "link", PLAYER, f"<@{OTHER.id}>")
    assert refused == "To link someone else, an admin writes `!link @user <GUID>`."


async def test_unlink_yourself_or_as_admin(link_engine: Engine) -> None:
    cog = LinksCog(link_engine, "5")
    await run(cog, "link", PLAYER, "7B84BE88")
    assert await run(cog, "unlink", OTHER, f"<@{PLAYER.id}>") == REFUSAL
    assert linked(link_engine, "7B84BE88") == str(PLAYER.id)
    assert await run(cog, "unlink", ADMIN, f"<@{PLAYER.id}>") == "Unlinked 1 player from that user."
    assert await run(cog, "unlink", PLAYER) == "Nothing to unlink: no player is linked to you."
    await run(cog, "link", PLAYER, "7B84BE88")
    assert await run(cog, "unlink", PLAYER) == "Unlinked 1 player from you."
    assert await run(cog, "unlink", PLAYER, "someone") == "Name the user to unlink as a mention: `!unlink @user`."


async def test_manage_server_counts_as_admin(link_engine: Engine) -> None:
    cog = LinksCog(link_engine, None)
    boss = FakeMember(id=444444444444444444, guild_permissions=FakePermissions(manage_guild=True))
    assert (await run(cog, "link", boss, f"<@{OTHER.id}>", guid="7B84BE88")).startswith("Linked **endekk**")
