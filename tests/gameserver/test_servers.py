"""Which servers are queried: per source, or ETSTATS_GAME_HOST tied to the one source there is."""

from __future__ import annotations

from pathlib import Path

import pytest

from etstats.config import Settings, SourceSettings, load_settings
from etstats.gameserver import GameServer, game_servers


def test_no_game_host_means_no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ETSTATS_GAME_HOST", raising=False)
    assert game_servers(load_settings()) == []


def test_the_global_address_belongs_to_the_only_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ETSTATS_GAME_HOST", "et.example.org")
    monkeypatch.setenv("ETSTATS_SOURCE_NAME", "game_1")
    settings = load_settings()
    assert settings.game_port == 27960
    assert game_servers(settings) == [GameServer("game_1", "et.example.org", 27960, "game_1")]


def test_sources_name_their_own_servers_from_the_toml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ETSTATS_GAME_HOST", raising=False)
    config = tmp_path / "etstats.toml"
    config.write_text(
        '[[sources]]\nname = "eu"\npath = "eu"\ngame_host = "eu.example.org"\ngame_port = 27961\n\n'
        '[[sources]]\nname = "us"\npath = "us"\n',
        encoding="utf-8",
    )
    settings = load_settings(config=config, status_channel_id=5, status_seconds=30, milestones=True)
    assert game_servers(settings) == [GameServer("eu", "eu.example.org", 27961, "eu")]
    assert (settings.status_channel_id, settings.status_seconds, settings.milestones) == (5, 30, True)


def test_with_several_sources_the_global_address_belongs_to_none() -> None:
    sources = [SourceSettings(name="a"), SourceSettings(name="b")]
    settings = Settings(sources=sources, game_host="10.0.0.5", game_port=27970)
    assert game_servers(settings) == [GameServer("10.0.0.5", "10.0.0.5", 27970, None)]
    assert game_servers(settings)[0].address == "10.0.0.5:27970"
