"""``!monitor status``: the health figures ``etstats status`` prints, as an embed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from etstats.bot.reply import Reply
from etstats.config import Settings
from etstats.monitor.status import collect_status
from etstats.publish.limits import code_safe_name, escape_markdown, fit_embeds, neutralize_mentions
from etstats.publish.render.style import COLOUR_MAP, COLOUR_WARNING
from etstats.publish.text import truncate

Embed = dict[str, Any]

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


def status_embed(data: dict[str, Any], running: bool | None) -> Embed:
    """Loop state, then per source: connection, last listing, last file, last round, error."""
    fields: list[Embed] = []
    for s in data["sources"][:SOURCES_SHOWN]:
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
    last = data["last_post"]
    rounds = f"{data['rounds']:,} (newest {_code(data['last_round'])})"
    fields += [
        {"name": "Rounds in database", "value": rounds, "inline": False},
        {"name": "Last post", "value": f"{_code(last[1])} at {_when(last[0])}" if last else "–", "inline": False},
        {"name": "Outbox backlog", "value": f"{data['backlog']} deliveries pending", "inline": True},
        {"name": "Quarantined files", "value": str(len(data["quarantined"])), "inline": True},
    ]
    quarantined = [
        f"{_code(f'{source}/{name}')}: {_error(error or '')}"
        for source, name, error in data["quarantined"][:QUARANTINE_SHOWN]
    ]
    if quarantined:
        fields.append({"name": "Quarantine", "value": "\n".join(quarantined), "inline": False})
    failing = [f"⚠️ {_error(task.describe())}" for task in data.get("tasks", []) if task.failing_since is not None]
    if failing:
        fields.append({"name": "Failing", "value": "\n".join(failing), "inline": False})
    healthy = running is not False and all(s.connected for s in data["sources"]) and not failing
    description = f"Monitor loop: **{_state(running)}**"
    if not data["sources"]:
        description += "\nNo source has reported yet."
    return {
        "title": "🛰️ Monitor status",
        "description": description,
        "color": COLOUR_MAP if healthy else COLOUR_WARNING,
        "fields": fields,
    }


def monitor_status(settings: Settings, running: bool | None) -> Reply:
    return Reply.of(fit_embeds([status_embed(collect_status(settings), running)]))
