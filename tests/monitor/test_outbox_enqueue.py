"""Queuing posts: one delivery per sink, and a key already queued is said out loud, not dropped quietly."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from etstats.monitor.outbox import PlannedPost, enqueue
from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch
from tests.monitor.helpers import R1

MOMENT = datetime(2025, 10, 14, 23, 15, 45)


def test_each_post_gets_one_delivery_per_sink_and_a_repeat_is_logged(
    database_url: str, corpus_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = open_database(database_url)
    try:
        with engine.begin() as conn:
            [item] = import_batch(conn, "eu", [IncomingFile(R1, (corpus_dir / R1).read_bytes())]).files
            assert item.round_id is not None
            post = PlannedPost("round1", "eu", "erdenberg_t2", item.round_id, [R1], MOMENT)
            assert enqueue(conn, [post], ["jsonl", "webhook"], MOMENT) == 1
        with caplog.at_level(logging.WARNING, logger="etstats.monitor.outbox"), engine.begin() as conn:
            assert enqueue(conn, [post], ["jsonl", "webhook"], MOMENT) == 0
        with engine.connect() as conn:
            d = t.outbox_deliveries.c
            sinks = conn.execute(select(d.sink, d.status).order_by(d.sink)).all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in sinks] == [("jsonl", "pending"), ("webhook", "pending")]
    assert f"post {post.key} is already in the outbox" in caplog.text
