"""Posting into a channel as the bot, through discord.py.

A correction edits the messages it names through the channel (the bot may edit only what it
posted); extra parts are added and parts no longer needed deleted. Each message carries a nonce derived from the post key with ``enforce_nonce`` (discord.py
adds it whenever a nonce is given): if a send is repeated after a crash or a lost answer,
Discord returns the message it already created instead of posting it twice.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import aiohttp
import discord

from etstats.publish.outgoing import OutgoingMessage, plan_messages
from etstats.publish.post import Post, Sent, Sink, SinkError
from etstats.publish.sinks.discord_api import retry_after


def _sink_error(exc: discord.HTTPException) -> SinkError:
    detail = " ".join(str(exc).split())
    if exc.status == 429:
        return SinkError(f"Discord rate limited: {detail}", retry_after=retry_after(exc.response.headers, None))
    if exc.status >= 500:
        return SinkError(f"Discord server error: {detail}")
    return SinkError(f"Discord rejected the post: {detail}", permanent=True)


@asynccontextmanager
async def _discord_errors() -> AsyncIterator[None]:
    """Discord's and the network's failures as SinkError: 429 with its wait, 4xx held, the rest retried."""
    try:
        yield
    except discord.RateLimited as exc:
        raise SinkError(f"Discord rate limited for {exc.retry_after:.1f}s", retry_after=exc.retry_after) from exc
    except discord.HTTPException as exc:
        raise _sink_error(exc) from exc
    except (aiohttp.ClientError, OSError) as exc:
        raise SinkError(f"could not reach Discord: {str(exc) or type(exc).__name__}") from exc


def _allowed(user_ids: list[str]) -> discord.AllowedMentions:
    """Nobody may be pinged, except players who opted in to milestone mentions."""
    if not user_ids:
        return discord.AllowedMentions.none()
    return discord.AllowedMentions(
        everyone=False, roles=False, replied_user=False, users=[discord.Object(int(u)) for u in user_ids]
    )


class DiscordChannelSink(Sink):
    """Sends posts to one channel with a logged-in ``discord.Client`` (the gateway is not needed)."""

    name = "discord"
    combines_round2 = True

    def __init__(self, client: discord.Client, channel_id: int) -> None:
        self._client = client
        self._channel_id = channel_id
        self._channel: discord.abc.Messageable | None = None

    async def _resolve_channel(self) -> discord.abc.Messageable:
        if self._channel is None:
            channel = self._client.get_channel(self._channel_id) or await self._client.fetch_channel(self._channel_id)
            if not isinstance(channel, discord.abc.Messageable):
                raise SinkError(f"channel {self._channel_id} cannot receive messages", permanent=True)
            self._channel = channel
        return self._channel

    async def _send_one(self, channel: discord.abc.Messageable, message: OutgoingMessage) -> discord.Message:
        return await channel.send(
            content=message.content,
            embeds=[discord.Embed.from_dict(embed) for embed in message.embeds],
            files=[discord.File(io.BytesIO(a.data), filename=a.filename) for a in message.attachments],
            nonce=message.nonce,
            allowed_mentions=_allowed(message.mention_user_ids),
        )

    def _message(self, channel: discord.abc.Messageable, message_id: str) -> discord.PartialMessage:
        if not isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel | discord.DMChannel):
            raise SinkError(f"messages in channel {self._channel_id} cannot be edited", permanent=True)
        return channel.get_partial_message(int(message_id))

    async def send(self, post: Post) -> Sent:
        if self._client.user is None:
            raise SinkError("the Discord client is not logged in")
        async with _discord_errors():
            channel = await self._resolve_channel()
            sent = [str((await self._send_one(channel, message)).id) for message in plan_messages(post)]
        return Sent(",".join(sent), tuple(sent))

    async def edit(self, post: Post, message_ids: Sequence[str]) -> Sent:
        if not message_ids:
            raise SinkError(f"no message id recorded for {post.corrects}; it cannot be edited", permanent=True)
        if self._client.user is None:
            raise SinkError("the Discord client is not logged in")
        plan = plan_messages(post)
        ids: list[str] = []
        async with _discord_errors():
            channel = await self._resolve_channel()
            for message, message_id in zip(plan, message_ids):
                await self._message(channel, message_id).edit(
                    content=message.content,
                    embeds=[discord.Embed.from_dict(embed) for embed in message.embeds],
                    attachments=[discord.File(io.BytesIO(a.data), filename=a.filename) for a in message.attachments],
                    allowed_mentions=_allowed(message.mention_user_ids),
                )
                ids.append(message_id)
            for message in plan[len(message_ids) :]:
                ids.append(str((await self._send_one(channel, message)).id))
            for message_id in message_ids[len(plan) :]:
                try:
                    await self._message(channel, message_id).delete()
                except discord.NotFound:
                    pass
        return Sent(",".join(ids), tuple(ids))
