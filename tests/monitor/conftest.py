"""Every monitor test runs on SQLite and on PostgreSQL; the SFTP ones reuse the source tests' real sshd."""

import pytest

from tests.fakes.discord_server import discord_client, discord_server
from tests.sources.conftest import sshd

__all__ = ["discord_client", "discord_server", "sshd"]


@pytest.fixture(autouse=True)
def database_url(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The service (in-process or started as ``etstats run``) finds its database through the environment."""
    monkeypatch.setenv("ETSTATS_DATABASE_URL", db_url)
    return db_url
