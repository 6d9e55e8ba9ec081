"""A fresh database with round files imported: the starting point of the query and render tests."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine

from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch


def imported_database(where: Path | str, files: Iterable[Path]) -> Engine:
    """A database holding ``files``, imported in one batch as source ``local``.

    ``where`` is an SQLite file path or a database URL.
    """
    engine = open_database(where if isinstance(where, str) else f"sqlite:///{where}")
    with engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(p.name, p.read_bytes()) for p in files])
    return engine
