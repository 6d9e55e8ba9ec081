"""Posting through a Discord webhook: no bot, no gateway, one URL."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from etstats.publish.outgoing import OutgoingMessage, plan_messages
from etstats.publish.post import Post, Sink, SinkError
from etstats.publish.sinks.discord_api import DEFAULT_API_BASE, describe_error, retry_after, webhook_endpoint


def _request_body(message: OutgoingMessage) -> dict[str, Any]:
    """aiohttp keyword arguments: JSON, or multipart with ``payload_json`` and ``files[n]``."""
    allowed: dict[str, Any] = {"parse": []}
    if message.mention_user_ids:
        allowed["users"] = message.mention_user_ids
    payload: dict[str, Any] = {"allowed_mentions": allowed, "embeds": message.embeds}
    if message.content:
        payload["content"] = message.content
    if not message.attachments:
        return {"json": payload}
    payload["attachments"] = [{"id": i, "filename": a.filename} for i, a in enumerate(message.attachments)]
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


class WebhookSink(Sink):
    """Executes a webhook with ``?wait=true`` so that each post comes back with a message id.

    Rate limits are waited out when short; server errors and network failures are retried
    with capped exponential backoff. Webhooks take no nonce, so the messages of a split
    post already delivered are remembered: a retry of the same post resumes after them.
    """

    name = "webhook"
    combines_round2 = True

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
    ) -> None:
        self._endpoint = webhook_endpoint(url, api_base)
        self._session = session
        self._max_attempts = max_attempts
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._max_wait = max_wait
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._delivered: dict[str, list[str]] = {}

    async def send(self, post: Post) -> str:
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
        return ",".join(delivered)

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
        failures = rate_limited = 0
        headers: Mapping[str, str]
        while True:
            try:
                async with session.post(
                    self._endpoint, params={"wait": "true"}, timeout=self._timeout, **_request_body(message)
                ) as response:
                    status, headers, body = response.status, response.headers, await _read_body(response)
            except (aiohttp.ClientError, TimeoutError) as exc:
                status, headers, body = 0, {}, f"network error: {str(exc) or type(exc).__name__}"
            outcome = describe_error(status, body) if status else body

            if 200 <= status < 300:
                if isinstance(body, dict) and "id" in body:
                    return str(body["id"])
                raise SinkError(f"webhook answered {status} without a message id", permanent=True)
            if status == 429:
                rate_limited += 1
                wait = retry_after(headers, body)
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
