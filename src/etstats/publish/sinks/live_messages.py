"""Posting and editing the live message, through the webhook or as the bot.

The live message lives beside the outbox, not in it: it is edited every few seconds and
a lost edit is simply replaced by the next one, so there is no retry queue here. An
edit of a message that no longer exists raises ``MessageGone`` so the caller can post
a fresh one.
"""

from __future__ import annotations

from typing import Any, Protocol

import aiohttp
import discord

from etstats.publish.post import SinkError
from etstats.publish.sinks.discord_api import DEFAULT_API_BASE, describe_error, retry_after, webhook_endpoint

Embed = dict[str, Any]
UNKNOWN_MESSAGE = 10008
_NO_MENTIONS: dict[str, Any] = {"parse": []}


class MessageGone(SinkError):
    """The message to edit was deleted (Discord's 10008 Unknown Message)."""


class LiveMessages(Protocol):
    name: str

    async def post(self, content: str | None, embeds: list[Embed]) -> str:
        """Create the message; its id."""
        ...

    async def edit(self, message_id: str, content: str | None, embeds: list[Embed]) -> None:
        """Replace the message's text and embeds."""
        ...


class WebhookLiveMessages:
    """The live message through the webhook: ``POST ?wait=true``, then ``PATCH …/messages/<id>``."""

    name = "webhook"

    def __init__(self, url: str, *, api_base: str = DEFAULT_API_BASE, timeout: float = 15.0) -> None:
        self._endpoint = webhook_endpoint(url, api_base)
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def post(self, content: str | None, embeds: list[Embed]) -> str:
        body = await self._request("POST", self._endpoint, content, embeds, params={"wait": "true"})
        if not isinstance(body, dict) or "id" not in body:
            raise SinkError("webhook answered without a message id")
        return str(body["id"])

    async def edit(self, message_id: str, content: str | None, embeds: list[Embed]) -> None:
        await self._request("PATCH", f"{self._endpoint}/messages/{message_id}", content, embeds)

    async def _request(
        self, method: str, url: str, content: str | None, embeds: list[Embed], params: dict[str, str] | None = None
    ) -> Any:
        payload = {"content": content or "", "embeds": embeds, "allowed_mentions": _NO_MENTIONS}
        try:
            async with aiohttp.ClientSession(timeout=self._timeout) as session:
                async with session.request(method, url, json=payload, params=params) as response:
                    status = response.status
                    body = await response.json(content_type=None) if response.content_length != 0 else None
                    headers = response.headers
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise SinkError(f"webhook unreachable: {str(exc) or type(exc).__name__}") from exc
        if 200 <= status < 300:
            return body
        if isinstance(body, dict) and body.get("code") == UNKNOWN_MESSAGE:
            raise MessageGone(f"live message was deleted: {describe_error(status, body)}")
        raise SinkError(f"webhook answered {describe_error(status, body)}", retry_after=retry_after(headers, body))


class ChannelLiveMessages:
    """The live message as the bot, in the channel the round posts go to."""

    name = "discord"

    def __init__(self, client: discord.Client, channel_id: int) -> None:
        self._client = client
        self._channel_id = channel_id

    async def post(self, content: str | None, embeds: list[Embed]) -> str:
        channel = self._client.get_partial_messageable(self._channel_id)
        try:
            message = await channel.send(
                content=content,
                embeds=[discord.Embed.from_dict(e) for e in embeds],
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.HTTPException as exc:
            raise SinkError(f"Discord refused the live message: {exc}") from exc
        return str(message.id)

    async def edit(self, message_id: str, content: str | None, embeds: list[Embed]) -> None:
        message = self._client.get_partial_messageable(self._channel_id).get_partial_message(int(message_id))
        try:
            await message.edit(content=content, embeds=[discord.Embed.from_dict(e) for e in embeds])
        except discord.NotFound as exc:
            if exc.code == UNKNOWN_MESSAGE:
                raise MessageGone(f"live message {message_id} was deleted") from exc
            raise SinkError(f"Discord refused the edit: {exc}") from exc
        except discord.HTTPException as exc:
            raise SinkError(f"Discord refused the edit: {exc}") from exc


def build_live_messages(
    spec: str, *, webhook_url: str | None, api_base: str, client: discord.Client | None, channel_id: int | None
) -> list[LiveMessages]:
    """A live message for each Discord sink in ``ETSTATS_SINK``; console and jsonl have none."""
    names = {entry.strip().lower() for entry in spec.split(",")}
    found: list[LiveMessages] = []
    if "webhook" in names and webhook_url:
        found.append(WebhookLiveMessages(webhook_url, api_base=api_base))
    if "discord" in names and client is not None and channel_id is not None:
        found.append(ChannelLiveMessages(client, channel_id))
    return found
