"""Host-key trust: unlisted hosts are refused unless trust on first use, changed keys always."""

from __future__ import annotations

from pathlib import Path

import asyncssh

from etstats.sources.host_keys import HostKeyPolicy

HOST, ADDR, PORT = "game.example", "192.0.2.7", 2222


def test_an_unlisted_host_is_refused_with_the_command_that_adds_it(tmp_path: Path) -> None:
    policy = HostKeyPolicy(tmp_path / "known_hosts", trust_on_first_use=False)
    key = asyncssh.generate_private_key("ssh-ed25519")
    refusal = policy.refusal(policy.read(), HOST, ADDR, PORT, key)
    assert refusal is not None
    assert f"ssh-keyscan -p {PORT} {HOST} >> {tmp_path / 'known_hosts'}" in refusal
    assert key.get_fingerprint() in refusal


def test_trust_on_first_use_records_the_key_and_then_refuses_another(tmp_path: Path) -> None:
    path = tmp_path / "new" / "known_hosts"
    policy = HostKeyPolicy(path, trust_on_first_use=True)
    first = asyncssh.generate_private_key("ssh-ed25519")
    assert policy.refusal(policy.read(), HOST, ADDR, PORT, first) is None
    policy.record(HOST, PORT, first)
    assert path.read_text().startswith(f"[{HOST}]:{PORT} ssh-ed25519 ")
    other = asyncssh.generate_private_key("ssh-ed25519")
    refusal = policy.refusal(policy.read(), HOST, ADDR, PORT, other)
    assert refusal is not None and "does not match" in refusal and f"ssh-keygen -R '[{HOST}]:{PORT}'" in refusal
