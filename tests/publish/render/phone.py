"""The one check every rendered post and answer must pass to read well on a phone."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from etstats.publish.render.table import FENCE, PHONE_WIDTH, display_width


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)


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
    for text in _texts(value):
        for line in code_lines(text):
            assert display_width(line) <= PHONE_WIDTH, f"{display_width(line)} columns: {line!r}"
