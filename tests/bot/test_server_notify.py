"""``!notify on|off``: the opt-in for milestone mentions, stored per Discord user."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from etstats.bot.cogs.notify import NotifyCog
from etstats.bot.notify import OFF_HINT
from etstats.store import player_queries as players
from etstats.store.notify import opted_in
from tests.bot.fakes import FakeContext, FakeMember, no_mentions

pytestmark = pytest.mark.corpus

VID = FakeMember(id=123456789012345678)


async def notify(cog: NotifyCog, setting: str, author: FakeMember = VID) -> str:
    ctx = FakeContext(author=author, command=cog.notify)
    await cog.notify.callback(cog, ctx, setting)
    assert no_mentions(ctx.reply)
    return ctx.reply["content"]


def is_on(engine: Engine, user: FakeMember = VID) -> bool:
    with engine.connect() as conn:
        return bool(opted_in(conn, [user.id]))


async def test_mentions_are_off_until_switched_on(link_engine: Engine) -> None:
    cog = NotifyCog(link_engine, milestones_enabled=True)
    assert await notify(cog, "status") == (
        "Milestone mentions are **off** for you: change with `!notify on` or `!notify off`."
    )
    line = await notify(cog, "on")
    assert line.startswith("Milestone mentions are on") and "link yours first" in line
    assert is_on(link_engine)
    assert await notify(cog, "on") == line, "switching on twice is harmless"
    assert not is_on(link_engine, FakeMember(id=99)), "only the author is switched"
    line = await notify(cog, "off")
    assert line.startswith("Milestone mentions are off") and not is_on(link_engine)


async def test_a_linked_player_gets_no_link_hint(link_engine: Engine) -> None:
    with link_engine.begin() as conn:
        [vid] = [p for p in players.find_players(conn, "vid") if p.name == "vid"]
        players.link_players(conn, [vid.id], VID.id)
    line = await notify(NotifyCog(link_engine, milestones_enabled=True), "on")
    assert line == "Milestone mentions are on: a map post mentions you when you reach a milestone."


async def test_the_answer_says_when_milestones_are_switched_off(link_engine: Engine) -> None:
    line = await notify(NotifyCog(link_engine, milestones_enabled=False), "status")
    assert line.endswith(OFF_HINT) and "ETSTATS_MILESTONES" in line
