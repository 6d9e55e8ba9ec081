"""Measuring and cutting text the way Discord's limits need it.

Lengths are counted in UTF-16 code units, which is never less than the count in code
points: a text that fits by this measure fits whichever way Discord counts. Cuts fall
only between user-perceived characters (never inside an emoji sequence or before a
combining mark), so a split text never shows broken glyphs.
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"
_ZWJ = "\u200d"


def text_length(text: str) -> int:
    """Length as Discord limits are measured (UTF-16 code units)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _units(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def _is_extender(ch: str) -> bool:
    """True for characters that attach to the one before them."""
    cp = ord(ch)
    return (
        ch == _ZWJ
        or unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or 0xFE00 <= cp <= 0xFE0F  # variation selectors
        or 0x1F3FB <= cp <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # emoji tag sequences
    )


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def is_safe_cut(text: str, index: int) -> bool:
    """Whether ``text[:index]`` / ``text[index:]`` separates two whole characters."""
    if index <= 0 or index >= len(text):
        return True
    if _is_extender(text[index]) or text[index - 1] == _ZWJ:
        return False
    if text[index - 1] == "\r" and text[index] == "\n":
        return False
    if _is_regional_indicator(text[index]):
        run = 0
        while index - run - 1 >= 0 and _is_regional_indicator(text[index - run - 1]):
            run += 1
        return run % 2 == 0
    return True


def fitting_prefix(text: str, budget: int) -> int:
    """The largest index ``i`` with ``text_length(text[:i]) <= budget``."""
    used = 0
    for index, ch in enumerate(text):
        used += _units(ch)
        if used > budget:
            return index
    return len(text)


def _safe_floor(text: str, index: int) -> int:
    while index > 0 and not is_safe_cut(text, index):
        index -= 1
    return index


def _cut_point(text: str, budget: int) -> int:
    """Where to end the first chunk: after a newline, else after a space, else anywhere safe."""
    limit = fitting_prefix(text, budget)
    newline = text.rfind("\n", 0, limit)
    if newline >= 0:
        return newline + 1
    space = max(text.rfind(" ", 0, limit), text.rfind("\t", 0, limit))
    if space > 0:
        return space + 1
    cut = _safe_floor(text, limit)
    if cut > 0:
        return cut
    # A single grapheme longer than the budget (absurd ZWJ chains): cut it rather than loop.
    return max(limit, 1)


def split_text(text: str, budget: int) -> list[str]:
    """Split into chunks of at most ``budget`` units; ``"".join(chunks) == text`` exactly."""
    if budget < 2:
        raise ValueError("budget must be at least 2 (one astral character)")
    chunks: list[str] = []
    rest = text
    while text_length(rest) > budget:
        cut = _cut_point(rest, budget)
        chunks.append(rest[:cut])
        rest = rest[cut:]
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def truncate(text: str, budget: int) -> str:
    """``text`` itself when it fits, else its longest safe prefix followed by an ellipsis."""
    if text_length(text) <= budget:
        return text
    cut = _safe_floor(text, fitting_prefix(text, budget - text_length(ELLIPSIS)))
    return text[:cut].rstrip() + ELLIPSIS
