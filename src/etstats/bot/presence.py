"""The game server at a glance outside any channel: the bot's status and, opt-in, a voice channel's name.

Discord lets a bot rename a channel only twice per 10 minutes; beyond that it answers
429 with a wait of minutes, which discord.py would sit out inside the call. The renamer
therefore keeps its own count (stored, so a restart does not forget it), skips renames
the limit forbids — the next turn renames to whatever is current by then — and gives
up on a call that hangs in such a wait, treating the window as used up.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable

import discord
from sqlalchemy import Engine

from etstats.bot.repeat import repeat
from etstats.clock import local_now
from etstats.gameserver import ServerPoller
from etstats.publish.render.server import presence_text, voice_channel_name
from etstats.store.bot_state import load_value, save_value

log = logging.getLogger(__name__)

RENAMES_PER_WINDOW = 2
RENAME_WINDOW = 600.0
RENAME_TIMEOUT = 15.0
"""Longer than a normal rename takes; a call still running then is waiting out a rate limit."""

Show = Callable[[str], Awaitable[None]]


class RenameLog:
    """When the channel was renamed (wall-clock seconds), kept in the bot's state table."""

    def __init__(self, engine: Engine, channel_id: int) -> None:
        self.engine = engine
        self.key = f"voice_renames:{channel_id}"

    def load(self) -> list[float]:
        with self.engine.connect() as conn:
            value = load_value(conn, self.key)
        return [float(t) for t in json.loads(value)] if value else []

    def save(self, times: list[float]) -> None:
        with self.engine.begin() as conn:
            save_value(conn, self.key, json.dumps(times), local_now())


class VoiceRenamer:
    """Renames a channel when its wanted name changes, at most twice per 10 minutes."""

    def __init__(
        self,
        rename: Show,
        renames: RenameLog,
        *,
        clock: Callable[[], float] = time.time,
        timeout: float = RENAME_TIMEOUT,
    ) -> None:
        self._rename = rename
        self._log = renames
        self._clock = clock
        self._timeout = timeout
        self._times: list[float] | None = None
        self.current: str | None = None

    async def show(self, name: str) -> bool:
        """Rename to ``name`` unless it is already shown or the limit forbids it now; True when renamed."""
        if name == self.current:
            return False
        if self._times is None:
            self._times = await asyncio.to_thread(self._log.load)
        now = self._clock()
        recent = [t for t in self._times if now - t < RENAME_WINDOW]
        if len(recent) >= RENAMES_PER_WINDOW:
            self._times = recent
            return False
        self._times = recent + [now]
        await asyncio.to_thread(self._log.save, self._times)
        try:
            await asyncio.wait_for(self._rename(name), self._timeout)
        except (TimeoutError, discord.RateLimited):
            log.warning("renaming the voice channel is rate limited; waiting %g s before the next try", RENAME_WINDOW)
            self._times = [now] * RENAMES_PER_WINDOW
            await asyncio.to_thread(self._log.save, self._times)
            return False
        self.current = name
        return True


class Presence:
    """Shows the first game server's state as the bot's status and, when set up, as a voice channel name.

    The status is sent on every turn, changed or not: after a fresh gateway session
    Discord shows no status until it is sent again, and one update a minute is far
    below the gateway's limits.
    """

    def __init__(self, poller: ServerPoller, set_status: Show, renamer: VoiceRenamer | None = None) -> None:
        self.poller = poller
        self.set_status = set_status
        self.renamer = renamer

    async def refresh(self) -> None:
        state = await self.poller.state()
        await self.set_status(presence_text(state))
        if self.renamer is not None:
            await self.renamer.show(voice_channel_name(state))

    async def run(self, seconds: float) -> None:
        await repeat(seconds, self.refresh, "updating the presence")


def bot_status(client: discord.Client) -> Show:
    """Set the client's custom status to the text (needs the gateway connection)."""

    async def show(text: str) -> None:
        await client.change_presence(activity=discord.CustomActivity(name=text))

    return show


def channel_rename(client: discord.Client, channel_id: int) -> Show:
    """Rename the voice channel ``channel_id`` through the REST API."""

    async def rename(name: str) -> None:
        channel = client.get_channel(channel_id) or await client.fetch_channel(channel_id)
        if not isinstance(channel, (discord.VoiceChannel, discord.StageChannel)):
            raise TypeError(f"channel {channel_id} is not a voice channel")
        await channel.edit(name=name)

    return rename
