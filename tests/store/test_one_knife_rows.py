"""The database holds one knife per player and round, for new imports and for rows stored before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, text

from etstats.store.database import alembic_config
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


def test_the_migration_merges_stored_ka_bar_rows_into_the_knife(
    new_engine: Callable[[], Engine], corpus_dir: Path
) -> None:
    engine = new_engine()
    run_batches(engine, [[IncomingFile(n, (corpus_dir / n).read_bytes()) for n in (R1, R2)]])
    config = alembic_config(engine)
    command.downgrade(config, "0007")
    ids = "SELECT r.id, p.id FROM rounds r, players p WHERE r.name = :n AND p.guid = 'D8423F90'"
    add = "INSERT INTO weapon_stats VALUES (:r, :p, 'knife_kbar', :hits, :shots, 0, 0, 0)"
    with engine.begin() as conn:
        for name, hits, shots in ((R1, 1, 6), (R2, 0, 2)):
            round_id, player_id = conn.execute(text(ids), {"n": name}).one()
            conn.execute(text(add), {"r": round_id, "p": player_id, "hits": hits, "shots": shots})
    command.upgrade(config, "head")
    assert rows(engine, KNIFE_ROWS) == [(R1, "knife", 10), (R2, "knife", 2)]
    assert scalar(engine, "SELECT SUM(hits) FROM weapon_stats WHERE weapon = 'knife'") >= 1
