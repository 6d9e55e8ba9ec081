"""``etstats check`` against real parts: SQLite and PostgreSQL, a real sshd, the Discord and game-server stand-ins."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import asyncssh
import discord
import pytest

from etstats.cli.check.run import run_checks
from etstats.config import load_settings
from etstats.store.database import open_database
from tests.cli.runner import Runner
from tests.fakes.discord_server import FakeDiscord, discord_server
from tests.fakes.game_server import FakeGameServer, game_server
from tests.pg_server import PostgresServer, free_port
from tests.sources.conftest import sshd
from tests.sources.sshd_server import SshdServer

__all__ = ["discord_server", "game_server", "sshd"]

R1 = "2025-10-14-231545-erdenberg_t2-round-1.txt"


def _lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line[:1] in "✓✗"]


def test_a_local_set_up_before_the_first_run_is_fine_and_nothing_is_created(
    etstats: Runner, tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "gamestats").mkdir()
    shutil.copy(corpus_dir / R1, tmp_path / "gamestats" / R1)
    monkeypatch.setenv("ETSTATS_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    result = etstats("check")
    assert result.code == 0, result.out
    assert _lines(result.out) == [
        f"✓ database sqlite:///{tmp_path / 'new.db'}: not there yet; the first etstats run creates it",
        "✓ source local: folder gamestats listable",
        f"✓ source local: 1 round files in gamestats, newest {R1}",
    ]
    assert not (tmp_path / "new.db").exists()


def test_a_missing_folder_and_an_empty_one_are_failures_with_fixes(
    etstats: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ETSTATS_WATCH_DIR", str(tmp_path / "nowhere"))
    missing = etstats("check")
    assert missing.code == 1
    assert f"✗ source local: cannot list {tmp_path / 'nowhere'} (No such file or directory)" in missing.out
    assert "fix: set ETSTATS_WATCH_DIR" in missing.out
    (tmp_path / "nowhere").mkdir()
    empty = etstats("check")
    assert empty.code == 1
    assert "✗ source local: no round files in" in empty.out


def test_postgresql_reachable_current_and_unreachable(
    etstats: Runner, monkeypatch: pytest.MonkeyPatch, postgres: PostgresServer, tmp_path: Path
) -> None:
    (tmp_path / "gamestats").mkdir()
    url = postgres.new_database()
    monkeypatch.setenv("ETSTATS_DATABASE_URL", url)
    empty = etstats("check")
    assert "reachable and empty; the first etstats run creates the tables" in empty.out
    open_database(url).dispose()
    current = etstats("check")
    assert _lines(current.out)[0].startswith("✓ database postgresql+psycopg://") and "schema current" in current.out
    monkeypatch.setenv("ETSTATS_DATABASE_URL", f"postgresql+psycopg://etstats:hunter2@127.0.0.1:{free_port()}/x")
    down = etstats("check")
    assert down.code == 1
    assert _lines(down.out)[0].startswith("✗ database postgresql+psycopg://etstats:***@127.0.0.1:")
    assert "hunter2" not in down.out


def _sftp_env(monkeypatch: pytest.MonkeyPatch, sshd: SshdServer, **extra: Any) -> None:
    values = {
        "ETSTATS_SSH_HOST": "127.0.0.1",
        "ETSTATS_SSH_PORT": str(sshd.port),
        "ETSTATS_SSH_USER": sshd.user,
        "ETSTATS_SSH_KEY": str(sshd.user_key_path),
        "ETSTATS_SSH_KNOWN_HOSTS": str(sshd.known_hosts_path),
        "ETSTATS_REMOTE_PATH": str(sshd.remote_dir),
        "ETSTATS_SOURCE_NAME": "eu",
    }
    values.update(extra)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


@pytest.mark.sshd
def test_an_sftp_source_that_works(
    etstats: Runner, monkeypatch: pytest.MonkeyPatch, sshd: SshdServer, corpus_dir: Path
) -> None:
    shutil.copy(corpus_dir / R1, sshd.remote_dir / R1)
    _sftp_env(monkeypatch, sshd)
    result = etstats("check")
    label = f"[127.0.0.1]:{sshd.port}"
    assert result.code == 0, result.out
    assert _lines(result.out)[1:] == [
        f"✓ source eu: private key {sshd.user_key_path} readable",
        f"✓ source eu: SSH connect to {label}",
        f"✓ source eu: host key of {label} known ({sshd.host_key.get_fingerprint()})",
        f"✓ source eu: logged in as {sshd.user}@{label}",
        f"✓ source eu: folder {label}:{sshd.remote_dir} listable",
        f"✓ source eu: 1 round files in {label}:{sshd.remote_dir}, newest {R1}",
    ]


@pytest.mark.sshd
def test_an_unknown_host_key_is_a_failure_and_trust_on_first_use_writes_nothing(
    etstats: Runner, monkeypatch: pytest.MonkeyPatch, sshd: SshdServer, tmp_path: Path
) -> None:
    empty = tmp_path / "known_hosts"
    empty.write_text("")
    _sftp_env(monkeypatch, sshd, ETSTATS_SSH_KNOWN_HOSTS=str(empty))
    strict = etstats("check")
    assert strict.code == 1
    assert f"✗ source eu: host [127.0.0.1]:{sshd.port} ({sshd.host_key.get_fingerprint()}) is not in {empty}" in (
        strict.out
    )
    assert f"fix: ssh-keyscan -p {sshd.port} 127.0.0.1 >> {empty}" in strict.out
    monkeypatch.setenv("ETSTATS_SSH_TRUST_ON_FIRST_USE", "true")
    trusting = etstats("check")
    assert "unknown; trust on first use records" in trusting.out
    assert "✓ source eu: logged in as" in trusting.out
    assert empty.read_text() == ""


@pytest.mark.sshd
def test_a_changed_host_key_a_refused_key_and_a_wrong_folder(
    etstats: Runner, monkeypatch: pytest.MonkeyPatch, sshd: SshdServer, tmp_path: Path
) -> None:
    stranger = tmp_path / "other_key"
    stranger.write_bytes(asyncssh.generate_private_key("ssh-ed25519").export_private_key())
    _sftp_env(monkeypatch, sshd, ETSTATS_SSH_KEY=str(stranger))
    refused = etstats("check")
    assert f"✗ source eu: login as {sshd.user}@[127.0.0.1]:{sshd.port} refused" in refused.out
    assert "authorized_keys" in refused.out
    _sftp_env(monkeypatch, sshd, ETSTATS_REMOTE_PATH="/no/such/folder")
    wrong = etstats("check")
    assert "✗ source eu: cannot list /no/such/folder" in wrong.out
    assert "fix: set ETSTATS_REMOTE_PATH" in wrong.out
    _sftp_env(monkeypatch, sshd)
    sshd.replace_host_key()
    changed = etstats("check")
    assert f"differs from {sshd.known_hosts_path}" in changed.out
    assert "ssh-keygen -R" in changed.out
    assert "logged in" not in changed.out
    sshd.stop()
    down = etstats("check")
    assert down.code == 1
    assert f"✗ source eu: SSH connect to [127.0.0.1]:{sshd.port} failed" in down.out


def _settings(tmp_path: Path, **values: Any):  # type: ignore[no-untyped-def]
    (tmp_path / "gamestats").mkdir(exist_ok=True)
    return load_settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", watch_dir=tmp_path / "gamestats", **values)


async def _discord_lines(tmp_path: Path, **values: Any) -> list[str]:
    checks = await run_checks(_settings(tmp_path, **values))
    return [c.line() for c in checks if c.what.startswith("Discord")]


async def test_discord_webhook_and_bot_channel(tmp_path: Path, discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel("round-stats")
    webhook = discord_server.add_webhook(channel)
    api = discord_server.base_url
    good = await _discord_lines(
        tmp_path,
        sink="webhook,discord",
        discord_webhook_url=webhook,
        discord_token=discord_server.token,
        discord_channel_id=channel,
        discord_api_base=api,
    )
    assert good == [
        f"✓ Discord webhook valid, posts to channel {channel} as 'etstats'",
        "✓ Discord bot token valid (etstats-test)",
        f"✓ Discord channel #round-stats ({channel}) writable",
    ]
    discord_server.deny_everyone(channel, discord.Permissions(send_messages=True))
    bad = await _discord_lines(
        tmp_path,
        sink="webhook,discord",
        discord_webhook_url=webhook.rsplit("/", 1)[0] + "/wrong-token",
        discord_token=discord_server.token,
        discord_channel_id=channel,
        discord_api_base=api,
    )
    assert bad[0].startswith("✗ Discord webhook refused (HTTP 404)")
    assert bad[2].startswith(f"✗ Discord channel #round-stats ({channel}): the bot lacks send_messages")
    wrong_token = await _discord_lines(tmp_path, sink="discord", discord_token="nope", discord_api_base=api)
    assert wrong_token[0].startswith("✗ Discord bot token refused (HTTP 401)")
    assert not [r for r in discord_server.requests if r.method != "GET"], "check must only read"


async def test_game_server_answers_or_not(tmp_path: Path, game_server: FakeGameServer) -> None:
    checks = await run_checks(_settings(tmp_path, game_host="127.0.0.1", game_port=game_server.port))
    assert checks[-1].line() == f"✓ game server local (127.0.0.1:{game_server.port}) answers: supply, 12/20 players"
    async with FakeGameServer(None) as silent:
        checks = await run_checks(_settings(tmp_path, game_host="127.0.0.1", game_port=silent.port))
    assert not checks[-1].ok
    assert checks[-1].fix is not None and "ETSTATS_GAME_HOST" in checks[-1].fix
