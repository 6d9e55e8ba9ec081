"""The answer of every command as a plain function: engine and arguments in, :class:`Reply` out.

These run in a worker thread (the cogs call them through ``asyncio.to_thread``), so
they may block on the database and draw charts. Anything a user typed that is echoed
back goes through ``safe_name``: colour codes stripped, markdown escaped, mentions broken.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from sqlalchemy import Connection, Engine

from etstats.bot.mentions import discord_user_id
from etstats.bot.reply import Page, Reply, UserError
from etstats.publish.charts import compare_chart, session_chart
from etstats.publish.limits import fit_embeds, safe_name
from etstats.publish.post import Attachment, Embed
from etstats.publish.render.compare import COMPARE_CHART, compare_chart_embed, compare_embed
from etstats.publish.render.leaderboard import leaderboard_embed
from etstats.publish.render.mapstats import map_list_embed, mapstats_embed
from etstats.publish.render.player import candidates_embed, inline_code, player_embed
from etstats.publish.render.ratings import rating_board_embed, rating_field
from etstats.publish.render.session import (
    CHART_VIEW,
    MAPS_PER_PAGE,
    SESSION_CHART,
    recent_maps_page,
    session_views,
)
from etstats.stats.career import PlayerRef
from etstats.stats.leaderboard import METRICS, PERIODS
from etstats.store import map_queries, ratings
from etstats.store import player_queries as players
from etstats.store import session_queries as sessions
from etstats.store.all_time_totals import AllTimeTotals
from etstats.store.compare_queries import compare
from etstats.store.summaries import map_summary

MAX_MAPS = 100
METRIC_ALIASES = {
    "kill": "kills", "frags": "kills", "k/d": "kd", "kdr": "kd", "ratio": "kd", "dmg": "damage",
    "rev": "revives", "revive": "revives", "medic": "revives", "acc": "accuracy", "aim": "accuracy",
    "hs": "headshots", "head": "headshots", "heads": "headshots", "headhits": "headshots",
    "win": "wins", "won": "wins",
}  # fmt: skip
PERIOD_ALIASES = {
    "alltime": "all", "ever": "all", "career": "all", "30d": "month", "7d": "week",
    "last": "session", "evening": "session", "tonight": "session", "today": "session",
}  # fmt: skip
RATING_WORDS = frozenset({"rating", "ratings", "skill"})
GUID_HINT = "Try part of a name, an 8-digit GUID or @user."


def _choice(text: str, known: tuple[str, ...], aliases: dict[str, str]) -> str | None:
    word = text.strip().casefold()
    return word if word in known else aliases.get(word)


def parse_top_arguments(*words: str | None) -> tuple[str, str]:
    """Metric and period from what was typed, in either order, with common aliases."""
    metric = period = None
    for word in filter(None, words):
        as_metric = _choice(word, METRICS, METRIC_ALIASES)
        as_period = _choice(word, PERIODS, PERIOD_ALIASES)
        if as_metric is not None and metric is None:
            metric = as_metric
        elif as_period is not None and period is None:
            period = as_period
        else:
            raise UserError(
                f"Cannot read “{safe_name(word, limit=30)}”: use `!top [metric] [period]` with a metric of "
                f"{', '.join(METRICS)} and a period of {', '.join(PERIODS)}."
            )
    return metric or "kills", period or "all"


def _evening_reply(summary: sessions.SessionSummary) -> Reply:
    """The evening's views; the chart is drawn only when a reader opens the chart view."""
    drawable = bool(summary.maps and summary.players)
    views = session_views(summary, chart=drawable)
    later = {CHART_VIEW: lambda: [Attachment(SESSION_CHART, session_chart(summary))]} if drawable else {}
    return Reply.of_sections(views, later)


def last_session(engine: Engine) -> Reply:
    """The newest evening, as views: overview, combat, objectives and support, weapons, chart."""
    with engine.connect() as conn:
        summary = sessions.latest_session(conn)
    if summary is None:
        return Reply.line("No game evening has been imported yet.")
    return _evening_reply(summary)


def parse_day(text: str) -> date:
    """``2025-11-11`` (also ``11.11.2025``) as a date, or a UserError saying how to write it."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise UserError(f"Cannot read “{safe_name(text, limit=30)}” as a date: write it like `!session 2025-11-11`.")


def session_on(engine: Engine, day_text: str) -> Reply:
    """The evening that started on a given day (the longest, when several servers played)."""
    day = parse_day(day_text)
    with engine.connect() as conn:
        session_id = sessions.session_on(conn, day)
        if session_id is None:
            near = sessions.evening_days_near(conn, day)
            hint = f" Evenings near it: {', '.join(f'{d:%Y-%m-%d}' for d in near)}." if near else ""
            return Reply.line(f"No game evening started on {day:%Y-%m-%d}.{hint}")
        summary = sessions.session_summary(conn, session_id)
    return _evening_reply(summary)


def _candidates(query: str, found: list[PlayerRef]) -> Reply:
    return Reply.of(fit_embeds([candidates_embed(query, found)]), content="Several players match — which one?")


def _career_reply(conn: Connection, found: list[PlayerRef]) -> Reply:
    embed = player_embed(players.career(conn, found))
    embed.setdefault("fields", []).append(_rating(conn, [p.id for p in found]))
    return Reply.of(fit_embeds([embed]))


def _rating(conn: Connection, player_ids: list[int]) -> Embed:
    """The rating of the GUID with the most rated maps (a player with several GUIDs is rated per GUID)."""
    skills = ratings.player_skills(conn, player_ids)
    board = ratings.rating_board(conn)
    best = max(skills, key=lambda p: skills[p].maps, default=None)
    skill = None if best is None else skills[best]
    return rating_field(skill, None if best is None else board.rank_of([best]), board)


def player_stats(engine: Engine, query: str | None, author_id: int | str | None) -> Reply:
    """Career of a player named, of a mentioned user's linked GUIDs, or of the author's own."""
    with engine.connect() as conn:
        if not query or not query.strip():
            found = players.players_of_user(conn, author_id) if author_id is not None else []
            if not found:
                return Reply.line(
                    "You have not linked a player yet: `!link <GUID or name>` — or ask for one: `!stats <name>`."
                )
            return _career_reply(conn, found)
        found = find_players(conn, query)
        if discord_user_id(query) is not None:
            if not found:
                return Reply.line("That user has not linked a player yet (`!link`).")
            return _career_reply(conn, found)
        if not found:
            return Reply.line(f"No player matches “{safe_name(query, limit=40)}”. {GUID_HINT}")
        if len(found) > 1:
            return _candidates(query, found)
        return _career_reply(conn, found)


def top(engine: Engine, metric: str | None, period: str | None, all_time: AllTimeTotals | None = None) -> Reply:
    """The leaderboard of a metric over a period; all-time sums come from ``all_time`` when given."""
    if any(word is not None and word.strip().casefold() in RATING_WORDS for word in (metric, period)):
        return top_rating(
            engine, period if metric is not None and metric.strip().casefold() in RATING_WORDS else metric
        )
    parsed_metric, parsed_period = parse_top_arguments(metric, period)
    with engine.connect() as conn:
        board = players.top(conn, parsed_metric, parsed_period, all_time=all_time)
    return Reply.of(fit_embeds([leaderboard_embed(board)]))


def top_rating(engine: Engine, period: str | None) -> Reply:
    """``!top rating``: the current skill ratings; they sum up every map, so no period applies."""
    if period is not None and _choice(period, PERIODS, PERIOD_ALIASES) != "all":
        raise UserError("The rating is today's skill from every map played, so it takes no period: `!top rating`.")
    with engine.connect() as conn:
        board = ratings.rating_board(conn)
    return Reply.of(fit_embeds([rating_board_embed(board)]))


def recent_maps(engine: Engine, count: int | None) -> Reply:
    """The newest complete maps (5 unless asked), at most MAX_MAPS so the list stays readable."""
    wanted = 5 if count is None else count
    if not 1 <= wanted <= MAX_MAPS:
        raise UserError(f"Ask for 1 to {MAX_MAPS} maps, e.g. `!maps 5`.")
    with engine.connect() as conn:
        ids = sessions.recent_map_ids(conn, wanted)
        first = [map_summary(conn, round2_id) for round2_id in ids[:MAPS_PER_PAGE]]
    pages = [Page(embeds) for embeds in recent_maps_page(first, 0, len(ids))]
    for start in range(MAPS_PER_PAGE, len(ids), MAPS_PER_PAGE):
        later = functools.partial(_maps_page, engine, ids[start : start + MAPS_PER_PAGE], start, len(ids))
        pages.append(Page([], later=later))
    return Reply(pages=pages)


def _maps_page(engine: Engine, ids: list[int], start: int, total: int) -> list[Page]:
    """A later page of ``!maps``, built when someone flips to it."""
    with engine.connect() as conn:
        chunk = [map_summary(conn, round2_id) for round2_id in ids]
    return [Page(embeds) for embeds in recent_maps_page(chunk, start, total)]


def find_players(conn: Connection, query: str) -> list[PlayerRef]:
    """Players a user may mean: a mentioned user's linked GUIDs, else by GUID or name."""
    user = discord_user_id(query)
    return players.find_players(conn, query) if user is None else players.players_of_user(conn, user)


def _person(conn: Connection, query: str) -> list[PlayerRef] | Reply:
    """The GUIDs of one person named by a name, GUID or @user; a reply when that is not one person."""
    found = find_players(conn, query)
    if not found:
        return Reply.line(f"No player matches “{safe_name(query, limit=40)}”. {GUID_HINT}")
    if len(found) > 1 and discord_user_id(query) is None:
        return _candidates(query, found)
    return found


def compare_players(engine: Engine, first: str, second: str) -> Reply:
    """Two people side by side over the maps both played; the chart is a second view, drawn when opened."""
    with engine.connect() as conn:
        a = _person(conn, first)
        if isinstance(a, Reply):
            return a
        b = _person(conn, second)
        if isinstance(b, Reply):
            return b
        if {p.id for p in a} & {p.id for p in b}:
            raise UserError("That is the same player twice: name two different players.")
        comparison = compare(conn, [p.id for p in a], [p.id for p in b], a[0].name, b[0].name)
    if not comparison.maps:
        return Reply.of(fit_embeds([compare_embed(comparison)]))
    views = [("Side by side", fit_embeds([compare_embed(comparison)])), ("Chart", [[compare_chart_embed(comparison)]])]
    return Reply.of_sections(views, {"Chart": lambda: [Attachment(COMPARE_CHART, compare_chart(comparison))]})


def map_stats(engine: Engine, query: str | None) -> Reply:
    """One map's record; without a name (or with an ambiguous one) the list of maps to ask for."""
    with engine.connect() as conn:
        if not query or not query.strip():
            return Reply.of(fit_embeds([map_list_embed(map_queries.map_names(conn))]))
        found = map_queries.find_map(conn, query)
        if not found:
            return Reply.line(f"No map matches “{safe_name(query, limit=40)}”: `!mapstats` lists the maps played.")
        if len(found) > 1:
            counts = dict(map_queries.map_names(conn))
            return Reply.of(fit_embeds([map_list_embed([(name, counts[name]) for name in found], query)]))
        record = map_queries.map_record(conn, found[0])
    return Reply.of(fit_embeds([mapstats_embed(record)]))


def _one_player(conn: Connection, target: str) -> PlayerRef | Reply:
    found = find_players(conn, target)
    if not found:
        return Reply.line(f"No player matches “{safe_name(target, limit=40)}”. {GUID_HINT}")
    if len(found) > 1:
        return _candidates(target, found)
    if found[0].is_bot:
        return Reply.line(f"**{safe_name(found[0].name)}** is a bot; only human players can be linked.")
    return found[0]


def _shown(player: PlayerRef) -> str:
    return f"**{safe_name(player.name)}** ({inline_code(player.guid)})"


def link_self(engine: Engine, user_id: int | str, target: str) -> Reply:
    """A player claims a GUID (or a unique name); a GUID claimed by someone else needs an admin."""
    if discord_user_id(target) is not None:
        raise UserError("To link someone else, an admin writes `!link @user <GUID>`.")
    with engine.begin() as conn:
        found = _one_player(conn, target)
        if isinstance(found, Reply):
            return found
        if found.discord_user_id == str(user_id):
            return Reply.line(f"{_shown(found)} is already linked to you.")
        if found.discord_user_id is not None:
            return Reply.line(f"{_shown(found)} is already linked to another Discord user; an admin can change that.")
        players.link_players(conn, [found.id], user_id)
    return Reply.line(f"Linked {_shown(found)} to you: `!stats` now shows your numbers.")


def link_user(engine: Engine, user_id: int | str, target: str) -> Reply:
    """An admin links a GUID to any user, taking it from whoever had it."""
    with engine.begin() as conn:
        found = _one_player(conn, target)
        if isinstance(found, Reply):
            return found
        players.link_players(conn, [found.id], user_id)
    return Reply.line(f"Linked {_shown(found)} to that user.")


def unlink(engine: Engine, user_id: int | str, *, own: bool) -> Reply:
    """Remove every link of a user; ``own`` words the answer for the user himself."""
    with engine.begin() as conn:
        count = players.unlink_user(conn, user_id)
    whom = "you" if own else "that user"
    if count == 0:
        return Reply.line(f"Nothing to unlink: no player is linked to {whom}.")
    return Reply.line(f"Unlinked {count} player{'s' if count != 1 else ''} from {whom}.")
