"""Sending answers to Discord, and turning any failure into one helpful line.

The full trace of an unexpected error goes to the log only; the user gets one line.
Every message sets ``allowed_mentions`` to none.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import discord
from discord.ext import commands

from etstats.bot.paginator import Paginator, discord_embeds, discord_files
from etstats.bot.reply import Reply, UserError
from etstats.bot.sections import SectionSwitcher
from etstats.publish.limits import escape_markdown, neutralize_mentions

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


async def send_reply(ctx: commands.Context, reply: Reply) -> None:
    """Send the first page (with buttons when there are more) or the text alone."""
    kwargs: dict[str, Any] = {"content": reply.content, "allowed_mentions": NO_MENTIONS}
    if reply.pages:
        first = reply.pages[0]
        kwargs["embeds"] = discord_embeds(first)
        if first.files:
            kwargs["files"] = discord_files(first)
    if len(reply.sections) > 1:
        switcher = SectionSwitcher(reply.sections)
        switcher.message = await ctx.send(view=switcher, **kwargs)
    elif len(reply.pages) > 1:
        view = Paginator(reply.pages)
        view.message = await ctx.send(view=view, **kwargs)
    else:
        await ctx.send(**kwargs)


def _command_name(ctx: commands.Context) -> str:
    return ctx.command.qualified_name if ctx.command is not None else "command"


def failure_line(ctx: commands.Context) -> str:
    return f"Sorry, `!{_command_name(ctx)}` failed on our side; the details are in the bot's log."


async def respond(ctx: commands.Context, build: Callable[..., Reply], *args: Any, **kwargs: Any) -> None:
    """Build the answer off the event loop (database work, charts) and send it.

    A :class:`UserError` becomes its own message; anything else is logged with its trace
    and answered with one line.
    """
    await ctx.defer()
    try:
        reply = await asyncio.to_thread(build, *args, **kwargs)
    except UserError as exc:
        reply = Reply.line(str(exc))
    except Exception:
        log.exception("!%s failed (invoked by %s)", _command_name(ctx), getattr(ctx.author, "id", "?"))
        reply = Reply.line(failure_line(ctx))
    await send_reply(ctx, reply)


def _plain(text: str) -> str:
    return neutralize_mentions(escape_markdown(" ".join(text.split())))


def error_line(ctx: commands.Context, error: Exception) -> str | None:
    """One line for a command error discord.py raised around a command; None when the error is unexpected."""
    if isinstance(error, commands.HybridCommandError):
        error = error.original
    if isinstance(error, (commands.CommandInvokeError, discord.app_commands.CommandInvokeError)):
        error = error.original
    if isinstance(error, UserError):
        return str(error)
    if isinstance(error, commands.UserInputError):
        usage = f"!{_command_name(ctx)} {ctx.command.signature}".rstrip() if ctx.command else ""
        return f"{_plain(str(error))} Usage: `{usage}`" if usage else _plain(str(error))
    if isinstance(error, commands.CheckFailure):
        return "You are not allowed to use this command here."
    return None


async def report_error(ctx: commands.Context, error: Exception) -> None:
    """Answer a command error with one line (only the invoker sees it on slash commands)."""
    line = error_line(ctx, error)
    if line is None:
        log.error("!%s failed", _command_name(ctx), exc_info=error)
        line = failure_line(ctx)
    await ctx.send(line, allowed_mentions=NO_MENTIONS, ephemeral=True)
