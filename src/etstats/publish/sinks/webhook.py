"""Posting through a Discord webhook: no bot, no gateway, one URL."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import random
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import aiohttp

from etstats.publish.outgoing import OutgoingMessage, message_nonce, plan_messages
from etstats.publish.post import Post, Sent, Sink, SinkError
from etstats.publish.sinks.discord_api import DEFAULT_API_BASE, describe_error, retry_after, webhook_endpoint


def _request_body(message: OutgoingMessage, *, replace: bool = False) -> dict[str, Any]:
    """aiohttp keyword arguments: JSON, or multipart with ``payload_json`` and ``files[n]``.

    With ``replace`` (an edit) the content and the files are always named, so what the
    message showed before does not survive next to the correction.
    """
    allowed: dict[str, Any] = {"parse": []}
    if message.mention_user_ids:
        allowed["users"] = message.mention_user_ids
    payload: dict[str, Any] = {"allowed_mentions": allowed, "embeds": message.embeds}
    if message.content or replace:
        payload["content"] = message.content
    if replace or message.attachments:
        payload["attachments"] = [{"id": i, "filename": a.filename} for i, a in enumerate(message.attachments)]
    if not message.attachments:
        return {"json": payload}
    form = aiohttp.FormData(quote_fields=False)
    form.add_field("payload_json", json.dumps(payload), content_type="application/json")
    for index, attachment in enumerate(message.attachments):
        form.add_field(
            f"files[{index}]", attachment.data, filename=attachment.filename, content_type="application/octet-stream"
        )
    return {"data": form}


async def _read_body(response: aiohttp.ClientResponse) -> Any:
    text = await response.text()
    if response.content_type == "application/json" and text:
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def delivery_marker(key: str) -> str:
    """A short reference in the footer that finds a post among a channel's messages."""
    return f"ref {message_nonce(key)[:10]}"


def _marked(post: Post) -> Post:
    """The post with its marker at the end of every embed's footer (before splitting, so limits hold)."""
    marker = delivery_marker(post.key)
    embeds = []
    for embed in post.embeds:
        text = (embed.get("footer") or {}).get("text")
        footer = {**(embed.get("footer") or {}), "text": f"{text} • {marker}" if text else marker}
        embeds.append({**embed, "footer": footer})
    return dataclasses.replace(post, embeds=embeds)


class WebhookSink(Sink):
    """Executes a webhook with ``?wait=true`` so that each post comes back with a message id.

    Webhooks take no nonce, so a message whose answer was lost (a dropped connection, a
    timeout, a crash before the answer was recorded) may be in the channel or not. Each
    post carries a marker in its footer when a bot token (``bot_token``) is given; the
    sink then reads the channel's recent messages and finds it (``find_delivered``)
    instead of sending again. Without one it cannot tell, and such a send is reported
    as ambiguous.

    A correction edits those messages (``PATCH …/messages/{id}``); when it needs more
    messages than the post had, the rest are added, and messages it no longer needs are deleted.
    Rate limits are waited out when short; server errors and network failures are retried
    with capped exponential backoff. Webhooks take no nonce, so the messages of a split
    post already delivered are remembered: a retry of the same post resumes after them.
    """

    name = "webhook"
    combines_round2 = True
    may_duplicate = True
    LOOKBACK_MESSAGES = 50

    def __init__(
        self,
        url: str,
        *,
        api_base: str = DEFAULT_API_BASE,
        session: aiohttp.ClientSession | None = None,
        max_attempts: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_wait: float = 60.0,
        timeout: float = 30.0,
        bot_token: str | None = None,
    ) -> None:
        self._endpoint = webhook_endpoint(url, api_base)
        self._api_base = api_base.rstrip("/")
        self._bot_token = bot_token
        self.checks_deliveries = bot_token is not None
        self._channel_id: str | None = None
        self._session = session
        self._max_attempts = max_attempts
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._max_wait = max_wait
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._delivered: dict[str, list[str]] = {}

    def _with_marker(self, post: Post) -> Post:
        """Marked only when it can be looked for (with the bot token); otherwise the post is left as it is."""
        return _marked(post) if self.checks_deliveries else post

    async def find_delivered(self, post: Post) -> Sent | None:
        """The messages carrying ``post`` among the channel's recent ones (needs the bot token), or None."""
        marker = delivery_marker(post.key)
        async with self._client() as session:
            if self._channel_id is None:
                _, hook = await self._request(session, "GET", self._endpoint, {}, dict)
                self._channel_id = str(hook["channel_id"])
            url = f"{self._api_base}/channels/{self._channel_id}/messages"
            headers = {"Authorization": f"Bot {self._bot_token}"}
            _, recent = await self._request(
                session, "GET", url, {"limit": str(self.LOOKBACK_MESSAGES)}, lambda: {"headers": headers}
            )
        ids = [
            str(message["id"])
            for message in reversed(recent if isinstance(recent, list) else [])
            if any(marker in ((embed.get("footer") or {}).get("text") or "") for embed in message.get("embeds") or [])
        ]
        return Sent(",".join(ids), tuple(ids)) if ids else None

    async def send(self, post: Post) -> Sent:
        post = self._with_marker(post)
        delivered = self._delivered.setdefault(post.key, [])
        try:
            async with self._client() as session:
                for message in plan_messages(post)[len(delivered) :]:
                    delivered.append(await self._execute(session, message))
        except SinkError as exc:
            if exc.permanent:
                del self._delivered[post.key]
            raise
        del self._delivered[post.key]
        return Sent(",".join(delivered), tuple(delivered))

    async def edit(self, post: Post, message_ids: Sequence[str]) -> Sent:
        if not message_ids:
            raise SinkError(f"no message id recorded for {post.corrects}; it cannot be edited", permanent=True)
        plan = plan_messages(self._with_marker(post))
        ids: list[str] = []
        async with self._client() as session:
            for message, message_id in zip(plan, message_ids):
                url = f"{self._endpoint}/messages/{message_id}"
                await self._request(session, "PATCH", url, {}, partial(_request_body, message, replace=True))
                ids.append(message_id)
            for message in plan[len(message_ids) :]:
                ids.append(await self._execute(session, message))
            for message_id in message_ids[len(plan) :]:
                await self._request(
                    session, "DELETE", f"{self._endpoint}/messages/{message_id}", {}, dict, gone_ok=True
                )
        return Sent(",".join(ids), tuple(ids))

    @asynccontextmanager
    async def _client(self) -> AsyncIterator[aiohttp.ClientSession]:
        if self._session is not None:
            yield self._session
            return
        async with aiohttp.ClientSession() as session:
            yield session

    def _delay(self, failures: int) -> float:
        ceiling = min(self._max_backoff, self._backoff * 2.0 ** (failures - 1))
        return ceiling * random.uniform(0.5, 1.0)

    async def _execute(self, session: aiohttp.ClientSession, message: OutgoingMessage) -> str:
        status, body = await self._request(
            session, "POST", self._endpoint, {"wait": "true"}, partial(_request_body, message), creates=True
        )
        if isinstance(body, dict) and "id" in body:
            return str(body["id"])
        raise SinkError(f"webhook answered {status} without a message id", permanent=True)

    async def _request(
        self,
        session: aiohttp.ClientSession,
        method: str,
        url: str,
        params: dict[str, str],
        body: Callable[[], dict[str, Any]],
        *,
        gone_ok: bool = False,
        creates: bool = False,
    ) -> tuple[int, Any]:
        """One call, with rate limits waited out and server errors retried; ``gone_ok`` takes 404 as done.

        ``body`` builds the request body anew for every attempt (a multipart form is read once).
        A request that ``creates`` a message is not repeated here once it may have reached
        Discord without an answer coming back: that is for the caller to decide.
        """
        failures = rate_limited = 0
        headers: Mapping[str, str]
        while True:
            try:
                async with session.request(method, url, params=params, timeout=self._timeout, **body()) as response:
                    status, headers, answer = response.status, response.headers, await _read_body(response)
            except aiohttp.ClientConnectorError as exc:
                status, headers, answer = 0, {}, f"network error: {str(exc) or type(exc).__name__}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                status, headers, answer = 0, {}, f"network error: {str(exc) or type(exc).__name__}"
                if creates:
                    lost = f"webhook answer lost ({answer}); the message may have been posted"
                    raise SinkError(lost, ambiguous=True) from exc
            outcome = describe_error(status, answer) if status else answer

            if 200 <= status < 300 or (gone_ok and status == 404):
                return status, answer
            if status == 429:
                rate_limited += 1
                wait = retry_after(headers, answer)
                wait = self._delay(rate_limited) if wait is None else wait
                if wait > self._max_wait or rate_limited >= self._max_attempts:
                    raise SinkError(f"webhook rate limited: {outcome}", retry_after=wait)
                await asyncio.sleep(wait)
                continue
            if 400 <= status < 500:
                raise SinkError(f"webhook rejected the post: {outcome}", permanent=True)
            failures += 1
            if failures >= self._max_attempts:
                raise SinkError(f"webhook failed {failures} times, last: {outcome}")
            await asyncio.sleep(self._delay(failures))
