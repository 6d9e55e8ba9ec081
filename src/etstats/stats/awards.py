"""MVP and awards: named formulas, written once, shown in the posts' footers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from etstats.stats import formulas
from etstats.stats.players import PlayerStats

MVP_FORMULA = "MVP score = damage/100 + kills + ½·revives + ¼·gibs − ½·deaths − 2·team kills"
MIN_SHOTS_FOR_ACCURACY = 50
MIN_KILLS_FOR_KD = 5


def _v(stats: PlayerStats, name: str) -> float:
    return float(stats.values.get(name) or 0)


def mvp_score(stats: PlayerStats) -> float:
    """Rewards damage, kills and medic work; punishes feeding and team kills (see MVP_FORMULA)."""
    return (
        stats.damage_given / 100
        + stats.kills
        + 0.5 * _v(stats, "revives_given")
        + 0.25 * _v(stats, "gibs")
        - 0.5 * stats.deaths
        - 2 * _v(stats, "team_kills")
    )


def mvp(players: Sequence[PlayerStats]) -> PlayerStats | None:
    ranked = [p for p in players if not p.is_bot]
    return max(ranked, key=lambda p: (mvp_score(p), p.damage_given), default=None)


@dataclass(frozen=True, slots=True)
class Award:
    title: str
    player: PlayerStats
    value: str


def _best(
    players: Sequence[PlayerStats],
    title: str,
    metric: Callable[[PlayerStats], float | None],
    shown: Callable[[float], str],
) -> Award | None:
    scored = [(m, p) for p in players if (m := metric(p)) is not None]
    if not scored:
        return None
    value, winner = max(scored, key=lambda item: item[0])
    return Award(title, winner, shown(value)) if value > 0 else None


def awards(players: Sequence[PlayerStats]) -> list[Award]:
    """Most damage, best K/D, most revives, most gibs, best accuracy, most head hits."""
    humans = [p for p in players if not p.is_bot]
    candidates = [
        _best(humans, "Most damage", lambda p: p.damage_given, lambda v: f"{v:,.0f}"),
        _best(
            humans,
            "Best K/D",
            lambda p: formulas.kd_ratio(p.kills, p.deaths) if p.kills >= MIN_KILLS_FOR_KD else None,
            lambda v: f"{v:.2f}",
        ),
        _best(humans, "Most revives", lambda p: p.values.get("revives_given"), lambda v: f"{v:.0f}"),
        _best(humans, "Most gibs", lambda p: p.values.get("gibs"), lambda v: f"{v:.0f}"),
        _best(
            humans,
            "Best accuracy",
            lambda p: p.accuracy if formulas.firearm_totals(p.weapons)[1] >= MIN_SHOTS_FOR_ACCURACY else None,
            lambda v: f"{v:.1f}%",
        ),
        _best(humans, "Most head hits", lambda p: p.headshots, lambda v: f"{v:.0f}"),
    ]
    return [a for a in candidates if a is not None]
