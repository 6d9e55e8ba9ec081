"""SftpSource recovers by itself: from a host-key problem once fixed, quickly after sshd restarts; warns on open keys."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Callable

import pytest

from etstats.sources.base import SourceFatalError
from etstats.sources.sftp import SftpSource
from tests.sources.sshd_server import SshdServer
from tests.waiting import until

pytestmark = pytest.mark.sshd

MakeSftp = Callable[..., SftpSource]


async def test_a_refused_host_key_is_checked_again_and_the_source_recovers_once_fixed(
    sshd: SshdServer, make_sftp: MakeSftp, caplog: pytest.LogCaptureFixture
) -> None:
    sshd.replace_host_key()
    source = make_sftp(fatal_recheck_initial=0.2, fatal_recheck_max=0.5)
    with pytest.raises(SourceFatalError, match="does not match"):
        await source.start()
    assert source.health.fatal and "does not match" in (source.health.last_error or "")
    await asyncio.sleep(1.0)
    assert not source.health.connected
    sshd.known_hosts_path.write_text(sshd.known_hosts_line())  # the admin's fix
    await until(lambda: source.health.connected, 5.0)
    assert not source.health.fatal and source.health.last_error is None
    assert await source.list_files() == []
    assert any("recovered" in r.getMessage() for r in caplog.records)


async def test_after_sshd_answers_again_the_source_reconnects_within_seconds(
    sshd: SshdServer, make_sftp: MakeSftp
) -> None:
    source = make_sftp(backoff_initial=0.5, backoff_max=30.0, refused_backoff_max=1.0)
    await source.start()
    sshd.stop()
    await until(lambda: not source.health.connected, 10.0)
    await asyncio.sleep(5.0)
    sshd.start()
    assert await until(lambda: source.health.connected, 15.0) < 2.5


async def test_a_private_key_others_can_read_is_used_with_a_warning(
    sshd: SshdServer, make_sftp: MakeSftp, caplog: pytest.LogCaptureFixture
) -> None:
    open_key = sshd.root / "open_key"
    shutil.copyfile(sshd.user_key_path, open_key)
    open_key.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        source = make_sftp(key_path=open_key)
        await source.start()
    assert source.health.connected
    warning = source.health.extra.get("key_permissions", "")
    assert str(open_key) in warning and "chmod 600" in warning
    assert any("chmod 600" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
