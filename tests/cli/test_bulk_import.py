"""``etstats import`` of many files: batches with a helper process store exactly what one batch does."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from etstats.cli import bulk_import
from etstats.cli.bulk_import import import_paths
from etstats.store.content import stored_form
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile
from tests.pg_server import PostgresServer

_CONTENT = {
    "files": "SELECT name, sha256, size, status FROM files",
    "rounds": "SELECT f.name, r.orphan, s.started_at, s.round_count FROM rounds r JOIN files f ON f.id = r.file_id"
    " LEFT JOIN sessions s ON s.id = r.session_id",
    "stats": "SELECT f.name, p.key, s.line_no, s.kills, s.deaths, s.hits, s.shots, s.damage_given, s.flags"
    " FROM player_round_stats s JOIN rounds r ON r.id = s.round_id JOIN files f ON f.id = r.file_id"
    " JOIN players p ON p.id = s.player_id",
    "weapons": "SELECT f.name, p.key, w.weapon, w.hits, w.shots, w.kills, w.deaths, w.headshots"
    " FROM weapon_stats w JOIN rounds r ON r.id = w.round_id JOIN files f ON f.id = r.file_id"
    " JOIN players p ON p.id = w.player_id",
    "maps": "SELECT f1.name, f2.name, m.winner, q.p_group_a, q.late FROM matches m"
    " JOIN rounds r1 ON r1.id = m.round1_id JOIN files f1 ON f1.id = r1.file_id"
    " JOIN rounds r2 ON r2.id = m.round2_id JOIN files f2 ON f2.id = r2.file_id"
    " LEFT JOIN match_predictions q ON q.match_id = m.id",
    "groups": "SELECT f.name, p.key, mp.grp FROM match_players mp JOIN matches m ON m.id = mp.match_id"
    " JOIN rounds r ON r.id = m.round1_id JOIN files f ON f.id = r.file_id JOIN players p ON p.id = mp.player_id",
}


def _content(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """What an import stored, by file and player names rather than by ids or import times."""
    with engine.connect() as conn:
        return {name: sorted(map(tuple, conn.execute(text(sql))), key=repr) for name, sql in _CONTENT.items()}


def _import(url: str, paths: list[Path], batch: int, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setattr(bulk_import, "IMPORT_BATCH", batch)
    engine = open_database(url)
    summary = import_paths(engine, "test", paths)
    assert summary.imported == len(paths) and not summary.failed
    return engine


def test_small_batches_with_a_helper_store_what_one_batch_stores(
    db_urls: Callable[[], str], corpus_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batch edges cut evenings and maps apart, and the next batch is hashed and compressed
    by another process: none of it may change a number."""
    whole = _import(db_urls(), corpus_files, len(corpus_files), monkeypatch)
    batched = _import(db_urls(), corpus_files, 23, monkeypatch)
    try:
        expected = _content(whole)
        assert all(expected.values())
        assert _content(batched) == expected
    finally:
        whole.dispose()
        batched.dispose()


def test_the_helper_makes_the_forms_the_importer_would(corpus_files: list[Path]) -> None:
    files = [IncomingFile(p.name, p.read_bytes()) for p in corpus_files[:5]]
    with bulk_import._helper(True) as helper:
        assert helper is not None
        ahead = bulk_import._ahead(helper, files)()
    assert [f.stored for f in ahead] == [stored_form(f.data) for f in files]
    assert [(f.sha256(), f.packed()) for f in ahead] == [(f.sha256(), f.packed()) for f in files]


def test_a_failed_helper_leaves_the_work_to_the_import(corpus_files: list[Path]) -> None:
    """A helper process that dies (killed, out of memory) costs speed, never files."""
    files = [IncomingFile(p.name, p.read_bytes()) for p in corpus_files[:3]]
    with bulk_import._helper(True) as helper:
        assert helper is not None
        ahead = bulk_import._ahead(helper, files)
        for process in multiprocessing.active_children():
            process.kill()
        assert [f.stored for f in ahead()] in ([None] * 3, [stored_form(f.data) for f in files])
        after = bulk_import._ahead(helper, files)()
    assert after == files and all(f.sha256() == stored_form(f.data).sha256 for f in after)


def test_postgresql_learns_the_new_row_counts_as_the_import_grows(
    postgres: PostgresServer, corpus_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without fresh counts the planner read every file row for each batch's lookups."""
    engine = _import(postgres.new_database(), corpus_files, 50, monkeypatch)
    try:
        with engine.connect() as conn:
            counted = conn.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'files'")).scalar_one()
            analyzed = conn.execute(
                text("SELECT count(*) FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL AND relname = 'rounds'")
            ).scalar_one()
        assert counted >= 100 and analyzed == 1
    finally:
        engine.dispose()
