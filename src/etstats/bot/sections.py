"""A menu to switch between the views of one answer (overview, combat, …), one message edited in place."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import discord

from etstats.bot.paginator import TIMEOUT_SECONDS, Paginator
from etstats.bot.reply import Section


class SectionMenu(discord.ui.Select["SectionSwitcher"]):
    def __init__(self, sections: Sequence[Section]) -> None:
        options = [
            discord.SelectOption(label=section.label, value=str(index), default=index == 0)
            for index, section in enumerate(sections)
        ]
        super().__init__(placeholder="Choose a view", options=options, row=1)

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.switch(interaction, int(self.values[0]))


class SectionSwitcher(Paginator):
    """A select menu of views plus ◀ / ▶ within the chosen view; anyone may switch."""

    def __init__(self, sections: Sequence[Section], *, timeout: float = TIMEOUT_SECONDS) -> None:
        self.sections = list(sections)
        super().__init__(self.sections[0].pages, timeout=timeout)
        self.menu = SectionMenu(self.sections)
        self.add_item(self.menu)

    async def switch(self, interaction: discord.Interaction, index: int) -> None:
        """Show the first page of the chosen view (drawing its chart the first time), marked as chosen."""
        section = self.sections[index]
        if section.draw is not None:
            section = self.sections[index] = await asyncio.to_thread(section.drawn)
        self.pages = list(section.pages)
        for number, option in enumerate(self.menu.options):
            option.default = number == index
        await self._show(interaction, 0)

    async def on_timeout(self) -> None:
        self.menu.disabled = True
        await super().on_timeout()
