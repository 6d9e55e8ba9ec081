"""Round-2-only and whole-map numbers of a real pair, checked by hand and by a naive decoder (§4.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etstats.gamestats import RoundFile, WeaponStats
from etstats.stats.differential import derive_round2, keyed_players, whole_map
from etstats.stats.players import PlayerStats
from tests.stats import rawfile

R1 = "2025-10-14-231545-erdenberg_t2-round-1.txt"
R2 = "2025-10-14-232419-erdenberg_t2-round-2.txt"
QMR = "652EB4A6"


@pytest.fixture(scope="module")
def r2_only(corpus_rounds: dict[str, RoundFile]) -> dict[str, PlayerStats]:
    return {p.key: p for p in derive_round2(corpus_rounds[R1], corpus_rounds[R2])}


@pytest.fixture(scope="module")
def whole(corpus_rounds: dict[str, RoundFile], r2_only: dict[str, PlayerStats]) -> dict[str, PlayerStats]:
    first = keyed_players(corpus_rounds[R1]).values()
    return {p.key: p for p in whole_map(first, r2_only.values())}


def test_qmr_round2_only_by_hand(r2_only: dict[str, PlayerStats]) -> None:
    """R2 line: kills 1+11+10+3 = 25, deaths 2+11+8+2+3 = 26, damage 4618 in 15.7 min; R1: 14, 11, 2295, 7.8."""
    qmr = r2_only[QMR]
    assert (qmr.kills, qmr.deaths) == (25 - 14, 26 - 11)
    assert (qmr.hits, qmr.shots, qmr.headshots) == (241 - 117, 697 - 380, 23 - 11)
    assert qmr.values["damage_given"] == 4618 - 2295
    assert qmr.minutes == pytest.approx(7.9)
    assert qmr.dpm is not None and round(qmr.dpm, 1) == 294.1  # 2323 / 7.9
    assert qmr.flags == set()


def test_qmr_per_round_fields_are_kept_and_ratios_recomputed(r2_only: dict[str, PlayerStats]) -> None:
    """XP 62 and revives 5 are R2-only already; alive % and dead ratio come from the R2-only minutes."""
    v = r2_only[QMR].values
    assert v["xp"] == 62 and v["revives_given"] == 5 and v["killing_spree"] == 4
    assert v["alive_percent"] == 79.1  # (78.0 * 15.7 - 76.9 * 7.8) / 7.9
    assert v["time_dead_ratio"] == 38.0  # 100 * 3.0 / 7.9
    assert v["lua_kd_ratio"] is None and v["tank_meatshield"] is None


def test_qmr_weapons_are_subtracted_per_slot(r2_only: dict[str, PlayerStats]) -> None:
    """Thompson only killed him in R1 (0 0 0 7 0) and was his gun in R2; the Garand slot nets to zero."""
    weapons = r2_only[QMR].weapons
    assert weapons[5] == WeaponStats(112, 297, 10, 8 - 7, 12)
    assert weapons[11] == WeaponStats(5 - 3, 9 - 5, 3 - 2, 2 - 1, 0)
    assert weapons[27] == WeaponStats(6 - 1, 7 - 2, 0, 0, 0)
    assert weapons[2] == WeaponStats(0, 0, 0, 2, 0)
    assert 24 not in weapons


def test_qmr_whole_map(whole: dict[str, PlayerStats]) -> None:
    """Sums for counters, the maximum for sprees, ratios from the whole-map minutes."""
    qmr = whole[QMR]
    assert (qmr.kills, qmr.deaths, qmr.values["damage_given"]) == (25, 26, 4618)
    assert qmr.values["xp"] == 80 + 62
    assert qmr.values["revives_given"] == 1 + 5
    assert qmr.values["killing_spree"] == max(3, 4)
    assert qmr.minutes == 15.7
    assert qmr.values["time_dead_ratio"] == round(100 * (4.4 + 3.0) / 15.7, 1)
    assert qmr.dpm == pytest.approx(4618 / 15.7)


def test_every_player_of_the_pair_against_the_naive_decoder(corpus_dir: Path, r2_only: dict[str, PlayerStats]) -> None:
    """Cumulative fields are R2 - R1, per-round fields are the R2 value, for every GUID in both files."""
    early = rawfile.read(corpus_dir / R1).by_guid()
    late = rawfile.read(corpus_dir / R2).by_guid()
    both = set(early) & set(late)
    assert len(both) >= 6
    for guid in both:
        a, b, p = early[guid], late[guid], r2_only[guid]
        assert p.kills == b.total(2) - a.total(2)
        assert p.deaths == b.total(3) - a.total(3)
        assert p.values["damage_given"] == b.x(rawfile.DAMAGE_GIVEN) - a.x(rawfile.DAMAGE_GIVEN)
        assert p.values["gibs"] == b.x(rawfile.GIBS) - a.x(rawfile.GIBS)
        assert p.minutes == pytest.approx(b.x(rawfile.TIME_MINUTES) - a.x(rawfile.TIME_MINUTES))
        assert p.values["xp"] == b.x(rawfile.XP)
        assert p.values["time_dead_minutes"] == b.x(rawfile.TIME_DEAD_MINUTES)
        assert p.team == b.team != a.team
