"""Can every source be read: a local folder, or over SFTP the key, the host key, the login, the folder and its files?

Read-only: unlike a running SftpSource with trust on first use, nothing is written to
known_hosts, and no file is fetched.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import asyncssh

from etstats.cli.check.result import Check
from etstats.config import SourceSettings
from etstats.gamestats import is_round_file_name


async def check_source(spec: SourceSettings, timeout: float = 10.0) -> list[Check]:
    if spec.kind == "local":
        return _check_folder(spec.name, spec.path)
    return await _check_sftp(spec, timeout)


def _round_files(source: str, where: str, names: Sequence[str]) -> Check:
    rounds = sorted(name for name in names if is_round_file_name(name))
    if not rounds:
        return Check.bad(
            f"source {source}: no round files in {where} yet",
            "check that the game server runs the c0rnp0rn script and writes its round files to this folder",
        )
    return Check.good(f"source {source}: {len(rounds)} round files in {where}, newest {rounds[-1]}")


def _check_folder(source: str, path: Path) -> list[Check]:
    try:
        names = [entry.name for entry in path.iterdir()]
    except OSError as exc:
        return [Check.bad(f"source {source}: cannot list {path} ({exc.strerror})", "set ETSTATS_WATCH_DIR (or path)")]
    return [Check.good(f"source {source}: folder {path} listable"), _round_files(source, str(path), names)]


async def _check_sftp(spec: SourceSettings, timeout: float) -> list[Check]:
    assert spec.ssh_host and spec.ssh_user and spec.ssh_key
    name, host, port = spec.name, spec.ssh_host, spec.ssh_port
    label = host if port == 22 else f"[{host}]:{port}"
    key_path, known_path = spec.ssh_key.expanduser(), spec.ssh_known_hosts.expanduser()
    checks: list[Check] = []
    try:
        key = asyncssh.read_private_key(key_path, spec.ssh_key_passphrase)
        checks.append(Check.good(f"source {name}: private key {key_path} readable"))
    except (OSError, asyncssh.KeyImportError, asyncssh.KeyEncryptionError) as exc:
        fix = "set ETSTATS_SSH_KEY to a readable private key (and ETSTATS_SSH_KEY_PASSPHRASE if it has one)"
        return [Check.bad(f"source {name}: cannot read private key {key_path} ({exc})", fix)]
    try:
        known = asyncssh.import_known_hosts(known_path.read_text(encoding="utf-8") if known_path.exists() else "")
    except (OSError, ValueError) as exc:
        return [*checks, Check.bad(f"source {name}: cannot read {known_path} ({exc})", "fix ETSTATS_SSH_KNOWN_HOSTS")]
    try:
        server_key = await asyncio.wait_for(asyncssh.get_server_host_key(host, port, config=None), timeout)
    except (OSError, asyncssh.Error, TimeoutError) as exc:
        fix = "check ETSTATS_SSH_HOST/ETSTATS_SSH_PORT, that sshd runs, and that no firewall blocks the port"
        return [*checks, Check.bad(f"source {name}: SSH connect to {label} failed ({exc or 'timed out'})", fix)]
    checks.append(Check.good(f"source {name}: SSH connect to {label}"))
    if server_key is None:
        return [*checks, Check.bad(f"source {name}: {label} showed no host key", "check the SSH server")]
    host_key = _host_key(name, label, host, port, known, server_key, known_path, spec.ssh_trust_on_first_use)
    checks.append(host_key)
    if not host_key.ok:
        return checks
    trusted = known if known_path.exists() and not spec.ssh_trust_on_first_use else None
    return checks + await _login_and_list(spec, label, key, trusted, server_key, timeout)


def _host_key(
    name: str,
    label: str,
    host: str,
    port: int,
    known: asyncssh.SSHKnownHosts,
    server_key: asyncssh.SSHKey,
    known_path: Path,
    trust_on_first_use: bool,
) -> Check:
    fingerprint = server_key.get_fingerprint()
    listed = asyncssh.match_known_hosts(known, host, host, None if port == 22 else port)[0]
    public = server_key.public_data
    if any(k.public_data == public for k in listed):
        return Check.good(f"source {name}: host key of {label} known ({fingerprint})")
    if listed:
        return Check.bad(
            f"source {name}: host key of {label} ({fingerprint}) differs from {known_path}",
            f"if the server was reinstalled, remove the old entry: ssh-keygen -R '{label}' -f {known_path}",
        )
    if trust_on_first_use:
        return Check.good(f"source {name}: host {label} unknown; trust on first use records {fingerprint} on first run")
    return Check.bad(
        f"source {name}: host {label} ({fingerprint}) is not in {known_path}",
        f"ssh-keyscan -p {port} {host} >> {known_path}, then compare the fingerprint with the server's",
    )


async def _login_and_list(
    spec: SourceSettings,
    label: str,
    key: asyncssh.SSHKey,
    known: asyncssh.SSHKnownHosts | None,
    server_key: asyncssh.SSHKey,
    timeout: float,
) -> list[Check]:
    name, path = spec.name, spec.remote_path
    accepted: asyncssh.SSHKnownHosts | tuple[list[asyncssh.SSHKey], list[asyncssh.SSHKey], list[asyncssh.SSHKey]]
    accepted = known if known is not None else ([server_key], [], [])
    try:
        conn = await asyncio.wait_for(
            asyncssh.connect(
                spec.ssh_host,
                spec.ssh_port,
                username=spec.ssh_user,
                client_keys=[key],
                known_hosts=accepted,
                agent_path=None,
                config=None,
            ),
            timeout,
        )
    except asyncssh.PermissionDenied:
        fix = f"add the public key of {spec.ssh_key} to ~{spec.ssh_user}/.ssh/authorized_keys on {spec.ssh_host}"
        return [Check.bad(f"source {name}: login as {spec.ssh_user}@{label} refused", fix)]
    except (OSError, asyncssh.Error, TimeoutError) as exc:
        return [Check.bad(f"source {name}: login to {label} failed ({exc or 'timed out'})", "check sshd's log")]
    checks = [Check.good(f"source {name}: logged in as {spec.ssh_user}@{label}")]
    try:
        async with conn, conn.start_sftp_client() as sftp:
            names = await asyncio.wait_for(sftp.listdir(path), timeout)
    except (OSError, asyncssh.Error, TimeoutError) as exc:
        reason = getattr(exc, "reason", None) or str(exc) or "timed out"
        fix = "set ETSTATS_REMOTE_PATH (or remote_path) to the gamestats folder, readable by that user"
        return [*checks, Check.bad(f"source {name}: cannot list {path} ({reason})", fix)]
    where = f"{label}:{path}"
    return [*checks, Check.good(f"source {name}: folder {where} listable"), _round_files(name, where, names)]
