"""Where the game-server Lua module ships inside the package, and how an admin enables it."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

LUA_MODULE_NAME = "etstats_live.lua"


def lua_module_path() -> Path:
    """The installed ``etstats_live.lua`` (a real file: setuptools installs package data unzipped)."""
    return Path(str(files("etstats.gameserver").joinpath("lua", LUA_MODULE_NAME)))


def lua_instructions(path: Path) -> str:
    """What ``etstats lua`` prints: the file, and the lines that load it beside c0rnp0rn."""
    return "\n".join(
        [
            str(path),
            "",
            "To enable it on the game server:",
            f"  1. copy {LUA_MODULE_NAME} into the mod folder, e.g. <fs_homepath>/legacy/",
            "  2. add it to lua_modules in the server config, next to c0rnp0rn, e.g.",
            f'       set lua_modules "c0rnp0rn.lua {LUA_MODULE_NAME}"',
            "  3. restart the map (or the server).",
            "",
            "Every 5 seconds (cvar etstats_live_seconds) it replaces live-<net_port>.json in the",
            "gamestats folder c0rnp0rn writes round files to; etstats picks it up with no new setting.",
        ]
    )
