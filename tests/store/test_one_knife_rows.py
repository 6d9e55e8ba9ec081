"""The database holds one knife per player and round, for new imports and for rows stored before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, text

from etstats.store.database import alembic_config, open_database
from etstats.store.importer import IncomingFile
from tests.store.helpers import rows, run_batches, scalar

R1 = "2025-09-24-233255-te_escape2-round-1.txt"
R2 = "2025-09-24-233657-te_escape2-round-2.txt"
KNIFE_ROWS = """
    SELECT r.name, w.weapon, w.shots FROM weapon_stats w JOIN rounds r ON r.id = w.round_id
    JOIN players p ON p.id = w.player_id WHERE p.guid = 'D8423F90' AND w.weapon LIKE 'knife%' ORDER BY r.name
"""


def test_an_import_stores_no_ka_bar_and_no_moved_round2_knife(
    new_engine: Callable[[], Engine], corpus_dir: Path
) -> None:
    engine = new_engine()
    run_batches(engine, [[IncomingFile(n, (corpus_dir / n).read_bytes()) for n in (R1, R2)]])
    assert rows(engine, KNIFE_ROWS) == [(R1, "knife", 4)]


def test_an_older_database_gets_one_knife_and_its_round2s_derived_again(
    new_engine: Callable[[], Engine], corpus_dir: Path
) -> None:
    """Rows stored by the per-id rule: KA-BAR rows merged, the clamped Round 2 derived again on opening."""
    engine = new_engine()
    run_batches(engine, [[IncomingFile(n, (corpus_dir / n).read_bytes()) for n in (R1, R2)]])
    command.downgrade(alembic_config(engine), "0007")
    ids = "SELECT r.id, p.id FROM rounds r, players p WHERE r.name = :n AND p.guid = 'D8423F90'"
    add = "INSERT INTO weapon_stats VALUES (:r, :p, 'knife_kbar', :hits, :shots, 0, 0, 0)"
    with engine.begin() as conn:
        for name, hits, shots in ((R1, 1, 6), (R2, 0, 2)):
            round_id, player_id = conn.execute(text(ids), {"n": name}).one()
            conn.execute(text(add), {"r": round_id, "p": player_id, "hits": hits, "shots": shots})
        conn.execute(text("UPDATE player_round_stats SET shots = shots + 2 WHERE round_id = :r"), {"r": round_id})
    again = open_database(engine.url.render_as_string(hide_password=False))
    try:
        assert rows(again, KNIFE_ROWS) == [(R1, "knife", 10)]
        shots = "SELECT s.shots FROM player_round_stats s JOIN players p ON p.id = s.player_id WHERE s.round_id = :r"
        assert scalar(again, shots + " AND p.guid = 'D8423F90'", r=round_id) == 259 - 152
        assert scalar(again, "SELECT COUNT(*) FROM bot_state") == 0
    finally:
        again.dispose()
