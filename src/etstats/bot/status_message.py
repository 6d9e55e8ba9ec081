"""One status message in a channel, edited in place every few seconds and never reposted.

Its id is stored in the database, so after a restart the bot edits the same message
instead of leaving a trail of stale ones. Only when that message is gone (deleted by
someone) is a new one posted, and its id stored in turn.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime

import discord
from sqlalchemy import Engine

from etstats.bot.repeat import repeat
from etstats.clock import local_now
from etstats.config import Settings
from etstats.gameserver import ServerPoller, ServerState, current_states
from etstats.publish.limits import fit_embeds
from etstats.publish.post import Embed
from etstats.publish.render.server import status_board_embed
from etstats.stats.last_round import LastRound
from etstats.stats.status_report import StatusReport
from etstats.store.bot_state import load_value, save_value
from etstats.store.server_queries import last_round
from etstats.store.status_queries import status_report

log = logging.getLogger(__name__)

UNKNOWN_MESSAGE = 10008
"""Discord's error code for a message that does not exist (an unknown channel is 10003)."""


class StatusMessage:
    """The message in ``channel_id`` that carries the status; created once, then only edited."""

    def __init__(self, client: discord.Client, engine: Engine, channel_id: int) -> None:
        self.client = client
        self.engine = engine
        self.channel_id = channel_id
        self.key = f"status_message:{channel_id}"

    def _load(self) -> int | None:
        with self.engine.connect() as conn:
            value = load_value(conn, self.key)
        return int(value) if value else None

    def _save(self, message_id: int) -> None:
        with self.engine.begin() as conn:
            save_value(conn, self.key, str(message_id), local_now())

    async def show(self, embed: Embed) -> int:
        """Put ``embed`` in the status message; the message's id."""
        channel = self.client.get_partial_messageable(self.channel_id)
        embeds = [discord.Embed.from_dict(e) for e in fit_embeds([embed])[0]]
        message_id = await asyncio.to_thread(self._load)
        if message_id is not None:
            try:
                await channel.get_partial_message(message_id).edit(content=None, embeds=embeds)
                return message_id
            except discord.NotFound as exc:
                if exc.code != UNKNOWN_MESSAGE:
                    raise
                log.info("status message %s was deleted; posting a new one", message_id)
        message = await channel.send(embeds=embeds, allowed_mentions=discord.AllowedMentions.none())
        await asyncio.to_thread(self._save, message.id)
        return message.id


class StatusBoard:
    """What the status message says: every game server, its last round, and the monitor's health."""

    def __init__(
        self,
        message: StatusMessage,
        pollers: Sequence[ServerPoller],
        settings: Settings,
        running: Callable[[], bool | None],
        *,
        now: Callable[[], datetime] = local_now,
    ) -> None:
        self.message = message
        self.pollers = list(pollers)
        self.settings = settings
        self.running = running
        self.now = now

    def _read(self, states: Sequence[ServerState]) -> tuple[list[LastRound | None], StatusReport]:
        engine = self.message.engine
        with engine.connect() as conn:
            lasts = [last_round(conn, state.server.source) for state in states]
            return lasts, status_report(conn)

    async def refresh(self) -> int:
        """Ask the servers, read the database, edit the message; the message's id."""
        states = await current_states(self.pollers)
        lasts, health = await asyncio.to_thread(self._read, states)
        embed = status_board_embed(
            list(zip(states, lasts, strict=True)), health, self.running(), self.now(), self.settings.status_seconds
        )
        return await self.message.show(embed)

    async def run(self) -> None:
        await repeat(self.settings.status_seconds, self.refresh, "updating the status message")
