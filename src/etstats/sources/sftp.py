"""A folder on the game server, read over one persistent SFTP connection (asyncssh).

The game host is usually a rented box somewhere else: the link drops, the server
reboots, keys get rotated. So this source never gives up on a transient failure (it
reconnects with capped, jittered exponential backoff and shows the state in health),
but it refuses, loudly, a host key it cannot trust, because that is exactly the case
where carrying on would be wrong; it checks again now and then, so a fixed known_hosts
file or key is picked up without a restart.

Polling must stay cheap however many rounds the folder holds: an idle poll is one
``stat`` of the folder, and the folder is listed only when its mtime moved.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import posixpath
import random
import stat
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import asyncssh

from etstats.gamestats.names import looks_like_round_file_name
from etstats.sources.base import FileEntry, Source, SourceError, SourceFatalError, SourceHealth
from etstats.sources.host_keys import HostKeyPolicy
from etstats.sources.sftp_settings import SftpSettings, host_label

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

_SFTP_VERSION = 3
_PACKET_HEADER = 9
_READDIR_BATCH = 100
_READ_BLOCK = 32768
_MTIME_GRANULARITY = 1.1
_KEEPALIVE_COUNT_MAX = 3
_CONNECTION_ERRORS = (asyncssh.Error, OSError, EOFError)
_CHECKING_AGAIN = "; checking again now and then until it is fixed"


class SftpSource(Source):
    """Round files in a remote folder, seen over SFTP.

    Change detection: every ``poll_seconds`` a background task stats the remote
    folder, and ``wait_for_change`` returns True when

    - the folder's mtime changed (a file was added, removed or renamed), and once
      more about a second later, because SFTP mtimes have whole seconds and a file
      created later in the same second leaves the mtime as it was;
    - ``pending`` (filled by the monitor) is non-empty: files appended in place do
      not touch the folder's mtime, so the monitor gets a look every
      ``pending_poll_seconds`` until they are stable; no stat is spent then, the
      listing that follows shows it all;
    - a full listing is due (``full_listing_seconds`` since the last one);
    - the connection was (re)established, since anything may have happened meanwhile.

    Errors: ``start`` and ``wait_for_change`` never raise for an unreachable server;
    they record it in ``health`` and keep reconnecting. A host key that is unknown or
    changed, or a private key that cannot be loaded, is a ``SourceFatalError``: it is
    raised by ``start``, ``wait_for_change``, ``list_files`` and ``read`` while it lasts;
    the source checks again after ``fatal_recheck_initial`` seconds, doubling up to
    ``fatal_recheck_max``, and recovers by itself once the problem is fixed. ``list_files`` and ``read`` raise ``SourceError`` when
    the server is not reachable right now.

    ``health.requests`` and ``health.bytes_received`` count SFTP round trips and reply
    payload bytes; for listings and reads they are estimates (``readdir`` batches of
    100 names as OpenSSH sends them, reads of 32 KiB), exact for the idle ``stat``.
    """

    def __init__(self, name: str, settings: SftpSettings) -> None:
        self.name = name
        self.settings = settings
        self.health = SourceHealth()
        self._pending: set[str] = set()
        self._pending_added = asyncio.Event()
        self.health.extra["remote"] = f"{settings.user}@{settings.label}:{settings.remote_path}"
        self._host_keys = HostKeyPolicy(settings.known_hosts, settings.trust_on_first_use)
        self._fatal_checks = 0

        self._key: asyncssh.SSHKey | None = None
        self._known: asyncssh.SSHKnownHosts | None = None
        self._refusal: str | None = None
        self._fatal: SourceFatalError | None = None
        self._conn: asyncssh.SSHClientConnection | None = None
        self._sftp: asyncssh.SFTPClient | None = None
        self._task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self._failures = 0
        self._retry_delay = 0.0
        self._dir_mtime: int | None = None
        self._settle_at: float | None = None
        self._last_full = 0.0

    async def start(self) -> None:
        with contextlib.suppress(SourceFatalError):
            self._key = self._load_key()
        if self._key is not None:
            await self._try_connect()
        self._task = asyncio.create_task(self._run(), name=f"sftp poll {self.name}")
        self._raise_if_fatal()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        conn, self._conn, self._sftp = self._conn, None, None
        if conn is not None:
            conn.close()
            with contextlib.suppress(TimeoutError, *_CONNECTION_ERRORS):
                await asyncio.wait_for(conn.wait_closed(), self.settings.connect_timeout)
        self.health.connected = False

    async def wait_for_change(self, timeout: float) -> bool:
        self._raise_if_fatal()
        if not self._changed.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout)
        self._raise_if_fatal()
        if self._changed.is_set():
            self._changed.clear()
            return True
        return False

    async def list_files(self) -> list[FileEntry]:
        self._raise_if_fatal()
        names = await self._call(
            lambda sftp: sftp.readdir(self.settings.remote_path), f"listing {self.settings.remote_path}"
        )
        self.health.requests += 3 + len(names) // _READDIR_BATCH
        self.health.bytes_received += sum(_PACKET_HEADER + len(n.encode(_SFTP_VERSION)) for n in names)
        self.health.last_listing = datetime.now(UTC)
        self._last_full = asyncio.get_running_loop().time()
        return [
            FileEntry(str(n.filename), n.attrs.size or 0, float(n.attrs.mtime or 0))
            for n in names
            if looks_like_round_file_name(str(n.filename)) and _is_regular(n.attrs)
        ]

    async def read(self, name: str) -> bytes:
        self._raise_if_fatal()
        if not name or "/" in name or name in (".", ".."):
            raise SourceError(f"{self.name}: not a plain file name: {name!r}")
        path = posixpath.join(self.settings.remote_path, name)

        async def download(sftp: asyncssh.SFTPClient) -> bytes:
            if not stat.S_ISREG((await sftp.lstat(path)).permissions or 0):
                raise SourceError(f"{self.name}: {path} is not a regular file (e.g. a symbolic link); not read")
            async with sftp.open(path, "rb") as remote:
                return await remote.read()

        data = await self._call(download, f"reading {path}")
        self.health.requests += 3 + len(data) // _READ_BLOCK
        self.health.bytes_received += len(data)
        return data

    async def _run(self) -> None:
        """Keep the connection and poll the folder until closed; after a refusal, check again now and then."""
        while True:
            try:
                if self._fatal is not None:
                    await self._recheck_refusal()
                elif self._sftp is None:
                    await asyncio.sleep(self._retry_delay)
                    await self._try_connect()
                else:
                    await self._poll()
                    await self._pause()
            except Exception as exc:
                logger.exception("%s: unexpected error while polling", self.name)
                self._drop(f"unexpected error while polling: {exc!r}")

    async def _recheck_refusal(self) -> None:
        """Try again after a capped, growing pause: an admin may have fixed known_hosts or the key.

        The refusal stays in force (and is raised to callers) until a connection succeeds.
        """
        delay = min(self.settings.fatal_recheck_max, self.settings.fatal_recheck_initial * 2**self._fatal_checks)
        self._fatal_checks += 1
        self.health.retry_at = datetime.now(UTC) + timedelta(seconds=delay)
        await asyncio.sleep(delay)
        if self._key is None:
            try:
                self._key = self._load_key()
            except SourceFatalError:
                return
        refusal = self._fatal
        self._fatal = None
        if not await self._try_connect() and self._fatal is None:
            self._fatal = refusal  # not reachable now: the refusal is not cleared by an outage
            return
        if self._fatal is None:
            logger.warning("%s: recovered: connected to %s after: %s", self.name, self._label, refusal)

    @property
    def pending(self) -> set[str]:
        return self._pending

    @pending.setter
    def pending(self, names: set[str]) -> None:
        """Names the monitor waits on; new ones cut the idle pause short so they are looked at soon."""
        if names - self._pending:
            self._pending_added.set()
        self._pending = set(names)

    async def _pause(self) -> None:
        """Sleep one poll interval, or only ``pending_poll_seconds`` once files are pending."""
        if not self._pending:
            self._pending_added.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._pending_added.wait(), self.settings.poll_seconds)
            if not self._pending:
                return
        await asyncio.sleep(self.settings.pending_poll_seconds)

    async def _poll(self) -> None:
        now = asyncio.get_running_loop().time()
        if self.pending:
            self._changed.set()
            return
        if now - self._last_full >= self.settings.full_listing_seconds:
            self._last_full = now
            self._changed.set()
            return
        mtime = await self._stat_folder()
        if mtime is None:
            return
        if mtime != self._dir_mtime:
            self._dir_mtime = mtime
            self._settle_at = now + _MTIME_GRANULARITY
            self._changed.set()
        elif self._settle_at is not None and now >= self._settle_at:
            self._settle_at = None
            self._changed.set()

    async def _stat_folder(self) -> int | None:
        """The folder's mtime, or None (recorded in health) if it cannot be seen."""
        self.health.requests += 1
        try:
            attrs = await self._call(
                lambda sftp: sftp.stat(self.settings.remote_path), f"stat {self.settings.remote_path}"
            )
        except SourceError:
            return None
        self.health.bytes_received += _PACKET_HEADER + len(attrs.encode(_SFTP_VERSION))
        self.health.last_error = None
        return attrs.mtime

    async def _try_connect(self) -> bool:
        """One connection attempt; on failure, record why and when the next one is."""
        try:
            self._known = self._load_known_hosts()
        except SourceFatalError:
            return False
        self._refusal = None
        conn: asyncssh.SSHClientConnection | None = None
        try:
            conn = await asyncio.wait_for(self._open_connection(), self.settings.connect_timeout)
            sftp = await asyncio.wait_for(conn.start_sftp_client(), self.settings.op_timeout)
        except asyncssh.HostKeyNotVerifiable as exc:
            self._set_fatal(self._refusal or f"host key of {self._label} not trusted ({exc.reason})")
        except asyncssh.KeyExchangeFailed as exc:
            self._set_fatal(
                f"cannot agree on a host key with {self._label} ({exc.reason}); if its key type "
                f"changed, check the entry in known_hosts file {self.settings.known_hosts}"
            )
        except asyncssh.PermissionDenied:
            self._fail(f"{self._label} refused key {self.settings.key_path} for user {self.settings.user}")
        except TimeoutError:
            self._fail(f"no answer from {self._label} within {self.settings.connect_timeout:g}s")
        except _CONNECTION_ERRORS as exc:
            self._fail(
                f"cannot connect to {self._label}: {_reason(exc)}", refused=isinstance(exc, ConnectionRefusedError)
            )
        else:
            self._conn, self._sftp = conn, sftp
            self._failures = 0
            self._fatal_checks = 0
            self.health.fatal = False
            self.health.mark_up()
            logger.info("%s: connected to %s", self.name, self._label)
            await self._poll_after_connect()
            return True
        if conn is not None:
            conn.abort()
        return False

    async def _poll_after_connect(self) -> None:
        """Take the folder's mtime as the new baseline and ask for a listing."""
        self._dir_mtime = await self._stat_folder()
        now = asyncio.get_running_loop().time()
        self._settle_at = now + _MTIME_GRANULARITY
        self._last_full = now
        self._changed.set()

    async def _open_connection(self) -> asyncssh.SSHClientConnection:
        assert self._key is not None
        return await asyncssh.connect(
            self.settings.host,
            self.settings.port,
            username=self.settings.user,
            client_keys=[self._key],
            known_hosts=self._known,
            client_factory=lambda: _Client(self),
            agent_path=None,
            config=None,
            preferred_auth="publickey",
            keepalive_interval=self.settings.keepalive_seconds,
            keepalive_count_max=_KEEPALIVE_COUNT_MAX,
        )

    async def _call(self, operation: Callable[[asyncssh.SFTPClient], Awaitable[_T]], what: str) -> _T:
        """Run one SFTP operation with the per-operation timeout.

        A timeout or a broken connection drops the connection (the background task
        reconnects); a plain SFTP error (no such file) leaves it up.
        """
        sftp = self._sftp
        if sftp is None:
            raise SourceError(f"{self.name}: not connected to {self._label} ({self.health.last_error})")
        try:
            return await asyncio.wait_for(operation(sftp), self.settings.op_timeout)
        except TimeoutError:
            message = f"{what} on {self._label} took longer than {self.settings.op_timeout:g}s"
            self._drop(message)
        except (asyncssh.SFTPConnectionLost, asyncssh.SFTPNoConnection) as exc:
            message = f"{what}: connection lost ({_reason(exc)})"
            self._drop(message)
        except asyncssh.SFTPError as exc:
            message = f"{what}: {_reason(exc)}"
            self.health.last_error = message
        except _CONNECTION_ERRORS as exc:
            message = f"{what}: connection lost ({_reason(exc)})"
            self._drop(message)
        raise SourceError(f"{self.name}: {message}")

    def _drop(self, reason: str) -> None:
        conn, self._conn, self._sftp = self._conn, None, None
        if conn is not None:
            conn.abort()
        self._fail(reason)

    def _connection_lost(self, conn: asyncssh.SSHClientConnection, exc: Exception | None) -> None:
        if conn is self._conn:
            self._drop(f"connection to {self._label} lost: {_reason(exc) if exc else 'closed by the server'}")

    def _fail(self, reason: str, *, refused: bool = False) -> None:
        """Record a transient failure and schedule the next attempt.

        A refused connection means the host is up and sshd is (re)starting: it will answer
        soon, so the wait is capped lower than for a host that does not answer at all.
        """
        ceiling = self.settings.backoff_max
        if refused:
            ceiling = min(ceiling, self.settings.refused_backoff_max)
        delay = min(ceiling, self.settings.backoff_initial * 2**self._failures)
        self._retry_delay = random.uniform(delay / 2, delay)
        if self.health.connected or self._failures == 0:
            logger.warning("%s: %s; retrying with backoff up to %gs", self.name, reason, self.settings.backoff_max)
        self._failures += 1
        self.health.mark_down(reason)
        self.health.retry_at = datetime.now(UTC) + timedelta(seconds=self._retry_delay)

    def _set_fatal(self, message: str) -> SourceFatalError:
        repeated = self.health.fatal and self.health.last_error == message + _CHECKING_AGAIN
        self._fatal = SourceFatalError(f"{self.name}: {message}")
        self.health.fatal = True
        self.health.mark_down(message + _CHECKING_AGAIN)
        if not repeated:
            logger.error("%s: %s%s", self.name, message, _CHECKING_AGAIN)
        self._changed.set()
        return self._fatal

    def _raise_if_fatal(self) -> None:
        if self._fatal is not None:
            raise self._fatal

    def _load_key(self) -> asyncssh.SSHKey:
        try:
            key = asyncssh.read_private_key(self.settings.key_path, self.settings.key_passphrase)
            mode = os.stat(self.settings.key_path).st_mode
        except (OSError, asyncssh.KeyImportError, asyncssh.KeyEncryptionError) as exc:
            raise self._set_fatal(f"cannot load SSH private key {self.settings.key_path}: {_reason(exc)}") from None
        if mode & 0o077:
            warning = (
                f"private key {self.settings.key_path} can be read by other users (mode {stat.S_IMODE(mode):o}); "
                f"chmod 600 {self.settings.key_path}"
            )
            self.health.extra["key_permissions"] = warning
            logger.warning("%s: %s", self.name, warning)
        else:
            self.health.extra.pop("key_permissions", None)
        return key

    def _load_known_hosts(self) -> asyncssh.SSHKnownHosts:
        try:
            return self._host_keys.read()
        except (OSError, ValueError) as exc:
            raise self._set_fatal(f"cannot use known_hosts file {self.settings.known_hosts}: {_reason(exc)}") from None

    def _unlisted_host_key(self, host: str, addr: str, port: int, key: asyncssh.SSHKey) -> bool:
        """asyncssh asks this only for a key known_hosts does not list for the host."""
        assert self._known is not None
        self._refusal = self._host_keys.refusal(self._known, host, addr, port, key)
        if self._refusal is not None:
            return False
        self._host_keys.record(host, port, key)
        label, fingerprint, path = host_label(host, port), key.get_fingerprint(), self.settings.known_hosts
        self.health.extra["host_key_recorded"] = f"{fingerprint} in {path}"
        logger.warning("%s: trusted %s on first use, recorded %s in %s", self.name, label, fingerprint, path)
        return True

    @property
    def _label(self) -> str:
        return self.settings.label


class _Client(asyncssh.SSHClient):
    """Routes asyncssh's callbacks back to the source that opened the connection."""

    def __init__(self, source: SftpSource) -> None:
        self._source = source
        self._conn: asyncssh.SSHClientConnection | None = None

    def connection_made(self, conn: asyncssh.SSHClientConnection) -> None:
        self._conn = conn

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self._source._connection_lost(self._conn, exc)

    def validate_host_public_key(self, host: str, addr: str, port: int, key: asyncssh.SSHKey) -> bool:
        return self._source._unlisted_host_key(host, addr, port, key)


def _is_regular(attrs: asyncssh.SFTPAttrs) -> bool:
    return attrs.permissions is None or stat.S_ISREG(attrs.permissions)


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)
    return reason or type(exc).__name__
