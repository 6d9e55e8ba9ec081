"""The site over real SQLite files of real rounds, through HTTP (in-process or a real uvicorn)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from etstats.web.app import create_app
from tests.cli.conftest import etstats
from tests.corpus_db import imported_database

__all__ = ["etstats"]

BRAUNDORF_R1 = "2025-11-11-233403-braundorf_b4-round-1.txt"
BRAUNDORF_R2 = "2025-11-11-233911-braundorf_b4-round-2.txt"


@pytest.fixture(scope="session")
def corpus_engine(tmp_path_factory: pytest.TempPathFactory, corpus_files: list[Path]) -> Iterator[Engine]:
    """The whole corpus; the site only reads it."""
    engine = imported_database(tmp_path_factory.mktemp("web") / "etstats.db", corpus_files)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def site(corpus_engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_engine), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def one_map_engine(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[Engine]:
    """One real map (braundorf_b4, 2025-11-11): every number can be read off its two files."""
    files = [corpus_dir / BRAUNDORF_R1, corpus_dir / BRAUNDORF_R2]
    engine = imported_database(tmp_path_factory.mktemp("web-one") / "etstats.db", files)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def one_map(one_map_engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(one_map_engine), raise_server_exceptions=False) as client:
        yield client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_site(corpus_engine: Engine) -> Iterator[str]:
    """The site served by a real uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(corpus_engine), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
