"""A post as the Discord messages that carry it.

Both Discord sinks send the same plan, so a post looks the same through a bot and a
webhook, and each message of a split post has its own stable nonce.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from etstats.publish.limits import CONTENT_LIMIT, Embed, fit_embeds
from etstats.publish.post import Attachment, Post
from etstats.publish.text import truncate

NONCE_LENGTH = 25
"""Discord accepts nonces of at most 25 characters."""


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    content: str | None
    embeds: list[Embed]
    attachments: list[Attachment]
    nonce: str
    mention_user_ids: list[str] = field(default_factory=list)


def message_nonce(key: str, part: int = 0) -> str:
    """A nonce that is the same for the same post part on every attempt, in every process."""
    digest = hashlib.sha256(f"{key}\x00{part}".encode()).hexdigest()
    return digest[:NONCE_LENGTH]


def _referenced_files(embeds: list[Embed]) -> set[str]:
    """File names that embeds point at with ``attachment://NAME`` URLs."""
    names: set[str] = set()

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            for inner in value.values():
                visit(inner)
        elif isinstance(value, list):
            for inner in value:
                visit(inner)
        elif isinstance(value, str) and value.startswith("attachment://"):
            names.add(value.removeprefix("attachment://"))

    visit(embeds)
    return names


def plan_messages(post: Post) -> list[OutgoingMessage]:
    """Split a post into messages within Discord's limits.

    The content goes on the first message. A file travels with the message whose embed
    shows it (``attachment://NAME``); files no embed refers to travel with the first.
    """
    groups = fit_embeds(post.embeds) or [[]]
    placed = [_referenced_files(group) for group in groups]
    files: list[list[Attachment]] = [[] for _ in groups]
    for attachment in post.attachments:
        index = next((i for i, names in enumerate(placed) if attachment.filename in names), 0)
        files[index].append(attachment)
    content = truncate(post.content, CONTENT_LIMIT) if post.content else None
    return [
        OutgoingMessage(
            content=content if index == 0 else None,
            embeds=group,
            attachments=files[index],
            nonce=message_nonce(post.key, index),
            mention_user_ids=list(post.mention_user_ids) if index == 0 else [],
        )
        for index, group in enumerate(groups)
    ]
