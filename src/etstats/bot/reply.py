"""What a command answers, as plain data: text and/or pages of embed dicts with their files.

Answers are built by plain functions (tested without Discord); only
:mod:`etstats.bot.respond` turns them into Discord messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from etstats.publish.post import Attachment, Embed


class UserError(Exception):
    """A problem the user can fix; its message is the one line the bot answers."""


@dataclass(frozen=True, slots=True)
class Page:
    embeds: list[Embed]
    files: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Reply:
    """One answer; with several pages the bot adds buttons to flip between them."""

    content: str | None = None
    pages: list[Page] = field(default_factory=list)

    @classmethod
    def line(cls, text: str) -> Reply:
        return cls(content=text)

    @classmethod
    def of(
        cls, pages: Sequence[Sequence[Embed]], files: Sequence[Attachment] = (), content: str | None = None
    ) -> Reply:
        """Pages of embeds; each file goes to the page whose embeds refer to it (``attachment://``)."""
        built = []
        for embeds in pages:
            used = {embed.get("image", {}).get("url") for embed in embeds}
            built.append(Page(list(embeds), [f for f in files if f"attachment://{f.filename}" in used]))
        return cls(content=content, pages=built)
