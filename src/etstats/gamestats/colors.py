"""ET colour codes: ``^`` followed by any character other than ``^`` is a two-byte code."""

from __future__ import annotations

import re

_COLOUR_CODE = re.compile(r"\^[^^]")


def strip_colors(text: str) -> str:
    """Remove colour codes the way the game does (``^>`` and ``^*`` too, not just ``^[0-9a-z]``).

    ``^^`` is kept as a literal caret pair and a lone trailing ``^`` stays.
    """
    if "^" not in text:
        return text
    return _COLOUR_CODE.sub("", text)


def decode_name(raw: bytes) -> str:
    """Decode name bytes losslessly: UTF-8 when valid, otherwise Latin-1 (every byte maps)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
