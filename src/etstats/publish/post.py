"""A post as the outbox stores it and every sink sends it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

Embed = dict[str, Any]
"""A Discord embed as its JSON object: what renderers build and every sink sends."""


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Post:
    """One message. ``key`` is stable per round and post kind: the idempotency key."""

    key: str
    kind: str  # "round1", "round2", "map", "notice"
    source: str
    map: str
    round_files: list[str]
    created_at: datetime
    embeds: list[Embed]
    content: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    mention_user_ids: list[str] = field(default_factory=list)
    """The only users the post may ping (players who opted in with ``!notify on``); none by default."""


class SinkError(RuntimeError):
    """Sending failed; ``retry_after`` (seconds) when the far end said when to retry."""

    def __init__(self, message: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


class Sink(Protocol):
    """Where posts go. Sinks subclass this to inherit the defaults of the optional members."""

    name: str
    combines_round2: bool = False
    """True when Round 2 travels inside the map post (one message on Discord); other sinks
    get the Round 2 post on its own."""

    async def send(self, post: Post) -> str:
        """Deliver the post; return a confirmation (message id). Raise SinkError on failure."""
        ...

    async def close(self) -> None:
        """Release what the sink holds open; most hold nothing between posts."""
        return None
