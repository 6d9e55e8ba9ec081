"""The same round seen twice — under another source or another name — is imported once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch

R1 = "2025-10-14-231545-erdenberg_t2-round-1.txt"
HEADER_ONLY = "2024-09-12-174949-supply-round-2.txt"


def _rounds(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.rounds)).scalar_one()


def test_a_copy_in_another_source_is_a_duplicate(db_url: str, corpus_dir: Path) -> None:
    engine = open_database(db_url)
    data = (corpus_dir / R1).read_bytes()
    with engine.begin() as conn:
        first = import_batch(conn, "eu", [IncomingFile(R1, data)])
        second = import_batch(conn, "mirror", [IncomingFile(R1, data)])
    assert [f.status for f in first.files] == ["imported"]
    assert [(f.status, f.error) for f in second.files] == [
        ("duplicate", f"{R1}: same content as eu/{R1}, already imported")
    ]
    assert _rounds(engine) == 1


def test_a_renamed_copy_in_one_batch_is_a_duplicate(db_url: str, corpus_dir: Path) -> None:
    engine = open_database(db_url)
    data = (corpus_dir / R1).read_bytes()
    renamed = "2025-10-14-231546-erdenberg_t2-round-1.txt"
    with engine.begin() as conn:
        result = import_batch(conn, "eu", [IncomingFile(R1, data), IncomingFile(renamed, data)])
    assert sorted(f.status for f in result.files) == ["duplicate", "imported"]
    assert _rounds(engine) == 1


def test_identical_header_only_files_are_different_rounds(db_url: str, corpus_dir: Path) -> None:
    engine = open_database(db_url)
    data = (corpus_dir / HEADER_ONLY).read_bytes()
    later = "2024-09-12-184949-supply-round-2.txt"
    with engine.begin() as conn:
        result = import_batch(conn, "eu", [IncomingFile(HEADER_ONLY, data), IncomingFile(later, data)])
    assert [f.status for f in result.files] == ["imported", "imported"]
    assert _rounds(engine) == 2
