"""A post as the outbox stores it and every sink sends it."""

from __future__ import annotations

from collections.abc import Sequence
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
    corrects: str | None = None
    """For a correction: the key of the post it replaces (``key`` is then the correction's own key)."""


@dataclass(frozen=True, slots=True)
class Sent:
    """A sink's confirmation: a receipt for the log and the ids of the messages now carrying the post.

    The ids are stored per sink so a later correction can edit those messages in place.
    """

    receipt: str
    message_ids: tuple[str, ...] = ()


class SinkError(RuntimeError):
    """Sending failed; ``retry_after`` (seconds) when the far end said when to retry."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, permanent: bool = False, ambiguous: bool = False
    ):
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent
        self.ambiguous = ambiguous
        """The request may have been carried out: the answer was lost (dropped connection, timeout)."""


class Sink(Protocol):
    """Where posts go. Sinks subclass this to inherit the defaults of the optional members."""

    name: str
    combines_round2: bool = False
    """True when Round 2 travels inside the map post (one message on Discord); other sinks
    get the Round 2 post on its own."""
    may_duplicate: bool = False
    """True when sending again can show a post twice (no nonce, e.g. a webhook): the publisher
    records each send's start, so a send cut off by a crash or a lost answer is known."""
    checks_deliveries: bool = False
    """True when ``find_delivered`` can look in the channel (a webhook with the bot token)."""

    async def send(self, post: Post) -> Sent:
        """Deliver the post; raise SinkError on failure."""
        ...

    async def edit(self, post: Post, message_ids: Sequence[str]) -> Sent:
        """Replace the delivered messages ``message_ids`` with ``post``, a correction (``post.corrects``).

        Discord sinks edit in place; others write a record marked as a correction.
        """
        ...

    async def find_delivered(self, post: Post) -> Sent | None:
        """The messages already carrying ``post``, found in the channel, or None."""
        return None

    async def close(self) -> None:
        """Release what the sink holds open; most hold nothing between posts."""
        return None
