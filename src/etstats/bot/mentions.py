"""Discord's way of naming a user in a command argument: a mention or a bare snowflake."""

from __future__ import annotations

import re

_DISCORD_USER = re.compile(r"^(?:<@!?(\d{15,21})>|(\d{15,21}))$")


def discord_user_id(text: str) -> str | None:
    """The user id in a mention (``<@123…>``) or a bare snowflake, else None."""
    match = _DISCORD_USER.match(text.strip())
    return None if match is None else match.group(1) or match.group(2)
