"""Small values the bot must remember across restarts (the status message id, rename times)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from etstats.store import schema as t
from etstats.store.upsert import upsert_replace


def load_value(conn: Connection, key: str) -> str | None:
    return conn.execute(select(t.bot_state.c.value).where(t.bot_state.c.key == key)).scalar()


def save_value(conn: Connection, key: str, value: str, now: datetime) -> None:
    upsert_replace(conn, t.bot_state, {"key": key, "value": value, "updated_at": now}, conflict=("key",))
