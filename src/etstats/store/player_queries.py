"""Players for the bot: lookup, career totals, leaderboards and Discord links.

Every total is a sum of stored round-only rows of rounds that count (not an orphan
Round 2, whose numbers are the file's R1+R2 totals, and not a shutdown save). Ratios
are recomputed from those sums through :mod:`etstats.stats.formulas`, never averaged.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, case, func, select, update

from etstats.gamestats import strip_colors
from etstats.gamestats.records import WeaponStats
from etstats.gamestats.weapons import FIREARM_IDS, WEAPON_IDS, WEAPON_LABELS
from etstats.stats import formulas
from etstats.stats.awards import MIN_SHOTS_FOR_ACCURACY
from etstats.stats.recorded import Recorded
from etstats.stats.weapons import merged_weapons
from etstats.store import schema as t
from etstats.store.session_queries import latest_session_id, session_round_ids

METRICS: tuple[str, ...] = ("kills", "kd", "dpm", "damage", "revives", "accuracy", "headshots", "wins")
PERIODS: tuple[str, ...] = ("all", "month", "week", "session")
PERIOD_DAYS = {"month": 30, "week": 7}
MIN_MINUTES = 30.0
MIN_MAPS = 3
FORM_MAPS = 10

_GUID = re.compile(r"^[0-9A-Fa-f]{8}$")
_DISCORD_USER = re.compile(r"^(?:<@!?(\d{15,21})>|(\d{15,21}))$")
_FIREARMS = tuple(WEAPON_IDS[i] for i in sorted(FIREARM_IDS))


@dataclass(frozen=True, slots=True)
class PlayerRef:
    """Who a player is; ``matched_name`` is the past name a lookup matched, if not the current one."""

    id: int
    guid: str
    name: str
    is_bot: bool
    discord_user_id: str | None
    last_seen: datetime
    matched_name: str | None = None


def discord_user_id(text: str) -> str | None:
    """The user id in a mention (``<@123…>``) or a bare snowflake, else None."""
    match = _DISCORD_USER.match(text.strip())
    return None if match is None else match.group(1) or match.group(2)


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
    """Players a user may mean: by Discord mention or id, by GUID (8 hex), else by name.

    One result is a match; several are candidates to show; none is no match. A GUID that
    nobody has is tried as a name too (a name can look like eight hex digits).
    """
    user = discord_user_id(query)
    if user is not None:
        return players_of_user(conn, user)
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


@dataclass(slots=True)
class Totals:
    """Additive sums over counted rounds; every ratio is derived from them by a formula."""

    rounds: int = 0
    kills: int = 0
    deaths: int = 0
    damage: int = 0
    timed_damage: int = 0
    minutes: float = 0.0
    revives: int = 0
    head_hits: int = 0
    gibs: int = 0
    firearm_hits: int = 0
    firearm_shots: int = 0
    maps: int = 0
    wins: int = 0
    draws: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def kd(self) -> float:
        return formulas.kd_ratio(self.kills, self.deaths)

    @property
    def dpm(self) -> float | None:
        """Damage per minute over the rounds whose time is known (total damage / total minutes)."""
        return formulas.dpm(self.timed_damage, self.minutes)

    @property
    def accuracy(self) -> float | None:
        return formulas.percent(self.firearm_hits, self.firearm_shots)

    @property
    def losses(self) -> int:
        return self.maps - self.wins - self.draws


def counted_rounds() -> Select:
    """Ids of rounds whose rows count toward totals and records."""
    r = t.rounds.c
    return select(r.id).where(r.orphan.is_(False), r.shutdown_save.is_(False))


def _uncounted_rounds() -> Select:
    r = t.rounds.c
    return select(r.id).where(r.orphan.is_(True) | r.shutdown_save.is_(True))


def _scope(round_id: Any, rounds: Select | None, player_id: Any, players: Sequence[int] | None) -> list[Any]:
    """WHERE terms for a window of rounds or for some players' whole careers.

    The two are phrased differently on purpose: a window is reached through the round
    index (``IN`` the window), a career through the player index — there the round test
    must be one no index can serve (``NOT IN`` the few uncounted rounds), or SQLite
    probes every counted round instead of reading the player's rows.
    """
    terms = [round_id.in_(rounds) if rounds is not None else round_id.not_in(_uncounted_rounds())]
    if players is not None:
        terms.append(player_id.in_(list(players)))
    return terms


def _row_sums(conn: Connection, rounds: Select | None, players: Sequence[int] | None) -> dict[int, Totals]:
    s = t.player_round_stats.c
    timed = s.time_played_minutes > 0
    query = (
        select(
            s.player_id,
            func.count(),
            func.sum(s.kills),
            func.sum(s.deaths),
            func.sum(s.damage_given),
            func.sum(case((timed, s.damage_given), else_=0)),
            func.sum(case((timed, s.time_played_minutes), else_=0.0)),
            func.sum(s.revives_given),
            func.sum(s.headshots),
            func.sum(s.gibs),
        )
        .where(*_scope(s.round_id, rounds, s.player_id, players))
        .group_by(s.player_id)
    )
    return {
        row[0]: Totals(*(int(v or 0) for v in row[1:6]), float(row[6] or 0), *(int(v or 0) for v in row[7:]))
        for row in conn.execute(query)
    }


def _firearm_sums(conn: Connection, rounds: Select | None, players: Sequence[int] | None) -> dict[int, tuple[int, int]]:
    w = t.weapon_stats.c
    query = (
        select(w.player_id, func.sum(w.hits), func.sum(w.shots))
        .where(w.weapon.in_(_FIREARMS), *_scope(w.round_id, rounds, w.player_id, players))
        .group_by(w.player_id)
    )
    return {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in conn.execute(query)}


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


@dataclass(frozen=True, slots=True)
class RecentMap:
    """One map a player played, with his numbers over both rounds and the result for his group."""

    played_at: datetime
    map: str
    result: str  # "won", "lost", "draw", "unknown", "switched"
    kills: int
    deaths: int
    damage: int
    minutes: float

    @property
    def dpm(self) -> float | None:
        return formulas.dpm(self.damage, self.minutes)


@dataclass(frozen=True, slots=True)
class NameUse:
    """A colour-stripped name and when it was in use (spellings with other colours merge)."""

    name: str
    first_seen: datetime
    last_seen: datetime


@dataclass(slots=True)
class Career:
    """One person's career; ``players`` are his GUIDs (one, or all those linked to his account)."""

    players: list[PlayerRef]
    totals: Totals
    evenings: int
    first_seen: datetime | None
    last_seen: datetime | None
    favourite_weapon: tuple[str, int] | None
    recent: list[RecentMap]
    names: list[NameUse] = field(default_factory=list)
    weapons: dict[int, WeaponStats] = field(default_factory=dict)
    """Career numbers per weapon id (knife slots apart: views merge them)."""
    recorded: Recorded = field(default_factory=Recorded)


def _result(grp: str, winner: str | None) -> str:
    if grp not in ("A", "B"):
        return "switched"
    if winner is None:
        return "unknown"
    if winner == "draw":
        return "draw"
    return "won" if winner == grp else "lost"


def _recent_maps(conn: Connection, ids: list[int], count: int) -> list[RecentMap]:
    m, mp, s = t.matches.c, t.match_players.c, t.player_round_stats.c
    rows = conn.execute(
        select(m.id, m.map, m.played_at, m.winner, m.round1_id, m.round2_id, mp.grp)
        .join(t.matches, m.id == mp.match_id)
        .where(mp.player_id.in_(ids))
        .order_by(m.played_at.desc(), m.id.desc())
        .limit(count)
    ).all()
    round_ids = [r.round1_id for r in rows] + [r.round2_id for r in rows]
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
    for r in rows:
        parts = [sums.get(r.round1_id, (0, 0, 0, 0.0)), sums.get(r.round2_id, (0, 0, 0, 0.0))]
        k, d, dmg, mins = (sum(values) for values in zip(*parts))
        outcome = _result(r.grp, r.winner)
        result.append(RecentMap(r.played_at, r.map, outcome, int(k), int(d), int(dmg), float(mins)))
    return result


def _weapons(conn: Connection, ids: list[int]) -> dict[int, WeaponStats]:
    """The players' weapons over counted rounds, by weapon id."""
    w = t.weapon_stats.c
    sums = (func.sum(w.hits), func.sum(w.shots), func.sum(w.kills), func.sum(w.deaths), func.sum(w.headshots))
    rows = conn.execute(select(w.weapon, *sums).where(*_scope(w.round_id, None, w.player_id, ids)).group_by(w.weapon))
    return {WEAPON_IDS.index(row[0]): WeaponStats(*(int(v or 0) for v in row[1:])) for row in rows}


def _favourite(weapons: dict[int, WeaponStats]) -> tuple[str, int] | None:
    """The weapon with the most kills (ties: the lower weapon id)."""
    best = max(merged_weapons(weapons).items(), key=lambda item: (item[1].kills, -item[0]), default=None)
    if best is None or not best[1].kills:
        return None
    return WEAPON_LABELS[WEAPON_IDS[best[0]]], best[1].kills


def _recorded(conn: Connection, ids: list[int]) -> Recorded:
    """Objectives, dynamite, time dead, denied playtime, multikills (sums) and the best spree.

    Time dead is bounded round by round (:func:`formulas.dead_minutes`), so it is summed here.
    """
    s = t.player_round_stats.c
    scope = _scope(s.round_id, None, s.player_id, ids)
    multikills = s.multikill_2x + s.multikill_3x + s.multikill_4x + s.multikill_5x + s.multikill_6x
    row = conn.execute(
        select(
            func.sum(s.objectives_stolen),
            func.sum(s.objectives_returned),
            func.sum(s.dynamites_planted),
            func.sum(s.dynamites_defused),
            func.sum(s.denied_playtime),
            func.sum(multikills),
            func.max(s.killing_spree),
        ).where(*scope)
    ).one()
    dead = [
        formulas.dead_minutes(d, m, a)
        for d, m, a in conn.execute(select(s.time_dead_minutes, s.time_played_minutes, s.alive_percent).where(*scope))
    ]
    known = [d for d in dead if d is not None]
    taken, returned, planted, defused, denied, chains, spree = (None if v is None else int(v) for v in row)
    return Recorded(taken, returned, planted, defused, sum(known) if known else None, denied, chains, spree)


def career(conn: Connection, players: Sequence[PlayerRef], recent: int = FORM_MAPS) -> Career:
    """Career of one person: the given players (GUIDs) taken together."""
    ids = [p.id for p in players]
    totals = Totals()
    for part in _row_sums(conn, None, ids).values():
        totals = totals + part
    for maps, wins, draws in _match_sums(conn, None, ids).values():
        totals.maps, totals.wins, totals.draws = totals.maps + maps, totals.wins + wins, totals.draws + draws
    weapons = _weapons(conn, ids)
    totals.firearm_hits, totals.firearm_shots, _ = formulas.firearm_totals(weapons)
    r, s = t.rounds.c, t.player_round_stats.c
    evenings, first, last = conn.execute(
        select(func.count(r.session_id.distinct()), func.min(r.written_at), func.max(r.written_at))
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
        evenings=int(evenings or 0),
        first_seen=first,
        last_seen=last,
        favourite_weapon=_favourite(weapons),
        recent=_recent_maps(conn, ids, recent),
        names=names,
        weapons=weapons,
        recorded=_recorded(conn, ids),
    )


class AllTimeTotals:
    """All-time totals per player without adding up years of rows on every ``!top``.

    Rounds written before a cut-off (some weeks before the newest round) are summed once
    and kept; rounds from the cut-off on are summed on each call. Only imports change
    rows, and an import touches rows of the rounds it adds and of Round 2s after them,
    so the old part is still valid as long as no round older than the cut-off was added
    — which the count and the highest id of those rounds tell cheaply.
    """

    def __init__(self, tail: timedelta = timedelta(days=35), max_tail: timedelta = timedelta(days=120)) -> None:
        self._tail = tail
        self._max_tail = max_tail
        self._lock = threading.Lock()
        self._cut: datetime | None = None
        self._fingerprint: tuple[int, int | None] | None = None
        self._history: dict[int, Totals] = {}

    def _fingerprint_of(self, conn: Connection, cut: datetime) -> tuple[int, int | None]:
        r = t.rounds.c
        count, highest = conn.execute(select(func.count(), func.max(r.id)).where(r.written_at < cut)).one()
        return int(count), highest

    def totals(self, conn: Connection, newest: datetime) -> dict[int, Totals]:
        with self._lock:
            cut = self._cut
            if cut is None or newest - cut > self._max_tail:
                cut = datetime(newest.year, newest.month, newest.day) - self._tail
            fingerprint = self._fingerprint_of(conn, cut)
            if cut != self._cut or fingerprint != self._fingerprint:
                before = counted_rounds().where(t.rounds.c.written_at < cut)
                self._history = player_totals(conn, before)
                self._cut, self._fingerprint = cut, fingerprint
            history = self._history
        recent = player_totals(conn, counted_rounds().where(t.rounds.c.written_at >= cut))
        merged = dict(history)
        for player_id, part in recent.items():
            merged[player_id] = merged[player_id] + part if player_id in merged else part
        return merged


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int
    player: PlayerRef
    totals: Totals
    value: float


@dataclass(slots=True)
class Leaderboard:
    metric: str
    period: str
    since: datetime | None
    until: datetime | None
    standings: list[Standing]
    unqualified: int
    """Players who played in the period but below the minimum."""


METRIC_VALUE: dict[str, Callable[[Totals], float | None]] = {
    "kills": lambda x: x.kills,
    "kd": lambda x: x.kd,
    "dpm": lambda x: x.dpm,
    "damage": lambda x: x.damage,
    "revives": lambda x: x.revives,
    "accuracy": lambda x: x.accuracy,
    "headshots": lambda x: x.head_hits,
    "wins": lambda x: x.wins,
}


def qualifies(metric: str, totals: Totals) -> bool:
    """Enough play to rank: 3 maps for wins, 30 minutes otherwise (and 50 gun shots for accuracy)."""
    if metric == "wins":
        return totals.maps >= MIN_MAPS
    if metric == "accuracy" and totals.firearm_shots < MIN_SHOTS_FOR_ACCURACY:
        return False
    return totals.minutes >= MIN_MINUTES


def newest_round_time(conn: Connection) -> datetime | None:
    """When the last evening ended: periods are counted back from the newest play, not the clock."""
    return conn.execute(select(func.max(t.sessions.c.ended_at))).scalar()


def _period_totals(
    conn: Connection, period: str, newest: datetime, all_time: AllTimeTotals | None
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
    conn: Connection, metric: str, period: str, *, limit: int = 10, all_time: AllTimeTotals | None = None
) -> Leaderboard:
    """The best ``limit`` humans by ``metric`` over ``period`` (see METRICS and PERIODS)."""
    if metric not in METRIC_VALUE or period not in PERIODS:
        raise ValueError(f"unknown metric {metric!r} or period {period!r}")
    newest = newest_round_time(conn)
    if newest is None:
        return Leaderboard(metric, period, None, None, [], 0)
    totals, since, until = _period_totals(conn, period, newest, all_time)
    p = t.players.c
    bots = set(conn.execute(select(p.id).where(p.is_bot.is_(True))).scalars())
    humans = {player_id: x for player_id, x in totals.items() if player_id not in bots}
    value_of = METRIC_VALUE[metric]
    values = {pid: value_of(x) for pid, x in humans.items() if qualifies(metric, x)}
    qualified = {pid: float(v) for pid, v in values.items() if v is not None}
    people = {ref.id: ref for ref in players_by_ids(conn, list(qualified))} if qualified else {}
    ordered = sorted(qualified, key=lambda pid: (-qualified[pid], people[pid].name.casefold(), pid))
    standings: list[Standing] = []
    for index, player_id in enumerate(ordered[:limit]):
        value = qualified[player_id]
        previous = standings[-1] if standings else None
        rank = previous.rank if previous is not None and previous.value == value else index + 1
        standings.append(Standing(rank, people[player_id], humans[player_id], value))
    return Leaderboard(metric, period, since, until, standings, len(humans) - len(qualified))
