"""``!link`` and ``!unlink``: tie a GUID to a Discord user, by the player himself or by an admin."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands
from sqlalchemy import Engine

from etstats.bot import answers
from etstats.bot.cogs.base import AnsweringCog
from etstats.bot.mentions import discord_user_id
from etstats.bot.permissions import ADMIN_REFUSAL, is_admin
from etstats.bot.reply import Reply
from etstats.bot.respond import respond, send_reply


class LinksCog(AnsweringCog, name="Links"):
    """A player claims his GUID; an admin can link or unlink anyone."""

    def __init__(self, engine: Engine, admin_role: str | None) -> None:
        self.engine = engine
        self.admin_role = admin_role

    @commands.hybrid_command(name="link", description="Link your GUID (or name) to you; admins: @user GUID")
    @app_commands.describe(
        target="Your GUID or name — or, for admins, @user", guid="For admins: the GUID or name to link to @user"
    )
    async def link(self, ctx: commands.Context, target: str, *, guid: str | None = None) -> None:
        user = discord_user_id(target)
        if user is None or guid is None:
            claim = f"{target} {guid}" if guid else target
            await respond(ctx, answers.link_self, self.engine, ctx.author.id, claim)
            return
        if not is_admin(ctx.author, self.admin_role):
            await send_reply(ctx, Reply.line(ADMIN_REFUSAL))
            return
        await respond(ctx, answers.link_user, self.engine, user, guid)

    @commands.hybrid_command(name="unlink", description="Unlink your GUIDs; admins: unlink @user")
    @app_commands.describe(user="For admins: the @user to unlink")
    async def unlink(self, ctx: commands.Context, user: str | None = None) -> None:
        if user is None:
            await respond(ctx, answers.unlink, self.engine, ctx.author.id, own=True)
            return
        target = discord_user_id(user)
        if target is None:
            await send_reply(ctx, Reply.line("Name the user to unlink as a mention: `!unlink @user`."))
            return
        if target != str(ctx.author.id) and not is_admin(ctx.author, self.admin_role):
            await send_reply(ctx, Reply.line(ADMIN_REFUSAL))
            return
        await respond(ctx, answers.unlink, self.engine, target, own=target == str(ctx.author.id))
