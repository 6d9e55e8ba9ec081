"""``!server``: the live game server with the last imported round, as a reply."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine

from etstats.bot.reply import Reply
from etstats.gameserver import ServerState
from etstats.publish.limits import fit_embeds
from etstats.publish.render.server import server_embed
from etstats.store.server_queries import last_round

NOT_CONFIGURED = "No game server is configured: set ETSTATS_GAME_HOST (or game_host on a source)."


def server_reply(engine: Engine, states: Sequence[ServerState], now: datetime) -> Reply:
    """One embed per configured server; ``now`` is local time, like the import times it is compared with."""
    if not states:
        return Reply.line(NOT_CONFIGURED)
    with engine.connect() as conn:
        embeds = [server_embed(state, last_round(conn, state.server.source), now) for state in states]
    return Reply.of(fit_embeds(embeds))
