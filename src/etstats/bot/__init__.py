"""Discord glue: the bot, its cogs and permission checks. Each command calls plain functions."""
