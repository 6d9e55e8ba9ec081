"""Two ``etstats run`` processes on one PostgreSQL database; the one watching is SIGKILLed mid-evening.

Each instance writes its own jsonl file, so a post sent by both would show up twice
across the files (one shared file would hide that: the jsonl sink skips keys it holds).
The kill comes while nothing is being sent, when every post so far is marked sent: a
kill between a send and its mark is the crash window the sinks' own checks cover.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import Engine, text

from etstats.store.database import open_database
from etstats.store.status_queries import read_status
from tests.monitor.helpers import CORPUS_AGE_SECONDS, drop, posts
from tests.pg_server import PostgresServer

EVENING = "2025-10-14-"
LEASE_SECONDS = 4


def _start(tmp_path: Path, name: str, database_url: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        ETSTATS_DATABASE_URL=database_url,
        ETSTATS_WATCH_DIR=str(tmp_path / "gamestats"),
        ETSTATS_SINK=f"jsonl:{tmp_path / f'posts-{name}.jsonl'}",
        ETSTATS_R1_GRACE_SECONDS="1",
        ETSTATS_LEASE_SECONDS=str(LEASE_SECONDS),
        ETSTATS_POST_WINDOW=str(CORPUS_AGE_SECONDS),
    )
    log = (tmp_path / f"{name}.log").open("ab")
    return subprocess.Popen([sys.executable, "-m", "etstats", "run"], cwd=tmp_path, env=env, stdout=log, stderr=log)


def _all_keys(tmp_path: Path) -> list[str]:
    return [p["key"] for name in ("a", "b") for p in posts(tmp_path / f"posts-{name}.jsonl")]


def _wait(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _scalar(engine: Engine, sql: str) -> object:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def test_every_post_goes_out_once_when_the_watching_instance_is_killed(
    tmp_path: Path, corpus_dir: Path, postgres: PostgresServer
) -> None:
    url = postgres.new_database()
    engine = open_database(url)
    folder = tmp_path / "gamestats"
    folder.mkdir()
    evening = sorted(p.name for p in corpus_dir.iterdir() if p.name.startswith(EVENING))
    expected = Counter(
        f"{kind}:local:{name.removesuffix('.txt')}"
        for name in evening
        for kind in (("round1",) if name.endswith("round-1.txt") else ("round2", "map"))
    )
    first_half, second_half = evening[: len(evening) // 2], evening[len(evening) // 2 :]
    instances = {name: _start(tmp_path, name, url) for name in ("a", "b")}
    try:
        for name in first_half:
            drop(corpus_dir, folder, name)
            time.sleep(0.3)
        done = sum(1 for key in expected if any(key.endswith(n.removesuffix(".txt")) for n in first_half))
        _wait(lambda: len(_all_keys(tmp_path)) >= done, 60, "the first half's posts")
        _wait(
            lambda: _scalar(engine, "SELECT count(*) FROM outbox_deliveries WHERE status <> 'sent'") == 0,
            30,
            "every delivery marked sent",
        )
        holder = str(_scalar(engine, "SELECT holder FROM leases WHERE name = 'source:local'"))
        pids = {name: process.pid for name, process in instances.items()}
        [watching] = [name for name, pid in pids.items() if f":{pid}:" in holder]
        survivor = "b" if watching == "a" else "a"
        instances[watching].send_signal(signal.SIGKILL)
        instances[watching].wait()
        killed_at = time.monotonic()
        for name in second_half:
            drop(corpus_dir, folder, name)
            time.sleep(0.3)
        _wait(lambda: len(_all_keys(tmp_path)) >= sum(expected.values()), 60, "every post")
        taken_over = str(_scalar(engine, "SELECT holder FROM leases WHERE name = 'source:local'"))
        assert f":{pids[survivor]}:" in taken_over
        assert read_status(url).leases["source:local"] == taken_over
        assert time.monotonic() - killed_at < 30
        time.sleep(1.5)
    finally:
        for process in instances.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                assert process.wait(timeout=30) == 0
        engine.dispose()
    assert Counter(_all_keys(tmp_path)) == expected
