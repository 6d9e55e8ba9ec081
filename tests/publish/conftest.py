"""Fixtures for the publish tests: the fake Discord and a discord.py client logged in to it."""

from tests.fakes.discord_server import discord_client, discord_server

__all__ = ["discord_client", "discord_server"]
