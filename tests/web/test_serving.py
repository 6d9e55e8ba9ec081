"""The site over real HTTP: ``etstats web`` as a process, and beside the service in ``etstats run``."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from etstats.store.database import open_database
from tests.cli.runner import Runner
from tests.corpus_db import imported_database
from tests.monitor.helpers import R1, R2, drop, running, service_settings
from tests.web.conftest import free_port


def _wait_for(url: str, timeout: float = 20.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_etstats_web_serves_the_database_on_the_bind_address(tmp_path: Path, corpus_dir: Path) -> None:
    database = tmp_path / "etstats.db"
    imported_database(database, [corpus_dir / R1, corpus_dir / R2]).dispose()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ETSTATS_")}
    env["ETSTATS_DATABASE_URL"] = f"sqlite:///{database}"
    env["ETSTATS_WEB_BIND"] = f"127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-m", "etstats", "web"], env=env, cwd=tmp_path)
    try:
        home = _wait_for(f"http://127.0.0.1:{port}/")
        assert home.status_code == 200 and "erdenberg_t2" in home.text
        assert httpx.get(f"http://127.0.0.1:{port}/api/matches").json()[0]["round2_file"] == R2
    finally:
        process.terminate()
        assert process.wait(10) == 0


def test_etstats_web_does_not_create_a_database(etstats: Runner, tmp_path: Path) -> None:
    result = etstats("web", "--bind", "127.0.0.1:1")
    assert result.code == 2 and "no database at" in result.err
    assert not (tmp_path / "cli.db").exists()


def test_an_address_in_use_ends_etstats_web_with_an_error(etstats: Runner, tmp_path: Path) -> None:
    open_database(f"sqlite:///{tmp_path / 'cli.db'}").dispose()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = etstats("web", "--bind", f"127.0.0.1:{taken.getsockname()[1]}")
    assert result.code == 1


@pytest.mark.parametrize("bind", ["localhost", "127.0.0.1:http", ":8000", "127.0.0.1:70000"])
def test_a_bad_bind_address_is_named(etstats: Runner, bind: str) -> None:
    result = etstats("web", "--bind", bind)
    assert result.code == 2
    assert "--bind: expected HOST:PORT such as 127.0.0.1:8000" in result.err


def test_a_bad_web_bind_setting_is_named(etstats: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ETSTATS_WEB_BIND", "nowhere")
    result = etstats("web")
    assert result.code == 2
    assert "setting ETSTATS_WEB_BIND: Value error, expected HOST:PORT" in result.err


async def test_the_service_serves_the_site_when_web_bind_is_set(tmp_path: Path, corpus_dir: Path) -> None:
    port = free_port()
    settings = service_settings(tmp_path, web_bind=f"127.0.0.1:{port}")
    async with running(settings):
        drop(corpus_dir, tmp_path / "gamestats", R1)
        drop(corpus_dir, tmp_path / "gamestats", R2)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(300):
                try:
                    matches = (await client.get("/api/matches")).json()
                except httpx.TransportError:
                    matches = []
                if matches:
                    break
                await asyncio.sleep(0.1)
            assert [m["round1_file"] for m in matches] == [R1]
            assert "erdenberg_t2" in (await client.get("/")).text
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
