"""``!notify on|off``: a player agrees (or no longer agrees) to be mentioned for milestones."""

from __future__ import annotations

from typing import Literal

from discord import app_commands
from discord.ext import commands
from sqlalchemy import Engine

from etstats.bot.cogs.base import AnsweringCog
from etstats.bot.notify import notify_reply
from etstats.bot.respond import respond
from etstats.clock import local_now


class NotifyCog(AnsweringCog, name="Notify"):
    """Mentions are opt-in: nobody is pinged by a post without having asked for it."""

    def __init__(self, engine: Engine, milestones_enabled: bool) -> None:
        self.engine = engine
        self.milestones_enabled = milestones_enabled

    @commands.hybrid_command(name="notify", description="Be mentioned when you reach a milestone: on, off or status")
    @app_commands.describe(setting="on, off or status")
    async def notify(self, ctx: commands.Context, setting: Literal["on", "off", "status"] = "status") -> None:
        now = local_now()
        await respond(ctx, notify_reply, self.engine, ctx.author.id, setting, now, self.milestones_enabled)
