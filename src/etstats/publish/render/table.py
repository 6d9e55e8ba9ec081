"""Code-block tables that fit a phone: at most 40 monospace columns per line.

A 360-pixel phone shows about 40 characters of an embed's code block before wrapping,
and a wrapped table is unreadable. Widths are measured as a terminal would draw them
(wide East Asian characters take two columns, combining marks none), so a name in any
script keeps the columns aligned. Names get up to 16 columns in full; longer ones are
cut with "…" so the part after a clan tag is not the only part lost.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from etstats.publish.limits import code_safe_name
from etstats.publish.text import ELLIPSIS, is_safe_cut

PHONE_WIDTH = 40
NAME_COLUMNS = 16
FENCE = "```"

Row = TypeVar("Row")


def char_width(ch: str) -> int:
    """Columns one character takes in a monospace font: 0 (marks, joiners), 1 or 2 (wide)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if 0xFE00 <= ord(ch) <= 0xFE0F or 0x1F3FB <= ord(ch) <= 0x1F3FF:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes on one line of a code block."""
    return sum(char_width(ch) for ch in text)


def fit_columns(text: str, columns: int) -> str:
    """``text`` when it fits in ``columns``, else its longest whole-character prefix plus "…"."""
    if display_width(text) <= columns:
        return text
    used = 0
    cut = 0
    for index, ch in enumerate(text):
        used += char_width(ch)
        if used > columns - 1:
            break
        if is_safe_cut(text, index + 1):
            cut = index + 1
    return text[:cut].rstrip() + ELLIPSIS


def pad(text: str, columns: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``columns`` display columns (right-aligned for numbers)."""
    fill = " " * max(0, columns - display_width(text))
    return fill + text if right else text + fill


def table_name(raw: str, columns: int = NAME_COLUMNS) -> str:
    """A player (or map) name for a code block: cleaned, inert, at most ``columns`` wide."""
    return fit_columns(code_safe_name(raw), columns)


@dataclass(frozen=True, slots=True)
class Column(Generic[Row]):
    """A right-aligned number column: header, width (including the gap before it) and cell."""

    title: str
    width: int
    cell: Callable[[Row], str]


def code_block(lines: Sequence[str]) -> str:
    return f"{FENCE}\n" + "\n".join(lines) + f"\n{FENCE}"


def name_table(
    rows: Sequence[Row],
    name: Callable[[Row], str],
    columns: Sequence[Column[Row]],
    *,
    first: str = "Player",
    prefix: Callable[[Row], str] | None = None,
    prefix_title: str = "",
) -> str:
    """A code block: an optional rank-like prefix, the name in 16 columns, then number columns.

    Raises ValueError when the layout is wider than a phone shows, so a new column that
    does not fit fails in every test instead of on a phone.
    """
    name_width = NAME_COLUMNS + 1
    width = display_width(prefix_title) + name_width + sum(c.width for c in columns)
    if width > PHONE_WIDTH:
        raise ValueError(f"table is {width} columns wide (phone limit {PHONE_WIDTH})")
    header = prefix_title + pad(first, name_width) + "".join(pad(c.title, c.width, right=True) for c in columns)
    lines = [header.rstrip()]
    for row in rows:
        head = prefix(row) if prefix is not None else ""
        cells = "".join(pad(fit_columns(c.cell(row), c.width - 1), c.width, right=True) for c in columns)
        lines.append((head + pad(table_name(name(row)), name_width) + cells).rstrip())
    return code_block(lines)
