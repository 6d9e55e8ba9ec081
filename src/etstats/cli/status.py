"""``etstats status``: health of every source, the last round and post, quarantine and backlog."""

from __future__ import annotations

from rich.console import Console

from etstats.config import Settings
from etstats.stats.status_report import SentPost, SourceState, StatusReport
from etstats.store.status_queries import read_status


def _when(value: object) -> str:
    return "–" if value is None else str(value)


def print_status(settings: Settings) -> int:
    report = read_status(settings.database_url)
    console = Console(highlight=False)
    if not report.sources:
        console.print("no source has reported yet (is `etstats run` running?)")
    for s in report.sources:
        _print_source(console, s, report.last_post_by_source.get(s.source))
    console.print(f"rounds in database: {report.rounds}; newest: {report.last_round or '–'}")
    _print_outbox(console, report)
    for lease, holder in report.leases.items():
        console.print(f"{lease} runs in instance {holder}")
    if report.quarantined:
        console.print(f"[red]quarantined files: {len(report.quarantined)}[/]")
        for file in report.quarantined:
            console.print(f"  {file.source}/{file.name}: {file.error}")
    else:
        console.print("quarantined files: none")
    return 0


def _print_source(console: Console, s: SourceState, last: SentPost | None) -> None:
    state = "[green]connected[/]" if s.connected else "[red]down[/]"
    console.print(f"[bold]{s.source}[/] ({s.kind}): {state} since {_when(s.since)}")
    console.print(f"  last listing:        {_when(s.last_listing)}")
    console.print(f"  last file seen:      {s.last_file_seen or '–'}")
    console.print(f"  last round imported: {s.last_round_imported or '–'}")
    console.print(f"  last post:           {f'{last.key} at {last.sent_at}' if last else '–'}")
    if s.last_error:
        console.print(f"  [red]error:[/] {s.last_error}")
    for line in s.attention:
        console.print(f"  [yellow]attention:[/] {line}")


def _print_outbox(console: Console, report: StatusReport) -> None:
    """Backlog, a failing publisher, sends whose answer was lost, and held posts."""
    console.print(f"outbox backlog: {report.backlog} deliveries pending")
    for task in report.failing:
        console.print(f"[red]{task.describe()}[/] (restarted {task.restarts} times)")
    if report.ambiguous:
        console.print(f"[yellow]deliveries whose answer was lost: {len(report.ambiguous)}[/] (may show twice)")
        for item in report.ambiguous:
            state = "sent again" if item.status == "sent" else item.status
            console.print(f"  {item.key} → {item.sink} ({state}): {item.reason}")
    if report.held:
        console.print(f"[red]posts refused by a sink and held: {len(report.held)}[/] (send again: etstats resend)")
        for post in report.held:
            console.print(f"  {post.key} → {post.sink}: {post.error}")
