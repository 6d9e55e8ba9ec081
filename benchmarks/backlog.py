"""A backlog after an outage: 1,000 new files arrive at once; only recent rounds may be posted.

The real corpus is replicated (shifted dates) to ``--files`` files whose mtimes are
spread evenly over the last ``--outage-hours``; the service (default settings, jsonl
sink) then starts on the folder. Prints how long the catch-up took, how many rounds
were imported and posted, and checks that only files inside ``ETSTATS_POST_WINDOW``
(2 hours) were posted, in time order.

Usage: ``python benchmarks/backlog.py [--files 1000] [--outage-hours 10] [--corpus DIR]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from import_speed import DEFAULT_CORPUS, load_corpus, replicate  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from etstats.app import serve  # noqa: E402
from etstats.config import load_settings  # noqa: E402
from etstats.gamestats import parse_round  # noqa: E402
from etstats.publish.sinks.jsonl import read_records  # noqa: E402
from etstats.stats.outcome import is_shutdown_save  # noqa: E402
from etstats.store import schema as t  # noqa: E402
from etstats.store.database import open_database  # noqa: E402


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--outage-hours", type=float, default=10.0)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    files = replicate(load_corpus(args.corpus), args.files)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "gamestats"
        folder.mkdir()
        now = time.time()
        span = args.outage_hours * 3600
        for index, (name, data) in enumerate(files):
            (folder / name).write_bytes(data)
            moment = now - span + span * (index + 1) / len(files)
            os.utime(folder / name, (moment, moment))
        settings = load_settings(
            database_url=f"sqlite:///{root / 'etstats.db'}", watch_dir=folder, sink=f"jsonl:{root / 'posts.jsonl'}"
        )
        window = settings.post_window
        margin = 60.0  # a file this close to the window's edge may fall either side by the time it is read
        recent_files = [
            (n, d) for index, (n, d) in enumerate(files) if span - span * (index + 1) / len(files) <= window - margin
        ]
        recent = [name for name, _ in recent_files]
        postable = [
            n for n, d in recent_files if not is_shutdown_save(parse_round(d, n).header, parse_round(d, n).round)
        ]
        expected_posts = sum(1 if n.endswith("round-1.txt") else 2 for n in postable)
        stop = asyncio.Event()
        began = time.perf_counter()
        service = asyncio.create_task(serve(settings, stop=stop))
        engine = open_database(settings.database_url)
        imported = 0
        while imported < len(files) and time.perf_counter() - began < 600:
            await asyncio.sleep(0.2)
            with engine.connect() as conn:
                imported = conn.execute(select(func.count()).select_from(t.rounds)).scalar_one()
        caught_up = time.perf_counter() - began
        await asyncio.sleep(max(3.0, settings.r1_grace_seconds / 20))
        posts_path = root / "posts.jsonl"
        deadline = time.perf_counter() + settings.r1_grace_seconds + 30
        while time.perf_counter() < deadline:
            if len(read_records(posts_path)) >= expected_posts:
                break
            await asyncio.sleep(0.5)
        stop.set()
        await service
        posted = read_records(posts_path)
        posted_files = [p["round_files"][-1] for p in posted]
        in_order = posted_files == sorted(posted_files)
        edge = {
            n for index, (n, _) in enumerate(files) if abs(span - span * (index + 1) / len(files) - window) < margin
        }
        outside = sorted({f for f in posted_files if f not in set(recent) | edge})
        unposted = sorted(set(postable) - {f for p in posted for f in p["round_files"]})
        print(
            f"backlog of {len(files)} files over {args.outage_hours:g} h: imported {imported} in {caught_up:.1f} s "
            f"({imported / caught_up:.0f} files/s)"
        )
        print(
            f"posted {len(posted)} posts for {len(set(posted_files))} rounds inside the {window / 3600:g} h window "
            f"(expected at least {expected_posts}); posts in time order: {in_order}; posted from outside the window: {len(outside)}"
        )
        if unposted:
            print(f"not posted: {', '.join(unposted)}")


if __name__ == "__main__":
    asyncio.run(main())
