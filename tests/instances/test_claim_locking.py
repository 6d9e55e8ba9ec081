"""On PostgreSQL a delivery another instance is claiming right now is skipped, not waited for."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

from etstats.monitor.outbox import PlannedPost, claim_next, enqueue
from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch
from tests.monitor.helpers import R1
from tests.pg_server import PostgresServer

T0 = datetime(2025, 10, 14, 23, 30)


def test_a_row_locked_by_another_claim_is_skipped_at_once(postgres: PostgresServer, corpus_dir: Path) -> None:
    engine = open_database(postgres.new_database())
    try:
        with engine.begin() as conn:
            [r1] = import_batch(conn, "eu", [IncomingFile(R1, (corpus_dir / R1).read_bytes())]).files
            assert r1.round_id is not None
            enqueue(conn, [PlannedPost("round1", "eu", "erdenberg_t2", r1.round_id, [R1], T0)], ["webhook"], T0)
        d = t.outbox_deliveries.c
        with engine.connect() as other:
            other.execute(select(d.post_id).with_for_update())  # another instance in the middle of its claim
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL lock_timeout = '5s'"))
                post_id, claimed = claim_next(conn, "webhook", "b", T0, timedelta(seconds=60)) or (None, None)
            other.rollback()
        assert post_id is not None and claimed is False
        with engine.begin() as conn:
            assert claim_next(conn, "webhook", "b", T0, timedelta(seconds=60)) == (post_id, True)
    finally:
        engine.dispose()
