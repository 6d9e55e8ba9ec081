"""Insert-or-ignore must tell a new row from a clash on both databases: the outbox relies on it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.upsert import insert_ignore


def test_insert_ignore_says_whether_it_inserted(db_url: str) -> None:
    engine = open_database(db_url)
    moment = datetime(2025, 1, 1, 20, 0)
    row = {
        "key": "round1:eu:2025-01-01-200000-supply-round-1",
        "kind": "round1",
        "source": "eu",
        "map": "supply",
        "round_id": None,
        "round_files": "[]",
        "created_at": moment,
        "not_before": moment,
        "payload": None,
    }
    try:
        with engine.begin() as conn:
            assert insert_ignore(conn, t.outbox, row, conflict=("key",)) is True
            assert insert_ignore(conn, t.outbox, row, conflict=("key",)) is False
            assert conn.execute(select(func.count()).select_from(t.outbox)).scalar_one() == 1
    finally:
        engine.dispose()
