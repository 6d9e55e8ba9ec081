"""Where posts go, chosen by the ``ETSTATS_SINK`` setting (e.g. ``console`` or ``discord,jsonl:posts.jsonl``)."""

from __future__ import annotations

import discord
from rich.console import Console

from etstats.publish.post import Sink
from etstats.publish.sinks.console import ConsoleSink
from etstats.publish.sinks.discord_api import DEFAULT_API_BASE
from etstats.publish.sinks.discord_bot import DiscordChannelSink
from etstats.publish.sinks.jsonl import JsonlSink
from etstats.publish.sinks.webhook import WebhookSink

SINK_CHOICES = "console, jsonl:PATH, webhook, discord"

__all__ = [
    "SINK_CHOICES", "ConsoleSink", "DiscordChannelSink", "JsonlSink", "WebhookSink", "build_sinks",
]  # fmt: skip


def _build_one(
    entry: str,
    *,
    webhook_url: str | None,
    api_base: str,
    discord_client: discord.Client | None,
    channel_id: int | None,
    console: Console | None,
    bot_token: str | None = None,
) -> Sink:
    name, _, argument = entry.partition(":")
    name = name.strip().lower()
    if argument and name in ("console", "webhook", "discord"):
        raise ValueError(f"ETSTATS_SINK: {name} takes no argument (got {entry!r})")
    if name == "console":
        return ConsoleSink(console)
    if name == "jsonl":
        if not argument.strip():
            raise ValueError("ETSTATS_SINK: jsonl needs a file, e.g. jsonl:posts.jsonl")
        return JsonlSink(argument.strip())
    if name == "webhook":
        if not webhook_url:
            raise ValueError("ETSTATS_SINK: webhook needs ETSTATS_DISCORD_WEBHOOK_URL")
        try:
            return WebhookSink(webhook_url, api_base=api_base, bot_token=bot_token)
        except ValueError as exc:
            raise ValueError(f"ETSTATS_DISCORD_WEBHOOK_URL: {exc}") from None
    if name == "discord":
        if discord_client is None or channel_id is None:
            raise ValueError("ETSTATS_SINK: discord needs ETSTATS_DISCORD_TOKEN and ETSTATS_DISCORD_CHANNEL_ID")
        return DiscordChannelSink(discord_client, channel_id)
    raise ValueError(f"ETSTATS_SINK: unknown sink {name!r}; choose from {SINK_CHOICES}")


def build_sinks(
    spec: str,
    *,
    webhook_url: str | None = None,
    api_base: str = DEFAULT_API_BASE,
    discord_client: discord.Client | None = None,
    channel_id: int | None = None,
    console: Console | None = None,
    bot_token: str | None = None,
) -> list[Sink]:
    """The sinks named in ``spec``, comma-separated, in order; ValueError (one line) when unusable."""
    entries = [entry.strip() for entry in spec.split(",") if entry.strip()]
    if not entries:
        raise ValueError(f"ETSTATS_SINK is empty; choose from {SINK_CHOICES}")
    duplicates = sorted({entry for entry in entries if entries.count(entry) > 1})
    if duplicates:
        raise ValueError(f"ETSTATS_SINK names {', '.join(duplicates)} more than once")
    return [
        _build_one(
            entry,
            webhook_url=webhook_url,
            api_base=api_base,
            discord_client=discord_client,
            channel_id=channel_id,
            console=console,
            bot_token=bot_token,
        )
        for entry in entries
    ]
