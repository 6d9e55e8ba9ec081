"""How one SFTP source logs in and how patient it is: the login from the settings, timings with defaults."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SftpSettings:
    host: str
    port: int
    user: str
    key_path: Path
    key_passphrase: str | None
    known_hosts: Path
    remote_path: str
    trust_on_first_use: bool = False
    poll_seconds: float = 2.0
    pending_poll_seconds: float = 0.25
    full_listing_seconds: float = 300.0
    connect_timeout: float = 10.0
    op_timeout: float = 30.0
    keepalive_seconds: float = 15.0
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    refused_backoff_max: float = 5.0
    """A refused connection (host up, sshd restarting) is tried again at least this often."""
    fatal_recheck_initial: float = 10.0
    fatal_recheck_max: float = 300.0
    """After a refused host key or an unusable key: first check again, then doubling up to this."""

    @property
    def label(self) -> str:
        """The host as known_hosts writes it."""
        return host_label(self.host, self.port)


def host_label(host: str, port: int) -> str:
    """The host as known_hosts writes it."""
    return host if port == 22 else f"[{host}]:{port}"
