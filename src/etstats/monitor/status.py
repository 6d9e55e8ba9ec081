"""``etstats status``: health of every source, the last round and post, quarantine and backlog."""

from __future__ import annotations

from sqlalchemy import func, select
from rich.console import Console
from rich.table import Table

from etstats.config import Settings
from etstats.monitor import health
from etstats.monitor.outbox import backlog, last_sent
from etstats.store import schema as t
from etstats.store.database import open_database


def collect_status(settings: Settings) -> dict:
    engine = open_database(settings.database_url)
    f = t.files.c
    with engine.connect() as conn:
        sources = health.load(conn)
        quarantined = conn.execute(
            select(f.source, f.name, f.error).where(f.status == "quarantined").order_by(f.name)
        ).all()
        rounds = conn.execute(select(func.count()).select_from(t.rounds)).scalar_one()
        last_round = conn.execute(select(t.rounds.c.name).order_by(t.rounds.c.written_at.desc()).limit(1)).scalar()
        sent = last_sent(conn)
        pending = backlog(conn)
    engine.dispose()
    return {
        "sources": sources,
        "quarantined": [(r.source, r.name, r.error) for r in quarantined],
        "rounds": rounds,
        "last_round": last_round,
        "last_post": sent,
        "backlog": pending,
    }


def print_status(settings: Settings) -> int:
    data = collect_status(settings)
    console = Console()
    table = Table("source", "kind", "state", "since", "last listing", "last file seen", "last round imported", "error")
    for s in data["sources"]:
        table.add_row(
            s.source, s.kind, "[green]connected[/]" if s.connected else "[red]down[/]",
            str(s.since or "–"), str(s.last_listing or "–"), s.last_file_seen or "–",
            s.last_round_imported or "–", s.last_error or "",
        )  # fmt: skip
    if data["sources"]:
        console.print(table)
    else:
        console.print("no source has reported yet (is `etstats run` running?)")
    console.print(f"rounds in database: {data['rounds']}; newest: {data['last_round'] or '–'}")
    last = data["last_post"]
    console.print(f"last post: {last[1]} at {last[0]}" if last else "last post: –")
    console.print(f"outbox backlog: {data['backlog']} deliveries pending")
    if data["quarantined"]:
        console.print(f"[red]quarantined files: {len(data['quarantined'])}[/]")
        for source, name, error in data["quarantined"]:
            console.print(f"  {source}/{name}: {error}")
    return 0
