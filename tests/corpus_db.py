"""A fresh database with round files imported: the starting point of the query and render tests."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine

from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch


def imported_database(path: Path, files: Iterable[Path]) -> Engine:
    """An SQLite file at ``path`` holding ``files``, imported in one batch as source ``local``."""
    engine = open_database(f"sqlite:///{path}")
    with engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(p.name, p.read_bytes()) for p in files])
    return engine
