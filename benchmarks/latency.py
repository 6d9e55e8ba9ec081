"""Seconds from a round file appearing to its post in the jsonl sink, local folder and SFTP.

Runs the real service (``etstats.app.serve``) with default timings against a
local folder and against a real OpenSSH sshd on 127.0.0.1, drops ``--rounds`` real round
files (R1/R2 pairs from the corpus with shifted dates) one at a time at random moments, and prints p50 and
p99. Targets: p99 under 1 s local, under 3 s over SFTP.

Usage: ``python benchmarks/latency.py [--rounds 50] [--corpus DIR] [--only local|sftp]``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from import_speed import DEFAULT_CORPUS, distinct_copy  # noqa: E402

from etstats.app import serve  # noqa: E402
from etstats.config import load_settings  # noqa: E402
from etstats.publish.sinks.jsonl import read_records  # noqa: E402
from tests.sources.sshd_server import SshdServer  # noqa: E402

PAIR = ("2025-10-14-231545-erdenberg_t2-round-1.txt", "2025-10-14-232419-erdenberg_t2-round-2.txt")
TARGETS = {"local": 1.0, "sftp": 3.0}


def round_files(corpus: Path, count: int) -> list[tuple[str, bytes]]:
    """Alternating R1/R2 of one real map, 20 minutes per map, starting now (so inside the post window)."""
    r1, r2 = ((corpus / name).read_bytes() for name in PAIR)
    start = datetime.now().replace(microsecond=0)
    files = []
    for index in range(count):
        played = start + timedelta(minutes=20 * (index // 2))
        if index % 2 == 0:
            files.append((f"{played:%Y-%m-%d-%H%M%S}-erdenberg_t2-round-1.txt", distinct_copy(r1, index)))
        else:
            ended = played + timedelta(minutes=8, seconds=34)
            files.append((f"{ended:%Y-%m-%d-%H%M%S}-erdenberg_t2-round-2.txt", distinct_copy(r2, index)))
    return files


def posted_keys(path: Path) -> set[str]:
    return {record["key"] for record in read_records(path)}


async def measure(folder: Path, jsonl: Path, settings_kwargs: dict, files: list[tuple[str, bytes]]) -> list[float]:
    settings = load_settings(sink=f"jsonl:{jsonl}", **settings_kwargs)
    stop = asyncio.Event()
    service = asyncio.create_task(serve(settings, stop=stop))
    await asyncio.sleep(2.0)
    latencies = []
    pause = random.Random(7)
    try:
        for name, data in files:
            await asyncio.sleep(pause.uniform(0.0, 2.0))  # arrive at any point of the poll cycle
            kind = "round1" if name.endswith("round-1.txt") else "round2"
            key = f"{kind}:{settings.resolved_sources()[0].name}:{name.removesuffix('.txt')}"
            temp = folder / f".{name}.part"
            temp.write_bytes(data)
            began = time.perf_counter()
            temp.rename(folder / name)
            while key not in posted_keys(jsonl):
                if time.perf_counter() - began > 30:
                    raise RuntimeError(f"no post for {name} after 30 s")
                await asyncio.sleep(0.005)
            latencies.append(time.perf_counter() - began)
    finally:
        stop.set()
        await service
    return latencies


def report(label: str, latencies: list[float]) -> None:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    p50, p99 = statistics.median(latencies), cuts[98]
    verdict = "meets" if p99 < TARGETS[label] else "MISSES"
    print(
        f"{label:>5}: {len(latencies)} rounds  p50 {p50:.3f} s  p99 {p99:.3f} s  max {max(latencies):.3f} s  "
        f"({verdict} the p99 target of {TARGETS[label]:.0f} s)"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--only", choices=("local", "sftp"))
    args = parser.parse_args()
    files = round_files(args.corpus, args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.only in (None, "local"):
            folder = root / "local"
            folder.mkdir()
            kwargs = {"database_url": f"sqlite:///{root / 'local.db'}", "watch_dir": folder}
            report("local", await measure(folder, root / "local.jsonl", kwargs, files))
        if args.only in (None, "sftp"):
            sshd = SshdServer(root / "sshd")
            sshd.start()
            try:
                kwargs = {
                    "database_url": f"sqlite:///{root / 'sftp.db'}",
                    "ssh_host": "127.0.0.1",
                    "ssh_port": sshd.port,
                    "ssh_user": sshd.user,
                    "ssh_key": sshd.user_key_path,
                    "ssh_known_hosts": sshd.known_hosts_path,
                    "remote_path": str(sshd.remote_dir),
                    "archive_dir": root / "archive",
                }
                report("sftp", await measure(sshd.remote_dir, root / "sftp.jsonl", kwargs, files))
            finally:
                sshd.stop()


if __name__ == "__main__":
    asyncio.run(main())
