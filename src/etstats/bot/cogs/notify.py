"""``!notify on|off``: a player agrees (or no longer agrees) to be mentioned for milestones."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from discord import app_commands
from discord.ext import commands
from sqlalchemy import Engine

from etstats.bot.notify import notify_reply
from etstats.bot.respond import report_error, respond


class NotifyCog(commands.Cog, name="Notify"):
    """Mentions are opt-in: nobody is pinged by a post without having asked for it."""

    def __init__(self, engine: Engine, milestones_enabled: bool) -> None:
        self.engine = engine
        self.milestones_enabled = milestones_enabled

    @commands.hybrid_command(name="notify", description="Be mentioned when you reach a milestone: on, off or status")
    @app_commands.describe(setting="on, off or status")
    async def notify(self, ctx: commands.Context, setting: Literal["on", "off", "status"] = "status") -> None:
        now = datetime.now().replace(microsecond=0)
        await respond(ctx, notify_reply, self.engine, ctx.author.id, setting, now, self.milestones_enabled)

    async def cog_command_error(self, ctx: commands.Context, error: Exception) -> None:  # type: ignore[override]
        await report_error(ctx, error)
