"""``etstats status``: health of every source, the last round and post, quarantine and backlog."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from sqlalchemy import Engine, func, select

from etstats.config import Settings
from etstats.monitor import health
from etstats.monitor.outbox import ambiguous_deliveries, backlog, held, last_sent
from etstats.store import schema as t
from etstats.store.database import open_for_reading


def collect_status(settings: Settings, engine: Engine | None = None) -> dict[str, Any]:
    """The health figures; pass the running service's ``engine`` to skip opening the database."""
    own = engine is None
    if engine is None:
        engine = open_for_reading(settings.database_url)
    f = t.files.c
    try:
        with engine.connect() as conn:
            sources = health.load(conn)
            quarantined = conn.execute(
                select(f.source, f.name, f.error).where(f.status == "quarantined").order_by(f.name)
            ).all()
            rounds = conn.execute(select(func.count()).select_from(t.rounds)).scalar_one()
            last_round = conn.execute(select(t.rounds.c.name).order_by(t.rounds.c.written_at.desc()).limit(1)).scalar()
            sent = last_sent(conn)
            sent_by_source = {s.source: last_sent(conn, s.source) for s in sources}
            pending = backlog(conn)
            refused = held(conn)
            tasks = health.load_tasks(conn)
            ambiguous = ambiguous_deliveries(conn)
    finally:
        if own:
            engine.dispose()
    return {
        "sources": sources,
        "quarantined": [(r.source, r.name, r.error) for r in quarantined],
        "rounds": rounds,
        "last_round": last_round,
        "last_post": sent,
        "last_post_by_source": sent_by_source,
        "backlog": pending,
        "held": refused,
        "tasks": tasks,
        "ambiguous": ambiguous,
    }


def _when(value: object) -> str:
    return "–" if value is None else str(value)


def print_status(settings: Settings) -> int:
    data = collect_status(settings)
    console = Console(highlight=False)
    if not data["sources"]:
        console.print("no source has reported yet (is `etstats run` running?)")
    for s in data["sources"]:
        state = "[green]connected[/]" if s.connected else "[red]down[/]"
        console.print(f"[bold]{s.source}[/] ({s.kind}): {state} since {_when(s.since)}")
        console.print(f"  last listing:        {_when(s.last_listing)}")
        console.print(f"  last file seen:      {s.last_file_seen or '–'}")
        console.print(f"  last round imported: {s.last_round_imported or '–'}")
        last = data["last_post_by_source"].get(s.source)
        console.print(f"  last post:           {f'{last[1]} at {last[0]}' if last else '–'}")
        if s.last_error:
            console.print(f"  [red]error:[/] {s.last_error}")
        for line in s.attention:
            console.print(f"  [yellow]attention:[/] {line}")
    console.print(f"rounds in database: {data['rounds']}; newest: {data['last_round'] or '–'}")
    console.print(f"outbox backlog: {data['backlog']} deliveries pending")
    for task in data["tasks"]:
        if task.failing_since is not None:
            console.print(f"[red]{task.describe()}[/] (restarted {task.restarts} times)")
    if data["held"]:
        console.print(f"[red]posts refused by a sink and held: {len(data['held'])}[/] (send again: etstats resend)")
        for key, sink, error in data["held"]:
            console.print(f"  {key} → {sink}: {error}")
    if data["ambiguous"]:
        console.print(f"[yellow]deliveries whose answer was lost: {len(data['ambiguous'])}[/] (may show twice)")
        for key, sink, status, reason in data["ambiguous"]:
            state = "sent again" if status == "sent" else status
            console.print(f"  {key} → {sink} ({state}): {reason}")
    if data["quarantined"]:
        console.print(f"[red]quarantined files: {len(data['quarantined'])}[/]")
        for source, name, error in data["quarantined"]:
            console.print(f"  {source}/{name}: {error}")
    else:
        console.print("quarantined files: none")
    return 0
