"""Who agreed to be mentioned in posts (``!notify on``): pings go only to those who asked for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, delete, select

from etstats.store import schema as t
from etstats.store.upsert import insert_ignore


def set_notify(conn: Connection, user_id: int | str, enabled: bool, now: datetime) -> None:
    n = t.notify_optins.c
    if enabled:
        row = {"discord_user_id": str(user_id), "opted_in_at": now}
        insert_ignore(conn, t.notify_optins, row, conflict=("discord_user_id",))
    else:
        conn.execute(delete(t.notify_optins).where(n.discord_user_id == str(user_id)))


def opted_in(conn: Connection, user_ids: Iterable[int | str]) -> set[str]:
    """The given users who opted in, as id strings."""
    wanted = sorted({str(u) for u in user_ids})
    if not wanted:
        return set()
    n = t.notify_optins.c
    return set(conn.execute(select(n.discord_user_id).where(n.discord_user_id.in_(wanted))).scalars())
