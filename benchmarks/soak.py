"""Soak: thousands of rounds through one running service while faults are injected.

The service runs as its own process (``python -m etstats run``) on a SQLite file,
watching a folder on a real OpenSSH sshd on 127.0.0.1 and posting through a webhook of
the local Discord stand-in (``tests/fakes/discord_server.py``) with a bot token, so lost
answers are looked up in the channel. Rounds (real corpus files, each with bytes of its
own) are written into the remote folder at ``--rate`` files per second. Every
``--fault-every`` seconds one fault is picked at random:

- ``kill``: SIGKILL the service and start it again;
- ``sshd``: restart sshd (stopped for 2 s);
- ``5xx``: Discord answers the next requests with 502;
- ``429``: Discord rate-limits the next requests with a long ``retry_after``;
- ``lost``: Discord stores the next message but the answer never arrives;
- ``lock``: another process holds the database locked for 12 s (past the busy timeout).

Every ``--report-every`` seconds it prints files written, rounds imported, messages in
the channel, lost (posts recorded as delivered that are not in the channel),
duplicated (the same post part shown twice), the outbox backlog (posts not sent yet:
neither lost nor delivered) and the service's RSS. At the end it waits for the backlog to drain and prints the totals.

Usage: ``python benchmarks/soak.py [--rounds 300] [--rate 5] [--fault-every 6] [--seed 1]``
(the defaults take about two minutes; ``--rounds 3000 --rate 10`` is the long run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from import_speed import DEFAULT_CORPUS, distinct_copy, load_corpus  # noqa: E402

from etstats.publish.sinks.webhook import delivery_marker  # noqa: E402
from tests.fakes.discord_server import FakeDiscord  # noqa: E402
from tests.sources.sshd_server import SshdServer  # noqa: E402

FAULTS = ("kill", "sshd", "5xx", "429", "lost", "lock")


def say(text: str) -> None:
    """Print at once, so the figures can be followed while stdout goes to a file."""
    print(text, flush=True)


def rounds_to_write(corpus: Path, count: int) -> list[tuple[str, bytes]]:
    """``count`` files named from now on, one map (R1 then R2) at a time, each with its own bytes."""
    pairs = [
        (r1, r2)
        for r1, r2 in zip(load_corpus(corpus), load_corpus(corpus)[1:])
        if r1[1].endswith("round-1.txt") and r2[1].endswith("round-2.txt") and r1[1][:-5] == r2[1][:-5]
    ]
    start = datetime.now() - timedelta(minutes=1)
    files: list[tuple[str, bytes]] = []
    index = 0
    while len(files) < count:
        (_, rest1, data1), (_, rest2, data2) = pairs[index % len(pairs)]
        moment = start + timedelta(minutes=10 * index)
        files.append((moment.strftime("%Y-%m-%d-%H%M%S") + rest1, distinct_copy(data1, index)))
        later = moment + timedelta(minutes=8)
        files.append((later.strftime("%Y-%m-%d-%H%M%S") + rest2, distinct_copy(data2, index)))
        index += 1
    return files[:count]


class Service:
    """``etstats run`` as a child process that can be killed and started again."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "etstats", "run"], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        self.starts += 1

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def rss_mib(self) -> float:
        if self.process is None or self.process.poll() is not None:
            return 0.0
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0.0
        kib = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        return kib / 1024


def database_figures(path: Path) -> tuple[int, int, set[str]]:
    """(rounds imported, pending deliveries, keys of posts recorded as delivered); -1 while locked."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
            rounds = conn.execute("SELECT count(*) FROM rounds").fetchone()[0]
            backlog = conn.execute("SELECT count(*) FROM outbox_deliveries WHERE status = 'pending'").fetchone()[0]
            keys = {
                key
                for (key,) in conn.execute(
                    "SELECT o.key FROM outbox o JOIN outbox_deliveries d ON d.post_id = o.id "
                    "WHERE d.sink = 'webhook' AND o.kind != 'edit' AND d.status != 'pending'"
                )
            }
        return rounds, backlog, keys
    except sqlite3.Error:
        return -1, -1, set()


def channel_figures(messages: list[dict[str, Any]], keys: set[str]) -> tuple[int, int]:
    """(posts recorded as delivered but not in the channel, message parts shown twice), by the footer marker."""
    markers = {delivery_marker(key): key for key in keys}
    shown: Counter[tuple[str, str]] = Counter()
    seen_keys = set()
    for message in messages:
        footers = " ".join((embed.get("footer") or {}).get("text") or "" for embed in message.get("embeds") or [])
        for marker, key in markers.items():
            if marker in footers:
                seen_keys.add(key)
                shown[(key, json.dumps([e.get("title") for e in message.get("embeds") or []]))] += 1
    return len(keys - seen_keys), sum(count - 1 for count in shown.values())


def hold_lock(path: Path, seconds: float) -> subprocess.Popen[bytes]:
    code = (
        "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "c.execute('BEGIN EXCLUSIVE'); time.sleep(float(sys.argv[2])); c.execute('ROLLBACK')"
    )
    return subprocess.Popen([sys.executable, "-c", code, str(path), str(seconds)])


async def inject(fault: str, service: Service, sshd: SshdServer, discord: FakeDiscord, db: Path) -> None:
    if fault == "kill":
        service.kill()
        await asyncio.sleep(0.5)
        service.start()
    elif fault == "sshd":
        sshd.stop()
        await asyncio.sleep(2.0)
        sshd.start()
    elif fault == "5xx":
        discord.fail_next(3, status=502, message="Bad Gateway")
    elif fault == "429":
        discord.fail_next(1, status=429, retry_after=5.0)
    elif fault == "lost":
        discord.lose_next_answers(1)
    elif fault == "lock":
        hold_lock(db, 12.0)


async def soak(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    files = rounds_to_write(args.corpus, args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sshd = SshdServer(root / "sshd")
        sshd.start()
        async with FakeDiscord() as discord:
            channel = discord.add_channel()
            db = root / "etstats.db"
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith("ETSTATS_")},
                "ETSTATS_DATABASE_URL": f"sqlite:///{db}",
                "ETSTATS_SSH_HOST": "127.0.0.1",
                "ETSTATS_SSH_PORT": str(sshd.port),
                "ETSTATS_SSH_USER": sshd.user,
                "ETSTATS_SSH_KEY": str(sshd.user_key_path),
                "ETSTATS_SSH_KNOWN_HOSTS": str(sshd.known_hosts_path),
                "ETSTATS_REMOTE_PATH": str(sshd.remote_dir),
                "ETSTATS_ARCHIVE_DIR": str(root / "archive"),
                "ETSTATS_POLL_SECONDS": "0.5",
                "ETSTATS_R1_GRACE_SECONDS": "3",
                "ETSTATS_SINK": "webhook",
                "ETSTATS_DISCORD_WEBHOOK_URL": discord.add_webhook(channel),
                "ETSTATS_DISCORD_API_BASE": discord.base_url,
                "ETSTATS_DISCORD_TOKEN": discord.token,
                "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
            }
            service = Service(env, root / "service.log")
            service.start()
            faults: Counter[str] = Counter()
            began = time.monotonic()
            next_fault = began + args.fault_every
            next_report = began
            written = 0
            say(f"soak: {len(files)} files at {args.rate:g}/s, a fault every {args.fault_every:g} s (seed {args.seed})")
            say(" time  written imported messages  lost  dup backlog  RSS MiB  faults")

            def report() -> tuple[int, int, int]:
                rounds, backlog, keys = database_figures(db)
                messages = discord.messages(channel)
                lost, dup = channel_figures(messages, keys)
                lost_text = f"{lost:5d}"
                say(
                    f"{time.monotonic() - began:5.0f} {written:8d} {rounds:8d} {len(messages):8d} {lost_text} "
                    f"{dup:4d} {backlog:7d} {service.rss_mib():8.1f}  {dict(faults)}"
                )
                return lost, dup, backlog

            while written < len(files) or time.monotonic() < next_fault - args.fault_every + 1:
                now = time.monotonic()
                if written < len(files):
                    name, data = files[written]
                    temp = sshd.remote_dir / f".{name}.part"
                    temp.write_bytes(data)
                    temp.rename(sshd.remote_dir / name)
                    written += 1
                if now >= next_fault:
                    fault = rng.choice(FAULTS)
                    faults[fault] += 1
                    await inject(fault, service, sshd, discord, db)
                    next_fault = time.monotonic() + args.fault_every
                if now >= next_report:
                    report()
                    next_report = now + args.report_every
                await asyncio.sleep(1 / args.rate)
            deadline = time.monotonic() + args.drain_seconds
            while time.monotonic() < deadline:
                rounds, backlog, _ = database_figures(db)
                if rounds >= len(files) and backlog == 0:
                    break
                await asyncio.sleep(1.0)
            await asyncio.sleep(2.0)
            lost, dup, backlog = report()
            service.stop()
            sshd.stop()
            rounds, _, keys = database_figures(db)
            say(
                f"result: {len(files)} files written, {rounds} rounds imported ({len(files) - rounds} missing), "
                f"{len(keys)} posts delivered, {lost} of them not in the channel (lost), {dup} duplicated, "
                f"backlog {backlog}; "
                f"service started {service.starts} times; faults {dict(faults)}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="round files to write")
    parser.add_argument("--rate", type=float, default=5.0, help="files written per second")
    parser.add_argument("--fault-every", type=float, default=6.0, help="seconds between faults")
    parser.add_argument("--report-every", type=float, default=10.0, help="seconds between progress lines")
    parser.add_argument(
        "--drain-seconds", type=float, default=900.0, help="how long to wait for the backlog at the end"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    asyncio.run(soak(parser.parse_args()))


if __name__ == "__main__":
    main()
