"""SIGKILL the service again and again while a real evening arrives: no post lost, none twice."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tests.monitor.helpers import CORPUS_AGE_SECONDS, drop, posts

EVENING = "2025-10-14-"
KILLS = 14


def _start(tmp_path: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        ETSTATS_WATCH_DIR=str(tmp_path / "gamestats"),
        ETSTATS_SINK=f"jsonl:{tmp_path / 'posts.jsonl'}",
        ETSTATS_R1_GRACE_SECONDS="1",
        ETSTATS_LEASE_SECONDS="4",  # on PostgreSQL a restart waits for the killed instance's lease
        ETSTATS_POST_WINDOW=str(CORPUS_AGE_SECONDS),
    )
    log = (tmp_path / "service.log").open("ab")
    return subprocess.Popen([sys.executable, "-m", "etstats", "run"], cwd=tmp_path, env=env, stdout=log, stderr=log)


def test_sigkill_at_many_points_loses_and_duplicates_nothing(tmp_path: Path, corpus_dir: Path) -> None:
    folder = tmp_path / "gamestats"
    folder.mkdir()
    evening = sorted(p.name for p in corpus_dir.iterdir() if p.name.startswith(EVENING))
    expected = Counter()
    for name in evening:
        kinds = ("round1",) if name.endswith("round-1.txt") else ("round2", "map")
        for kind in kinds:
            expected[f"{kind}:local:{name.removesuffix('.txt')}"] += 1
    chance = random.Random(20251014)
    pending = list(evening)
    for _ in range(KILLS):
        service = _start(tmp_path)
        deadline = time.monotonic() + chance.uniform(0.3, 2.5)
        while time.monotonic() < deadline:
            if pending and chance.random() < 0.5:
                drop(corpus_dir, folder, pending.pop(0))
            time.sleep(0.05)
        service.send_signal(signal.SIGKILL)
        service.wait()
    for name in pending:
        drop(corpus_dir, folder, name)
    log = tmp_path / "service.log"
    started_before = log.read_text(errors="replace").count("monitor started")
    service = _start(tmp_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            len(posts(tmp_path / "posts.jsonl")) < sum(expected.values())
            or log.read_text(errors="replace").count("monitor started") == started_before
        ):
            time.sleep(0.2)
        time.sleep(1.0)
    finally:
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=20) == 0
    written = posts(tmp_path / "posts.jsonl")
    assert Counter(p["key"] for p in written) == expected
    order = [(p["round_files"][-1], p["kind"]) for p in written]
    assert order == sorted(order, key=lambda item: (item[0], ("round1", "round2", "map").index(item[1])))
