"""A local Discord gateway: the unmodified discord.py client connects, and tests act as users.

It speaks the gateway protocol (v10, JSON) over a real websocket on 127.0.0.1, served by
aiohttp: HELLO with a heartbeat interval, IDENTIFY (the token is checked; a wrong one is
closed with 4004 as Discord does), READY, then GUILD_CREATE with the guild's roles, members
and the channels of the HTTP stand-in (:mod:`tests.fakes.discord_server`), heartbeats
answered with HEARTBEAT_ACK, RESUME after a RECONNECT (events missed meanwhile are replayed),
and ``zlib-stream`` transport compression when the client asks for it. Tests then dispatch
what users do: type a message (MESSAGE_CREATE), run a slash command or press a button
(INTERACTION_CREATE). The bot's answers come back over HTTP and are read from the HTTP
stand-in, whose interaction callbacks and follow-ups this module opens.

How the client is pointed here, with no change to discord.py or to etstats:

- HTTP goes to ``discord.http.Route.BASE`` — etstats' own ``set_api_base`` (the
  ``ETSTATS_DISCORD_API_BASE`` setting) sets it.
- A plain :class:`discord.Client` (and ``commands.Bot``) opens the gateway at the class
  attribute ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``; :func:`point_client_at`
  sets it and gives the old value back. An ``AutoShardedClient`` asks ``GET /gateway/bot``
  instead, which the HTTP stand-in answers with :attr:`FakeGateway.url`; and READY's
  ``resume_gateway_url`` is this server too, so a resume comes back here.

Usage::

    async with FakeDiscord() as api, FakeGateway(api) as gateway:
        admin = gateway.add_role("Stats admins")
        alice = gateway.add_member("alice", roles=[admin])
        with point_client_at(api, gateway):
            ...  # log the bot in and connect it
        await gateway.type_message(channel_id, alice, "!last_session")
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import secrets
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import yarl
from aiohttp import WSMsgType, web
from discord.gateway import DiscordWebSocket

from etstats.publish.sinks.discord_api import set_api_base
from tests.fakes.discord_server import FakeDiscord, OpenInteraction

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, RECONNECT = 0, 1, 2, 3, 6, 7
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11
AUTHENTICATION_FAILED = 4004
MANAGE_GUILD = 1 << 5
_EVERYONE_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16)  # view channel, send messages, read history
_ZLIB_SUFFIX = b"\x00\x00\xff\xff"
_APPLICATION_COMMAND, _MESSAGE_COMPONENT = 2, 3
_BUTTON = 2
_OPTION_TYPES = {str: 3, int: 4, bool: 5}


@dataclass(frozen=True)
class FakeMember:
    """A guild member as Discord describes one: a user and the ids of the roles he holds."""

    user: dict[str, Any]
    roles: tuple[str, ...]
    joined_at: str

    @property
    def id(self) -> int:
        return int(self.user["id"])

    def payload(self, *, with_user: bool = True) -> dict[str, Any]:
        member: dict[str, Any] = {
            "roles": list(self.roles),
            "joined_at": self.joined_at,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
            "pending": False,
        }
        if with_user:
            member["user"] = self.user
        return member


@dataclass
class _Session:
    id: str
    sequence: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)


class _Connection:
    """One websocket; frames are compressed with one running zlib stream when asked for."""

    def __init__(self, ws: web.WebSocketResponse, compress: bool) -> None:
        self.ws = ws
        self._deflate = zlib.compressobj() if compress else None

    async def send(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload)
        if self._deflate is None:
            await self.ws.send_str(text)
        else:
            await self.ws.send_bytes(self._deflate.compress(text.encode()) + self._deflate.flush(zlib.Z_SYNC_FLUSH))


class FakeGateway:
    """The gateway of the guild the HTTP stand-in ``api`` holds; ``url`` is where clients connect."""

    def __init__(self, api: FakeDiscord, *, heartbeat_interval_ms: int = 41250) -> None:
        self.api = api
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.heartbeats = 0
        self.presences: list[dict[str, Any]] = []
        self.roles: list[dict[str, Any]] = [self._role(str(api.guild_id), "@everyone", _EVERYONE_PERMISSIONS, 0)]
        self.members: list[FakeMember] = []
        self.owner = self.add_member("guild-owner")
        self._sessions: dict[str, _Session] = {}
        self._session: _Session | None = None
        self._connection: _Connection | None = None
        self._ready = asyncio.Event()
        self._positions = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> FakeGateway:
        app = web.Application()
        app.add_routes([web.get("/", self._websocket)])
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        self.api.gateway_url = self.url
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.api.gateway_url = None
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    def add_role(self, name: str, permissions: int = 0) -> dict[str, Any]:
        role = self._role(str(self.api.next_id()), name, permissions, next(self._positions))
        self.roles.append(role)
        return role

    def add_member(self, name: str, roles: Sequence[dict[str, Any]] = ()) -> FakeMember:
        user = {
            "id": str(self.api.next_id()),
            "username": name,
            "discriminator": "0",
            "global_name": name,
            "avatar": None,
            "bot": False,
            "flags": 0,
        }
        member = FakeMember(user, tuple(role["id"] for role in roles), datetime.now(UTC).isoformat())
        self.members.append(member)
        return member

    async def wait_ready(self, timeout: float = 10.0) -> None:
        """Until a client has identified and been sent READY and the guild."""
        await asyncio.wait_for(self._ready.wait(), timeout)

    async def type_message(
        self, channel_id: int, member: FakeMember, content: str, mentions: Sequence[FakeMember] = ()
    ) -> dict[str, Any]:
        """``member`` types ``content`` into the channel: MESSAGE_CREATE, as the client receives it."""
        message = {
            "id": str(self.api.next_id()),
            "type": 0,
            "channel_id": str(channel_id),
            "guild_id": str(self.api.guild_id),
            "author": member.user,
            "member": member.payload(with_user=False),
            "content": content,
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [{**m.user, "member": m.payload(with_user=False)} for m in mentions],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "flags": 0,
            "components": [],
            "nonce": str(self.api.next_id()),
        }
        self.api.add_user_message(channel_id, message)
        await self.dispatch("MESSAGE_CREATE", message)
        return message

    async def slash_command(
        self, channel_id: int, member: FakeMember, name: str, **options: str | int | bool
    ) -> OpenInteraction:
        """``member`` runs ``/name`` with ``options``; the command must have been registered by the bot."""
        command = next((c for c in self.api.commands if c["name"] == name), None)
        if command is None:
            raise LookupError(f"/{name} was not registered (PUT /applications/…/commands)")
        interaction = self.api.open_interaction(channel_id)
        data = {
            "id": command["id"],
            "name": name,
            "type": 1,
            "options": [{"name": k, "type": _OPTION_TYPES[type(v)], "value": v} for k, v in options.items()],
        }
        await self.dispatch("INTERACTION_CREATE", self._interaction(interaction, _APPLICATION_COMMAND, member, data))
        return interaction

    async def press_button(self, channel_id: int, member: FakeMember, message_id: str, label: str) -> OpenInteraction:
        """``member`` presses the button labelled ``label`` on a message the bot sent."""
        message = self.api.message(channel_id, message_id)
        buttons = [c for row in message["components"] for c in row.get("components", []) if c.get("type") == _BUTTON]
        button = next((b for b in buttons if b.get("label") == label), None)
        if button is None:
            raise LookupError(f"no button {label!r} on message {message_id}: {[b.get('label') for b in buttons]}")
        if button.get("disabled"):
            raise ValueError(f"button {label!r} is disabled; Discord does not let anyone press it")
        interaction = self.api.open_interaction(channel_id, message_id)
        data = {"custom_id": button["custom_id"], "component_type": _BUTTON}
        payload = self._interaction(interaction, _MESSAGE_COMPONENT, member, data)
        payload["message"] = message
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction

    async def reconnect(self) -> None:
        """Ask the client to reconnect (op 7), as Discord does before moving a session; it should RESUME."""
        if self._connection is None:
            raise RuntimeError("no client is connected")
        self._ready.clear()
        await self._connection.send({"op": RECONNECT, "d": None})

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one event to the connected client, numbered in its session so a resume can replay it."""
        await self.wait_ready()
        session = self._session
        connection = self._connection
        assert session is not None and connection is not None
        session.sequence += 1
        payload = {"op": DISPATCH, "t": event, "s": session.sequence, "d": data}
        session.sent.append(payload)
        await connection.send(payload)

    def _interaction(
        self, interaction: OpenInteraction, kind: int, member: FakeMember, data: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "id": str(interaction.id),
            "application_id": self.api.bot_user["id"],
            "type": kind,
            "data": data,
            "guild_id": str(self.api.guild_id),
            "guild": {"id": str(self.api.guild_id), "locale": "en-US", "features": []},
            "channel_id": str(interaction.channel_id),
            "channel": self.api.channel(interaction.channel_id),
            "member": {**member.payload(), "permissions": str(self._permissions(member))},
            "token": interaction.token,
            "version": 1,
            "app_permissions": str(_EVERYONE_PERMISSIONS),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.api.guild_id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }

    def _permissions(self, member: FakeMember) -> int:
        held = {str(self.api.guild_id), *member.roles}
        value = 0
        for role in self.roles:
            if role["id"] in held:
                value |= int(role["permissions"])
        return value

    @staticmethod
    def _role(role_id: str, name: str, permissions: int, position: int) -> dict[str, Any]:
        return {
            "id": role_id,
            "name": name,
            "permissions": str(permissions),
            "position": position,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }

    def _guild(self) -> dict[str, Any]:
        channels = [self.api.channel(channel_id) for channel_id in self.api.channel_ids()]
        return {
            "id": str(self.api.guild_id),
            "name": "etstats test guild",
            "icon": None,
            "owner_id": str(self.owner.id),
            "region": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": self.roles,
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "max_members": 500000,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "joined_at": datetime.now(UTC).isoformat(),
            "large": False,
            "unavailable": False,
            "member_count": len(self.members) + 1,
            "voice_states": [],
            "members": [m.payload() for m in self.members] + [self._bot_member()],
            "channels": channels,
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def _bot_member(self) -> dict[str, Any]:
        return {
            "user": self.api.bot_user,
            "roles": [],
            "joined_at": datetime.now(UTC).isoformat(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
        }

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=None)
        await ws.prepare(request)
        connection = _Connection(ws, compress=request.query.get("compress") == "zlib-stream")
        await connection.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                break
            payload = json.loads(frame.data)
            op, data = payload.get("op"), payload.get("d")
            if op == HEARTBEAT:
                self.heartbeats += 1
                await connection.send({"op": HEARTBEAT_ACK})
            elif op == IDENTIFY:
                if not await self._identify(connection, data):
                    break
            elif op == RESUME:
                await self._resume(connection, data)
            elif op == PRESENCE:
                self.presences.append(data)
        if self._connection is connection:
            self._connection = None
            self._ready.clear()
        return ws

    async def _identify(self, connection: _Connection, data: dict[str, Any]) -> bool:
        self.identifies.append(data)
        if data.get("token") != self.api.token:
            await connection.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return False
        session = _Session(secrets.token_hex(16))
        self._sessions[session.id] = session
        self._session, self._connection = session, connection
        ready = {
            "v": 10,
            "user": self.api.bot_user,
            "guilds": [{"id": str(self.api.guild_id), "unavailable": True}],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.url,
            "application": {"id": self.api.bot_user["id"], "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": [],
        }
        for event, event_data in (("READY", ready), ("GUILD_CREATE", self._guild())):
            session.sequence += 1
            await connection.send({"op": DISPATCH, "t": event, "s": session.sequence, "d": event_data})
        self._ready.set()
        return True

    async def _resume(self, connection: _Connection, data: dict[str, Any]) -> None:
        self.resumes.append(data)
        session = self._sessions.get(data.get("session_id", ""))
        if session is None or data.get("token") != self.api.token:
            await connection.send({"op": INVALID_SESSION, "d": False})
            return
        self._session, self._connection = session, connection
        for payload in session.sent:
            if payload["s"] > (data.get("seq") or 0):
                await connection.send(payload)
        session.sequence += 1
        await connection.send({"op": DISPATCH, "t": "RESUMED", "s": session.sequence, "d": {}})
        self._ready.set()


@contextlib.contextmanager
def point_client_at(api: FakeDiscord, gateway: FakeGateway) -> Iterator[None]:
    """Send discord.py's HTTP requests to ``api`` and its gateway connection to ``gateway``, then restore both."""
    previous_base = set_api_base(api.base_url)
    previous_gateway = DiscordWebSocket.DEFAULT_GATEWAY
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway.url)
    try:
        yield
    finally:
        DiscordWebSocket.DEFAULT_GATEWAY = previous_gateway
        set_api_base(previous_base)
