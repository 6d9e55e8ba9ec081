"""What the pages show, as plain values built from summaries: no I/O, no HTML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from etstats.gamestats.records import WeaponStats
from etstats.gamestats.weapons import FIREARM_IDS, WEAPON_IDS, WEAPON_LABELS
from etstats.publish.limits import clean_name
from etstats.stats import formulas
from etstats.stats.career import RecentMap
from etstats.stats.outcome import MapWinner
from etstats.stats.players import PlayerStats
from etstats.stats.summary import MapSummary, RoundSummary
from etstats.web.charts import Bar, FormPoint

GROUP_LABELS = {"A": "Group A — attacked first", "B": "Group B — defended first", "": "Switched sides"}


@dataclass(frozen=True, slots=True)
class MapLine:
    """One player on a map: Round 1, Round 2 only and the whole map (a round he missed is None)."""

    player: PlayerStats
    round1: PlayerStats | None
    round2: PlayerStats | None


@dataclass(frozen=True, slots=True)
class GroupLines:
    group: str
    label: str
    won: bool
    lines: list[MapLine]


@dataclass(frozen=True, slots=True)
class WeaponLine:
    label: str
    kills: int
    deaths: int
    hits: int
    shots: int
    headshots: int
    accuracy: float | None


def _by_kills(players: Sequence[PlayerStats]) -> list[PlayerStats]:
    return sorted(players, key=lambda p: (-p.kills, p.deaths, p.display_name.casefold()))


def map_groups(summary: MapSummary) -> list[GroupLines]:
    """The map's players by group, each with his Round 1, Round-2-only and whole-map numbers."""
    r1 = {p.key: p for p in summary.round1.players} if summary.round1 is not None else {}
    r2 = {p.key: p for p in summary.round2.players}
    groups = [("A", summary.group_a), ("B", summary.group_b), ("", summary.others)]
    result = []
    for group, players in groups:
        if not players:
            continue
        won = summary.winner is not None and summary.winner.value == group
        lines = [MapLine(p, r1.get(p.key), r2.get(p.key)) for p in _by_kills(players)]
        label = GROUP_LABELS[group] if summary.round1 is not None else "Players (Round 2 file totals)"
        result.append(GroupLines(group, label, won, lines))
    return result


def round_sides(summary: RoundSummary | None, attacking_group: str) -> str:
    """Who attacked in a round: group A in Round 1 and group B in Round 2, as the side the file names."""
    if summary is None or summary.attackers is None:
        return f"Group {attacking_group} attacked"
    return f"Group {attacking_group} attacked as {summary.attackers.value.capitalize()}"


def winner_names(summary: MapSummary) -> list[str] | None:
    """The names of the winning group, or None for a draw or an unknown result."""
    if summary.winner is None or summary.winner is MapWinner.DRAW:
        return None
    won = summary.group_a if summary.winner is MapWinner.A else summary.group_b
    return sorted((clean_name(p.display_name) for p in won), key=str.casefold)


def dpm_bars(players: Sequence[PlayerStats], limit: int = 16) -> list[Bar]:
    """Humans with a known DPM, best first."""
    known = [(p, p.dpm) for p in players if not p.is_bot and p.dpm is not None]
    known.sort(key=lambda item: -(item[1] or 0.0))
    return [Bar(clean_name(p.display_name), float(dpm or 0.0)) for p, dpm in known[:limit]]


def form_points(maps: Sequence[RecentMap]) -> list[FormPoint]:
    """Oldest first, as a chart reads."""
    return [FormPoint(m.played_at, m.map, m.dpm) for m in reversed(maps)]


def weapon_lines(weapons: dict[int, WeaponStats]) -> list[WeaponLine]:
    """Weapons used (knife ids already merged), most kills first; accuracy for guns only."""
    lines = []
    for weapon_id, w in weapons.items():
        if not (w.kills or w.shots or w.hits or w.deaths):
            continue
        accuracy = formulas.percent(w.hits, w.shots) if weapon_id in FIREARM_IDS else None
        label = WEAPON_LABELS[WEAPON_IDS[weapon_id]]
        lines.append(WeaponLine(label, w.kills, w.deaths, w.hits, w.shots, w.headshots, accuracy))
    lines.sort(key=lambda line: (-line.kills, -line.shots, line.label))
    return lines
