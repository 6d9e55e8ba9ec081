"""``!monitor start|stop|status``: admins control and inspect the watch-import-post loop."""

from __future__ import annotations

from typing import Literal

from discord import app_commands
from discord.ext import commands

from etstats.bot.cogs.base import AnsweringCog
from etstats.bot.control import MonitorControl
from etstats.bot.monitor_status import monitor_status
from etstats.bot.permissions import ADMIN_REFUSAL, is_admin
from etstats.bot.reply import Reply
from etstats.bot.respond import respond, send_reply
from etstats.config import Settings


class AdminCog(AnsweringCog, name="Admin"):
    """Commands for the admin role or members with Manage Server."""

    def __init__(self, settings: Settings, control: MonitorControl | None, admin_role: str | None) -> None:
        self.settings = settings
        self.control = control
        self.admin_role = admin_role

    @commands.hybrid_command(name="monitor", description="Admins: start, stop or inspect the monitor")
    @app_commands.describe(action="start, stop or status")
    async def monitor(self, ctx: commands.Context, action: Literal["start", "stop", "status"] = "status") -> None:
        if not is_admin(ctx.author, self.admin_role):
            await send_reply(ctx, Reply.line(ADMIN_REFUSAL))
            return
        running = None if self.control is None else self.control.running
        if action == "status":
            await respond(ctx, monitor_status, self.settings, running)
            return
        if self.control is None:
            await send_reply(ctx, Reply.line("This bot runs without the monitor, so it cannot start or stop it."))
            return
        if action == "start":
            if running:
                line = "The monitor is already running."
            else:
                await self.control.start()
                line = "Monitor started: new round files are imported and posted again."
        elif not running:
            line = "The monitor is already stopped."
        else:
            await self.control.stop()
            line = "Monitor stopped: nothing is imported or posted until `!monitor start`."
        await send_reply(ctx, Reply.line(line))
