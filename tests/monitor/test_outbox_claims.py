"""Claims on outbox deliveries: one instance sends a post, in order, and a dead claimer's post is taken over."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from etstats.monitor.outbox import PlannedPost, claim_next, enqueue, mark_sent
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch
from tests.monitor.helpers import R1, R2

T0 = datetime(2025, 10, 14, 23, 30)
CLAIM = timedelta(seconds=60)


def _two_posts(database_url: str, corpus_dir: Path) -> tuple[Engine, list[PlannedPost]]:
    engine = open_database(database_url)
    with engine.begin() as conn:
        files = [IncomingFile(name, (corpus_dir / name).read_bytes()) for name in (R1, R2)]
        r1, r2 = import_batch(conn, "eu", files).files
        assert r1.round_id is not None and r2.round_id is not None
        planned = [
            PlannedPost("round1", "eu", "erdenberg_t2", r1.round_id, [R1], T0),
            PlannedPost("round2", "eu", "erdenberg_t2", r2.round_id, [R2], T0),
        ]
        enqueue(conn, planned, ["webhook"], T0)
    return engine, planned


def _claim(engine: Engine, holder: str, now: datetime) -> tuple[int, bool] | None:
    with engine.begin() as conn:
        return claim_next(conn, "webhook", holder, now, CLAIM)


def test_a_claimed_post_holds_back_other_instances_and_the_posts_behind_it(database_url: str, corpus_dir: Path) -> None:
    engine, _ = _two_posts(database_url, corpus_dir)
    try:
        first = _claim(engine, "a", T0)
        assert first is not None and first[1]
        assert _claim(engine, "b", T0 + timedelta(seconds=5)) == (first[0], False), "b waits; no skipping ahead"
        assert _claim(engine, "a", T0 + timedelta(seconds=5)) == (first[0], True), "the claimer may go on"
        with engine.begin() as conn:
            mark_sent(conn, first[0], "webhook", "ok", T0 + timedelta(seconds=6))
        second = _claim(engine, "b", T0 + timedelta(seconds=7))
        assert second is not None and second[1] and second[0] != first[0]
    finally:
        engine.dispose()


def test_the_claim_of_a_dead_instance_runs_out(database_url: str, corpus_dir: Path) -> None:
    engine, _ = _two_posts(database_url, corpus_dir)
    try:
        first = _claim(engine, "a", T0)
        assert first is not None and first[1]
        assert _claim(engine, "b", T0 + CLAIM - timedelta(seconds=1)) == (first[0], False)
        assert _claim(engine, "b", T0 + CLAIM) == (first[0], True)
    finally:
        engine.dispose()
