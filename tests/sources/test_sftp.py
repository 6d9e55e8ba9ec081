"""SftpSource against a real OpenSSH sshd: listing, change detection, host keys, outages."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import asyncssh
import pytest

from etstats.sources.base import SourceError, SourceFatalError
from etstats.sources.sftp import SftpSource
from tests.sources.conftest import round_name
from tests.sources.sshd_server import SshdServer

pytestmark = pytest.mark.sshd

MakeSftp = Callable[..., SftpSource]


async def drain(source: SftpSource, quiet: float = 1.5) -> None:
    """Consume start-up signals (connect, then the mtime-granularity second look)."""
    for _ in range(20):
        if not await source.wait_for_change(quiet):
            return
    raise AssertionError("the source never went quiet")


async def upload(sshd: SshdServer, name: str, data: bytes) -> None:
    """Put a file on the server over a separate SFTP session, as the game host's uploader would."""
    async with (
        asyncssh.connect(
            "127.0.0.1",
            sshd.port,
            username=sshd.user,
            client_keys=[str(sshd.user_key_path)],
            known_hosts=str(sshd.known_hosts_path),
            agent_path=None,
            config=None,
        ) as conn,
        conn.start_sftp_client() as sftp,
        sftp.open(f"{sshd.remote_dir}/{name}", "wb") as remote,
    ):
        await remote.write(data)


async def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


async def test_lists_round_files_and_reads_them(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    files = {round_name(1): b"first round\n", round_name(2, round_no=2): b"second\n" * 5000}
    for name, data in files.items():
        (sshd.remote_dir / name).write_bytes(data)
    stem = round_name(1).removesuffix(".txt")
    for junk in (f"{stem}_ws.txt", f"{stem}-endstats.txt", "readme.txt"):
        (sshd.remote_dir / junk).write_bytes(b"junk\n")
    (sshd.remote_dir / round_name(3)).mkdir()
    source = make_sftp()
    await source.start()
    assert source.health.connected
    listing = await source.list_files()
    assert {entry.name: entry.size for entry in listing} == {name: len(data) for name, data in files.items()}
    for name, data in files.items():
        assert await source.read(name) == data
    assert source.health.bytes_received > sum(len(data) for data in files.values())
    assert source.health.last_listing is not None


async def test_detects_upload_and_stays_quiet_when_idle(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    source = make_sftp(poll_seconds=0.1)
    await source.start()
    assert await source.wait_for_change(1.0), "the first call must ask for a listing"
    await drain(source)

    before = source.health.requests
    assert not await source.wait_for_change(1.0)
    polls = source.health.requests - before
    assert 5 <= polls <= 12, f"idle polling should cost one stat per 0.1 s poll, not {polls}"

    await upload(sshd, round_name(1), b"round\n")
    assert await source.wait_for_change(3.0)
    assert [entry.name for entry in await source.list_files()] == [round_name(1)]


async def test_file_added_in_the_same_second_is_not_missed(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    source = make_sftp(poll_seconds=0.1)
    await source.start()
    await drain(source)
    (sshd.remote_dir / round_name(1)).write_bytes(b"a\n")
    assert await source.wait_for_change(3.0)
    (sshd.remote_dir / round_name(2)).write_bytes(b"b\n")
    seen: set[str] = set()
    while await source.wait_for_change(1.5):
        seen.update(entry.name for entry in await source.list_files())
    assert round_name(2) in seen


async def test_pending_files_get_a_look_every_poll(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    source = make_sftp(poll_seconds=0.1)
    await source.start()
    await drain(source)
    source.pending = {round_name(1)}
    for _ in range(3):
        assert await source.wait_for_change(0.5)
    source.pending = set()
    await drain(source, quiet=0.5)
    assert not await source.wait_for_change(0.5)


async def test_full_listing_is_requested_periodically(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    source = make_sftp(poll_seconds=0.1, full_listing_seconds=0.5)
    await source.start()
    assert await source.wait_for_change(1.0)
    await source.list_files()
    assert await source.wait_for_change(2.0)
    assert await source.wait_for_change(2.0)


async def test_changed_host_key_is_refused(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    sshd.replace_host_key()
    source = make_sftp()
    with pytest.raises(SourceFatalError) as refused:
        await source.start()
    message = str(refused.value)
    assert sshd.label in message
    assert str(sshd.known_hosts_path) in message
    assert "does not match" in message
    assert source.health.fatal and not source.health.connected
    assert "does not match" in (source.health.last_error or "")
    with pytest.raises(SourceFatalError):
        await source.wait_for_change(0.1)
    with pytest.raises(SourceFatalError):
        await source.list_files()


async def test_host_key_change_while_running_stops_the_source(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    source = make_sftp()
    await source.start()
    await drain(source, quiet=0.3)
    sshd.replace_host_key()
    with pytest.raises(SourceFatalError, match="does not match"):
        for _ in range(50):
            await source.wait_for_change(0.2)
    assert source.health.fatal


async def test_unknown_host_is_refused_by_default(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    known_hosts = sshd.root / "fresh" / "known_hosts"
    source = make_sftp(known_hosts=known_hosts)
    with pytest.raises(SourceFatalError, match="is not in known_hosts") as refused:
        await source.start()
    assert sshd.label in str(refused.value)
    assert str(known_hosts) in str(refused.value)
    assert not known_hosts.exists()


async def test_trust_on_first_use_records_the_key_and_then_holds_to_it(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    known_hosts = sshd.root / "fresh" / "known_hosts"
    first = make_sftp(known_hosts=known_hosts, trust_on_first_use=True)
    await first.start()
    assert first.health.connected
    assert known_hosts.read_text() == sshd.known_hosts_line()
    await first.close()

    strict = make_sftp(known_hosts=known_hosts)
    await strict.start()
    assert strict.health.connected
    await strict.close()

    sshd.replace_host_key()
    again = make_sftp(known_hosts=known_hosts, trust_on_first_use=True)
    with pytest.raises(SourceFatalError, match="does not match"):
        await again.start()
    assert known_hosts.read_text().count("\n") == 1


async def test_unreachable_at_start_then_comes_up(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    sshd.stop()
    source = make_sftp()
    await source.start()
    assert not source.health.connected
    assert "cannot connect" in (source.health.last_error or "")
    assert source.health.retry_at is not None
    assert not await source.wait_for_change(0.5)
    with pytest.raises(SourceError) as not_now:
        await source.list_files()
    assert not isinstance(not_now.value, SourceFatalError)

    sshd.start()
    assert await source.wait_for_change(3.0)
    assert source.health.connected
    assert await source.list_files() == []


async def test_outage_is_survived_and_files_written_meanwhile_are_seen(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    source = make_sftp()
    await source.start()
    await drain(source, quiet=0.3)
    went_up = source.health.since

    sshd.stop()
    await wait_until(lambda: not source.health.connected)
    assert sshd.label in (source.health.last_error or "")
    assert source.health.since is not None and source.health.since > went_up
    assert not await source.wait_for_change(1.0)
    with pytest.raises(SourceError):
        await source.read(round_name(1))

    (sshd.remote_dir / round_name(1)).write_bytes(b"written while down\n")
    sshd.start()
    assert await source.wait_for_change(5.0)
    assert source.health.connected and source.health.last_error is None
    assert [entry.name for entry in await source.list_files()] == [round_name(1)]
    assert await source.read(round_name(1)) == b"written while down\n"


async def test_missing_file_keeps_the_connection(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    source = make_sftp()
    await source.start()
    with pytest.raises(SourceError, match="reading"):
        await source.read(round_name(7))
    with pytest.raises(SourceError, match="not a plain file name"):
        await source.read("../secret")
    assert source.health.connected


async def test_missing_remote_folder_is_reported_and_waited_for(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    folder = sshd.remote_dir / "gamestats"
    source = make_sftp(remote_path=str(folder))
    await source.start()
    assert source.health.connected
    assert "stat" in (source.health.last_error or "")
    await drain(source, quiet=0.5)
    folder.mkdir()
    (folder / round_name(1)).write_bytes(b"x\n")
    assert await source.wait_for_change(2.0)
    assert [entry.name for entry in await source.list_files()] == [round_name(1)]


async def test_encrypted_key_needs_its_passphrase(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    key = asyncssh.read_private_key(sshd.user_key_path)
    encrypted = sshd.root / "client" / "id_encrypted"
    encrypted.write_bytes(key.export_private_key(passphrase="correct horse", rounds=50))
    good = make_sftp(key_path=encrypted, key_passphrase="correct horse")
    await good.start()
    assert good.health.connected

    bad = make_sftp(key_path=encrypted, key_passphrase="wrong")
    with pytest.raises(SourceFatalError, match="cannot load SSH private key") as refused:
        await bad.start()
    assert str(encrypted) in str(refused.value)


async def test_symlinks_are_never_listed_or_read(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    secret = sshd.root / "secret.txt"
    secret.write_bytes(b"root:x:0:0:root:/root:/bin/bash\n")
    (sshd.remote_dir / round_name(1)).symlink_to(secret)
    (sshd.remote_dir / round_name(2)).write_bytes(b"a round\n")
    source = make_sftp()
    await source.start()
    assert [entry.name for entry in await source.list_files()] == [round_name(2)]
    with pytest.raises(SourceError, match="not a regular file"):
        await source.read(round_name(1))
    assert await source.read(round_name(2)) == b"a round\n"
