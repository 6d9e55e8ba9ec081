"""Insert-or-ignore must tell a new row from a clash on both databases: the outbox relies on it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.upsert import insert_ignore, insert_returning_ids


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


def test_insert_returning_ids_gives_each_row_its_id_in_order(db_url: str) -> None:
    engine = open_database(db_url)
    moment = datetime(2025, 1, 1, 20, 0)
    rows = [
        {
            "source": "eu",
            "name": f"2025-01-01-20000{i}-supply-round-1.txt",
            "sha256": f"{i:064x}",
            "size": i,
            "content": bytes([i, 0, 92, 10, 255]) * 3,
            "status": "imported",
            "error": None if i else "a \\ backslash\tand tab",
            "attempts": 1,
            "first_seen": moment,
            "imported_at": moment,
        }
        for i in range(3)
    ]
    try:
        with engine.begin() as conn:
            ids = insert_returning_ids(conn, t.files, rows)
            assert insert_returning_ids(conn, t.files, []) == []
            stored = {r.id: r for r in conn.execute(select(t.files))}
    finally:
        engine.dispose()
    assert len(set(ids)) == 3
    for file_id, row in zip(ids, rows, strict=True):
        assert {key: getattr(stored[file_id], key) for key in row} == row
