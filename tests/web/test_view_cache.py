"""Pages kept between visits change when rounds are imported: evenings at once, careers and records just after."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from etstats.store.importer import IncomingFile, import_batch
from etstats.web.app import create_app
from tests.corpus_db import imported_database
from tests.web.conftest import BRAUNDORF_R1, BRAUNDORF_R2

ERDENBERG = ["2025-11-11-232245-erdenberg_t2-round-1.txt", "2025-11-11-232808-erdenberg_t2-round-2.txt"]


def _eventually(check: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_new_map_shows_on_the_next_visit(tmp_path: Path, corpus_dir: Path) -> None:
    engine = imported_database(tmp_path / "etstats.db", [corpus_dir / BRAUNDORF_R1, corpus_dir / BRAUNDORF_R2])
    with TestClient(create_app(engine)) as client:
        assert "braundorf_b4" in client.get("/records").text
        assert client.get("/api/players/D8423F90").json()["maps"] == 1
        assert "1 maps" in client.get("/").text
        before = client.get("/players/D8423F90").text
        assert client.get("/players/D8423F90").text == before  # kept: nothing changed
        with engine.begin() as conn:
            import_batch(conn, "local", [IncomingFile(name, (corpus_dir / name).read_bytes()) for name in ERDENBERG])
        assert "2 maps" in client.get("/").text  # the evening at once
        assert client.get("/api/players/D8423F90").json()["maps"] == 1  # a career just behind, re-summed
        assert _eventually(lambda: client.get("/api/players/D8423F90").json()["maps"] == 2)
        assert "erdenberg_t2" in client.get("/players/D8423F90").text
        assert "erdenberg_t2" not in client.get("/records").text  # answered at once, rebuilt behind it
        assert _eventually(lambda: "erdenberg_t2" in client.get("/records").text)
    engine.dispose()
