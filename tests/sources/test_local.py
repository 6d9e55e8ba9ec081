"""LocalFolderSource against a real folder and real inotify."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from etstats.sources.base import SourceError
from etstats.sources.local import LocalFolderSource
from tests.sources.conftest import round_name


@pytest.fixture
async def make_local() -> AsyncIterator[Callable[..., LocalFolderSource]]:
    made: list[LocalFolderSource] = []

    def make(path: Path, **overrides: Any) -> LocalFolderSource:
        settings: dict[str, Any] = dict(rescan_seconds=60.0, poll_seconds=0.2, folder_check_seconds=0.1)
        settings.update(overrides)
        source = LocalFolderSource("local", path, **settings)
        made.append(source)
        return source

    yield make
    for source in made:
        await source.close()


async def settle(source: LocalFolderSource) -> None:
    """Consume the start-up signal and any echo of files written before the test acted."""
    assert await source.wait_for_change(1.0)
    while await source.wait_for_change(0.3):
        pass


async def test_new_round_file_is_seen_within_a_second(tmp_path: Path, make_local) -> None:
    source = make_local(tmp_path)
    await source.start()
    await settle(source)
    (tmp_path / round_name(1)).write_bytes(b"round\n")
    started = time.monotonic()
    assert await source.wait_for_change(5.0)
    assert time.monotonic() - started < 1.0
    assert [entry.name for entry in await source.list_files()] == [round_name(1)]


async def test_lists_only_round_files(tmp_path: Path, make_local) -> None:
    wanted = {round_name(1): b"a\n", round_name(2, round_no=2): b"bb\n"}
    for name, data in wanted.items():
        (tmp_path / name).write_bytes(data)
    stem = round_name(1).removesuffix(".txt")
    for junk in (f"{stem}_ws.txt", f"{stem}-endstats.txt", "notes.txt", f".{round_name(3)}.swp"):
        (tmp_path / junk).write_bytes(b"junk\n")
    (tmp_path / round_name(4)).mkdir()
    source = make_local(tmp_path)
    await source.start()
    listing = await source.list_files()
    assert {entry.name: entry.size for entry in listing} == {name: len(data) for name, data in wanted.items()}
    assert await source.read(round_name(1)) == b"a\n"
    assert source.health.bytes_received == 2


async def test_sibling_files_do_not_wake_the_monitor(tmp_path: Path, make_local) -> None:
    source = make_local(tmp_path)
    await source.start()
    await settle(source)
    (tmp_path / (round_name(1).removesuffix(".txt") + "_ws.txt")).write_bytes(b"weapons\n")
    assert not await source.wait_for_change(0.5)


async def test_missing_folder_is_a_state_not_a_crash(tmp_path: Path, make_local) -> None:
    folder = tmp_path / "gamestats"
    source = make_local(folder)
    await source.start()
    assert not source.health.connected
    assert "does not exist" in (source.health.last_error or "")
    with pytest.raises(SourceError, match="does not exist"):
        await source.list_files()
    while await source.wait_for_change(0.3):
        pass

    folder.mkdir()
    (folder / round_name(1)).write_bytes(b"round\n")
    assert await source.wait_for_change(3.0)
    assert [entry.name for entry in await source.list_files()] == [round_name(1)]
    assert source.health.connected
    assert source.health.last_error is None


async def test_recreated_folder_is_watched_again(tmp_path: Path, make_local) -> None:
    folder = tmp_path / "gamestats"
    folder.mkdir()
    source = make_local(folder)
    await source.start()
    await settle(source)
    shutil.rmtree(folder)
    await asyncio.sleep(0.3)
    assert not source.health.connected
    folder.mkdir()
    await asyncio.sleep(0.5)
    while await source.wait_for_change(0.3):
        pass
    (folder / round_name(1)).write_bytes(b"round\n")
    started = time.monotonic()
    assert await source.wait_for_change(3.0)
    assert time.monotonic() - started < 1.0


async def test_pending_files_get_a_look_every_poll(tmp_path: Path, make_local) -> None:
    source = make_local(tmp_path, poll_seconds=0.2)
    await source.start()
    await settle(source)
    source.pending = {round_name(1)}
    assert await source.wait_for_change(1.0)
    assert await source.wait_for_change(1.0)
    source.pending = set()
    assert not await source.wait_for_change(0.6)


async def test_rescan_is_a_safety_net(tmp_path: Path, make_local) -> None:
    source = make_local(tmp_path, rescan_seconds=0.4)
    await source.start()
    assert await source.wait_for_change(1.0)
    started = time.monotonic()
    assert await source.wait_for_change(2.0)
    assert 0.3 < time.monotonic() - started < 1.0


async def test_read_refuses_paths(tmp_path: Path, make_local) -> None:
    source = make_local(tmp_path)
    with pytest.raises(SourceError, match="not a plain file name"):
        await source.read("../etc/passwd")
    with pytest.raises(SourceError, match="cannot read"):
        await source.read(round_name(9))


async def test_symlinks_and_other_non_regular_files_are_never_listed_or_read(
    make_local: Callable[..., LocalFolderSource], tmp_path: Path
) -> None:
    import os

    folder = tmp_path / "gamestats"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"root:x:0:0:root:/root:/bin/bash\n")
    (folder / round_name(1)).symlink_to(secret)
    os.mkfifo(folder / round_name(2))
    (folder / round_name(3)).write_bytes(b"a round\n")
    source = make_local(folder)
    await source.start()
    assert [entry.name for entry in await source.list_files()] == [round_name(3)]
    for name in (round_name(1), round_name(2)):
        with pytest.raises(SourceError, match="not a regular file"):
            await asyncio.wait_for(source.read(name), 5.0)
