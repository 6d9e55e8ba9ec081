"""File-name grammar (format doc §1.1, §1.3, §1.4): strict names, siblings refused with the reason."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etstats.gamestats import GameStatsFormatError, is_round_file_name, parse_file_name


def test_parses_date_time_map_and_round() -> None:
    info = parse_file_name("2025-10-02-232818-erdenberg_t2-round-2.txt")
    assert info.name == "2025-10-02-232818-erdenberg_t2-round-2.txt"
    assert info.written_at == datetime(2025, 10, 2, 23, 28, 18)
    assert info.map == "erdenberg_t2"
    assert info.round == 2
    assert info.stamp == "2025-10-02-232818"


def test_timestamp_is_naive_local_time() -> None:
    """The server writes local wall-clock time without a zone; attaching one would be a guess."""
    assert parse_file_name("2025-10-26-020500-supply-round-1.txt").written_at.tzinfo is None


@pytest.mark.parametrize(
    ("name", "map_name", "round_no"),
    [
        ("2025-10-02-232818-my-map_v2-round-1.txt", "my-map_v2", 1),
        ("2025-10-02-232818-etl_sp_delivery-round-2.txt", "etl_sp_delivery", 2),
        ("2025-10-02-232818-te_escape2.b4+fix-round-1.txt", "te_escape2.b4+fix", 1),
        ("2025-10-02-232818-map-round-1-round-2.txt", "map-round-1", 2),
        ("2025-10-02-232818-a-b-c-d-round-1.txt", "a-b-c-d", 1),
        ("2025-10-02-232818-round-round-1.txt", "round", 1),
    ],
)
def test_map_is_everything_up_to_the_last_round_marker(name: str, map_name: str, round_no: int) -> None:
    info = parse_file_name(name)
    assert (info.map, info.round) == (map_name, round_no)
    assert info.written_at == datetime(2025, 10, 2, 23, 28, 18)


def test_map_is_compared_case_insensitively() -> None:
    assert parse_file_name("2025-10-02-232818-Sw_GoldRush_TE-round-1.txt").map == "sw_goldrush_te"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("2025-10-02-232818-supply-round-1_ws.txt", "_ws"),
        ("2025-10-02-232818-supply-round-2-endstats.txt", "endstats"),
        ("2025-10-02-232818-supply-round-1_engagements.txt", "engagements"),
    ],
)
def test_siblings_are_rejected_with_the_reason(name: str, reason: str) -> None:
    with pytest.raises(GameStatsFormatError) as caught:
        parse_file_name(name)
    error = caught.value
    assert reason in error.reason
    assert "not a round file" in str(error)
    assert error.file == name
    assert error.field == "file name"
    assert not is_round_file_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "2025-02-30-120000-supply-round-1.txt",
        "2023-02-29-120000-supply-round-1.txt",
        "2025-13-01-120000-supply-round-1.txt",
        "2025-00-10-120000-supply-round-1.txt",
        "2025-10-00-120000-supply-round-1.txt",
        "2025-10-02-240000-supply-round-1.txt",
        "2025-10-02-236000-supply-round-1.txt",
        "2025-10-02-232860-supply-round-1.txt",
    ],
)
def test_impossible_dates_are_rejected(name: str) -> None:
    with pytest.raises(GameStatsFormatError) as caught:
        parse_file_name(name)
    assert caught.value.field == "file name timestamp"
    assert caught.value.expected is not None
    assert not is_round_file_name(name)


def test_leap_day_is_a_real_date() -> None:
    assert parse_file_name("2024-02-29-235959-supply-round-1.txt").written_at == datetime(2024, 2, 29, 23, 59, 59)


@pytest.mark.parametrize("round_no", ["0", "3", "9", "01", "12", "9" * 5000])
def test_round_other_than_1_or_2_is_rejected(round_no: str) -> None:
    name = f"2025-10-02-232818-supply-round-{round_no}.txt"
    with pytest.raises(GameStatsFormatError) as caught:
        parse_file_name(name)
    assert caught.value.field == "file name round"
    assert caught.value.expected == "1 or 2"
    assert not is_round_file_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "supply-round-1.txt",
        "2025-10-02-232818-supply-round-1.txt.bak",
        "2025-10-02-232818-supply-round-1.TXT",
        "2025-10-02-232818-supply-round-1.json",
        "2025-10-02-232818-supply-round-.txt",
        "2025-10-02-232818--round-1.txt",
        "2025-10-02-232818-supply.txt",
        "2025-10-02-2328-supply-round-1.txt",
        "25-10-02-232818-supply-round-1.txt",
        "x2025-10-02-232818-supply-round-1.txt",
        "2025-10-02-232818-sup ply-round-1.txt",
        "2025-10-02-232818-sup/ply-round-1.txt",
        "2025-10-02-232818-supply-round-1.txt\n",
        "2025-10-02-232818-supply-round-1.txt ",
        "２０２５-10-02-232818-supply-round-1.txt",
        "2025-10-02-232818-supply-round-١.txt",
        "gametime-supply-R1-1728000000.json",
        "/srv/gamestats/2025-10-02-232818-supply-round-1.txt",
    ],
)
def test_anything_but_the_strict_pattern_is_rejected(name: str) -> None:
    with pytest.raises(GameStatsFormatError) as caught:
        parse_file_name(name)
    assert caught.value.file == name
    assert caught.value.field == "file name"
    assert not is_round_file_name(name)


def test_error_message_names_file_and_expected_pattern() -> None:
    with pytest.raises(GameStatsFormatError) as caught:
        parse_file_name("notes.txt")
    assert str(caught.value).startswith("notes.txt")
    assert caught.value.expected == "YYYY-MM-DD-HHMMSS-<map>-round-<N>.txt"
    assert "YYYY-MM-DD-HHMMSS-<map>-round-<N>.txt" in str(caught.value)


MAP_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-"


@given(
    st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
    st.text(MAP_CHARS, min_size=1, max_size=30),
    st.sampled_from([1, 2]),
)
def test_generated_names_round_trip(written_at: datetime, map_name: str, round_no: int) -> None:
    written_at = written_at.replace(microsecond=0)
    name = f"{written_at:%Y-%m-%d-%H%M%S}-{map_name}-round-{round_no}.txt"
    info = parse_file_name(name)
    assert (info.written_at, info.map, info.round) == (written_at, map_name.lower(), round_no)
    assert is_round_file_name(name)


@given(st.text(max_size=80) | st.from_regex(r"\A\d{4}-\d\d-\d\d-\d{6}-.{0,12}-round-\d{1,3}\.txt\Z"))
def test_any_text_parses_or_raises_format_error(name: str) -> None:
    try:
        info = parse_file_name(name)
    except GameStatsFormatError as error:
        assert error.file == name
        assert error.field is not None and error.field.startswith("file name")
        assert not is_round_file_name(name)
    else:
        assert info.round in (1, 2)
        assert is_round_file_name(name)


@pytest.mark.corpus
def test_every_corpus_name_is_a_round_file_name(corpus_files: list[Path]) -> None:
    assert len(corpus_files) == 201
    for path in corpus_files:
        info = parse_file_name(path.name)
        assert is_round_file_name(path.name)
        assert info.stamp == path.name[:17]
        assert path.name == f"{info.stamp}-{info.map}-round-{info.round}.txt"
