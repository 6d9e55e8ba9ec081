"""What a command answers, as plain data: text and/or pages of embed dicts with their files.

Answers are built by plain functions (tested without Discord); only
:mod:`etstats.bot.respond` turns them into Discord messages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from etstats.publish.post import Attachment, Embed


class UserError(Exception):
    """A problem the user can fix; its message is the one line the bot answers."""


@dataclass(frozen=True, slots=True)
class Page:
    embeds: list[Embed]
    files: list[Attachment] = field(default_factory=list)
    later: Callable[[], list[Page]] | None = None
    """Builds this page (as one or more pages) when it is first shown, so pages deep in a long
    answer cost nothing until someone flips to them."""


@dataclass(frozen=True, slots=True)
class Section:
    """One view of an answer the reader can switch to (e.g. "Combat"), with its pages."""

    label: str
    pages: list[Page]
    draw: Callable[[], list[Attachment]] | None = None
    """Files the pages show, drawn only when a reader opens the view: a chart is slow to draw."""

    def drawn(self) -> Section:
        """This section with its files drawn and attached to the pages that show them."""
        if self.draw is None:
            return self
        return Section(self.label, _pages([page.embeds for page in self.pages], self.draw()))


def _pages(pages: Sequence[Sequence[Embed]], files: Sequence[Attachment]) -> list[Page]:
    built = []
    for embeds in pages:
        used = {embed.get("image", {}).get("url") for embed in embeds}
        built.append(Page(list(embeds), [f for f in files if f"attachment://{f.filename}" in used]))
    return built


@dataclass(frozen=True, slots=True)
class Reply:
    """One answer; with several pages the bot adds buttons to flip between them, and with
    several sections a menu to switch views (``pages`` are then the first section's)."""

    content: str | None = None
    pages: list[Page] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    @classmethod
    def line(cls, text: str) -> Reply:
        return cls(content=text)

    @classmethod
    def of(
        cls, pages: Sequence[Sequence[Embed]], files: Sequence[Attachment] = (), content: str | None = None
    ) -> Reply:
        """Pages of embeds; each file goes to the page whose embeds refer to it (``attachment://``)."""
        return cls(content=content, pages=_pages(pages, files))

    @classmethod
    def of_sections(
        cls,
        sections: Sequence[tuple[str, Sequence[Sequence[Embed]]]],
        on_demand: Mapping[str, Callable[[], list[Attachment]]] | None = None,
    ) -> Reply:
        """Views to switch between, each as pages; the first view is shown first.

        ``on_demand`` maps a view's label to what draws its files when it is opened.
        """
        later = on_demand or {}
        built = [Section(label, _pages(pages, []), later.get(label)) for label, pages in sections]
        return cls(pages=built[0].pages if built else [], sections=built)
