"""One service per SQLite file; a database deleted under the service stops it; reading never creates one."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from etstats.app import serve
from etstats.cli import main
from etstats.store.sqlite_file import DatabaseFileError
from tests.monitor.helpers import R1, drop, running, service_settings, wait_for_posts

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # SQLite files only


def _settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    return service_settings(tmp_path, database_url=f"sqlite:///{tmp_path / 'etstats.db'}")


async def test_a_second_service_on_the_same_sqlite_file_refuses_to_start(tmp_path: Path, corpus_dir: Path) -> None:
    settings = _settings(tmp_path)
    async with running(settings) as first:
        drop(corpus_dir, tmp_path / "gamestats", R1)
        await wait_for_posts(tmp_path / "posts.jsonl", 1)
        with pytest.raises(DatabaseFileError) as refused:
            await asyncio.wait_for(serve(settings, stop=asyncio.Event()), 10)
        assert not first.done()
    message = str(refused.value)
    assert str(tmp_path / "etstats.db") in message and f"pid {os.getpid()}" in message
    assert "PostgreSQL" in message
    stop = asyncio.Event()
    stop.set()
    await serve(settings, stop=stop)  # the lock went with the first service


async def test_a_deleted_database_stops_the_service_loudly(
    tmp_path: Path, corpus_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(tmp_path)
    stop = asyncio.Event()
    service = asyncio.create_task(serve(settings, stop=stop))
    drop(corpus_dir, tmp_path / "gamestats", R1)
    await wait_for_posts(tmp_path / "posts.jsonl", 1)
    (tmp_path / "etstats.db").unlink()
    with pytest.raises(DatabaseFileError, match="was deleted"):
        await asyncio.wait_for(service, 10)
    assert any(r.levelname == "CRITICAL" and "deleted" in r.getMessage() for r in caplog.records)
    assert not (tmp_path / "etstats.db").exists()


@pytest.mark.parametrize("command", [["status"], ["matches"], ["matches", "--json"], ["resend"]])
def test_read_only_commands_never_create_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    database = tmp_path / "missing.db"
    monkeypatch.setenv("ETSTATS_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.chdir(tmp_path)
    assert main(command) == 2
    assert "no database at" in capsys.readouterr().err
    assert not database.exists()
