"""Argument parsing and dispatch; each command lives in its own module."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from etstats import __version__
from etstats.config import DEFAULT_WEB_BIND, SettingsError
from etstats.store.sqlite_file import DatabaseFileError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="etstats",
        description="ET: Legacy round statistics: import round files, watch a server, post to Discord.",
    )
    parser.add_argument("--version", action="version", version=f"etstats {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser("run", help="watch the source folders, import new rounds and post them")
    run.add_argument("--once", action="store_true", help="import what is there, send the posts, and exit")

    parse = commands.add_parser("parse", help="parse one round file and print it")
    parse.add_argument("file", type=Path, help="a round file (…-round-1.txt or …-round-2.txt)")
    parse.add_argument("--round1", type=Path, help="the Round 1 file of FILE: print Round-2-only values")
    parse.add_argument("--json", action="store_true", help="print JSON")

    imp = commands.add_parser("import", help="import round files or folders into the database")
    imp.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    imp.add_argument("--json", action="store_true", help="print the summary as JSON")
    imp.add_argument("--source", help="source name to file the rounds under (default: ETSTATS_SOURCE_NAME)")

    matches = commands.add_parser("matches", help="list the maps played (R1+R2), newest first")
    matches.add_argument("--json", action="store_true", help="print JSON")
    matches.add_argument("--limit", type=int, help="at most this many maps")

    web = commands.add_parser("web", help="serve the read-only web site and JSON API")
    web.add_argument(
        "--bind", metavar="HOST:PORT", help=f"address to listen on (default: ETSTATS_WEB_BIND or {DEFAULT_WEB_BIND})"
    )

    commands.add_parser("status", help="show monitor health: sources, last round, last post, outbox")
    commands.add_parser("lua", help="print where the game-server Lua module is and how to enable it")
    commands.add_parser(
        "check", help="check the database, sources, Discord and game servers the settings name (read-only)"
    )
    commands.add_parser("resend", help="put posts a sink refused (held) back in line; the service sends them")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        logging.getLogger("alembic").setLevel(logging.WARNING)  # it logs its plugins at import time
    from etstats.cli import commands

    handler = getattr(commands, f"cmd_{args.command}")
    try:
        return int(handler(args) or 0)
    except (SettingsError, DatabaseFileError) as exc:
        print(f"etstats: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
