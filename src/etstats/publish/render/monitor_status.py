"""``!monitor status``: the health figures ``etstats status`` prints, as an embed."""

from __future__ import annotations

from datetime import datetime

from etstats.publish.limits import code_safe_name, escape_markdown, neutralize_mentions
from etstats.publish.post import Embed
from etstats.publish.render.style import COLOUR_MAP, COLOUR_WARNING
from etstats.publish.text import truncate
from etstats.stats.status_report import StatusReport

SOURCES_SHOWN = 20
QUARANTINE_SHOWN = 5
ERROR_CHARS = 200


def _when(moment: datetime | None) -> str:
    return "–" if moment is None else f"{moment:%Y-%m-%d %H:%M:%S}"


def _code(text: str | None) -> str:
    return "–" if not text else f"`{code_safe_name(neutralize_mentions(text), limit=120)}`"


def _error(text: str) -> str:
    return neutralize_mentions(escape_markdown(truncate(" ".join(text.split()), ERROR_CHARS)))


def _state(running: bool | None) -> str:
    if running is None:
        return "not controlled by this bot"
    return "running" if running else "stopped"


def status_embed(report: StatusReport, running: bool | None) -> Embed:
    """Loop state, then per source: connection, last listing, last file, last round, error."""
    fields: list[Embed] = []
    for s in report.sources[:SOURCES_SHOWN]:
        lines = [
            f"{'connected' if s.connected else 'down'} since {_when(s.since)}",
            f"last listing {_when(s.last_listing)}",
            f"last file seen {_code(s.last_file_seen)}",
            f"last round imported {_code(s.last_round_imported)}",
        ]
        if s.last_error:
            lines.append(f"⚠️ {_error(s.last_error)}")
        lines += [f"⚠️ {_error(line)}" for line in s.attention[:QUARANTINE_SHOWN]]
        name = f"{'🟢' if s.connected else '🔴'} {escape_markdown(s.source)} ({s.kind})"
        fields.append({"name": name, "value": "\n".join(lines), "inline": False})
    last = report.last_post
    rounds = f"{report.rounds:,} (newest {_code(report.last_round)})"
    fields += [
        {"name": "Rounds in database", "value": rounds, "inline": False},
        {"name": "Last post", "value": f"{_code(last.key)} at {_when(last.sent_at)}" if last else "–", "inline": False},
        {"name": "Outbox backlog", "value": f"{report.backlog} deliveries pending", "inline": True},
        {"name": "Quarantined files", "value": str(len(report.quarantined)), "inline": True},
    ]
    quarantined = [
        f"{_code(f'{file.source}/{file.name}')}: {_error(file.error or '')}"
        for file in report.quarantined[:QUARANTINE_SHOWN]
    ]
    if quarantined:
        fields.append({"name": "Quarantine", "value": "\n".join(quarantined), "inline": False})
    if report.failing:
        failing = "\n".join(f"⚠️ {_error(task.describe())}" for task in report.failing)
        fields.append({"name": "Failing", "value": failing, "inline": False})
    healthy = running is not False and report.healthy
    description = f"Monitor loop: **{_state(running)}**"
    if not report.sources:
        description += "\nNo source has reported yet."
    return {
        "title": "🛰️ Monitor status",
        "description": description,
        "color": COLOUR_MAP if healthy else COLOUR_WARNING,
        "fields": fields,
    }
