"""A real OpenSSH sshd on 127.0.0.1 for tests and benchmarks, with throw-away keys.

Everything lives in one folder: the config, a host key, a user key with its
authorized_keys, a known_hosts file that trusts the host key, and the folder that
clients read over SFTP. sshd runs in the foreground as the current user, so stopping
it really drops every connection (the per-connection processes are killed too).
"""

from __future__ import annotations

import contextlib
import getpass
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import asyncssh

from etstats.sources.sftp import SftpSource
from etstats.sources.sftp_settings import SftpSettings

SSHD = Path("/usr/sbin/sshd")
MISSING_MESSAGE = "openssh-server is not installed; scripts/test.sh installs it"

_CONFIG = """\
ListenAddress 127.0.0.1
Port {port}
HostKey {host_key}
PidFile {pid_file}
AuthorizedKeysFile {authorized_keys}
UsePAM no
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers {user}
Subsystem sftp internal-sftp
LogLevel VERBOSE
"""


class SshdServer:
    """One sshd; ``start``/``stop``/``restart`` keep the same port and keys."""

    def __init__(self, root: Path, port: int | None = None) -> None:
        self.root = root
        self.user = getpass.getuser()
        self.port = port or free_port()
        self.remote_dir = root / "remote"
        self.host_key_path = root / "etc" / "ssh_host_ed25519_key"
        self.user_key_path = root / "client" / "id_ed25519"
        self.known_hosts_path = root / "client" / "known_hosts"
        self.log_path = root / "etc" / "sshd.log"
        self._config_path = root / "etc" / "sshd_config"
        self._process: subprocess.Popen[bytes] | None = None
        for folder in (self.remote_dir, self.host_key_path.parent, self.user_key_path.parent):
            folder.mkdir(parents=True, exist_ok=True)
        self.host_key = self._new_host_key()
        user_key = asyncssh.generate_private_key("ssh-ed25519")
        _write_secret(self.user_key_path, user_key.export_private_key())
        authorized_keys = root / "etc" / "authorized_keys"
        authorized_keys.write_bytes(user_key.export_public_key())
        self.known_hosts_path.write_text(self.known_hosts_line())
        self._config_path.write_text(
            _CONFIG.format(
                port=self.port,
                host_key=self.host_key_path,
                pid_file=root / "etc" / "sshd.pid",
                authorized_keys=authorized_keys,
                user=self.user,
            )
        )

    @property
    def label(self) -> str:
        """The host as known_hosts names it."""
        return f"[127.0.0.1]:{self.port}"

    def known_hosts_line(self) -> str:
        return f"{self.label} {self.host_key.export_public_key().decode().strip()}\n"

    def start(self, timeout: float = 10.0) -> None:
        """Start sshd and return once it listens; raise with its log if it does not."""
        _ensure_privsep_dir()
        log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            [str(SSHD), "-D", "-e", "-f", str(self._config_path)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            if self._listening():
                return
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"sshd did not start on port {self.port}:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        """Kill sshd and every connection it serves, as a crash or reboot would."""
        process, self._process = self._process, None
        if process is None:
            return
        os.kill(process.pid, signal.SIGSTOP)
        for pid in [*_descendants(process.pid), process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def replace_host_key(self) -> None:
        """Give the server a new host key (as a reinstall or an impostor would) and restart."""
        self.host_key = self._new_host_key()
        if self._process is not None:
            self.restart()

    def source(self, **overrides: Any) -> SftpSource:
        """An SftpSource that logs in to this server with its throw-away keys."""
        name = overrides.pop("name", "test-server")
        settings: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": self.port,
            "user": self.user,
            "key_path": self.user_key_path,
            "key_passphrase": None,
            "known_hosts": self.known_hosts_path,
            "remote_path": str(self.remote_dir),
            **overrides,
        }
        return SftpSource(name, SftpSettings(**settings))

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _new_host_key(self) -> asyncssh.SSHKey:
        key = asyncssh.generate_private_key("ssh-ed25519")
        _write_secret(self.host_key_path, key.export_private_key())
        return key

    def _listening(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(0.2)
            try:
                probe.connect(("127.0.0.1", self.port))
                return probe.recv(64).startswith(b"SSH-")
            except OSError:
                return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_secret(path: Path, data: bytes) -> None:
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _ensure_privsep_dir() -> None:
    """sshd running as root insists on its privilege-separation folder."""
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)


def _descendants(pid: int) -> list[int]:
    """All processes below ``pid``; sshd's per-connection children start their own sessions."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    queue = [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found
