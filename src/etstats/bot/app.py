"""The Discord bot: prefix (``!``) and slash commands over the stats database.

The same logged-in client can also serve the publisher's channel sink. Prefix commands
need the privileged *message content* intent, enabled on the bot's page in the Discord
developer portal; slash commands work without it.
"""

from __future__ import annotations

import asyncio
import gc
import logging

import discord
from discord.ext import commands
from sqlalchemy import Engine

from etstats.bot import answers
from etstats.bot.cogs.admin import AdminCog
from etstats.bot.cogs.links import LinksCog
from etstats.bot.cogs.notify import NotifyCog
from etstats.bot.cogs.server import ServerCog
from etstats.bot.cogs.stats import StatsCog
from etstats.bot.control import MonitorControl
from etstats.bot.presence import Presence, RenameLog, VoiceRenamer, bot_status, channel_rename
from etstats.bot.respond import report_error
from etstats.bot.status_message import StatusBoard, StatusMessage
from etstats.config import Settings
from etstats.gameserver import ServerPoller, game_servers
from etstats.store.all_time_totals import AllTimeTotals
from etstats.store.player_queries import newest_round_time

log = logging.getLogger(__name__)

PREFIX = "!"


class EtStatsBot(commands.Bot):
    """Statistics commands for the community, and ``!monitor`` for its admins."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        monitor_control: MonitorControl | None = None,
        *,
        voice_emptied: asyncio.Event | None = None,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(
            command_prefix=commands.when_mentioned_or(PREFIX),
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.settings = settings
        self.engine = engine
        self.monitor_control = monitor_control
        self.all_time = AllTimeTotals()
        self._warm_up: asyncio.Task[None] | None = None
        self.game_pollers = [ServerPoller(server) for server in game_servers(settings)]
        self.chores: list[asyncio.Task[None]] = []
        self.voice_emptied = voice_emptied

    async def setup_hook(self) -> None:
        admin_role = self.settings.admin_role
        await self.add_cog(StatsCog(self.engine, self.all_time))
        await self.add_cog(LinksCog(self.engine, admin_role))
        await self.add_cog(AdminCog(self.settings, self.monitor_control, admin_role))
        await self.add_cog(ServerCog(self.engine, self.game_pollers))
        await self.add_cog(NotifyCog(self.engine, self.settings.milestones))
        self._warm_up = asyncio.create_task(asyncio.to_thread(self._warm))
        self._start_chores()
        try:
            synced = await self.tree.sync()
            log.info("registered %d slash commands", len(synced))
        except discord.HTTPException as exc:
            log.warning("could not register slash commands (prefix commands still work): %s", exc)

    def _monitor_running(self) -> bool | None:
        return None if self.monitor_control is None else self.monitor_control.running

    def _start_chores(self) -> None:
        """The status message when a status channel is set; the presence when a game server is."""
        settings = self.settings
        if settings.status_channel_id is not None:
            message = StatusMessage(self, self.engine, settings.status_channel_id)
            board = StatusBoard(message, self.game_pollers, settings, self._monitor_running)
            self.chores.append(asyncio.create_task(board.run(), name="status message"))
        if self.game_pollers:
            renamer = None
            if settings.voice_channel_id is not None:
                channel = settings.voice_channel_id
                renamer = VoiceRenamer(channel_rename(self, channel), RenameLog(self.engine, channel))
            presence = Presence(self.game_pollers[0], bot_status(self), renamer)
            self.chores.append(asyncio.create_task(self._present(presence), name="presence"))

    async def _present(self, presence: Presence) -> None:
        """The presence travels over the gateway, so it waits for the connection."""
        await self.wait_until_ready()
        await presence.run(self.settings.status_seconds)

    async def close(self) -> None:
        for chore in self.chores:
            chore.cancel()
        await asyncio.gather(*self.chores, return_exceptions=True)
        await super().close()

    def _warm(self) -> None:
        """Make the first replies as quick as the rest, then keep garbage collections short.

        The all-time totals are summed and a session chart drawn (loading fonts) once.
        Then everything alive is frozen out of the cycle collector: drawing a chart leaves
        cyclic garbage that regularly triggers full collections, and without the freeze
        each of those rescans every module, font and table object (tens of milliseconds).
        """
        try:
            with self.engine.connect() as conn:
                newest = newest_round_time(conn)
                if newest is not None:
                    self.all_time.totals(conn, newest)
            for section in answers.last_session(self.engine).sections:
                section.drawn()
        except Exception:
            log.exception("could not warm up the replies")
        gc.freeze()

    async def on_voice_state_update(
        self, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        """The last player leaving the watched voice channel ends the evening: its summary follows soon."""
        watched = self.settings.voice_channel_id
        if self.voice_emptied is None or watched is None or before.channel is None or before.channel.id != watched:
            return
        if after.channel is not None and after.channel.id == watched:
            return
        if not any(not m.bot for m in before.channel.members):
            log.info("the watched voice channel emptied: the evening summary follows once the last round is in")
            self.voice_emptied.set()

    async def on_command_error(self, ctx: commands.Context, error: commands.CommandError) -> None:
        """Unknown commands are ignored (other bots share the prefix); cogs answer their own errors."""
        if isinstance(error, commands.CommandNotFound):
            return
        if ctx.cog is not None and ctx.cog.has_error_handler():
            return
        await report_error(ctx, error)
