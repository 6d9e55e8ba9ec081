"""Shared fixtures. The real corpus comes through one setting: ETSTATS_CORPUS."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.pg_server import MISSING_MESSAGE as PG_MISSING_MESSAGE
from tests.pg_server import PostgresServer, server_bin


def _corpus_dir() -> Path | None:
    value = os.environ.get("ETSTATS_CORPUS")
    if not value:
        return None
    path = Path(value)
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The folder of real round files; skipped with a reason where absent, failed in CI."""
    path = _corpus_dir()
    if path is None:
        message = "real corpus not found: set ETSTATS_CORPUS to the gamestats folder"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must not skip corpus tests)")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in corpus_dir.iterdir() if p.name.endswith(".txt"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The session's throw-away PostgreSQL cluster (see pg_server.py); failed, never skipped, in CI."""
    bin_dir = server_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail(PG_MISSING_MESSAGE)
        pytest.skip(PG_MISSING_MESSAGE)
    server = PostgresServer(bin_dir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the store and monitor tests run on; each of them runs on both."""
    return str(request.param)


@pytest.fixture(scope="module")
def module_db_urls(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[], str]:
    """Fresh, empty databases of the module's backend that may outlive one test."""
    return _url_factory(backend, request, tmp_path_factory.mktemp("db"))


@pytest.fixture
def db_urls(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """A fresh, empty database of the test's backend per call."""
    return _url_factory(backend, request, tmp_path)


@pytest.fixture
def db_url(db_urls: Callable[[], str]) -> str:
    return db_urls()


def _url_factory(backend: str, request: pytest.FixtureRequest, folder: Path) -> Callable[[], str]:
    if backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        return server.new_database
    counter = itertools.count()
    return lambda: f"sqlite:///{folder / f'etstats-{next(counter)}.db'}"
