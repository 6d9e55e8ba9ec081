"""``!live``: the round being played, the same view the live message shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import discord
from discord.ext import commands

from etstats.bot.cogs.base import AnsweringCog

MAX_EMBEDS = 10


class LiveSource(Protocol):
    """One server's live view (the service's live board)."""

    def embed(self) -> dict[str, Any]: ...


class LiveCog(AnsweringCog, name="Live"):
    """The live view on demand; it reads what the live loop already holds, so it costs no look."""

    def __init__(self, boards: Sequence[LiveSource]) -> None:
        self.boards = boards

    @commands.hybrid_command(name="live", description="The round being played: clock, DPM and K/D, the pace")
    async def live(self, ctx: commands.Context) -> None:
        embeds = [board.embed() for board in self.boards][:MAX_EMBEDS]
        if not embeds:
            await ctx.send("No live data: the service watches no game server.", allowed_mentions=_NONE)
            return
        await ctx.send(embeds=[discord.Embed.from_dict(e) for e in embeds], allowed_mentions=_NONE)


_NONE = discord.AllowedMentions.none()
