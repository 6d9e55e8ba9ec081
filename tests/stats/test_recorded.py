"""Objectives, dynamite, time dead, denied playtime, multikills and sprees, hand-checked on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from etstats.gamestats import parse_round
from etstats.stats import formulas
from etstats.stats.players import PlayerStats
from etstats.stats.recorded import Recorded, recorded, total

NEW = "2025-10-27-230230-sw_goldrush_te-round-1.txt"
OLD = "2024-04-16-220731-te_escape2-round-1.txt"


def _player(corpus_dir: Path, name: str, display: str) -> PlayerStats:
    parsed = parse_round((corpus_dir / name).read_bytes(), name)
    [line] = [line for line in parsed.players if line.display_name == display]
    return PlayerStats.from_line(line)


@pytest.mark.corpus
def test_a_38_field_line_has_every_recorded_field(corpus_dir: Path) -> None:
    """vid: X15 0, X16 0, X17 2, X18 1, X10 3, X25 5.6 with X8 77.9 % of X22 11.1 min, X28 188, X29 1."""
    r = recorded(_player(corpus_dir, NEW, "vid"))
    assert (r.objectives_taken, r.objectives_returned, r.dynamites_planted, r.dynamites_defused) == (0, 0, 2, 1)
    assert r.best_spree == 3
    assert r.dead_minutes == pytest.approx(0.221 * 11.1), "5.6 min over-counted: not alive only 2.45 min"
    assert (r.denied_seconds, r.multikills) == (188, 1)


@pytest.mark.corpus
def test_a_33_field_line_leaves_the_unknown_fields_unknown(corpus_dir: Path) -> None:
    """blAuss: X15 0, X16 1 returned, X10 3, X25 6.8 but alive 74.2 % of 9.8 min; no X27 onwards."""
    r = recorded(_player(corpus_dir, OLD, "blAuss:X"))
    assert (r.objectives_taken, r.objectives_returned, r.dynamites_planted, r.dynamites_defused) == (0, 1, 0, 0)
    assert r.best_spree == 3
    assert r.dead_minutes == pytest.approx(0.258 * 9.8)
    assert r.denied_seconds is None and r.multikills is None


def test_totals_add_counts_and_keep_the_best_spree() -> None:
    one = Recorded(1, 0, 2, None, 1.5, None, 3, 4)
    two = Recorded(0, 2, 1, 1, 2.0, 60, None, 7)
    assert total([one, two]) == Recorded(1, 2, 3, 1, 3.5, 60, 3, 7)
    assert total([]) == Recorded()
    assert (one + two).objectives == 3


def test_dead_minutes_is_bounded_by_the_time_not_alive() -> None:
    assert formulas.dead_minutes(None, 10.0, 50.0) is None
    assert formulas.dead_minutes(2.0, 10.0, 50.0) == 2.0, "an exact v8 value passes unchanged"
    assert formulas.dead_minutes(9.0, 10.0, 50.0) == 5.0
    assert formulas.dead_minutes(12.0, 10.0, None) == 10.0, "at most the team time without X8"
    assert formulas.dead_minutes(3.0, None, None) == 3.0


def test_multikills_sum_the_chains_and_know_when_nothing_was_recorded() -> None:
    assert formulas.multikills([2, 1, 0, 0, 1]) == 4
    assert formulas.multikills([None] * 5) is None
