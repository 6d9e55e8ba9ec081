"""What an idle SFTP source costs, and that it does not grow with the number of files.

Starts a real OpenSSH sshd on 127.0.0.1 (the test fixture's helper), fills the remote
folder with 100 and then 10,000 round files, lets an SftpSource sit idle while a
monitor-like loop waits for changes, and prints SFTP requests and reply bytes per idle
minute, next to what one full listing of the folder costs: once following inotifywait
events on the server, once polling the folder's mtime.

    .venv/bin/python benchmarks/idle_cost.py [--seconds 60] [--poll 0.5] [--only events|poll]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.sources.conftest import round_name  # noqa: E402
from tests.sources.sshd_server import MISSING_MESSAGE, SSHD, SshdServer  # noqa: E402

FILE_COUNTS = (100, 10_000)
FULL_LISTING_SECONDS = 300.0


@dataclass(frozen=True)
class Cost:
    files: int
    idle_requests: int
    idle_bytes: int
    wakeups: int
    listing_requests: int
    listing_bytes: int
    seconds: float

    def per_minute(self, value: int) -> float:
        return value * 60.0 / self.seconds


def fill(folder: Path, count: int) -> None:
    line = b"player\t0\t1\t2\t3\n" * 20
    for index in range(count):
        (folder / round_name(index, round_no=1 + index % 2)).write_bytes(line)


async def measure(count: int, seconds: float, poll: float, watch: str | None) -> Cost:
    with tempfile.TemporaryDirectory(prefix="etstats-idle-") as tmp:
        server = SshdServer(Path(tmp))
        fill(server.remote_dir, count)
        server.start()
        source = server.source(
            name="bench", poll_seconds=poll, full_listing_seconds=FULL_LISTING_SECONDS, watch_program=watch
        )
        try:
            await source.start()
            while await source.wait_for_change(poll + 1.5):
                await source.list_files()
            health = source.health
            before = health.requests, health.bytes_received
            listed = await source.list_files()
            assert len(listed) == count, f"listed {len(listed)} of {count} files"
            listing = health.requests - before[0], health.bytes_received - before[1]

            before = health.requests, health.bytes_received
            wakeups = 0
            started = time.monotonic()
            while (left := seconds - (time.monotonic() - started)) > 0:
                if await source.wait_for_change(left):
                    wakeups += 1
                    await source.list_files()
            elapsed = time.monotonic() - started
            return Cost(
                files=count,
                idle_requests=health.requests - before[0],
                idle_bytes=health.bytes_received - before[1],
                wakeups=wakeups,
                listing_requests=listing[0],
                listing_bytes=listing[1],
                seconds=elapsed,
            )
        finally:
            await source.close()
            server.stop()


def report(costs: list[Cost], poll: float, watch: str | None) -> None:
    how = f"following {watch} events" if watch else f"polling every {poll:g} s"
    print(f"SftpSource idle cost, {how} (SFTP requests and reply payload bytes)")
    header = ("files", "req/idle min", "bytes/idle min", "wake-ups", "one listing: req", "bytes")
    print("{:>8} {:>13} {:>15} {:>9} {:>17} {:>10}".format(*header))
    for cost in costs:
        print(
            f"{cost.files:>8} {cost.per_minute(cost.idle_requests):>13.1f} "
            f"{cost.per_minute(cost.idle_bytes):>15.0f} {cost.wakeups:>9} "
            f"{cost.listing_requests:>17} {cost.listing_bytes:>10}"
        )
    small, large = costs[0], costs[-1]
    request_ratio = large.per_minute(large.idle_requests) / max(small.per_minute(small.idle_requests), 1e-9)
    byte_ratio = large.per_minute(large.idle_bytes) / max(small.per_minute(small.idle_bytes), 1e-9)
    print(
        f"idle cost at {large.files} files vs {small.files}: requests x{request_ratio:.2f}, bytes x{byte_ratio:.2f} "
        f"(a poller that listed every {poll:g} s would pay x{large.listing_bytes / max(small.listing_bytes, 1):.0f})"
    )
    print(
        f"plus the safety-net full listing every {FULL_LISTING_SECONDS:g} s, amortised: "
        + ", ".join(
            f"{cost.files} files {cost.listing_bytes * 60 / FULL_LISTING_SECONDS:.0f} bytes/min" for cost in costs
        )
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="idle period measured per file count")
    parser.add_argument("--poll", type=float, default=0.5, help="poll_seconds of the source")
    parser.add_argument("--only", choices=("events", "poll"), help="measure one way of noticing changes")
    args = parser.parse_args()
    if not SSHD.exists():
        print(MISSING_MESSAGE, file=sys.stderr)
        return 2
    for mode, watch in (("events", "inotifywait"), ("poll", None)):
        if args.only in (None, mode):
            costs = [await measure(count, args.seconds, args.poll, watch) for count in FILE_COUNTS]
            report(costs, args.poll, watch)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
