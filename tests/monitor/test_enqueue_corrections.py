"""enqueue_corrections: a correction only where a sink may show stale numbers, one per sink that has the post."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, select

from etstats.monitor.compose import load_post
from etstats.monitor.corrections import correction_target, enqueue_corrections, round2_post_keys
from etstats.monitor.outbox import PlannedPost, enqueue, mark_sent, post_id_by_key, posts_pending_for_round
from etstats.monitor.outbox import store_payload as render
from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch
from tests.monitor.helpers import R1, R2

NOW = datetime(2026, 1, 1, 12, 0)
KEYS = [f"round2:local:{R2.removesuffix('.txt')}", f"map:local:{R2.removesuffix('.txt')}"]


def _id(conn: Connection, key: str) -> int:
    post_id = post_id_by_key(conn, key)
    assert post_id is not None
    return post_id


def _deliveries(conn: Connection, key: str) -> list[tuple[str, str]]:
    o, d = t.outbox.c, t.outbox_deliveries.c
    rows = conn.execute(select(d.sink, d.status).join(t.outbox, o.id == d.post_id).where(o.key == key))
    return sorted((sink, status) for sink, status in rows)


def test_only_rendered_posts_are_corrected_once_per_sink(tmp_path: Path, corpus_dir: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'etstats.db'}")
    try:
        with engine.begin() as conn:
            batch = import_batch(conn, "local", [IncomingFile(R2, (corpus_dir / R2).read_bytes())])
            round_id = batch.new_rounds[0]
            planned = [PlannedPost(kind, "local", "erdenberg_t2", round_id, [R2], NOW) for kind in ("round2", "map")]
            enqueue(conn, planned, ["jsonl", "webhook"], NOW, frozenset({"webhook"}))
            assert enqueue_corrections(conn, [*KEYS, "map:local:no-such-round"], NOW) == 0

            for key in KEYS:
                render(conn, _id(conn, key), "{}")
            map_id = _id(conn, KEYS[1])
            mark_sent(conn, map_id, "webhook", "111,222", NOW, ["111", "222"])
            later = NOW + timedelta(minutes=5)
            assert enqueue_corrections(conn, KEYS, later) == 2
            assert enqueue_corrections(conn, KEYS, later) == 0, "the queued corrections render at send time"

            assert _deliveries(conn, f"edit:{KEYS[0]}:1") == [("jsonl", "pending")]
            assert _deliveries(conn, f"edit:{KEYS[1]}:1") == [("jsonl", "pending"), ("webhook", "pending")]
            edit_id = _id(conn, f"edit:{KEYS[1]}:1")
            sent = correction_target(conn, edit_id, "webhook")
            assert sent is not None and (sent.key, sent.status, sent.message_ids) == (KEYS[1], "sent", ("111", "222"))
            waiting = correction_target(conn, edit_id, "jsonl")
            assert waiting is not None and waiting.status == "pending"
            assert correction_target(conn, map_id, "webhook") is None

            for key in KEYS:
                mark_sent(conn, _id(conn, key), "jsonl", "ok", NOW)
            assert not posts_pending_for_round(conn, round_id), "a pending correction is not a pending post"
    finally:
        engine.dispose()


def test_a_map_first_rendered_after_its_round2_was_corrected_carries_the_correction(
    tmp_path: Path, corpus_dir: Path
) -> None:
    """jsonl sent the Round 2 alone, the webhook's combined map had not gone out when the Round 1 came."""
    engine = open_database(f"sqlite:///{tmp_path / 'etstats.db'}")
    try:
        with engine.begin() as conn:
            batch = import_batch(conn, "local", [IncomingFile(R2, (corpus_dir / R2).read_bytes())])
            round_id = batch.new_rounds[0]
            planned = [PlannedPost(kind, "local", "erdenberg_t2", round_id, [R2], NOW) for kind in ("round2", "map")]
            enqueue(conn, planned, ["jsonl", "webhook"], NOW, frozenset({"webhook"}))
            stale = load_post(conn, _id(conn, KEYS[0]))
            assert "Round 1 missing" in stale.embeds[0]["description"]
            late = import_batch(conn, "local", [IncomingFile(R1, (corpus_dir / R1).read_bytes())])
            assert enqueue_corrections(conn, round2_post_keys(conn, late.rederived_rounds), NOW) == 1
            combined = load_post(conn, _id(conn, KEYS[1]), combine_round2=True)
        assert "Round 1 missing" not in combined.embeds[0]["description"]
        assert combined.embeds[0]["title"].startswith("Round 2") and len(combined.embeds) == 2
    finally:
        engine.dispose()
