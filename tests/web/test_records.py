"""Records: kept up to date by reading only new rows, equal to reading everything again."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from etstats.stats.records_board import RecordBoard
from etstats.store.importer import IncomingFile, import_batch
from etstats.store.record_queries import all_records
from etstats.web.records_keeper import RecordsKeeper
from tests.corpus_db import imported_database


def _shown(boards: list[RecordBoard]) -> list[tuple[str, list[tuple[float, str | None, int | None]]]]:
    return [(b.key, [(round(e.value, 6), e.guid, e.match_id) for e in b.entries]) for b in boards]


def _import(engine: Engine, files: list[Path]) -> None:
    with engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(p.name, p.read_bytes()) for p in files])


def test_records_merged_after_imports_equal_records_read_in_full(tmp_path: Path, corpus_files: list[Path]) -> None:
    # Later rounds arrive in two imports; some Round 1 files of the first half arrive late,
    # so their Round 2s are first stored alone and re-derived when the Round 1 comes.
    half = len(corpus_files) // 2
    late = [p for p in corpus_files[:half] if p.name.endswith("round-1.txt")][::4]
    first = [p for p in corpus_files[:half] if p not in late]
    engine = imported_database(tmp_path / "etstats.db", first)
    keeper = RecordsKeeper()
    with engine.connect() as conn:
        early = keeper.build(conn)
    assert all(board.entries for board in early)
    _import(engine, late)
    with engine.connect() as conn:
        assert _shown(keeper.build(conn)) == _shown(all_records(conn))
    _import(engine, corpus_files[half:])
    with engine.connect() as conn:
        merged = keeper.build(conn)
        full = all_records(conn)
    assert _shown(merged) == _shown(full)
    assert _shown(merged) != _shown(early)
    engine.dispose()


def test_records_hold_the_best_values_of_the_corpus(corpus_engine: Engine) -> None:
    with corpus_engine.connect() as conn:
        boards = {b.key: b for b in all_records(conn)}
    kills = boards["kills"].entries
    assert [e.value for e in kills] == sorted((e.value for e in kills), reverse=True)
    fastest = boards["fastest_attack"].entries
    assert fastest[0].value == 113  # te_escape2 on 2025-11-11: the time was set at 1:53
    assert [e.value for e in fastest] == sorted(e.value for e in fastest)
