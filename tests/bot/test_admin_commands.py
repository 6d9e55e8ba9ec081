"""``!monitor start|stop|status``: refused to non-admins, obeyed for the admin role or Manage Server."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from etstats.bot.cogs.admin import AdminCog
from etstats.config import Settings
from etstats.publish.limits import validate_embeds
from tests.bot.fakes import FakeContext, FakeControl, FakeMember, FakePermissions, FakeRole, no_mentions

pytestmark = pytest.mark.corpus

NOBODY = FakeMember(id=1, roles=[FakeRole(10, "players")])
BY_ROLE_NAME = FakeMember(id=2, roles=[FakeRole(10, "players"), FakeRole(77, "Stats Admins")])
BY_ROLE_ID = FakeMember(id=3, roles=[FakeRole(77, "renamed")])
BY_PERMISSION = FakeMember(id=4, guild_permissions=FakePermissions(manage_guild=True))


@pytest.fixture
def settings(stats_engine: Engine) -> Settings:
    return Settings(database_url=stats_engine.url.render_as_string(hide_password=False))


async def monitor(cog: AdminCog, author: FakeMember, action: str) -> FakeContext:
    ctx = FakeContext(author=author, command=cog.monitor)
    await cog.monitor.callback(cog, ctx, action)
    assert no_mentions(ctx.reply)
    return ctx


@pytest.mark.parametrize("action", ["start", "stop", "status"])
async def test_non_admins_are_refused(settings: Settings, action: str) -> None:
    control = FakeControl(running=True)
    cog = AdminCog(settings, control, "Stats Admins")
    ctx = await monitor(cog, NOBODY, action)
    assert ctx.reply["content"] == "Only admins can do that: it needs the admin role or the Manage Server permission."
    assert control.calls == [] and control.running


@pytest.mark.parametrize("admin", [BY_ROLE_NAME, BY_ROLE_ID, BY_PERMISSION])
async def test_admins_start_and_stop_the_monitor(settings: Settings, admin: FakeMember) -> None:
    control = FakeControl(running=False)
    cog = AdminCog(settings, control, "stats admins" if admin is BY_ROLE_NAME else "77")
    assert (await monitor(cog, admin, "start")).reply["content"].startswith("Monitor started")
    assert (await monitor(cog, admin, "start")).reply["content"] == "The monitor is already running."
    assert (await monitor(cog, admin, "stop")).reply["content"].startswith("Monitor stopped")
    assert (await monitor(cog, admin, "stop")).reply["content"] == "The monitor is already stopped."
    assert control.calls == ["start", "stop"]


async def test_status_shows_the_health_figures(settings: Settings) -> None:
    cog = AdminCog(settings, FakeControl(running=True), None)
    ctx = await monitor(cog, BY_PERMISSION, "status")
    [embed] = ctx.embeds
    assert validate_embeds([embed]) == []
    assert embed["title"] == "🛰️ Monitor status"
    assert embed["description"].startswith("Monitor loop: **running**")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Rounds in database"] == "201 (newest `2025-11-11-233911-braundorf_b4-round-2.txt`)"
    assert fields["Outbox backlog"] == "0 deliveries pending"
    assert fields["Last post"] == "–"


async def test_without_a_monitor_the_bot_says_so(settings: Settings) -> None:
    cog = AdminCog(settings, None, None)
    ctx = await monitor(cog, BY_PERMISSION, "start")
    assert ctx.reply["content"] == "This bot runs without the monitor, so it cannot start or stop it."
    ctx = await monitor(cog, BY_PERMISSION, "status")
    assert "not controlled by this bot" in ctx.embeds[0]["description"]


async def test_a_user_in_direct_messages_is_no_admin(settings: Settings) -> None:
    class DirectMessageUser:
        id = 5

    cog = AdminCog(settings, FakeControl(), "Stats Admins")
    ctx = FakeContext(author=DirectMessageUser(), command=cog.monitor)
    await cog.monitor.callback(cog, ctx, "start")
    assert ctx.reply["content"].startswith("Only admins")
