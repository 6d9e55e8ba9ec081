"""Ratings kept up to date with the imported maps, and the prediction recorded before each map.

The rule for what a prediction may know:

- A map's ``p_group_a`` is recorded once, when the map is first imported, from the maps
  already imported that were played before it (by ``played_at``, then id). It is never
  rewritten: importing later maps cannot change it.
- Usually maps arrive in time order, and the stored state (every player's skill and the
  calibration sums, ``rating_state``) is carried forward map by map.
- A *late* map — played before a map already rated (an old file found afterwards) —
  gets its prediction from the maps before it that were known when it arrived, and is
  marked ``late``. The predictions already recorded for the maps after it stay as they
  were (they were made without it); the skills and calibration are replayed from scratch
  in time order with it included, so every *future* prediction learns from it.
- A rated map removed again (a Round 2 re-paired) also triggers that replay, so the
  state never holds a map the database no longer has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, delete, func, insert, select, update

from etstats.stats.ratings import Calibration, Prediction, RatedMap, RatingState, Skill, Winner, predict
from etstats.store import schema as t

_STATE_ID = 1
_TEAM_OF_SIDE = {"axis": 1, "allies": 2}
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class _Meta:
    folded: int
    last: tuple[datetime, int] | None
    calibration: Calibration


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
        for match_id, player_id, grp in conn.execute(
            select(mp.match_id, mp.player_id, mp.grp).where(mp.match_id.in_(chunk)).order_by(mp.player_id)
        ):
            found.setdefault((match_id, grp), []).append(player_id)
    return found


def rated_maps(conn: Connection, match_ids: Sequence[int] | None = None) -> list[tuple[int, datetime, RatedMap]]:
    """Maps (all, or those named) in time order with their groups' player ids and winner."""
    m = t.matches.c
    query = select(m.id, m.played_at, m.winner).order_by(m.played_at, m.id)
    if match_ids is not None:
        query = query.where(m.id.in_(match_ids))
    rows = conn.execute(query).all()
    groups = _groups(conn, [r.id for r in rows])
    return [
        (
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


def _skills(conn: Connection, player_ids: Sequence[int] | None = None) -> dict[int, Skill]:
    r = t.player_ratings.c
    query = select(r.player_id, r.mu, r.sigma, r.maps)
    skills: dict[int, Skill] = {}
    if player_ids is None:
        return {row.player_id: Skill(row.mu, row.sigma, row.maps) for row in conn.execute(query)}
    ids = sorted(set(player_ids))
    for start in range(0, len(ids), _CHUNK):
        for row in conn.execute(query.where(r.player_id.in_(ids[start : start + _CHUNK]))):
            skills[row.player_id] = Skill(row.mu, row.sigma, row.maps)
    return skills


def _unpredicted(conn: Connection) -> list[int]:
    m, p = t.matches.c, t.match_predictions.c
    query = (
        select(m.id)
        .outerjoin(t.match_predictions, p.match_id == m.id)
        .where(p.match_id.is_(None))
        .order_by(m.played_at, m.id)
    )
    return list(conn.execute(query).scalars())


def update_ratings(conn: Connection) -> list[int]:
    """Record the prediction of every map not predicted yet and fold it into the ratings.

    Returns the ids of the maps predicted now. See the module docstring for late maps.
    """
    new_ids = _unpredicted(conn)
    if not new_ids:
        return []
    meta = _meta(conn)
    predicted = conn.execute(select(func.count()).select_from(t.match_predictions)).scalar_one()
    new_maps = rated_maps(conn, new_ids)
    first_new = (new_maps[0][1], new_maps[0][0])
    in_order = meta.folded == predicted and (meta.last is None or first_new > meta.last)
    if in_order:
        players = [p for _, _, played in new_maps for p in (*played.group_a, *played.group_b)]
        state = RatingState(_skills(conn, players), meta.calibration)
        to_fold = new_maps
    else:
        state = RatingState.empty()
        to_fold = rated_maps(conn)
    wanted = set(new_ids)
    rows: list[dict[str, Any]] = []
    changed: set[int] = set()
    for match_id, played_at, played in to_fold:
        prediction, skills = state.fold(played)
        changed.update(skills)
        if match_id in wanted:
            late = meta.last is not None and (played_at, match_id) < meta.last
            rows.append(_prediction_row(match_id, prediction, late))
    conn.execute(insert(t.match_predictions), rows)
    if in_order:
        _save_skills(conn, {p: state.skills[p] for p in changed}, replace_all=False)
    else:
        _save_skills(conn, state.skills, replace_all=True)
    newest = (to_fold[-1][1], to_fold[-1][0])
    _save_meta(conn, predicted + len(rows), newest if meta.last is None else max(meta.last, newest), state.calibration)
    return new_ids


def _prediction_row(match_id: int, prediction: Prediction | None, late: bool) -> dict[str, Any]:
    return {
        "match_id": match_id,
        "raw": None if prediction is None else prediction.raw,
        "p_group_a": None if prediction is None else prediction.p_group_a,
        "late": late,
    }


def _save_skills(conn: Connection, skills: dict[int, Skill], *, replace_all: bool) -> None:
    r = t.player_ratings.c
    if replace_all:
        conn.execute(delete(t.player_ratings))
    else:
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
    """Before the map a Round 1 opens: the chance its attackers (group A) win it, from the current ratings."""
    defender = conn.execute(select(t.rounds.c.defender).where(t.rounds.c.id == round_id)).scalar()
    defending_team = _TEAM_OF_SIDE.get(defender or "")
    if defending_team is None:
        return None
    s = t.player_round_stats.c
    teams = conn.execute(select(s.player_id, s.team).where(s.round_id == round_id)).all()
    group_a = sorted({p for p, team in teams if team == 3 - defending_team})
    group_b = sorted({p for p, team in teams if team == defending_team})
    prediction = predict(_skills(conn, group_a + group_b), _meta(conn).calibration, group_a, group_b)
    return None if prediction is None else prediction.p_group_a


@dataclass(frozen=True, slots=True)
class RatedPlayer:
    player_id: int
    name: str
    skill: Skill


def player_skills(conn: Connection, player_ids: Sequence[int]) -> dict[int, Skill]:
    return _skills(conn, player_ids)


def rating_board(conn: Connection, min_maps: int) -> list[RatedPlayer]:
    """Every human player with at least ``min_maps`` rated maps, best conservative rating first."""
    r, pl = t.player_ratings.c, t.players.c
    rows = conn.execute(
        select(r.player_id, pl.name, r.mu, r.sigma, r.maps)
        .join(t.players, pl.id == r.player_id)
        .where(r.maps >= min_maps, pl.is_bot.is_(False))
    ).all()
    board = [RatedPlayer(row.player_id, row.name, Skill(row.mu, row.sigma, row.maps)) for row in rows]
    return sorted(board, key=lambda p: (-p.skill.rating, p.name.casefold()))
