"""How long the bot takes to build its busiest replies on a database of five years of play.

The real corpus is replayed: every real evening (rounds less than an hour apart, at
least four of them) becomes a generated evening on a Tuesday or a Friday, twice a
week for five years, keeping its clock times so R1/R2 pairs still pair. One server
playing twice a week yields about 6,000 rounds in five years, so the ~100,000 rounds
the bot must cope with are spread over as many servers as needed; each server has its
own regulars (the GUIDs are re-mapped per server), as a community with several
servers would. Then, on that database, it does what the bot does at start (sum the
all-time history, draw one chart, ``gc.freeze()``) and times building the full replies
— queries, renderers and the PNG chart, exactly what the commands send:

* ``!last_session`` (the newest evening, which is the longest real one) with its views, and
  opening its chart view (the chart is drawn then, not with the first answer),
* ``!session <date>`` for an evening a year back,
* ``!stats`` for the five players with the most rounds (weapons, form and recorded fields included),
* ``!compare`` for the two players with the most rounds, and for the busiest with three others,
* ``!mapstats`` for the five most played maps, and the map list,
* ``!top`` for every metric and period, ``!maps 10`` and ``!maps 50`` (paged);

and then every page and API answer of the web site (``etstats web``), through HTTP
in-process (routing, queries, templates, SVG charts), against a target of 100 ms.

Usage: ``python benchmarks/commands.py [--rounds N] [--database PATH] [--repeat N] [--site-only]``.
A ``--database`` that already holds the wanted number of rounds is reused.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from import_speed import distinct_copy
from sqlalchemy import Engine, func, select

from etstats.bot import answers
from etstats.gamestats import parse_file_name
from etstats.stats.leaderboard import METRICS, PERIODS
from etstats.stats.sessions import group_sessions
from etstats.store import schema as t
from etstats.store.all_time_totals import AllTimeTotals
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "gamestats"
TARGET_MS = 200.0
PAGE_TARGET_MS = 100.0
YEARS = 5
EVENINGS_PER_WEEK = (1, 4)  # Tuesday, Friday
MIN_EVENING_ROUNDS = 4
IMPORT_BATCH = 500
FIRST_DAY = datetime(2021, 11, 30)  # a Tuesday

Evening = list[tuple[datetime, str, bytes]]


def real_evenings(folder: Path) -> list[Evening]:
    """(written_at, name without timestamp, bytes) per real evening of the corpus."""
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".txt"):
            info = parse_file_name(path.name)
            files.append((info.written_at, path.name[len("YYYY-MM-DD-HHMMSS") :], path.read_bytes()))
    evenings = group_sessions(files, lambda item: item[0])
    return [e for e in evenings if len(e) >= MIN_EVENING_ROUNDS]


def remap_guids(data: bytes, server: int) -> bytes:
    """Give server ``server`` its own players: every 8-hex GUID is XORed with a server mask."""
    if server == 0:
        return data
    lines = data.split(b"\n")
    for index in range(1, len(lines)):
        guid, sep, rest = lines[index].partition(b"\\")
        if sep and len(guid) == 8:
            try:
                value = int(guid, 16) ^ (server * 0x01010101)
            except ValueError:
                continue
            lines[index] = b"%08X\\" % value + rest
    return b"\n".join(lines)


def evening_days() -> Iterator[datetime]:
    """Twice a week, from FIRST_DAY, for YEARS years."""
    last = FIRST_DAY + timedelta(days=365 * YEARS)
    week = FIRST_DAY
    while week < last:
        for offset in EVENINGS_PER_WEEK:
            yield week + timedelta(days=offset - 1)
        week += timedelta(days=7)


def generated_files(evenings: list[Evening], server: int, budget: int) -> list[IncomingFile]:
    """One server's newest ``budget`` rounds: real evenings in turn, each moved to an evening day.

    Filled from the newest day backwards, so every size ends on the same day, and the
    newest evening is the longest real one: the ``!last_session`` timed is then the
    heaviest the corpus allows. The oldest evening may be cut to meet the budget.
    """
    days = list(evening_days())
    longest = max(range(len(evenings)), key=lambda i: len(evenings[i]))
    files: list[IncomingFile] = []
    for back, day in enumerate(reversed(days)):
        evening = evenings[(longest - back) % len(evenings)]
        first = evening[0][0]
        shift = day - datetime(first.year, first.month, first.day)
        for written_at, rest, data in reversed(evening):
            if len(files) == budget:
                return files[::-1]
            name = (written_at + shift).strftime("%Y-%m-%d-%H%M%S") + rest
            files.append(IncomingFile(name, distinct_copy(remap_guids(data, server), back)))
    return files[::-1]


def round_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.rounds)).scalar_one()


def build(engine: Engine, evenings: list[Evening], rounds: int) -> None:
    per_server = sum(len(e) for e in evenings) / len(evenings) * len(list(evening_days()))
    servers = max(1, math.ceil(rounds / per_server))
    share = math.ceil(rounds / servers)
    print(f"generating {rounds:,} rounds: {servers} server(s) × ≤{share:,} rounds, twice a week for {YEARS} years")
    started = time.perf_counter()
    done = 0
    terminal = sys.stdout.isatty()
    for server in range(servers):
        files = generated_files(evenings, server, min(share, rounds - done))
        for start in range(0, len(files), IMPORT_BATCH):
            with engine.begin() as conn:
                import_batch(conn, f"server{server:02d}", files[start : start + IMPORT_BATCH])
            done += len(files[start : start + IMPORT_BATCH])
            rate = done / (time.perf_counter() - started)
            if terminal:
                print(f"\r  imported {done:,}/{rounds:,} rounds ({rate:,.0f}/s)", end="", flush=True)
            elif done // 10_000 > (done - IMPORT_BATCH) // 10_000:
                print(f"  imported {done:,}/{rounds:,} rounds ({rate:,.0f}/s)", flush=True)
    if terminal:
        print()
    print(f"  built in {time.perf_counter() - started:.0f} s")


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    action()  # warm the page cache and imports once; every later run is measured
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(label: str, samples: list[float], target: float = TARGET_MS) -> bool:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    ok = p95 < target
    verdict = "ok" if ok else "ABOVE TARGET"
    print(f"{label:<34} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms   ({verdict})")
    return ok


def regulars(engine: Engine, count: int) -> list[str]:
    """GUIDs of the players with the most rounds — the slowest careers to add up."""
    s, p = t.player_round_stats.c, t.players.c
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(p.guid)
                .join(t.player_round_stats, s.player_id == p.id)
                .where(p.is_bot.is_(False))
                .group_by(p.id)
                .order_by(func.count().desc())
                .limit(count)
            ).scalars()
        )


def warm_up(engine: Engine, all_time: AllTimeTotals) -> None:
    """What the bot does at start (``EtStatsBot._warm``): sum the history, draw once, freeze the GC."""
    started = time.perf_counter()
    answers.top(engine, "kills", "all", all_time)
    summed = time.perf_counter()
    for section in answers.last_session(engine).sections:
        section.drawn()
    drawn = time.perf_counter()
    gc.freeze()
    print(
        f"bot start: all-time history summed in {(summed - started) * 1000:.0f} ms, "
        f"first !last_session (fonts loaded) in {(drawn - summed) * 1000:.0f} ms, then gc.freeze()"
    )


def measure(engine: Engine, repeat: int) -> bool:
    all_time = AllTimeTotals()
    warm_up(engine, all_time)
    ok = True
    ok &= report("!last_session (views)", timed(lambda: answers.last_session(engine), repeat))
    chart = next(s for s in answers.last_session(engine).sections if s.draw is not None)
    report("  opening its chart view (drawn then)", timed(chart.drawn, max(1, repeat // 4)))
    ok &= report("!session <a year back>", timed(lambda: answers.session_on(engine, year_back(engine)), repeat))
    guids = regulars(engine, 5)
    stats_samples: list[float] = []
    for guid in guids:
        stats_samples += timed(lambda guid=guid: answers.player_stats(engine, guid, None), max(1, repeat // len(guids)))
    ok &= report(f"!stats ({len(guids)} busiest players)", stats_samples)
    top_samples: list[float] = []
    for period in PERIODS:
        period_samples: list[float] = []
        for metric in METRICS:
            period_samples += timed(
                lambda metric=metric, period=period: answers.top(engine, metric, period, all_time),
                max(1, repeat // len(METRICS)),
            )
        report(f"  !top <metric> {period}", period_samples)
        top_samples += period_samples
    ok &= report("!top (every metric and period)", top_samples)
    ok &= report("!maps 10", timed(lambda: answers.recent_maps(engine, 10), repeat))
    ok &= report("!maps 50 (first page; others built on flip)", timed(lambda: answers.recent_maps(engine, 50), repeat))
    compare_samples: list[float] = []
    for other in guids[1:]:
        compare_samples += timed(
            lambda other=other: answers.compare_players(engine, guids[0], other), max(1, repeat // len(guids))
        )
    ok &= report("!compare (busiest player vs 4 others)", compare_samples)
    map_samples: list[float] = []
    for name in busiest_maps(engine, 5):
        map_samples += timed(lambda name=name: answers.map_stats(engine, name), max(1, repeat // 5))
    ok &= report("!mapstats (5 most played maps)", map_samples)
    ok &= report("!mapstats (the map list)", timed(lambda: answers.map_stats(engine, None), repeat))
    return ok


def year_back(engine: Engine) -> str:
    """The date of an evening about a year before the newest one."""
    s = t.sessions.c
    with engine.connect() as conn:
        newest = conn.execute(select(func.max(s.started_at))).scalar_one()
        day = conn.execute(
            select(s.started_at).where(s.started_at <= newest - timedelta(days=365)).order_by(s.started_at.desc())
        ).scalar()
    return f"{day or newest:%Y-%m-%d}"


def busiest_maps(engine: Engine, count: int) -> list[str]:
    m = t.matches.c
    with engine.connect() as conn:
        return list(conn.execute(select(m.map).group_by(m.map).order_by(func.count().desc()).limit(count)).scalars())


def _get(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    if response.status_code not in (200, 303):
        raise RuntimeError(f"{path} answered {response.status_code}")


def timed_cold(client: TestClient, app: FastAPI, path: str, repeat: int) -> list[float]:
    """A page as the first visitor after an import gets it: nothing kept from earlier visits."""
    from etstats.web.records_keeper import RecordsKeeper
    from etstats.web.view_cache import ViewCache

    samples = []
    for _ in range(repeat):
        app.state.site.views = ViewCache()
        app.state.site.records = RecordsKeeper()
        started = time.perf_counter()
        _get(client, path)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure_site(engine: Engine, repeat: int) -> bool:
    """Every page and API answer of the site, as a browser or script would ask for them.

    Each is timed twice: as kept between imports (what nearly every visit gets) and with
    nothing kept, as the first visit after an import builds it. Careers, records and
    leaderboards are rebuilt behind the page after an import (the page answers with the
    previous ones meanwhile), so for them that figure is how long the rebuild takes — what
    only the first visitor since the site started waits. Records are rebuilt from the rows
    an import added; that is timed on its own.
    """
    from etstats.web.app import create_app

    app = create_app(engine)
    client = TestClient(app)
    with engine.connect() as conn:
        newest = conn.execute(
            select(t.matches.c.id, t.matches.c.played_at, t.matches.c.source).order_by(t.matches.c.played_at.desc())
        ).first()
    assert newest is not None
    day, source = newest.played_at.date().isoformat(), newest.source
    guids = regulars(engine, 5)
    warmed = time.perf_counter()
    for path in ("/", "/records", "/top"):
        _get(client, path)
    print(f"site start: first home, records and top pages in {(time.perf_counter() - warmed) * 1000:.0f} ms")
    pages = {
        "/ (home)": ["/"],
        "/evenings": ["/evenings", "/evenings?page=5"],
        "/evenings/{date} (every server)": [f"/evenings/{day}"],
        "/evenings/{date}?source= (newest)": [f"/evenings/{day}?source={source}"],
        "/maps/{id}": [f"/maps/{newest.id}", f"/maps/{max(1, newest.id - 1000)}"],
        f"/players/{{guid}} ({len(guids)} busiest)": [f"/players/{g}" for g in guids],
        "/top (every metric and period)": [f"/top?metric={m}&period={p}" for m in METRICS for p in PERIODS],
        "/records": ["/records"],
        "/search?q=": ["/search?q=a", f"/search?q={guids[0]}"],
        "/api/matches (100)": ["/api/matches"],
        "/api/players/{guid}": [f"/api/players/{g}" for g in guids],
        "/api/evenings and /{date}?source=": ["/api/evenings", f"/api/evenings/{day}?source={source}"],
        "/api/top": [f"/api/top?metric={m}&period=all" for m in METRICS],
    }
    rebuilt_behind = {"/top (every metric and period)", "/records", "/api/top"}
    rebuilt_behind |= {f"/players/{{guid}} ({len(guids)} busiest)", "/api/players/{guid}"}
    ok = True
    print("kept between imports:")
    for label, paths in pages.items():
        samples: list[float] = []
        for path in paths:
            samples += timed(lambda path=path: _get(client, path), max(2, repeat // len(paths)))
        ok &= report(f"  web {label}", samples, PAGE_TARGET_MS)
    print("nothing kept (evenings and home: the first visit after an import; players: the first since start):")
    for label, paths in pages.items():
        samples = []
        for path in paths:
            samples += timed_cold(client, app, path, max(1, repeat // (4 * len(paths))))
        if label in rebuilt_behind:
            report(f"  web {label} (rebuilt behind the page)", samples, PAGE_TARGET_MS)
        else:
            ok &= report(f"  web {label}", samples, PAGE_TARGET_MS)
    report("  records after importing one evening", timed(lambda: newest_evening_records(engine), 5), PAGE_TARGET_MS)
    return ok


def newest_evening_records(engine: Engine) -> None:
    """What the records keeper reads after an import: the rows of the newest evening (about 20 rounds)."""
    from etstats.store.record_queries import all_records, data_version

    with engine.connect() as conn:
        newest_round, newest_match = data_version(conn)
        all_records(conn, since=(newest_round - 20, newest_match - 10))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100_000, help="rounds to generate (default 100000)")
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("ETSTATS_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument(
        "--database", type=Path, help="SQLite file to build or reuse (default: one per size in the temp folder)"
    )
    parser.add_argument("--repeat", type=int, default=40, help="timed runs per reply (default 40)")
    parser.add_argument("--site-only", action="store_true", help="time only the web pages")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} not found (use --corpus or ETSTATS_CORPUS)", file=sys.stderr)
        return 2
    database = args.database or Path(tempfile.gettempdir()) / f"etstats-bench-commands-{args.rounds}.db"
    engine = open_database(f"sqlite:///{database}")
    have = round_count(engine)
    if have != args.rounds:
        if have:
            engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            engine = open_database(f"sqlite:///{database}")
        build(engine, real_evenings(args.corpus), args.rounds)
    else:
        print(f"reusing {database} ({have:,} rounds)")
    with engine.connect() as conn:
        players = conn.execute(select(func.count()).select_from(t.players)).scalar_one()
        rows = conn.execute(select(func.count()).select_from(t.player_round_stats)).scalar_one()
        weapons = conn.execute(select(func.count()).select_from(t.weapon_stats)).scalar_one()
    print(
        f"database: {round_count(engine):,} rounds, {players:,} players, {rows:,} player rows, {weapons:,} weapon rows"
    )
    ok = True if args.site_only else measure(engine, args.repeat)
    site_ok = measure_site(engine, args.repeat)
    engine.dispose()
    if not args.site_only:
        print(f"target p95 < {TARGET_MS:.0f} ms per reply: {'met' if ok else 'NOT met'}")
    print(f"target p95 < {PAGE_TARGET_MS:.0f} ms per page: {'met' if site_ok else 'NOT met'}")
    return 0 if ok and site_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
