"""``!server``: the game server right now — map, players with score and ping, the round being played."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from discord.ext import commands
from sqlalchemy import Engine

from etstats.bot.cogs.base import AnsweringCog
from etstats.bot.respond import send_reply
from etstats.bot.server_status import server_reply
from etstats.clock import local_now
from etstats.gameserver import ServerPoller, current_states


class ServerCog(AnsweringCog, name="Server"):
    """Live state of the configured game servers."""

    def __init__(self, engine: Engine, pollers: Sequence[ServerPoller]) -> None:
        self.engine = engine
        self.pollers = list(pollers)

    @commands.hybrid_command(name="server", description="The game server now: map, players, the round being played")
    async def server(self, ctx: commands.Context) -> None:
        await ctx.defer()  # a silent server takes a few seconds of tries; slash commands must answer in 3
        states = await current_states(self.pollers)
        now = local_now()
        await send_reply(ctx, await asyncio.to_thread(server_reply, self.engine, states, now))
