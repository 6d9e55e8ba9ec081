"""Stored Round 2 numbers derived again when a migration says the rule behind them changed.

A migration cannot run today's derivation on the schema of its own time, so it leaves a
note (``bot_state`` key ``rederive_round2s``, the reason as value) and the database is
derived again, with the current code and schema, the next time it is opened.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, delete

from etstats.store import schema as t
from etstats.store.bot_state import load_value
from etstats.store.importer import rederive_round2s

log = logging.getLogger(__name__)

REDERIVE_KEY = "rederive_round2s"


def rederive_if_asked(engine: Engine) -> None:
    with engine.begin() as conn:
        reason = load_value(conn, REDERIVE_KEY)
        if reason is None:
            return
        log.info("deriving every stored Round 2 again, once (%s); a large database takes minutes", reason)
        count = rederive_round2s(conn)
        conn.execute(delete(t.bot_state).where(t.bot_state.c.key == REDERIVE_KEY))
    log.info("derived %d stored Round 2s again", count)
