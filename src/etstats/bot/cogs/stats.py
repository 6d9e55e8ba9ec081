"""``!last_session``, ``!session``, ``!stats``, ``!compare``, ``!top``, ``!maps`` and ``!mapstats``: read-only statistics."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands
from sqlalchemy import Engine

from etstats.bot import answers
from etstats.bot.cogs.base import AnsweringCog
from etstats.bot.respond import respond
from etstats.store.all_time_totals import AllTimeTotals


class StatsCog(AnsweringCog, name="Stats"):
    """Game evenings, careers, leaderboards and recent maps."""

    def __init__(self, engine: Engine, all_time: AllTimeTotals) -> None:
        self.engine = engine
        self.all_time = all_time

    @commands.hybrid_command(name="last_session", description="The latest game evening: maps, score, totals, awards")
    async def last_session(self, ctx: commands.Context) -> None:
        await respond(ctx, answers.last_session, self.engine)

    @commands.hybrid_command(name="session", description="A past game evening by its date")
    @app_commands.describe(day="The evening's date, e.g. 2025-11-11")
    async def session(self, ctx: commands.Context, day: str) -> None:
        await respond(ctx, answers.session_on, self.engine, day)

    @commands.hybrid_command(name="stats", description="Career of a player (name, GUID or @user); yours without one")
    @app_commands.describe(query="Part of a name, an 8-digit GUID or @user")
    async def stats(self, ctx: commands.Context, *, query: str | None = None) -> None:
        await respond(ctx, answers.player_stats, self.engine, query, ctx.author.id)

    @commands.hybrid_command(name="compare", description="Two players side by side over the maps both played")
    @app_commands.describe(first="Name, GUID or @user", second="Name, GUID or @user")
    async def compare(self, ctx: commands.Context, first: str, second: str) -> None:
        await respond(ctx, answers.compare_players, self.engine, first, second)

    @commands.hybrid_command(name="top", description="Leaderboard of a metric over a period")
    @app_commands.describe(
        metric="kills, kd, dpm, damage, revives, accuracy, headshots, wins or rating",
        period="all, month, week or session",
    )
    async def top(self, ctx: commands.Context, metric: str | None = None, period: str | None = None) -> None:
        await respond(ctx, answers.top, self.engine, metric, period, self.all_time)

    @commands.hybrid_command(name="maps", description="The last maps played, with winners and MVPs")
    @app_commands.describe(count=f"How many maps (1–{answers.MAX_MAPS})")
    async def maps(self, ctx: commands.Context, count: int = 5) -> None:
        await respond(ctx, answers.recent_maps, self.engine, count)

    @commands.hybrid_command(name="mapstats", description="One map: results per side, times set, best rounds")
    @app_commands.describe(name="The map (part of its name); without one, the maps played")
    async def mapstats(self, ctx: commands.Context, *, name: str | None = None) -> None:
        await respond(ctx, answers.map_stats, self.engine, name)
