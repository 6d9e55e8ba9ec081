"""Players for the bot: lookup, career totals, leaderboards and Discord links.

Every total is a sum of stored round-only rows of rounds that count (not an orphan
Round 2, whose numbers are the file's R1+R2 totals, and not a shutdown save). Ratios
are recomputed from those sums through :mod:`etstats.stats.formulas`, never averaged.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Connection, Select, case, func, select, update

from etstats.gamestats import strip_colors
from etstats.gamestats.records import WeaponStats
from etstats.gamestats.weapons import FIREARM_IDS, WEAPON_IDS
from etstats.stats import formulas
from etstats.stats.career import Career, NameUse, PlayerRef, RecentMap, Totals, favourite_weapon, map_result
from etstats.stats.leaderboard import METRIC_VALUE, PERIOD_DAYS, PERIODS, Leaderboard, ranked_values, standings
from etstats.stats.recorded import Recorded
from etstats.store import schema as t
from etstats.store.session_queries import latest_session_id, session_round_ids

FORM_MAPS = 10
_GUID = re.compile(r"^[0-9A-Fa-f]{8}$")
_FIREARMS = tuple(WEAPON_IDS[i] for i in sorted(FIREARM_IDS))


def _refs(conn: Connection, where: ColumnElement[bool]) -> list[PlayerRef]:
    p = t.players.c
    rows = conn.execute(
        select(p.id, p.guid, p.name, p.is_bot, p.discord_user_id, p.last_seen)
        .where(where)
        .order_by(p.last_seen.desc(), p.id)
    ).all()
    return [PlayerRef(r.id, r.guid, r.name, r.is_bot, r.discord_user_id, r.last_seen) for r in rows]


def players_of_user(conn: Connection, user_id: str | int) -> list[PlayerRef]:
    """The players a Discord user is linked to (one person may play from several GUIDs)."""
    return _refs(conn, t.players.c.discord_user_id == str(user_id))


def players_by_ids(conn: Connection, ids: Sequence[int]) -> list[PlayerRef]:
    return _refs(conn, t.players.c.id.in_(list(ids)))


def _by_name(conn: Connection, text: str) -> list[PlayerRef]:
    """Current and past colour-stripped names: exact (case-insensitive) matches win over partial ones.

    Compared in Python with ``casefold`` so that non-ASCII names match case-insensitively,
    which SQL ``LIKE`` does not do on SQLite; the name list is small next to the rounds.
    """
    wanted = strip_colors(text).strip().casefold()
    if not wanted:
        return []
    p, n = t.players.c, t.player_names.c
    names = [(r.id, r.name, True) for r in conn.execute(select(p.id, p.name))]
    names += [(r.player_id, r.name, False) for r in conn.execute(select(n.player_id, n.name).distinct())]
    exact: dict[int, str | None] = {}
    partial: dict[int, str | None] = {}
    for player_id, name, current in names:
        folded = name.casefold()
        bucket = exact if folded == wanted else partial if wanted in folded else None
        if bucket is not None and (player_id not in bucket or current):
            bucket[player_id] = None if current else name
    found = exact or partial
    refs = _refs(conn, p.id.in_(list(found)))
    return [PlayerRef(r.id, r.guid, r.name, r.is_bot, r.discord_user_id, r.last_seen, found[r.id]) for r in refs]


def find_players(conn: Connection, query: str) -> list[PlayerRef]:
    """Players a user may mean: by GUID (8 hex), else by name.

    One result is a match; several are candidates to show; none is no match. A GUID that
    nobody has is tried as a name too (a name can look like eight hex digits).
    """
    text = query.strip()
    if _GUID.match(text):
        by_guid = _refs(conn, t.players.c.guid == text.upper())
        if by_guid:
            return by_guid
    return _by_name(conn, text)


def link_players(conn: Connection, player_ids: Sequence[int], user_id: str | int) -> None:
    p = t.players.c
    conn.execute(update(t.players).where(p.id.in_(list(player_ids))).values(discord_user_id=str(user_id)))


def unlink_user(conn: Connection, user_id: str | int) -> int:
    """Remove every link of a Discord user; the number of players unlinked."""
    p = t.players.c
    result = conn.execute(update(t.players).where(p.discord_user_id == str(user_id)).values(discord_user_id=None))
    return result.rowcount


def counted_rounds() -> Select:
    """Ids of rounds whose rows count toward totals and records."""
    r = t.rounds.c
    return select(r.id).where(r.orphan.is_(False), r.shutdown_save.is_(False))


def uncounted_rounds() -> Select:
    """Rounds that count toward no total: test them with ``NOT IN`` so SQLite reads through the player index."""
    r = t.rounds.c
    return select(r.id).where(r.orphan.is_(True) | r.shutdown_save.is_(True))


def _scope(round_id: Any, rounds: Select | None, player_id: Any, players: Sequence[int] | None) -> list[Any]:
    """WHERE terms for a window of rounds or for some players' whole careers.

    The two are phrased differently on purpose: a window is reached through the round
    index (``IN`` the window), a career through the player index — there the round test
    must be one no index can serve (``NOT IN`` the few uncounted rounds), or SQLite
    probes every counted round instead of reading the player's rows.
    """
    terms = [round_id.in_(rounds) if rounds is not None else round_id.not_in(uncounted_rounds())]
    if players is not None:
        terms.append(player_id.in_(list(players)))
    return terms


def _row_sums(conn: Connection, rounds: Select | None, players: Sequence[int] | None) -> dict[int, Totals]:
    s = t.player_round_stats.c
    timed = s.time_played_minutes > 0
    query = (
        select(
            s.player_id,
            func.count().label("rounds"),
            func.sum(s.kills).label("kills"),
            func.sum(s.deaths).label("deaths"),
            func.sum(s.damage_given).label("damage"),
            func.sum(case((timed, s.damage_given), else_=0)).label("timed_damage"),
            func.sum(case((timed, s.time_played_minutes), else_=0.0)).label("minutes"),
            func.sum(s.revives_given).label("revives"),
            func.sum(s.headshots).label("head_hits"),
            func.sum(s.gibs).label("gibs"),
        )
        .where(*_scope(s.round_id, rounds, s.player_id, players))
        .group_by(s.player_id)
    )
    sums: dict[int, Totals] = {}
    for row in conn.execute(query):
        sums[row.player_id] = Totals(
            rounds=int(row.rounds or 0),
            kills=int(row.kills or 0),
            deaths=int(row.deaths or 0),
            damage=int(row.damage or 0),
            timed_damage=int(row.timed_damage or 0),
            minutes=float(row.minutes or 0),
            revives=int(row.revives or 0),
            head_hits=int(row.head_hits or 0),
            gibs=int(row.gibs or 0),
        )
    return sums


def firearm_sums_query(rounds: Select | None, players: Sequence[int] | None) -> Select:
    """Firearm hits and shots per player, over a window of rounds or whole careers."""
    w = t.weapon_stats.c
    return (
        select(w.player_id, func.sum(w.hits), func.sum(w.shots))
        .where(w.weapon.in_(_FIREARMS), *_scope(w.round_id, rounds, w.player_id, players))
        .group_by(w.player_id)
    )


def _firearm_sums(conn: Connection, rounds: Select | None, players: Sequence[int] | None) -> dict[int, tuple[int, int]]:
    return {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in conn.execute(firearm_sums_query(rounds, players))}


def _match_sums(
    conn: Connection, rounds: Select | None, players: Sequence[int] | None
) -> dict[int, tuple[int, int, int]]:
    """(maps, wins, draws) per player over the maps whose Round 2 counts (and is in the window)."""
    m, mp = t.matches.c, t.match_players.c
    query = (
        select(
            mp.player_id,
            func.count(),
            func.sum(case((mp.grp == m.winner, 1), else_=0)),
            func.sum(case((m.winner == "draw", 1), else_=0)),
        )
        .join(t.matches, m.id == mp.match_id)
        .where(mp.grp.in_(("A", "B")), *_scope(m.round2_id, rounds, mp.player_id, players))
        .group_by(mp.player_id)
    )
    return {row[0]: (int(row[1]), int(row[2] or 0), int(row[3] or 0)) for row in conn.execute(query)}


def player_totals(conn: Connection, rounds: Select | None, players: Sequence[int] | None = None) -> dict[int, Totals]:
    """Totals per player, for the given players or everyone.

    ``rounds`` is a window (a select of counted round ids); None means every counted round.
    """
    totals = _row_sums(conn, rounds, players)
    for player_id, (hits, shots) in _firearm_sums(conn, rounds, players).items():
        entry = totals.setdefault(player_id, Totals())
        entry.firearm_hits, entry.firearm_shots = hits, shots
    for player_id, (maps, wins, draws) in _match_sums(conn, rounds, players).items():
        entry = totals.setdefault(player_id, Totals())
        entry.maps, entry.wins, entry.draws = maps, wins, draws
    return totals


def _person_match_sums(conn: Connection, ids: list[int]) -> tuple[int, int, int]:
    """(maps, wins, draws) of one person over all his GUIDs: a map two of them played counts once,
    and is won only when they were all in the winning group."""
    m, mp = t.matches.c, t.match_players.c
    rows = conn.execute(
        select(mp.match_id, mp.grp, m.winner)
        .join(t.matches, m.id == mp.match_id)
        .where(mp.grp.in_(("A", "B")), *_scope(m.round2_id, None, mp.player_id, ids))
    )
    groups: dict[int, set[str]] = {}
    winners: dict[int, str | None] = {}
    for row in rows:
        groups.setdefault(row.match_id, set()).add(row.grp)
        winners[row.match_id] = row.winner
    wins = sum(1 for match_id, grps in groups.items() if grps == {winners[match_id]})
    draws = sum(1 for winner in winners.values() if winner == "draw")
    return len(groups), wins, draws


def recent_maps(conn: Connection, ids: Sequence[int], count: int) -> list[RecentMap]:
    """The person's last maps, one row each even when several of his GUIDs played it."""
    m, mp, s = t.matches.c, t.match_players.c, t.player_round_stats.c
    found = conn.execute(
        select(m.id, m.map, m.played_at, m.winner, m.round1_id, m.round2_id, mp.grp)
        .join(t.matches, m.id == mp.match_id)
        .where(mp.player_id.in_(ids))
        .order_by(m.played_at.desc(), m.id.desc())
        .limit(count * len(ids))
    ).all()
    rows: dict[int, Any] = {}
    groups: dict[int, str] = {}
    for row in found:
        if row.id not in rows and len(rows) == count:
            break
        rows.setdefault(row.id, row)
        groups[row.id] = row.grp if groups.get(row.id, row.grp) == row.grp else "switched"
    round_ids = [r.round1_id for r in rows.values()] + [r.round2_id for r in rows.values()]
    sums: dict[int, tuple[int, int, int, float]] = {}
    for r in conn.execute(
        select(s.round_id, s.kills, s.deaths, s.damage_given, s.time_played_minutes).where(
            s.round_id.in_(round_ids), s.player_id.in_(ids)
        )
    ):
        k, d, dmg, mins = sums.get(r.round_id, (0, 0, 0, 0.0))
        dmg += r.damage_given or 0
        mins += r.time_played_minutes or 0
        sums[r.round_id] = (k + r.kills, d + r.deaths, dmg, mins)
    result = []
    for r in rows.values():
        parts = [sums.get(r.round1_id, (0, 0, 0, 0.0)), sums.get(r.round2_id, (0, 0, 0, 0.0))]
        k, d, dmg, mins = (sum(values) for values in zip(*parts))
        outcome = map_result(groups[r.id], r.winner)
        result.append(RecentMap(r.id, r.played_at, r.map, outcome, int(k), int(d), int(dmg), float(mins)))
    return result


def _weapons(conn: Connection, ids: list[int]) -> dict[int, WeaponStats]:
    """The players' weapons over counted rounds, by weapon id."""
    w = t.weapon_stats.c
    sums = (func.sum(w.hits), func.sum(w.shots), func.sum(w.kills), func.sum(w.deaths), func.sum(w.headshots))
    rows = conn.execute(select(w.weapon, *sums).where(*_scope(w.round_id, None, w.player_id, ids)).group_by(w.weapon))
    return {WEAPON_IDS.index(row[0]): WeaponStats(*(int(v or 0) for v in row[1:])) for row in rows}


def _recorded(conn: Connection, ids: list[int]) -> Recorded:
    """Objectives, dynamite, time dead, denied playtime, multikills (sums) and the best spree.

    Time dead is bounded round by round (:func:`formulas.dead_minutes`), so each round's
    figures come back; the sums ride along as window aggregates, in the same single scan.
    """
    s = t.player_round_stats.c
    multikills = functools.reduce(operator.add, (s[name] for name in formulas.MULTIKILL_FIELDS))
    rows = conn.execute(
        select(
            s.time_dead_minutes,
            s.time_played_minutes,
            s.alive_percent,
            func.sum(s.objectives_stolen).over().label("taken"),
            func.sum(s.objectives_returned).over().label("returned"),
            func.sum(s.dynamites_planted).over().label("planted"),
            func.sum(s.dynamites_defused).over().label("defused"),
            func.sum(s.denied_playtime).over().label("denied"),
            func.sum(multikills).over().label("chains"),
            func.max(s.killing_spree).over().label("spree"),
        ).where(*_scope(s.round_id, None, s.player_id, ids))
    ).all()
    if not rows:
        return Recorded()
    dead = [formulas.dead_minutes(r.time_dead_minutes, r.time_played_minutes, r.alive_percent) for r in rows]
    known = [d for d in dead if d is not None]
    first = rows[0]
    counts = (first.taken, first.returned, first.planted, first.defused, first.denied, first.chains, first.spree)
    taken, returned, planted, defused, denied, chains, spree = (None if v is None else int(v) for v in counts)
    return Recorded(taken, returned, planted, defused, sum(known) if known else None, denied, chains, spree)


def career(conn: Connection, players: Sequence[PlayerRef], recent: int = FORM_MAPS) -> Career:
    """Career of one person: the given players (GUIDs) taken together."""
    ids = [p.id for p in players]
    totals = Totals()
    for part in _row_sums(conn, None, ids).values():
        totals = totals + part
    totals.maps, totals.wins, totals.draws = _person_match_sums(conn, ids)
    weapons = _weapons(conn, ids)
    totals.firearm_hits, totals.firearm_shots, _ = formulas.firearm_totals(weapons)
    r, s = t.rounds.c, t.player_round_stats.c
    span = conn.execute(
        select(
            func.count(r.session_id.distinct()).label("evenings"),
            func.min(r.written_at).label("first"),
            func.max(r.written_at).label("last"),
        )
        .join(t.player_round_stats, s.round_id == r.id)
        .where(s.player_id.in_(ids))
    ).one()
    n = t.player_names.c
    names = [
        NameUse(row.name, row.first_seen, row.last_seen)
        for row in conn.execute(
            select(n.name, func.min(n.first_seen).label("first_seen"), func.max(n.last_seen).label("last_seen"))
            .where(n.player_id.in_(ids))
            .group_by(n.name)
            .order_by(func.max(n.last_seen).desc())
        )
    ]
    return Career(
        players=list(players),
        totals=totals,
        evenings=int(span.evenings or 0),
        first_seen=span.first,
        last_seen=span.last,
        favourite_weapon=favourite_weapon(weapons),
        weapons=weapons,
        recent=recent_maps(conn, ids, recent),
        names=names,
        recorded=_recorded(conn, ids),
    )


class AllTimeCache(Protocol):
    """Keeps all-time totals between calls (:class:`etstats.store.all_time_totals.AllTimeTotals`)."""

    def totals(self, conn: Connection, newest: datetime) -> dict[int, Totals]: ...


def newest_round_time(conn: Connection) -> datetime | None:
    """When the last evening ended: periods are counted back from the newest play, not the clock."""
    return conn.execute(select(func.max(t.sessions.c.ended_at))).scalar()


def _period_totals(
    conn: Connection, period: str, newest: datetime, all_time: AllTimeCache | None
) -> tuple[dict[int, Totals], datetime | None, datetime | None]:
    r = t.rounds.c
    if period == "all":
        if all_time is not None:
            return all_time.totals(conn, newest), None, newest
        return player_totals(conn, None), None, newest
    if period == "session":
        session_id = latest_session_id(conn)
        if session_id is None:
            return {}, None, None
        s = conn.execute(select(t.sessions).where(t.sessions.c.id == session_id)).one()
        rounds = counted_rounds().where(r.id.in_(session_round_ids(s)))
        return player_totals(conn, rounds), s.started_at, s.ended_at
    since = newest - timedelta(days=PERIOD_DAYS[period])
    return player_totals(conn, counted_rounds().where(r.written_at >= since)), since, newest


def top(
    conn: Connection, metric: str, period: str, *, limit: int = 10, all_time: AllTimeCache | None = None
) -> Leaderboard:
    """The best ``limit`` humans by ``metric`` over ``period`` (see METRICS and PERIODS)."""
    if metric not in METRIC_VALUE or period not in PERIODS:
        raise ValueError(f"unknown metric {metric!r} or period {period!r}")
    newest = newest_round_time(conn)
    if newest is None:
        return Leaderboard(metric, period, None, None, [], 0)
    totals, since, until = _period_totals(conn, period, newest, all_time)
    p = t.players.c
    bots: set[int] = set(conn.execute(select(p.id).where(p.is_bot.is_(True))).scalars())
    humans = {player_id: x for player_id, x in totals.items() if player_id not in bots}
    qualified = ranked_values(metric, humans)
    people = {ref.id: ref for ref in players_by_ids(conn, list(qualified))} if qualified else {}
    ranked = standings(qualified, humans, people, limit)
    return Leaderboard(metric, period, since, until, ranked, len(humans) - len(qualified))
