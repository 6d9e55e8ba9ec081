"""Just enough of discord.py's Context, members and interactions to call command callbacks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import discord


@dataclass
class FakeRole:
    id: int
    name: str


@dataclass
class FakePermissions:
    manage_guild: bool = False


@dataclass
class FakeMember:
    id: int = 111111111111111111
    roles: list[FakeRole] = field(default_factory=list)
    guild_permissions: FakePermissions = field(default_factory=FakePermissions)


@dataclass
class FakeMessage:
    edits: list[dict[str, Any]] = field(default_factory=list)

    async def edit(self, **kwargs: Any) -> FakeMessage:
        self.edits.append(kwargs)
        return self


class FakeContext:
    """Records what a command sends; ``command`` names it in error lines."""

    def __init__(self, author: Any = None, command: Any = None) -> None:
        self.author = author or FakeMember()
        self.command = command
        self.cog: Any = None
        self.sent: list[dict[str, Any]] = []
        self.deferred = False

    async def defer(self, *, ephemeral: bool = False) -> None:
        self.deferred = True

    async def send(self, content: str | None = None, **kwargs: Any) -> FakeMessage:
        self.sent.append({"content": content, **kwargs})
        return FakeMessage()

    @property
    def reply(self) -> dict[str, Any]:
        """The one message the command sent."""
        assert len(self.sent) == 1, self.sent
        return self.sent[0]

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.reply.get("embeds") or []]


class FakeResponse:
    def __init__(self) -> None:
        self.edits: list[dict[str, Any]] = []
        self.deferred = False

    async def edit_message(self, **kwargs: Any) -> None:
        self.edits.append(kwargs)

    async def defer(self) -> None:
        self.deferred = True


class FakeInteraction:
    def __init__(self) -> None:
        self.response = FakeResponse()


class FakeControl:
    """A MonitorControl that only remembers what it was told."""

    def __init__(self, running: bool = False) -> None:
        self.running = running
        self.calls: list[str] = []

    async def start(self) -> None:
        self.calls.append("start")
        self.running = True

    async def stop(self) -> None:
        self.calls.append("stop")
        self.running = False


def no_mentions(sent: dict[str, Any]) -> bool:
    mentions = sent.get("allowed_mentions")
    return isinstance(mentions, discord.AllowedMentions) and mentions.to_dict() == {"parse": []}
