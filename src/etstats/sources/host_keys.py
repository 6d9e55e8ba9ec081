"""Which SSH host keys a source trusts: those known_hosts lists, and, only when the admin
asked for trust on first use, the first key of a host it does not list, appended to the file.

A changed key is always refused: that is exactly when carrying on would be wrong. Every
refusal says what to run to fix it.
"""

from __future__ import annotations

from pathlib import Path

import asyncssh

from etstats.sources.sftp_settings import host_label


class HostKeyPolicy:
    def __init__(self, known_hosts: Path, trust_on_first_use: bool) -> None:
        self.path = known_hosts
        self.trust_on_first_use = trust_on_first_use

    def read(self) -> asyncssh.SSHKnownHosts:
        """Read known_hosts afresh on every attempt, so an admin's fix needs no restart.

        Raises OSError or ValueError when the file cannot be read or parsed.
        """
        return asyncssh.import_known_hosts(self.path.read_text(encoding="utf-8") if self.path.exists() else "")

    def refusal(
        self, known: asyncssh.SSHKnownHosts, host: str, addr: str, port: int, key: asyncssh.SSHKey
    ) -> str | None:
        """Why a key known_hosts does not list for the host is refused; None when it may be trusted."""
        label = host_label(host, port)
        listed = asyncssh.match_known_hosts(known, host, addr, None if port == 22 else port)
        fingerprint = key.get_fingerprint()
        if listed[0] or listed[1]:
            return (
                f"host key of {label} ({fingerprint}) does not match known_hosts file "
                f"{self.path}: the key changed or this is another machine; refusing "
                f"to connect. If the change is expected, remove the old entry with "
                f"ssh-keygen -R '{label}' -f {self.path}"
            )
        if not self.trust_on_first_use:
            return (
                f"host {label} ({fingerprint}) is not in known_hosts file {self.path}; "
                f"add its key (ssh-keyscan -p {port} {host} >> {self.path}, then compare "
                f"the fingerprint) or enable trust on first use"
            )
        return None

    def record(self, host: str, port: int, key: asyncssh.SSHKey) -> None:
        """Append the key trusted on first use, so the next connection checks against it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = f"{host_label(host, port)} {key.export_public_key('openssh').decode('ascii').strip()}\n"
        with self.path.open("a", encoding="ascii") as handle:
            handle.write(line)
