"""Player names typed by strangers, and the checks every rendered message must pass."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from etstats.publish.limits import validate_embeds
from etstats.stats.session_summary import SessionSummary
from tests.publish.render.phone import assert_fits_phone

PIECES = [
    "@everyone", "@here", "<@123456789012345678>", "<@&123456789012345678>", "**", "__", "~~", "`", "```",
    "||", "> ", "# ", "[x](https://example.com)", "\\", "^1", "^^", "^", "$", "💥", "👨‍👩‍👧‍👦", "🇩🇪",
    "\u202e", "\u200b", "\n", " ", "é", "名", "\x00",
]  # fmt: skip
NAMES = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), min_size=1, max_size=30).map("".join),
    st.text(max_size=300),
    st.sampled_from(["^1^2^3", "", "   ", "@everyone" * 40, "`" * 300, "💥" * 200]),
)
_PING = re.compile(r"@(everyone|here)|<@[!&]?\d")


def strings(value: Any) -> Iterator[str]:
    """Every text in an embed structure."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item)


def assert_sendable(pages: Sequence[Sequence[Mapping[str, Any]]]) -> None:
    """Each page is one message Discord accepts, every table fits a phone, and no text reads as a mention."""
    assert pages
    for page in pages:
        assert validate_embeds(page) == []
        assert_fits_phone(page)
        for text in strings(page):
            assert not _PING.search(text), text


def renamed(summary: SessionSummary, name_for: Callable[[str], str]) -> SessionSummary:
    """A copy of the evening where every player (by key) carries a made-up name."""
    result = copy.deepcopy(summary)
    seen: dict[int, None] = {}
    for collection in _player_lists(result):
        for p in collection:
            if id(p) not in seen:
                seen[id(p)] = None
                p.display_name = p.name = name_for(p.key)
    names = {p.key: p.display_name for p in result.players}
    for run in result.runs:
        run.first_names = [names.get(k, k) for k in run.first]
        run.second_names = [names.get(k, k) for k in run.second]
    return result


def _player_lists(summary: SessionSummary) -> Iterator[list[Any]]:
    yield summary.players
    for m in summary.maps:
        yield m.group_a
        yield m.group_b
        yield m.others
        yield m.round2.players
        if m.round1 is not None:
            yield m.round1.players
