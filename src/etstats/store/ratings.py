"""Ratings kept up to date with the imported maps, and the prediction recorded before each map.

The rule for what a prediction may know:

- A map's ``p_group_a`` is recorded once, when the map is first imported, and never
  rewritten: importing later maps cannot change it.
- It is computed from the maps played before it only. Maps normally arrive in time
  order, and the current skills (``player_ratings``) and calibration sums
  (``rating_state``) are exactly the state before the new map.
- A *late* map — played before the newest map already rated (an old file found
  afterwards, or a second server's map that arrives a little after the first's) — is
  predicted from the state as it stood at its own time: each of its players' skill just
  after his last earlier map (``match_ratings`` keeps every player's skill after every
  map) and the calibration after the last earlier map. So it gets the chance it would have
  had in time order, and is marked ``late``. The predictions already recorded for the maps
  after it stay as they were: they were made, and shown, without it.
- A late map's result is learned when it arrives, on top of the current skills — the
  ratings are not replayed, which would cost a pass over every later map each time a
  second server's maps interleave with the first's.
- Only if rated maps disappear (a Round 2 re-paired when its real Round 1 arrives) are
  the skills and snapshots rebuilt from scratch in time order, so no removed map stays
  counted; recorded predictions are kept as they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Connection,
    DateTime,
    Integer,
    Select,
    Table,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from etstats.stats.ratings import (
    MIN_RATED_MAPS,
    Calibration,
    Prediction,
    RatedMap,
    RatedPlayer,
    RatingBoard,
    RatingState,
    Skill,
    Winner,
)
from etstats.store import schema as t
from etstats.store.upsert import insert_rows

_STATE_ID = 1
_TEAM_OF_SIDE = {"axis": 1, "allies": 2}
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class _Meta:
    folded: int
    last: tuple[datetime, int] | None
    calibration: Calibration


@dataclass(frozen=True, slots=True)
class _Map:
    id: int
    played_at: datetime
    played: RatedMap

    @property
    def key(self) -> tuple[datetime, int]:
        return (self.played_at, self.id)


def _meta(conn: Connection) -> _Meta:
    row = conn.execute(select(t.rating_state).where(t.rating_state.c.id == _STATE_ID)).first()
    if row is None:
        return _Meta(0, None, Calibration())
    last = None if row.last_played_at is None else (row.last_played_at, row.last_match_id)
    return _Meta(row.folded, last, Calibration(row.calibration_maps, row.a_score, row.sxx, row.sxr))


def _groups(conn: Connection, match_ids: Sequence[int]) -> dict[tuple[int, str], list[int]]:
    found: dict[tuple[int, str], list[int]] = {}
    mp = t.match_players.c
    for start in range(0, len(match_ids), _CHUNK):
        chunk = match_ids[start : start + _CHUNK]
        query = select(mp.match_id, mp.player_id, mp.grp).where(mp.match_id.in_(chunk)).order_by(mp.player_id)
        for row in conn.execute(query):
            found.setdefault((row.match_id, row.grp), []).append(row.player_id)
    return found


def _maps(conn: Connection, query: Select[Any]) -> list[_Map]:
    rows = conn.execute(query.order_by(t.matches.c.played_at, t.matches.c.id)).all()
    groups = _groups(conn, [r.id for r in rows])
    return [
        _Map(
            r.id,
            r.played_at,
            RatedMap(
                tuple(groups.get((r.id, "A"), ())),
                tuple(groups.get((r.id, "B"), ())),
                cast(Winner, r.winner) if r.winner in ("A", "B", "draw") else None,
            ),
        )
        for r in rows
    ]


def _map_columns() -> Select[Any]:
    m = t.matches.c
    return select(m.id, m.played_at, m.winner)


def rated_maps(conn: Connection) -> list[tuple[int, datetime, RatedMap]]:
    """Every map in time order with its groups' player ids and its winner."""
    return [(found.id, found.played_at, found.played) for found in _maps(conn, _map_columns())]


def _skills(conn: Connection, player_ids: Iterable[int]) -> dict[int, Skill]:
    r = t.player_ratings.c
    ids = sorted(set(player_ids))
    skills: dict[int, Skill] = {}
    for start in range(0, len(ids), _CHUNK):
        query = select(r.player_id, r.mu, r.sigma, r.maps).where(r.player_id.in_(ids[start : start + _CHUNK]))
        for row in conn.execute(query):
            skills[row.player_id] = Skill(row.mu, row.sigma, row.maps)
    return skills


def _latest_before(table: Table, *columns: str) -> Select[Any]:
    """The newest row of ``table`` strictly before (``at``, ``match``) in time order, built once.

    The plain ``played_at <= at`` lets the database walk its index backwards from there.
    """
    c = table.c
    at, match = bindparam("at", type_=DateTime()), bindparam("match", type_=Integer())
    return (
        select(*(c[name] for name in columns))
        .where(c.played_at <= at, or_(c.played_at < at, c.match_id < match))
        .order_by(c.played_at.desc(), c.match_id.desc())
        .limit(1)
    )


_SKILL_BEFORE = _latest_before(t.match_ratings, "mu", "sigma", "maps").where(
    t.match_ratings.c.player_id == bindparam("player")
)
_CALIBRATION_BEFORE = _latest_before(t.match_predictions, "calibration_maps", "a_score", "sxx", "sxr")


def _state_at(conn: Connection, found: _Map) -> RatingState:
    """The skills of the map's players and the calibration as they stood just before it."""
    at, match = found.key
    skills: dict[int, Skill] = {}
    for player in (*found.played.group_a, *found.played.group_b):
        row = conn.execute(_SKILL_BEFORE, {"player": player, "at": at, "match": match}).first()
        if row is not None:
            skills[player] = Skill(row.mu, row.sigma, row.maps)
    sums = conn.execute(_CALIBRATION_BEFORE, {"at": at, "match": match}).first()
    if sums is None:
        return RatingState(skills, Calibration())
    return RatingState(skills, Calibration(sums.calibration_maps, sums.a_score, sums.sxx, sums.sxr))


def _unpredicted(conn: Connection) -> list[_Map]:
    m, p = t.matches.c, t.match_predictions.c
    query = _map_columns().outerjoin(t.match_predictions, p.match_id == m.id).where(p.match_id.is_(None))
    return _maps(conn, query)


def _snapshots(found: _Map, skills: dict[int, Skill]) -> list[dict[str, Any]]:
    """``match_ratings`` rows: each player's skill right after the map was learned from."""
    return [
        {
            "match_id": found.id,
            "player_id": p,
            "played_at": found.played_at,
            "mu": s.mu,
            "sigma": s.sigma,
            "maps": s.maps,
        }
        for p, s in skills.items()
    ]


class _Writer:
    """Rows for the prediction and skill tables, written in bulk (and before any look back)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.predictions: list[dict[str, Any]] = []
        self.snapshots: list[dict[str, Any]] = []

    def add(
        self, found: _Map, prediction: Prediction | None, late: bool, state: RatingState, changed: dict[int, Skill]
    ) -> None:
        calibration = state.calibration
        self.predictions.append(
            {
                "match_id": found.id,
                "played_at": found.played_at,
                "raw": None if prediction is None else prediction.raw,
                "p_group_a": None if prediction is None else prediction.p_group_a,
                "late": late,
                "calibration_maps": calibration.maps,
                "a_score": calibration.a_score,
                "sxx": calibration.sxx,
                "sxr": calibration.sxr,
            }
        )
        self.snapshots += _snapshots(found, changed)

    def flush(self) -> None:
        insert_rows(self.conn, t.match_predictions, self.predictions)
        insert_rows(self.conn, t.match_ratings, self.snapshots)
        self.predictions, self.snapshots = [], []


def update_ratings(conn: Connection) -> list[int]:
    """Record the prediction of every map not predicted yet, then learn from its result.

    Returns the ids of the maps predicted now. See the module docstring for late maps.
    """
    new = _unpredicted(conn)
    if not new:
        return []
    meta = _meta(conn)
    predicted = conn.execute(select(func.count()).select_from(t.match_predictions)).scalar_one()
    if meta.folded != predicted:
        meta = _rebuild(conn, predicted)
    state = RatingState(
        _skills(conn, (p for f in new for p in (*f.played.group_a, *f.played.group_b))), meta.calibration
    )
    last = meta.last
    writer = _Writer(conn)
    changed: set[int] = set()
    for found in new:
        late = last is not None and found.key < last
        if late:
            writer.flush()
            prediction = _state_at(conn, found).predict(found.played)
            learned = state.learn(found.played, prediction)
        else:
            prediction, learned = state.fold(found.played)
        changed.update(learned)
        writer.add(found, prediction, late, state, learned)
        last = found.key if last is None else max(last, found.key)
    writer.flush()
    _save_skills(conn, {p: state.skills[p] for p in changed})
    assert last is not None
    _save_meta(conn, predicted + len(new), last, state.calibration)
    return [found.id for found in new]


def _rebuild(conn: Connection, predicted: int) -> _Meta:
    """Skills, snapshots and calibration again from the predicted maps that still exist, in time order."""
    m, p = t.matches.c, t.match_predictions.c
    conn.execute(delete(t.player_ratings))
    conn.execute(delete(t.match_ratings))
    state = RatingState.empty()
    snapshots: list[dict[str, Any]] = []
    calibrations: list[dict[str, Any]] = []
    last: tuple[datetime, int] | None = None
    for found in _maps(conn, _map_columns().join(t.match_predictions, p.match_id == m.id)):
        _, learned = state.fold(found.played)
        snapshots += _snapshots(found, learned)
        c = state.calibration
        calibrations.append({"id": found.id, "cm": c.maps, "a": c.a_score, "xx": c.sxx, "xr": c.sxr})
        last = found.key
    if snapshots:
        conn.execute(insert(t.match_ratings), snapshots)
    if calibrations:
        conn.execute(
            update(t.match_predictions)
            .where(p.match_id == bindparam("id"))
            .values(calibration_maps=bindparam("cm"), a_score=bindparam("a"), sxx=bindparam("xx"), sxr=bindparam("xr")),
            calibrations,
        )
    _save_skills(conn, state.skills)
    return _Meta(predicted, last, state.calibration)


def _save_skills(conn: Connection, skills: dict[int, Skill]) -> None:
    r = t.player_ratings.c
    ids = sorted(skills)
    for start in range(0, len(ids), _CHUNK):
        conn.execute(delete(t.player_ratings).where(r.player_id.in_(ids[start : start + _CHUNK])))
    rows = [{"player_id": p, "mu": s.mu, "sigma": s.sigma, "maps": s.maps} for p, s in skills.items()]
    if rows:
        conn.execute(insert(t.player_ratings), rows)


def _save_meta(conn: Connection, folded: int, last: tuple[datetime, int], calibration: Calibration) -> None:
    values = {
        "folded": folded,
        "last_played_at": last[0],
        "last_match_id": last[1],
        "calibration_maps": calibration.maps,
        "a_score": calibration.a_score,
        "sxx": calibration.sxx,
        "sxr": calibration.sxr,
    }
    done = conn.execute(update(t.rating_state).where(t.rating_state.c.id == _STATE_ID).values(values))
    if done.rowcount == 0:
        conn.execute(insert(t.rating_state).values(id=_STATE_ID, **values))


def predictions(conn: Connection, match_ids: Sequence[int]) -> dict[int, float | None]:
    """The recorded ``p_group_a`` of the named maps (absent: not predicted yet)."""
    p = t.match_predictions.c
    found: dict[int, float | None] = {}
    for start in range(0, len(match_ids), _CHUNK):
        chunk = match_ids[start : start + _CHUNK]
        for row in conn.execute(select(p.match_id, p.p_group_a).where(p.match_id.in_(chunk))):
            found[row.match_id] = row.p_group_a
    return found


def round1_chance(conn: Connection, round_id: int) -> float | None:
    """Before the map a Round 1 opens: the chance its attackers (group A) win it.

    From the skills and calibration as they stood before the round was played, so a post
    rendered after later maps were imported still shows what was known before this one.
    """
    r = t.rounds.c
    row = conn.execute(select(r.defender, r.written_at).where(r.id == round_id)).first()
    defending_team = None if row is None else _TEAM_OF_SIDE.get(row.defender or "")
    if row is None or defending_team is None:
        return None
    s = t.player_round_stats.c
    teams: list[tuple[int, int]] = [
        (row.player_id, row.team) for row in conn.execute(select(s.player_id, s.team).where(s.round_id == round_id))
    ]
    group_a = tuple(sorted({p for p, team in teams if team == 3 - defending_team}))
    group_b = tuple(sorted({p for p, team in teams if team == defending_team}))
    before = _Map(0, row.written_at, RatedMap(group_a, group_b, None))
    prediction = _state_at(conn, before).predict(before.played)
    return None if prediction is None else prediction.p_group_a


def player_skills(conn: Connection, player_ids: Sequence[int]) -> dict[int, Skill]:
    return _skills(conn, player_ids)


def rating_board(conn: Connection, min_maps: int = MIN_RATED_MAPS) -> RatingBoard:
    """Every human player with at least ``min_maps`` rated maps, best conservative rating first."""
    r, pl = t.player_ratings.c, t.players.c
    rows = conn.execute(
        select(r.player_id, pl.name, r.mu, r.sigma, r.maps)
        .join(t.players, pl.id == r.player_id)
        .where(pl.is_bot.is_(False))
    ).all()
    rated = [RatedPlayer(row.player_id, row.name, Skill(row.mu, row.sigma, row.maps)) for row in rows]
    ranked = sorted((p for p in rated if p.skill.maps >= min_maps), key=lambda p: (-p.skill.rating, p.name.casefold()))
    return RatingBoard(ranked, min_maps, len(rated) - len(ranked))
