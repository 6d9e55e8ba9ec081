"""What every cog shares: a command that fails is answered with one line, never silence."""

from __future__ import annotations

from discord.ext import commands

from etstats.bot.respond import report_error


class AnsweringCog(commands.Cog):
    async def cog_command_error(self, ctx: commands.Context, error: Exception) -> None:
        await report_error(ctx, error)
