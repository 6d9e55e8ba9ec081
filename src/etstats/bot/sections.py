"""Buttons to switch between the views of one answer (overview, combat, …), one message edited in place."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import discord

from etstats.bot.paginator import TIMEOUT_SECONDS, Paginator
from etstats.bot.reply import Section

VIEW_ROW = 1


class SectionButton(discord.ui.Button["SectionSwitcher"]):
    def __init__(self, label: str, index: int) -> None:
        super().__init__(label=label, style=discord.ButtonStyle.secondary, row=VIEW_ROW)
        self.index = index

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.switch(interaction, self.index)


class SectionSwitcher(Paginator):
    """One button per view (the shown one highlighted) and ◀ / ▶ within a view that has
    several pages; anyone may press them."""

    def __init__(self, sections: Sequence[Section], *, timeout: float = TIMEOUT_SECONDS) -> None:
        self.sections = list(sections)
        super().__init__(self.sections[0].pages, timeout=timeout)
        if all(len(section.pages) <= 1 for section in self.sections):
            for button in (self.previous_page, self.counter, self.next_page):
                self.remove_item(button)
        self.buttons = [SectionButton(section.label, index) for index, section in enumerate(self.sections)]
        for button in self.buttons:
            self.add_item(button)
        self._mark(0)

    def _mark(self, index: int) -> None:
        for number, button in enumerate(self.buttons):
            button.style = discord.ButtonStyle.primary if number == index else discord.ButtonStyle.secondary
            button.disabled = number == index

    async def switch(self, interaction: discord.Interaction, index: int) -> None:
        """Show the first page of the chosen view, drawing its chart the first time."""
        section = self.sections[index]
        if section.draw is not None:
            section = self.sections[index] = await asyncio.to_thread(section.drawn)
        self.pages = list(section.pages)
        self._mark(index)
        await self._show(interaction, 0)
