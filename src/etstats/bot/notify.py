"""``!notify on|off``: whether map posts may mention a player who reaches a milestone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from etstats.bot.reply import Reply
from etstats.store.notify import opted_in, set_notify
from etstats.store.player_queries import players_of_user

OFF_HINT = " (Milestones are switched off on this bot, so nothing is posted yet: ETSTATS_MILESTONES.)"


def notify_reply(engine: Engine, user_id: int | str, setting: str, now: datetime, milestones_enabled: bool) -> Reply:
    """Switch the author's milestone mentions on or off, or tell how they are (``status``)."""
    with engine.begin() as conn:
        if setting in ("on", "off"):
            set_notify(conn, user_id, setting == "on", now)
        enabled = bool(opted_in(conn, [user_id]))
        linked = bool(players_of_user(conn, user_id))
    if setting == "status":
        state = "on" if enabled else "off"
        line = f"Milestone mentions are **{state}** for you: change with `!notify on` or `!notify off`."
    elif enabled:
        line = "Milestone mentions are on: a map post mentions you when you reach a milestone."
        if not linked:
            line += " No player is linked to you yet, so link yours first: `!link <GUID or name>`."
    else:
        line = "Milestone mentions are off: your milestones are still listed, without mentioning you."
    return Reply.line(line + ("" if milestones_enabled else OFF_HINT))
