"""Buttons to flip through a long reply, one message edited in place."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Sequence

import discord

from etstats.bot.reply import Page

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 600.0


def discord_embeds(page: Page) -> list[discord.Embed]:
    return [discord.Embed.from_dict(embed) for embed in page.embeds]


def discord_files(page: Page) -> list[discord.File]:
    return [discord.File(io.BytesIO(f.data), filename=f.filename) for f in page.files]


class Paginator(discord.ui.View):
    """◀ / ▶ between pages; anyone may flip. Buttons are disabled when the view times out."""

    def __init__(self, pages: Sequence[Page], *, timeout: float = TIMEOUT_SECONDS) -> None:
        super().__init__(timeout=timeout)
        self.pages = list(pages)
        self.index = 0
        self.message: discord.Message | None = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= len(self.pages) - 1
        self.counter.label = f"{self.index + 1}/{len(self.pages)}"

    async def _show(self, interaction: discord.Interaction, index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        later = self.pages[self.index].later
        if later is not None:
            self.pages[self.index : self.index + 1] = await asyncio.to_thread(later)
        self._update_buttons()
        page = self.pages[self.index]
        await interaction.response.edit_message(
            embeds=discord_embeds(page),
            attachments=discord_files(page),
            view=self,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous_page(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(label="1/1", style=discord.ButtonStyle.secondary, disabled=True)
    async def counter(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        await interaction.response.defer()

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next_page(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        await self._show(interaction, self.index + 1)

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.message is not None:
            try:
                await self.message.edit(view=self, allowed_mentions=discord.AllowedMentions.none())
            except discord.HTTPException as exc:
                log.debug("could not disable the page buttons: %s", exc)
