"""A post Discord keeps refusing as malformed is held, the posts behind it go on, and resend retries it."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest

from etstats.app import serve
from etstats.cli import main
from etstats.monitor import outbox
from etstats.store.status_queries import read_status
from tests.fakes.discord_server import FakeDiscord
from tests.monitor.helpers import R1, R2, drop, service_settings


async def test_a_refused_post_is_held_and_resend_puts_it_back(
    tmp_path: Path,
    corpus_dir: Path,
    discord_server: FakeDiscord,
    discord_client: discord.Client,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(outbox, "HOLD_AFTER", 1)
    channel = discord_server.add_channel()
    settings = service_settings(
        tmp_path, sink="discord", discord_channel_id=channel, discord_api_base=discord_server.base_url
    )
    drop(corpus_dir, tmp_path / "gamestats", R1)
    drop(corpus_dir, tmp_path / "gamestats", R2)
    discord_server.fail_next(1, status=400, message="Invalid Form Body", code=50035)
    await serve(settings, once=True, discord_client=discord_client)
    titles = [m["embeds"][0]["title"] for m in discord_server.messages(channel)]
    assert titles == ["Round 2 — erdenberg_t2"]
    (held,) = read_status(settings.database_url).held
    assert held.key == f"round1:local:{R1.removesuffix('.txt')}" and "Invalid Form Body" in held.error

    monkeypatch.setenv("ETSTATS_DATABASE_URL", settings.database_url)
    assert main(["resend"]) == 0
    assert "1 held deliveries put back in line" in capsys.readouterr().out
    await serve(settings, once=True, discord_client=discord_client)
    titles = [m["embeds"][0]["title"] for m in discord_server.messages(channel)]
    assert titles == ["Round 2 — erdenberg_t2", "Round 1 — erdenberg_t2"]
    assert read_status(settings.database_url).held == []
