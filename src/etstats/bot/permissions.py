"""Who may run admin commands: holders of the configured role, or of Manage Server."""

from __future__ import annotations

from typing import Any

ADMIN_REFUSAL = "Only admins can do that: it needs the admin role or the Manage Server permission."


def is_admin(author: Any, admin_role: str | None) -> bool:
    """True for a guild member with Manage Server or the admin role (given by id or by name).

    A user outside a guild (a direct message) has neither permissions nor roles, so
    the attributes are looked up leniently and such a user is never an admin.
    """
    permissions = getattr(author, "guild_permissions", None)
    if permissions is not None and permissions.manage_guild:
        return True
    if not admin_role:
        return False
    wanted = admin_role.strip()
    for role in getattr(author, "roles", ()):
        if str(role.id) == wanted or role.name.casefold() == wanted.casefold():
            return True
    return False
