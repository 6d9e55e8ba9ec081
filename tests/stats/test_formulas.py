"""The named formulas (format doc §3.8) on the hand-checked player ``qmr`` and on edge values."""

from __future__ import annotations

from pathlib import Path

import pytest

from etstats.gamestats import WeaponStats, parse_round
from etstats.stats import formulas
from etstats.stats.differential import keyed_players
from etstats.stats.players import PlayerStats
from tests.stats import rawfile

R1 = "2025-10-14-231545-erdenberg_t2-round-1.txt"
QMR = "652EB4A6"


@pytest.fixture(scope="module")
def qmr(corpus_dir: Path) -> PlayerStats:
    path = corpus_dir / R1
    return keyed_players(parse_round(path.read_bytes(), R1))[QMR]


def test_qmr_totals_match_the_doc_decode(qmr: PlayerStats) -> None:
    """§3.5 decodes qmr by hand: hits 117, shots 380, kills 14, deaths 11, head hits 11."""
    assert (qmr.hits, qmr.shots, qmr.kills, qmr.deaths, qmr.headshots) == (117, 380, 14, 11, 11)
    assert qmr.damage_given == 2295
    assert qmr.minutes == 7.8


def test_qmr_kd_and_dpm(qmr: PlayerStats) -> None:
    """K/D from weapon sums (not X[26] = 1.3) and DPM = 2295 / 7.8 = 294.2."""
    assert qmr.kd == pytest.approx(14 / 11)
    assert qmr.dpm is not None and round(qmr.dpm, 1) == 294.2
    assert qmr.time_played_s == 468


def test_qmr_firearm_accuracy_leaves_out_grenade_and_syringe(qmr: PlayerStats) -> None:
    """Guns only: Luger 6/30 + MP40 107/343 = 113/373; all weapons would give 117/380 = 30.8 %."""
    assert qmr.accuracy == pytest.approx(100 * 113 / 373)
    assert round(100 * qmr.hits / qmr.shots, 1) == 30.8
    assert round(qmr.accuracy, 1) != 30.8


def test_headshot_rate_is_not_headshot_kill_share(qmr: PlayerStats) -> None:
    """11 head hits of 113 gun hits vs 3 head-shot kills of 14 kills (P-26)."""
    assert qmr.headshot_rate == pytest.approx(100 * 11 / 113)
    share = formulas.headshot_kill_share(qmr.value("headshot_kills"), qmr.kills)  # type: ignore[arg-type]
    assert share == pytest.approx(100 * 3 / 14)
    assert round(qmr.headshot_rate, 1) != round(share, 1)  # type: ignore[arg-type]


def test_qmr_numbers_agree_with_an_independent_decode(corpus_dir: Path, qmr: PlayerStats) -> None:
    raw = rawfile.read(corpus_dir / R1).by_guid()[QMR]
    assert qmr.kills == raw.total(2) and qmr.deaths == raw.total(3)
    assert qmr.value("headshot_kills") == int(raw.ext[rawfile.HEADSHOT_KILLS]) == 3
    assert qmr.dpm == pytest.approx(raw.x(rawfile.DAMAGE_GIVEN) / raw.x(rawfile.TIME_MINUTES))


def test_kd_without_deaths_is_the_kills_not_kills_plus_one() -> None:
    """The writer's X[26] says kills + 1 for a flawless round; ours ranks by the kills themselves."""
    assert formulas.kd_ratio(7, 0) == 7.0
    assert formulas.kd_ratio(0, 0) == 0.0
    assert formulas.kd_ratio(3, 2) == 1.5


@pytest.mark.parametrize("minutes", [0.0, None, -1.0])
def test_dpm_is_undefined_without_positive_time(minutes: float | None) -> None:
    """P-12: no time on a team means no DPM, never a division by the round length."""
    assert formulas.dpm(500, minutes) is None


def test_dpm_without_damage_value_is_undefined() -> None:
    assert formulas.dpm(None, 5.0) is None
    assert formulas.dpm(0, 5.0) == 0.0


def test_accuracy_and_headshot_rate_need_gun_shots() -> None:
    """Knife (0), grenade (11) and syringe (27) alone leave the gun totals empty: no percentage."""
    weapons = {0: WeaponStats(2, 9, 1, 0, 0), 11: WeaponStats(4, 3, 2, 0, 0), 27: WeaponStats(5, 6, 0, 0, 0)}
    assert formulas.accuracy(weapons) is None
    assert formulas.headshot_rate(weapons) is None
    assert formulas.headshot_kill_share(2, 0) is None
    assert formulas.headshot_kill_share(None, 5) is None


def test_alive_minutes_and_seconds() -> None:
    assert formulas.alive_minutes(76.9, 7.8) == pytest.approx(5.9982)
    assert formulas.alive_minutes(None, 7.8) is None
    assert formulas.minutes_to_seconds(7.8) == 468
    assert formulas.minutes_to_seconds(None) is None
