"""The one check every rendered post and answer must pass to read well on a phone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from etstats.publish.render.table import FENCE, PHONE_WIDTH, display_width
from tests.publish.render.hostile import strings


def code_lines(text: str) -> list[str]:
    """The lines inside the code blocks of one text."""
    inside = False
    lines: list[str] = []
    for line in text.split("\n"):
        if line.startswith(FENCE) or line.endswith(FENCE):
            if line.startswith(FENCE) and line.endswith(FENCE) and len(line) > 2 * len(FENCE):
                lines.append(line[len(FENCE) : -len(FENCE)])
                continue
            opening = not inside
            inside = not inside
            body = line[len(FENCE) :] if opening else line[: -len(FENCE)]
            if body and not (opening and body.isidentifier()):
                lines.append(body)
            continue
        if inside:
            lines.append(line)
    return lines


def assert_fits_phone(value: Any) -> None:
    """No line of any code block in ``value`` (embeds, pages, text) is wider than a phone shows."""
    texts: Iterable[str] = strings(value)
    for text in texts:
        for line in code_lines(text):
            assert display_width(line) <= PHONE_WIDTH, f"{display_width(line)} columns: {line!r}"
