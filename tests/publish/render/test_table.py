"""Phone-sized tables: display widths, names cut with an ellipsis, and layouts that cannot grow past 40."""

from __future__ import annotations

import pytest

from etstats.publish.render.style import duration, kd_text
from etstats.publish.render.table import Column, display_width, fit_columns, name_table, table_name
from tests.publish.render.phone import assert_fits_phone, code_lines


def test_wide_characters_take_two_columns_and_marks_none() -> None:
    assert display_width("abc") == 3
    assert display_width("名前") == 4
    assert display_width("e\u0301") == 1
    assert display_width("\u200b") == 0


def test_names_up_to_sixteen_columns_stay_whole_longer_ones_end_in_an_ellipsis() -> None:
    assert table_name("SmetarskiProner") == "SmetarskiProner"
    assert table_name("MaccabrosNoah1234") == "MaccabrosNoah12…"
    assert table_name("^1Maccabros^7Intersyss") == "MaccabrosInters…"
    assert display_width(table_name("名" * 20)) <= 16
    assert table_name("@everyone") == "@\u200beveryone"
    assert "`" not in table_name("a```b")
    assert fit_columns("short", 10) == "short"


def test_a_table_keeps_its_columns_aligned_and_within_a_phone() -> None:
    rows = [("vid", 17, 1.2567), ("名" * 12, 3, 0.5), ("x" * 40, 12345, 10.0)]
    columns = (Column("K", 6, lambda r: str(r[1])), Column("K/D", 6, lambda r: kd_text(r[2])))
    text = name_table(rows, lambda r: r[0], columns)
    lines = code_lines(text)
    assert lines[0] == "Player                K   K/D"
    assert lines[1] == "vid                  17  1.26"
    assert {display_width(line) for line in lines} == {29}
    assert_fits_phone(text)


def test_a_layout_wider_than_a_phone_is_refused() -> None:
    columns = [Column("X", 6, lambda r: "1") for _ in range(5)]
    with pytest.raises(ValueError, match="47 columns wide"):
        name_table([1], lambda r: "a", columns)


def test_the_width_check_finds_a_long_line() -> None:
    with pytest.raises(AssertionError, match="41 columns"):
        assert_fits_phone({"fields": [{"value": "```\n" + "x" * 41 + "\n```"}]})
    assert_fits_phone("no code block " * 10)


def test_one_notation_for_durations() -> None:
    assert duration(None) == "–"
    assert duration(45.2) == "45 min"
    assert duration(118.0) == "1 h 58 min"
    assert duration(60.0) == "1 h 00 min"
    assert duration(6000.0 + 30) == "100 h"
    assert duration(60 * 1234) == "1,234 h"


def test_kd_is_a_ratio() -> None:
    assert kd_text(5 / 12) == "0.42"
