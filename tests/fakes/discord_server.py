"""A local Discord HTTP API that records what is posted and answers like Discord does.

It speaks only the endpoints etstats uses: login (``/users/@me`` and the application),
``/gateway/bot`` (the URL of :mod:`tests.fakes.discord_gateway` when one runs), slash
command registration, channels and their messages (with their components), webhook
execution, editing or deleting a message (through the bot or the webhook that posted it;
an edit that lists ``attachments`` keeps only those, as Discord does), and interaction
callbacks with their follow-ups and ``@original`` edits (a deferred answer's first
follow-up fills the "thinking" message, as on Discord). Messages are checked against
Discord's limits with their own, independent counting (code points, as discord.py
counts), so a renderer that merely hopes to fit gets the same 400 Discord would give.
``enforce_nonce`` is honoured, and the next requests can be told to fail with 429 or 5xx.
Channels can be renamed (``PATCH /channels/{id}``) twice per 10 minutes, as on Discord;
a third rename in the window is answered 429. ``clock`` (seconds) can be replaced so a
test need not wait those minutes.

Usage::

    async with FakeDiscord() as fake:
        set_api_base(fake.base_url)
        channel_id = fake.add_channel()
        ...
        assert fake.messages(channel_id)
"""

from __future__ import annotations

import itertools
import json
import secrets
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord
import pytest
from aiohttp import BodyPartReader, web
from discord.gateway import DiscordWebSocket

from etstats.publish.sinks.discord_api import set_api_base

API_PREFIX = "/api/v10"
PUBLIC_WEBHOOK_BASE = "https://discord.com/api/webhooks"

_LIMITS = {"title": 256, "description": 4096}
_FIELD_LIMITS = {"name": 256, "value": 1024}
_MAX_FIELDS = 25
_MAX_EMBEDS = 10
_MAX_TOTAL = 6000
_MAX_CONTENT = 2000
_MAX_NONCE = 25
RENAMES_PER_WINDOW = 2
RENAME_WINDOW = 600.0
_TEXT_CHANNEL = 0
_VOICE_CHANNEL = 2
EPHEMERAL = 1 << 6
LOADING = 1 << 7
_PONG, _MESSAGE, _DEFERRED_MESSAGE, _DEFERRED_UPDATE, _UPDATE = 1, 4, 5, 6, 7


@dataclass
class RecordedFile:
    field: str
    filename: str
    data: bytes


@dataclass
class RecordedRequest:
    """One request as the fake saw it; ``status`` is what it answered."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    files: list[RecordedFile] = field(default_factory=list)
    status: int = 0


_RECORD = web.RequestKey("record", RecordedRequest)


@dataclass
class OpenInteraction:
    """An interaction the gateway sent; the bot must answer it once through the callback."""

    id: int
    token: str
    channel_id: int
    message_id: str | None = None
    callbacks: list[dict[str, Any]] = field(default_factory=list)
    original_id: str | None = None


@dataclass(frozen=True)
class _Failure:
    status: int
    retry_after: float
    in_body: bool
    in_header: bool
    message: str
    code: int


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """Exactly ``application/json`` with no charset, as Discord answers (discord.py checks it verbatim)."""
    return web.Response(
        body=json.dumps(body).encode(), status=status, headers={"Content-Type": "application/json", **(headers or {})}
    )


def _error(status: int, message: str, code: int = 0, errors: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return _json(body, status=status)


def _snowflakes() -> Iterator[int]:
    """Ids as Discord makes them: the time in their top bits, so discord.py dates an interaction right.

    (discord.py refuses to answer an interaction whose id says it is older than 15 minutes.)
    """
    last = 0
    for sequence in itertools.count():
        last = max(discord.utils.time_snowflake(datetime.now(UTC)) | (sequence & 0xFFF), last + 1)
        yield last


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _put_error(errors: dict[str, Any], path: tuple[str, ...], code: str, message: str) -> None:
    node = errors
    for key in path:
        node = node.setdefault(key, {})
    node.setdefault("_errors", []).append({"code": code, "message": message})


def _too_long(errors: dict[str, Any], path: tuple[str, ...], value: Any, limit: int) -> None:
    if isinstance(value, str) and len(value) > limit:
        _put_error(errors, path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def form_errors(payload: dict[str, Any]) -> dict[str, Any]:
    """Discord's nested ``errors`` object for a message payload; empty when it is valid."""
    errors: dict[str, Any] = {}
    _too_long(errors, ("content",), payload.get("content"), _MAX_CONTENT)
    nonce = payload.get("nonce")
    if nonce is not None and len(str(nonce)) > _MAX_NONCE:
        _put_error(errors, ("nonce",), "BASE_TYPE_MAX_LENGTH", f"Must be {_MAX_NONCE} or fewer in length.")
    embeds = payload.get("embeds") or []
    if len(embeds) > _MAX_EMBEDS:
        _put_error(errors, ("embeds",), "BASE_TYPE_MAX_LENGTH", f"Must be {_MAX_EMBEDS} or fewer in length.")
    total = 0
    for index, embed in enumerate(embeds):
        at = ("embeds", str(index))
        for key, limit in _LIMITS.items():
            _too_long(errors, (*at, key), embed.get(key), limit)
        footer = (embed.get("footer") or {}).get("text")
        author = (embed.get("author") or {}).get("name")
        _too_long(errors, (*at, "footer", "text"), footer, 2048)
        _too_long(errors, (*at, "author", "name"), author, 256)
        texts = [embed.get("title"), embed.get("description"), footer, author]
        fields = embed.get("fields") or []
        if len(fields) > _MAX_FIELDS:
            _put_error(errors, (*at, "fields"), "BASE_TYPE_MAX_LENGTH", f"Must be {_MAX_FIELDS} or fewer in length.")
        for number, item in enumerate(fields):
            for key, limit in _FIELD_LIMITS.items():
                value = item.get(key)
                where = (*at, "fields", str(number), key)
                if not isinstance(value, str) or not value.strip():
                    _put_error(errors, where, "BASE_TYPE_REQUIRED", "This field is required")
                _too_long(errors, where, value, limit)
                texts.append(value)
        total += sum(len(text) for text in texts if isinstance(text, str))
    if total > _MAX_TOTAL:
        _put_error(errors, ("embeds",), "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {_MAX_TOTAL}")
    return errors


class FakeDiscord:
    """The fake API on 127.0.0.1 (random port); ``base_url`` replaces ``https://discord.com/api/v10``."""

    def __init__(self, *, token: str = "fake-bot-token", nonce_window: float = 300.0) -> None:
        self.token = token
        self.nonce_window = nonce_window
        self.requests: list[RecordedRequest] = []
        self._ids = _snowflakes()
        self.bot_user: dict[str, Any] = {
            "id": str(next(self._ids)),
            "username": "etstats-test",
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": True,
            "flags": 0,
            "verified": True,
            "mfa_enabled": False,
        }
        self.guild_id = next(self._ids)
        everyone = discord.Permissions.text() | discord.Permissions(view_channel=True)
        self.roles: list[dict[str, Any]] = [
            {"id": str(self.guild_id), "name": "@everyone", "permissions": str(everyone.value)}
        ]
        self._channels: dict[int, dict[str, Any]] = {}
        self._messages: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self._webhooks: dict[int, tuple[str, int]] = {}
        self._nonces: dict[tuple[int, str, str], tuple[dict[str, Any], float]] = {}
        self._failures: deque[_Failure | None] = deque()
        self._lost_answers = 0
        self._renames: dict[int, list[float]] = defaultdict(list)
        self._interactions: dict[str, OpenInteraction] = {}
        self.commands: list[dict[str, Any]] = []
        self.gateway_url: str | None = None
        self.clock: Callable[[], float] = time.monotonic
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> FakeDiscord:
        app = web.Application(middlewares=[self._middleware])
        app.add_routes(
            [
                web.get(f"{API_PREFIX}/users/@me", self._get_me),
                web.get(f"{API_PREFIX}/oauth2/applications/@me", self._get_application),
                web.get(f"{API_PREFIX}/gateway/bot", self._get_gateway_bot),
                web.put(f"{API_PREFIX}/applications/{{application_id}}/commands", self._put_commands),
                web.post(f"{API_PREFIX}/channels/{{channel_id}}/typing", self._typing),
                web.post(f"{API_PREFIX}/interactions/{{interaction_id}}/{{token}}/callback", self._callback),
                web.get(f"{API_PREFIX}/channels/{{channel_id}}", self._get_channel),
                web.patch(f"{API_PREFIX}/channels/{{channel_id}}", self._patch_channel),
                web.post(f"{API_PREFIX}/channels/{{channel_id}}/messages", self._post_message),
                web.patch(f"{API_PREFIX}/channels/{{channel_id}}/messages/{{message_id}}", self._patch_message),
                web.post(f"{API_PREFIX}/webhooks/{{webhook_id}}/{{token}}", self._execute_webhook),
                web.get(f"{API_PREFIX}/webhooks/{{webhook_id}}/{{token}}", self._get_webhook),
                web.get(f"{API_PREFIX}/guilds/{{guild_id}}/roles", self._get_roles),
                web.get(f"{API_PREFIX}/guilds/{{guild_id}}/members/{{user_id}}", self._get_member),
                web.get(f"{API_PREFIX}/channels/{{channel_id}}/messages", self._get_messages),
                web.delete(f"{API_PREFIX}/channels/{{channel_id}}/messages/{{message_id}}", self._delete_message),
                web.patch(
                    f"{API_PREFIX}/webhooks/{{webhook_id}}/{{token}}/messages/{{message_id}}",
                    self._patch_webhook_message,
                ),
                web.delete(
                    f"{API_PREFIX}/webhooks/{{webhook_id}}/{{token}}/messages/{{message_id}}",
                    self._delete_webhook_message,
                ),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    def add_channel(self, name: str = "round-stats") -> int:
        return self._add_channel(name, _TEXT_CHANNEL)

    def add_voice_channel(self, name: str = "game") -> int:
        channel_id = self._add_channel(name, _VOICE_CHANNEL)
        self._channels[channel_id].update({"bitrate": 64000, "user_limit": 0, "rtc_region": None})
        return channel_id

    def channel(self, channel_id: int) -> dict[str, Any]:
        return dict(self._channels[channel_id])

    def channel_ids(self) -> list[int]:
        return list(self._channels)

    def delete_message(self, channel_id: int, message_id: int | str) -> None:
        """Remove a message as a moderator deleting it would; later edits of it get 404."""
        self._messages[channel_id] = [m for m in self._messages[channel_id] if m["id"] != str(message_id)]

    def _add_channel(self, name: str, kind: int) -> int:
        channel_id = next(self._ids)
        self._channels[channel_id] = {
            "id": str(channel_id),
            "type": kind,
            "guild_id": str(self.guild_id),
            "name": name,
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }
        return channel_id

    def add_webhook(self, channel_id: int) -> str:
        """A webhook posting into ``channel_id``; returns its public (discord.com) URL."""
        webhook_id = next(self._ids)
        token = secrets.token_urlsafe(32)
        self._webhooks[webhook_id] = (token, channel_id)
        return f"{PUBLIC_WEBHOOK_BASE}/{webhook_id}/{token}"

    def deny_everyone(self, channel_id: int, permissions: discord.Permissions) -> None:
        """A channel overwrite taking ``permissions`` from @everyone, the bot included."""
        overwrite = {"id": str(self.guild_id), "type": 0, "allow": "0", "deny": str(permissions.value)}
        self._channels[channel_id]["permission_overwrites"].append(overwrite)

    def messages(self, channel_id: int) -> list[dict[str, Any]]:
        return list(self._messages[channel_id])

    def replies(self, channel_id: int) -> list[dict[str, Any]]:
        """The bot's own messages in a channel (users' messages typed through the gateway left out)."""
        return [m for m in self._messages[channel_id] if m["author"]["id"] == self.bot_user["id"]]

    def message(self, channel_id: int, message_id: int | str) -> dict[str, Any]:
        return next(m for m in self._messages[channel_id] if m["id"] == str(message_id))

    def add_user_message(self, channel_id: int, message: dict[str, Any]) -> None:
        """Keep a message a user typed (sent through the gateway) in the channel's history."""
        self._messages[channel_id].append(message)

    def next_id(self) -> int:
        return next(self._ids)

    def open_interaction(self, channel_id: int, message_id: str | None = None) -> OpenInteraction:
        """A new interaction (its id and token) whose callback and follow-ups the fake will accept."""
        interaction = OpenInteraction(next(self._ids), secrets.token_urlsafe(24), channel_id, message_id)
        self._interactions[interaction.token] = interaction
        return interaction

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 429,
        retry_after: float = 0.01,
        in_body: bool = True,
        in_header: bool = True,
        message: str | None = None,
        code: int = 0,
        after: int = 0,
    ) -> None:
        """Answer ``count`` requests with ``status``, starting once ``after`` more have been served.

        A 429 says ``retry_after`` in its JSON body and/or ``Retry-After`` header; other
        statuses answer Discord's ``{"message", "code"}`` body.
        """
        failure = _Failure(status, retry_after, in_body, in_header, message or f"{status}: Error", code)
        self._failures.extend([None] * after + [failure] * count)

    def clear_failures(self) -> None:
        """Forget the failures still queued by ``fail_next``."""
        self._failures.clear()

    def lose_next_answers(self, count: int = 1) -> None:
        """Carry out the next ``count`` message posts, then drop the connection instead of answering."""
        self._lost_answers += count

    def requests_to(self, method: str, path_start: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_start)]

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        record = RecordedRequest(
            method=request.method,
            path=request.path.removeprefix(API_PREFIX),
            query=dict(request.query),
            headers=dict(request.headers),
        )
        self.requests.append(record)
        request[_RECORD] = record
        await self._read_payload(request, record)
        failure = self._failures.popleft() if self._failures else None
        if failure is not None:
            response: web.StreamResponse = self._failure(failure)
        else:
            try:
                response = await handler(request)
            except web.HTTPException as exc:
                response = _error(exc.status, f"{exc.status}: {exc.reason}")
        record.status = response.status
        if self._lost_answers and request.method == "POST" and response.status == 200 and request.transport:
            self._lost_answers -= 1
            request.transport.abort()
        return response

    @staticmethod
    async def _read_payload(request: web.Request, record: RecordedRequest) -> None:
        if request.content_type == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                if part.name == "payload_json":
                    record.json = json.loads(await part.text())
                else:
                    record.files.append(RecordedFile(part.name or "", part.filename or "", bytes(await part.read())))
        elif request.content_type == "application/json" and request.can_read_body:
            record.json = await request.json()

    @staticmethod
    def _failure(failure: _Failure) -> web.Response:
        if failure.status != 429:
            return _error(failure.status, failure.message, failure.code)
        body: dict[str, Any] = {"message": "You are being rate limited.", "global": False}
        headers = {"Via": "1.1 google", "X-RateLimit-Scope": "user"}
        if failure.in_body:
            body["retry_after"] = failure.retry_after
        if failure.in_header:
            headers["Retry-After"] = str(failure.retry_after)
        return _json(body, status=429, headers=headers)

    def _authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.token}"

    async def _get_me(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        return _json(self.bot_user)

    async def _get_application(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        return _json(
            {
                "id": self.bot_user["id"],
                "name": "etstats-test",
                "description": "",
                "icon": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": self.bot_user,
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def _get_gateway_bot(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": self.gateway_url or self.no_gateway_url, "shards": 1, "session_start_limit": limit})

    @property
    def no_gateway_url(self) -> str:
        """Where a client is sent with no gateway stand-in attached: here, which refuses the websocket."""
        return f"ws://127.0.0.1:{self.port}/no-gateway"

    async def _put_commands(self, request: web.Request) -> web.Response:
        """Replace the global slash commands, answering them with ids as Discord does."""
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        if request.match_info["application_id"] != self.bot_user["id"]:
            return _error(403, "Missing Access", 50001)
        payload = request[_RECORD].json
        if not isinstance(payload, list):
            return _error(400, "Invalid Form Body", 50035)
        application = self.bot_user["id"]
        self.commands = [
            {"id": str(next(self._ids)), "application_id": application, "version": "1", "type": 1, **command}
            for command in payload
        ]
        return _json(self.commands)

    async def _typing(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        if self._channel_or_none(request) is None:
            return _error(404, "Unknown Channel", 10003)
        return web.Response(status=204)

    async def _callback(self, request: web.Request) -> web.Response:
        """The one answer to an interaction: a message, a (thinking) defer, or an edit of the pressed message."""
        interaction = self._interactions.get(request.match_info["token"])
        if interaction is None or str(interaction.id) != request.match_info["interaction_id"]:
            return _error(404, "Unknown interaction", 10062)
        if interaction.callbacks:
            return _error(400, "Interaction has already been acknowledged.", 40060)
        record = request[_RECORD]
        payload = record.json if isinstance(record.json, dict) else {}
        kind = payload.get("type")
        outcome = self._acknowledge(record, interaction, kind, payload.get("data") or {})
        if isinstance(outcome, web.Response):
            return outcome
        interaction.callbacks.append(payload)
        answer: dict[str, Any] = {
            "id": str(interaction.id),
            "type": 2 if interaction.message_id is None else 3,
            "response_message_loading": kind == _DEFERRED_MESSAGE,
            "response_message_ephemeral": bool(outcome and outcome["flags"] & EPHEMERAL),
        }
        resource: dict[str, Any] = {"type": kind}
        if outcome is not None:
            answer["response_message_id"] = outcome["id"]
            resource["message"] = outcome
        return _json({"interaction": answer, "resource": resource})

    def _acknowledge(
        self, record: RecordedRequest, interaction: OpenInteraction, kind: Any, data: dict[str, Any]
    ) -> dict[str, Any] | None | web.Response:
        """Do what the callback type asks; the message it made or edited, or the error answer."""
        channel_id = interaction.channel_id
        if kind == _MESSAGE:
            response = self._create(record, channel_id, self.bot_user, webhook_id=None, body=data)
            if response.status != 200:
                return response
            interaction.original_id = self._messages[channel_id][-1]["id"]
            return self._messages[channel_id][-1]
        if kind == _DEFERRED_MESSAGE:
            flags = LOADING | (data.get("flags", 0) & EPHEMERAL)
            message = self._store(channel_id, self.bot_user, {"flags": flags}, [], webhook_id=None)
            interaction.original_id = message["id"]
            return message
        if kind == _UPDATE:
            if interaction.message_id is None:
                return _error(400, "Interaction has no message to update", 50035)
            response = self._edit(record, channel_id, interaction.message_id, body=data)
            return self.message(channel_id, interaction.message_id) if response.status == 200 else response
        if kind in (_PONG, _DEFERRED_UPDATE):
            return None
        return _error(400, "Invalid Form Body", 50035, {"type": {"_errors": [{"code": "BASE_TYPE_CHOICES"}]}})

    def _followup(self, request: web.Request) -> OpenInteraction | None:
        """The interaction whose token a webhook request under the application's id names."""
        interaction = self._interactions.get(request.match_info["token"])
        if interaction is None or request.match_info["webhook_id"] != self.bot_user["id"]:
            return None
        return interaction

    def _channel_or_none(self, request: web.Request) -> int | None:
        raw = request.match_info["channel_id"]
        return int(raw) if raw.isdigit() and int(raw) in self._channels else None

    async def _get_channel(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        channel_id = self._channel_or_none(request)
        if channel_id is None:
            return _error(404, "Unknown Channel", 10003)
        return _json(self._channels[channel_id])

    async def _patch_channel(self, request: web.Request) -> web.Response:
        """Rename a channel; the third rename within 10 minutes is refused like Discord does."""
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        channel_id = self._channel_or_none(request)
        if channel_id is None:
            return _error(404, "Unknown Channel", 10003)
        payload = request[_RECORD].json if isinstance(request[_RECORD].json, dict) else {}
        name = payload.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            return _error(400, "Invalid Form Body", 50035, {"name": {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH"}]}})
        now = self.clock()
        recent = [t for t in self._renames[channel_id] if now - t < RENAME_WINDOW]
        if len(recent) >= RENAMES_PER_WINDOW:
            wait = RENAME_WINDOW - (now - recent[0])
            body = {"message": "You are being rate limited.", "retry_after": wait, "global": False}
            return _json(body, status=429, headers={"Via": "1.1 google", "Retry-After": str(wait)})
        self._renames[channel_id] = recent + [now]
        self._channels[channel_id]["name"] = name
        return _json(self._channels[channel_id])

    async def _post_message(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        channel_id = self._channel_or_none(request)
        if channel_id is None:
            return _error(404, "Unknown Channel", 10003)
        return self._create(request[_RECORD], channel_id, self.bot_user, webhook_id=None)

    async def _execute_webhook(self, request: web.Request) -> web.Response:
        interaction = self._followup(request)
        if interaction is not None:
            return self._send_followup(request[_RECORD], interaction)
        webhook = self._webhook(request)
        if webhook is None:
            return _error(404, "Unknown Webhook", 10015)
        webhook_id, channel_id = webhook
        author = {"id": str(webhook_id), "username": "etstats", "discriminator": "0000", "avatar": None, "bot": True}
        response = self._create(request[_RECORD], channel_id, author, webhook_id=webhook_id)
        if request.query.get("wait", "").lower() != "true" and response.status == 200:
            return web.Response(status=204)
        return response

    async def _get_webhook(self, request: web.Request) -> web.Response:
        webhook = self._webhook(request)
        if webhook is None:
            return _error(404, "Unknown Webhook", 10015)
        webhook_id, channel_id = webhook
        return _json(
            {
                "id": str(webhook_id),
                "type": 1,
                "channel_id": str(channel_id),
                "guild_id": str(self.guild_id),
                "name": "etstats",
                "token": request.match_info["token"],
            }
        )

    async def _get_roles(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        if request.match_info["guild_id"] != str(self.guild_id):
            return _error(404, "Unknown Guild", 10004)
        return _json(self.roles)

    async def _get_member(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        if request.match_info["user_id"] != self.bot_user["id"]:
            return _error(404, "Unknown Member", 10007)
        return _json({"user": self.bot_user, "roles": [], "joined_at": _now(), "deaf": False, "mute": False})

    async def _get_messages(self, request: web.Request) -> web.Response:
        """The newest messages first, at most ``limit`` (50 by default, 100 at most), as Discord lists them."""
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        channel_id = self._channel_or_none(request)
        if channel_id is None:
            return _error(404, "Unknown Channel", 10003)
        limit = min(int(request.query.get("limit", "50")), 100)
        return _json(list(reversed(self._messages[channel_id]))[:limit])

    def _send_followup(self, record: RecordedRequest, interaction: OpenInteraction) -> web.Response:
        """A follow-up; the first one after a thinking defer replaces that message instead."""
        if not interaction.callbacks:
            return _error(404, "Unknown Webhook", 10015)
        channel_id = interaction.channel_id
        original = interaction.original_id
        if original is not None and self.message(channel_id, original)["flags"] & LOADING:
            return self._edit(record, channel_id, original)
        return self._create(record, channel_id, self.bot_user, webhook_id=None)

    def _webhook(self, request: web.Request) -> tuple[int, int] | None:
        raw = request.match_info["webhook_id"]
        known = self._webhooks.get(int(raw)) if raw.isdigit() else None
        if known is None or known[0] != request.match_info["token"]:
            return None
        return int(raw), known[1]

    def _create(
        self,
        record: RecordedRequest,
        channel_id: int,
        author: dict[str, Any],
        *,
        webhook_id: int | None,
        body: dict[str, Any] | None = None,
    ) -> web.Response:
        payload = body if body is not None else record.json if isinstance(record.json, dict) else {}
        if not (payload.get("content") or payload.get("embeds") or record.files):
            return _error(400, "Cannot send an empty message", 50006)
        errors = form_errors(payload)
        if errors:
            return _error(400, "Invalid Form Body", 50035, errors)
        nonce = payload.get("nonce")
        nonce_key = (channel_id, author["id"], str(nonce))
        if nonce is not None and payload.get("enforce_nonce"):
            seen = self._nonces.get(nonce_key)
            if seen is not None and time.monotonic() - seen[1] < self.nonce_window:
                return _json(seen[0])
        message = self._store(channel_id, author, payload, record.files, webhook_id=webhook_id)
        if nonce is not None:
            self._nonces[nonce_key] = (message, time.monotonic())
        return _json(message)

    def _store(
        self,
        channel_id: int,
        author: dict[str, Any],
        payload: dict[str, Any],
        files: list[RecordedFile],
        *,
        webhook_id: int | None,
    ) -> dict[str, Any]:
        message = {
            "id": str(next(self._ids)),
            "type": 0,
            "channel_id": str(channel_id),
            "author": author,
            "content": payload.get("content") or "",
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [self._attachment(channel_id, f) for f in files],
            "embeds": [{"type": "rich", **embed} for embed in payload.get("embeds") or []],
            "pinned": False,
            "flags": payload.get("flags", 0) & (EPHEMERAL | LOADING),
            "components": payload.get("components") or [],
            "nonce": payload.get("nonce"),
        }
        if webhook_id is not None:
            message["webhook_id"] = str(webhook_id)
        self._messages[channel_id].append(message)
        return message

    def _attachment(self, channel_id: int, upload: RecordedFile) -> dict[str, Any]:
        attachment_id = next(self._ids)
        url = f"http://127.0.0.1:{self.port}/attachments/{channel_id}/{attachment_id}/{upload.filename}"
        size = len(upload.data)
        return {"id": str(attachment_id), "filename": upload.filename, "size": size, "url": url, "proxy_url": url}

    def _edit(
        self, record: RecordedRequest, channel_id: int, message_id: str, *, body: dict[str, Any] | None = None
    ) -> web.Response:
        """Edit in place; a listed ``attachments`` keeps only the listed old files, plus the uploads."""
        message = next((m for m in self._messages[channel_id] if m["id"] == message_id), None)
        if message is None:
            return _error(404, "Unknown Message", 10008)
        payload = body if body is not None else record.json if isinstance(record.json, dict) else {}
        errors = form_errors(payload)
        if errors:
            return _error(400, "Invalid Form Body", 50035, errors)
        if "content" in payload:
            message["content"] = payload["content"] or ""
        if "embeds" in payload:
            message["embeds"] = [{"type": "rich", **embed} for embed in payload["embeds"] or []]
        if "components" in payload:
            message["components"] = payload["components"] or []
        if "attachments" in payload:
            kept = {str(item.get("id")) for item in payload["attachments"] or []}
            message["attachments"] = [a for a in message["attachments"] if a["id"] in kept]
        if record.files:
            message["attachments"] += [self._attachment(channel_id, f) for f in record.files]
        message["flags"] &= ~LOADING
        message["edited_timestamp"] = _now()
        return _json(message)

    async def _patch_message(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        channel_id = self._channel_or_none(request)
        if channel_id is None:
            return _error(404, "Unknown Channel", 10003)
        return self._edit(request[_RECORD], channel_id, request.match_info["message_id"])

    def _remove(self, channel_id: int, message_id: str) -> web.Response:
        if not any(m["id"] == message_id for m in self._messages[channel_id]):
            return _error(404, "Unknown Message", 10008)
        self.delete_message(channel_id, message_id)
        return web.Response(status=204)

    async def _delete_message(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _error(401, "401: Unauthorized")
        channel_id = self._channel_or_none(request)
        if channel_id is None:
            return _error(404, "Unknown Channel", 10003)
        return self._remove(channel_id, request.match_info["message_id"])

    async def _delete_webhook_message(self, request: web.Request) -> web.Response:
        webhook = self._webhook(request)
        if webhook is None:
            return _error(404, "Unknown Webhook", 10015)
        return self._remove(webhook[1], request.match_info["message_id"])

    async def _patch_webhook_message(self, request: web.Request) -> web.Response:
        interaction = self._followup(request)
        if interaction is not None:
            message_id = request.match_info["message_id"]
            if message_id == "@original":
                message_id = interaction.original_id or ""
            return self._edit(request[_RECORD], interaction.channel_id, message_id)
        webhook = self._webhook(request)
        if webhook is None:
            return _error(404, "Unknown Webhook", 10015)
        return self._edit(request[_RECORD], webhook[1], request.match_info["message_id"])


@pytest.fixture
async def discord_server() -> AsyncIterator[FakeDiscord]:
    """A running fake Discord for one test; a service pointed at it moves discord.py's gateway, put back after."""
    gateway = DiscordWebSocket.DEFAULT_GATEWAY
    async with FakeDiscord() as fake:
        yield fake
    DiscordWebSocket.DEFAULT_GATEWAY = gateway


@pytest.fixture
async def discord_client(discord_server: FakeDiscord) -> AsyncIterator[discord.Client]:
    """A real discord.py client logged in to the fake over HTTP (no gateway connection)."""
    previous = set_api_base(discord_server.base_url)
    client = discord.Client(intents=discord.Intents.none())
    try:
        await client.login(discord_server.token)
        yield client
    finally:
        await client.close()
        set_api_base(previous)
