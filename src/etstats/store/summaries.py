"""Loading round and map summaries from the database for the renderers."""

from __future__ import annotations

from sqlalchemy import Connection, select

from etstats.gamestats.records import Side, WeaponStats
from etstats.gamestats.weapons import WEAPON_IDS
from etstats.stats.differential import whole_map
from etstats.stats.outcome import MapWinner, RoundOutcome
from etstats.stats.players import EXT_NAMES, PlayerStats
from etstats.stats.summary import MapSummary, RoundSummary
from etstats.store import schema as t

_WEAPON_ID = {name: i for i, name in enumerate(WEAPON_IDS)}


def round_players(conn: Connection, round_id: int) -> list[PlayerStats]:
    """The stored (round-only) numbers of every player of a round, in file order."""
    s, p = t.player_round_stats.c, t.players.c
    rows = conn.execute(
        select(t.player_round_stats, p.key, p.guid, p.is_bot)
        .join(t.players, p.id == s.player_id)
        .where(s.round_id == round_id)
        .order_by(s.line_no)
    ).all()
    weapons: dict[int, dict[int, WeaponStats]] = {}
    w = t.weapon_stats.c
    for row in conn.execute(select(t.weapon_stats).where(w.round_id == round_id)):
        weapons.setdefault(row.player_id, {})[_WEAPON_ID[row.weapon]] = WeaponStats(
            row.hits, row.shots, row.kills, row.deaths, row.headshots
        )
    result = []
    for row in rows:
        mapping = row._mapping
        result.append(
            PlayerStats(
                key=row.key,
                guid=row.guid,
                name=row.name,
                display_name=row.name,
                team=row.team,
                is_bot=row.is_bot,
                weapons=dict(sorted(weapons.get(row.player_id, {}).items())),
                values={name: mapping[name] for name in EXT_NAMES},
                flags=set(filter(None, row.flags.split(","))),
            )
        )
    return result


def round_summary(conn: Connection, round_id: int) -> RoundSummary:
    r = conn.execute(select(t.rounds).where(t.rounds.c.id == round_id)).one()
    return RoundSummary(
        source=r.source,
        map=r.map,
        round=r.round,
        server=r.server,
        file=r.name,
        written_at=r.written_at,
        defender=Side(r.defender) if r.defender else None,
        outcome=RoundOutcome(r.outcome),
        time_limit_s=r.time_limit_s,
        next_time_limit_s=r.next_time_limit_s,
        players=round_players(conn, round_id),
        round1_missing=r.round == 2 and r.orphan,
    )


def map_summary(conn: Connection, round2_id: int) -> MapSummary:
    """The map a Round 2 completes; without its Round 1 the R2 file's own totals stand in."""
    round2 = round_summary(conn, round2_id)
    m = t.matches.c
    match = conn.execute(select(t.matches).where(m.round2_id == round2_id)).one_or_none()
    if match is None:
        return MapSummary(
            source=round2.source,
            map=round2.map,
            played_at=round2.written_at,
            round1=None,
            round2=round2,
            winner=None,
            time_to_beat_s=None,
            others=list(round2.players),
        )
    round1 = round_summary(conn, match.round1_id)
    combined = whole_map(round1.players, round2.players)
    groups: dict[str, str] = {
        row.key: row.grp
        for row in conn.execute(
            select(t.players.c.key, t.match_players.c.grp)
            .join(t.players, t.players.c.id == t.match_players.c.player_id)
            .where(t.match_players.c.match_id == match.id)
        )
    }
    return MapSummary(
        source=match.source,
        map=match.map,
        played_at=match.played_at,
        round1=round1,
        round2=round2,
        winner=MapWinner(match.winner) if match.winner else None,
        time_to_beat_s=match.time_to_beat_s,
        group_a=[p for p in combined if groups.get(p.key) == "A"],
        group_b=[p for p in combined if groups.get(p.key) == "B"],
        others=[p for p in combined if groups.get(p.key) not in ("A", "B")],
    )
