"""A user named in a command: a mention or a bare snowflake finds the GUIDs linked to him."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from etstats.bot.answers import find_players
from etstats.bot.mentions import discord_user_id
from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.player_queries import link_players

USER = "123456789012345678"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"<@{USER}>", USER),
        (f"<@!{USER}>", USER),
        (f" {USER} ", USER),
        ("<@&123456789012345678>", None),
        ("12345", None),
        ("bob", None),
    ],
)
def test_a_mention_or_snowflake_names_a_user(text: str, expected: str | None) -> None:
    assert discord_user_id(text) == expected


@pytest.fixture
def linked(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(f"sqlite:///{tmp_path / 'mentions.db'}")
    now = datetime(2025, 1, 1)
    with engine.begin() as conn:
        for pid, guid, name in [(1, "AAAAAAAA", "alice"), (2, "BBBBBBBB", "bob"), (3, "CCCCCCCC", "bobcat")]:
            conn.execute(
                insert(t.players).values(
                    id=pid, key=guid, guid=guid, name=name, is_bot=False, first_seen=now, last_seen=now
                )
            )
        link_players(conn, [2, 3], USER)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("query", [f"<@{USER}>", f"<@!{USER}>", USER])
def test_a_named_user_finds_his_linked_players(linked: Engine, query: str) -> None:
    with linked.connect() as conn:
        assert {p.id for p in find_players(conn, query)} == {2, 3}


def test_other_text_is_a_name_or_guid(linked: Engine) -> None:
    with linked.connect() as conn:
        assert [p.id for p in find_players(conn, "alice")] == [1]
        assert [p.id for p in find_players(conn, "bbbbbbbb")] == [2]
