"""``!monitor status``: the health figures ``etstats status`` prints, as an embed."""

from __future__ import annotations

from etstats.bot.reply import Reply
from etstats.config import Settings
from etstats.publish.limits import fit_embeds
from etstats.publish.render.monitor_status import status_embed
from etstats.store.status_queries import read_status


def monitor_status(settings: Settings, running: bool | None) -> Reply:
    return Reply.of(fit_embeds([status_embed(read_status(settings.database_url), running)]))
