"""The command handlers: each reads settings, calls plain functions, prints the result."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, OperationalError

from etstats.cli import bulk_import
from etstats.cli.files import collect
from etstats.cli.views import round_json
from etstats.clock import local_now
from etstats.config import DEFAULT_WEB_BIND, SettingsError, load_settings, parse_bind
from etstats.gamestats import GameStatsFormatError, RoundFile, parse_round
from etstats.publish.contracts import match_json
from etstats.stats.differential import derive_round2, keyed_players
from etstats.stats.pairing import RoundRef, belongs_together
from etstats.store.database import open_database, open_for_reading
from etstats.store.queries import list_matches


def _err(message: str) -> None:
    print(f"etstats: {message}", file=sys.stderr)


def _open(url: str, *, create: bool = False) -> Engine:
    """The database of ETSTATS_DATABASE_URL; an unusable URL is a settings error, not a traceback.

    Only commands that write rounds (``import``) may create a SQLite file that is not there.
    """
    try:
        return open_database(url) if create else open_for_reading(url)
    except (ArgumentError, OperationalError, ImportError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise SettingsError(f"setting ETSTATS_DATABASE_URL: cannot open the database ({reason})") from None


def _read_round(path: Path) -> RoundFile:
    return parse_round(path.read_bytes(), path.name)


def cmd_parse(args: argparse.Namespace) -> int:
    try:
        parsed = _read_round(args.file)
        round1 = _read_round(args.round1) if args.round1 else None
    except (OSError, GameStatsFormatError) as exc:
        _err(str(exc))
        return 1
    if round1 is not None:
        if parsed.round != 2 or round1.round != 1:
            _err("--round1 needs FILE to be a Round 2 file and R1FILE a Round 1 file")
            return 2
        if parsed.map != round1.map:
            _err(f"--round1 is a file of map {round1.map!r}, FILE is {parsed.map!r}")
            return 2
        if not belongs_together(RoundRef.of(round1), RoundRef.of(parsed)):
            _err("warning: these rounds would not be paired automatically (time gap or R2 clock differs)")
        players = derive_round2(round1, parsed)
    else:
        players = list(keyed_players(parsed).values())
    data = round_json(parsed, players, round1=round1)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    _print_round(data)
    return 0


def _print_round(data: dict[str, Any]) -> None:
    console = Console()
    scope = " (Round 2 only)" if data["round2_only"] else ""
    console.print(f"[bold]{data['map']}[/] round {data['round']}{scope} — {data['server']} — {data['started_at']}")
    console.print(f"defender: {data['defender_team']}, winner: {data['winner_team']}, outcome: {data['outcome']}")
    table = Table("name", "team", "K", "D", "K/D", "DPM", "dmg", "acc%", "revives", "gibs", "time")
    for p in sorted(data["players"], key=lambda p: (p["team"], -p["kills"])):
        table.add_row(
            p["name"], p["team"], str(p["kills"]), str(p["deaths"]), f"{p['kd']:.2f}",
            "-" if p["dpm"] is None else f"{p['dpm']:.0f}", str(p["damage_given"]),
            "-" if p["accuracy"] is None else f"{p['accuracy']:.1f}",
            "-" if p["revives_given"] is None else str(p["revives_given"]), str(p["gibs"]),
            "-" if p["time_played_s"] is None else f"{p['time_played_s'] // 60}:{p['time_played_s'] % 60:02d}",
        )  # fmt: skip
    console.print(table)
    for warning in data["warnings"]:
        console.print(f"[yellow]warning:[/] {warning}")


def cmd_import(args: argparse.Namespace) -> int:
    settings = load_settings()
    source = args.source or settings.source_name
    engine = _open(settings.database_url, create=True)
    files, rejects = collect(args.paths)
    show_bar = sys.stderr.isatty() and not args.json
    with Progress(
        TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), disable=not show_bar, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("import", total=len(files))
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            progress.advance(task, count)
            if not show_bar and not args.json and len(files) > bulk_import.IMPORT_BATCH:
                print(f"importing: {done}/{len(files)} files", file=sys.stderr, flush=True)

        result = bulk_import.import_paths(engine, source, files, advance)
    failed = [{"file": str(path), "error": reason} for path, reason in rejects] + result.failed
    if args.json:
        summary = {"imported": result.imported, "duplicates": result.duplicates, "failed": failed}
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(f"imported {result.imported}, duplicates {result.duplicates}, failed {len(failed)}")
        for failure in failed:
            print(f"  failed: {failure['error']}")
    return 1 if failed else 0


_OUTCOME_WORDS = {"attackers_won": "time set", "defenders_held": "full hold", "unknown": "?"}


def cmd_matches(args: argparse.Namespace) -> int:
    settings = load_settings()
    engine = _open(settings.database_url)
    with engine.connect() as conn:
        rows = list_matches(conn, limit=args.limit)
    if args.json:
        print(json.dumps([match_json(r) for r in rows], indent=2, ensure_ascii=False))
        return 0
    table = Table("played", "map", "round 1", "round 2", "winner", "A", "B")
    for r in rows:
        table.add_row(
            r.played_at.strftime("%Y-%m-%d %H:%M"), r.map, _OUTCOME_WORDS[r.round1_outcome],
            _OUTCOME_WORDS[r.round2_outcome], r.winner or "?", str(len(r.group_a)), str(len(r.group_b)),
        )  # fmt: skip
    Console().print(table)
    print(f"{len(rows)} maps")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from etstats.app import run_service

    return run_service(load_settings(), once=args.once)


def cmd_web(args: argparse.Namespace) -> int:
    settings = load_settings()
    bind = args.bind or settings.web_bind or DEFAULT_WEB_BIND
    try:
        host, port = parse_bind(bind)
    except ValueError as exc:
        raise SettingsError(f"--bind: {exc} (got {bind!r})") from None
    try:
        from etstats.web.server import run_site
    except ImportError as exc:
        raise SettingsError(f"etstats web needs the web extra: pip install 'etstats[web]' ({exc})") from None
    return 0 if run_site(_open(settings.database_url), host, port) else 1


def cmd_resend(args: argparse.Namespace) -> int:
    from etstats.monitor.outbox import release_held

    engine = _open(load_settings().database_url)
    with engine.begin() as conn:
        count = release_held(conn, local_now())
    print(f"{count} held deliveries put back in line" if count else "no held deliveries")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from etstats.cli.status import print_status

    return print_status(load_settings())


def cmd_lua(args: argparse.Namespace) -> int:
    from etstats.gameserver.lua_module import lua_instructions, lua_module_path

    print(lua_instructions(lua_module_path()))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from etstats.cli.check.run import print_checks

    return print_checks(load_settings())
