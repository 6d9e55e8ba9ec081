"""Cogs: only the Discord side of each command; the answers are built in :mod:`etstats.bot.answers`."""
