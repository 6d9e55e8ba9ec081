"""The monitor's SFTP tests reuse the real sshd fixture of the source tests."""

from tests.sources.conftest import sshd

__all__ = ["sshd"]
from tests.fakes.discord_server import discord_client, discord_server

__all__ += ["discord_client", "discord_server"]
