"""StabilityTracker: when a listed file counts as complete."""

from __future__ import annotations

from etstats.sources.base import FileEntry
from etstats.sources.stability import StabilityTracker

NOW = 1_700_000_000.0
NAME = "2025-03-01-210000-supply-round-1.txt"


def names(entries: list[FileEntry]) -> list[str]:
    return [entry.name for entry in entries]


def test_young_file_needs_two_identical_looks() -> None:
    tracker = StabilityTracker(min_age_seconds=5)
    entry = FileEntry(NAME, 120, NOW - 1)
    assert tracker.ready([entry], NOW) == []
    assert tracker.pending == {NAME}
    assert tracker.ready([entry], NOW + 1) == [entry]
    assert tracker.pending == frozenset()


def test_growing_file_stays_pending() -> None:
    tracker = StabilityTracker(min_age_seconds=5)
    assert tracker.ready([FileEntry(NAME, 100, NOW)], NOW) == []
    assert tracker.ready([FileEntry(NAME, 180, NOW + 1)], NOW + 1) == []
    assert tracker.pending == {NAME}
    assert names(tracker.ready([FileEntry(NAME, 180, NOW + 1)], NOW + 2)) == [NAME]


def test_touched_file_with_same_size_stays_pending() -> None:
    tracker = StabilityTracker(min_age_seconds=5)
    tracker.ready([FileEntry(NAME, 100, NOW)], NOW)
    assert tracker.ready([FileEntry(NAME, 100, NOW + 1)], NOW + 1) == []


def test_old_file_is_ready_on_first_look() -> None:
    tracker = StabilityTracker(min_age_seconds=5)
    old = FileEntry(NAME, 50, NOW - 5)
    young = FileEntry("2025-03-01-210500-supply-round-2.txt", 50, NOW - 4.9)
    assert tracker.ready([old, young], NOW) == [old]
    assert tracker.pending == {young.name}


def test_empty_file_is_never_ready() -> None:
    tracker = StabilityTracker(min_age_seconds=5)
    empty = FileEntry(NAME, 0, NOW - 3600)
    assert tracker.ready([empty], NOW) == []
    assert tracker.ready([empty], NOW + 10) == []
    assert tracker.pending == {NAME}


def test_vanished_file_leaves_pending() -> None:
    tracker = StabilityTracker(min_age_seconds=5)
    tracker.ready([FileEntry(NAME, 10, NOW)], NOW)
    assert tracker.pending == {NAME}
    assert tracker.ready([], NOW + 1) == []
    assert tracker.pending == frozenset()


def test_vanished_and_returned_file_starts_over() -> None:
    tracker = StabilityTracker(min_age_seconds=5)
    entry = FileEntry(NAME, 10, NOW)
    tracker.ready([entry], NOW)
    tracker.ready([], NOW + 1)
    assert tracker.ready([entry], NOW + 2) == []


def test_future_mtime_from_clock_skew_uses_two_looks() -> None:
    tracker = StabilityTracker(min_age_seconds=5)
    skewed = FileEntry(NAME, 10, NOW + 600)
    assert tracker.ready([skewed], NOW) == []
    assert tracker.ready([skewed], NOW + 2) == [skewed]


def test_looks_closer_than_the_settle_time_prove_nothing() -> None:
    tracker = StabilityTracker(min_age_seconds=60.0, settle_seconds=1.0)
    entry = FileEntry("2025-03-01-000001-supply-round-1.txt", 100, 1000.0)
    assert tracker.ready([entry], now=1000.1) == []
    assert tracker.ready([entry], now=1000.3) == []
    assert tracker.ready([entry], now=1001.2) == [entry]


def test_an_empty_file_unchanged_long_enough_counts_as_stalled() -> None:
    tracker = StabilityTracker(min_age_seconds=5)
    empty = FileEntry(NAME, 0, NOW - 100)
    tracker.ready([empty], NOW)
    assert tracker.stalled(NOW + 5, after=10) == {}
    tracker.ready([empty], NOW + 10)
    assert tracker.stalled(NOW + 10, after=10) == {NAME: empty}
    grown = FileEntry(NAME, 50, NOW + 11)
    tracker.ready([grown], NOW + 11)
    assert tracker.stalled(NOW + 11, after=10) == {}
