"""A stand-in ET: Legacy game for the Lua module: the ``et`` table, entities, and a round played.

The module runs under real Lua 5.4 (lupa). The stand-in answers only the API the module
may use (``trap_Cvar_Get``, ``trap_GetConfigstring``, ``gentity_get``, ``trap_Milliseconds``);
any other ``et`` function the module tried would be missing and fail the test. A round is
played frame by frame (50 ms, sv_fps 20) with seeded fights: damage, kills, gibs, respawns;
``et_Damage`` and ``et_Obituary`` are called as the game would, when the module defines them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lupa.lua54 as lua54

from etstats.gameserver.lua_module import lua_module_path

FRAME_MS = 50
CS_LEVEL_START_TIME = 11
CS_MULTI_INFO = 13
CON_CONNECTED = 2
TEAM_AXIS, TEAM_ALLIES, TEAM_SPECTATOR = 1, 2, 3
RESPAWN_MS = 4000
MAP_LIMIT_MIN = 10.0
ALLOWED_ET_FUNCTIONS = ("trap_Cvar_Get", "trap_GetConfigstring", "gentity_get", "trap_Milliseconds")


@dataclass
class Player:
    slot: int
    name: str
    team: int
    kills: int = 0
    deaths: int = 0
    damage_given: int = 0
    damage_received: int = 0
    gibs: int = 0
    health: int = 100
    dead_since: int | None = None

    def field(self, name: str) -> Any:
        return {
            "pers.connected": CON_CONNECTED,
            "pers.netname": self.name,
            "sess.sessionTeam": self.team,
            "sess.kills": self.kills,
            "sess.deaths": self.deaths,
            "sess.damage_given": self.damage_given,
            "sess.damage_received": self.damage_received,
            "sess.gibs": self.gibs,
            "health": self.health,
        }[name]


@dataclass
class StandInGame:
    """One game server process: cvars, config strings, players and the loaded module."""

    homepath: Path
    port: int = 27960
    hostname: str = "^1ET ^7Stand-in"
    map: str = "supply"
    seed: int = 12
    players: dict[int, Player] = field(default_factory=dict)
    cvars: dict[str, str] = field(default_factory=dict)
    configstrings: dict[int, str] = field(default_factory=dict)
    level_time: int = 0
    hook_results: list[Any] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=dict)
    folder: Path | None = None
    """Where the gamestats folder really is (e.g. the test sshd's remote folder); linked in."""

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.cvars.update(
            {
                "fs_homepath": str(self.homepath),
                "fs_game": "legacy",
                "net_port": str(self.port),
                "sv_hostname": self.hostname,
                "sv_maxclients": "24",
                "mapname": self.map,
                "g_currentRound": "0",
                "g_nextTimeLimit": "0",
                "timelimit": str(MAP_LIMIT_MIN),
                "gamestate": "2",
            }
        )
        self.configstrings[CS_MULTI_INFO] = "\\numobjectives\\3\\d\\0"
        self.lua = lua54.LuaRuntime(unpack_returned_tuples=True)
        self.lua.globals()["et"] = self.lua.table_from({name: self._counted(name) for name in ALLOWED_ET_FUNCTIONS})
        self.lua.execute(lua_module_path().read_text(encoding="utf-8"))
        if self.folder is not None:
            self.gamestats.parent.mkdir(parents=True, exist_ok=True)
            self.folder.mkdir(parents=True, exist_ok=True)
            self.gamestats.symlink_to(self.folder, target_is_directory=True)
        self.gamestats.mkdir(parents=True, exist_ok=True)

    @property
    def gamestats(self) -> Path:
        return self.homepath / "legacy" / "gamestats"

    @property
    def live_file(self) -> Path:
        return self.gamestats / f"live-{self.port}.json"

    def _counted(self, name: str) -> Any:
        function = getattr(self, f"_{name}")

        def call(*args: Any) -> Any:
            self.calls[name] = self.calls.get(name, 0) + 1
            return function(*args)

        return call

    def _trap_Cvar_Get(self, name: str) -> str:
        return self.cvars.get(name, "")

    def _trap_GetConfigstring(self, index: int) -> str:
        return self.configstrings.get(index, "")

    def _gentity_get(self, slot: int, name: str) -> Any:
        player = self.players.get(slot)
        if player is None:
            return 0 if name == "pers.connected" else None
        return player.field(name)

    def _trap_Milliseconds(self) -> int:
        return self.level_time

    def hook(self, name: str, *args: Any) -> Any:
        function = self.lua.globals()[name]
        if function is None:
            return None
        result = function(*args)
        self.hook_results.append((name, result))
        return result

    def add_players(self, count: int) -> None:
        for slot in range(count):
            team = TEAM_AXIS if slot % 2 == 0 else TEAM_ALLIES
            self.players[slot] = Player(slot, f"^{slot % 10}player{slot}", team)

    def init_game(self, *, round_number: int = 1, time_to_beat_min: float | None = None) -> None:
        """Load a map into warmup; Round 2 gets the stopwatch clock (the time to beat)."""
        self.cvars["g_currentRound"] = str(round_number - 1)
        if time_to_beat_min is not None:
            self.cvars["g_nextTimeLimit"] = str(time_to_beat_min)
            self.cvars["timelimit"] = str(time_to_beat_min)
        self.cvars["gamestate"] = "2"
        self.hook("et_InitGame", self.level_time, 1234, 0)

    def start_round(self) -> None:
        self.cvars["gamestate"] = "0"
        self.configstrings[CS_LEVEL_START_TIME] = str(self.level_time)

    def end_round(self) -> None:
        self.cvars["gamestate"] = "3"

    def shutdown(self) -> None:
        self.hook("et_ShutdownGame", 0)

    def frame(self) -> None:
        self.level_time += FRAME_MS
        self.hook("et_RunFrame", self.level_time)

    def fight(self) -> None:
        """One frame of play: now and then someone hits an enemy; the dead respawn."""
        for player in self.players.values():
            if player.dead_since is not None and self.level_time - player.dead_since >= RESPAWN_MS:
                player.health, player.dead_since = 100, None
        if self.rng.random() > 0.3:
            return
        alive = [p for p in self.players.values() if p.health > 0 and p.team in (TEAM_AXIS, TEAM_ALLIES)]
        attacker = self.rng.choice(alive) if alive else None
        targets = [p for p in alive if attacker is not None and p.team != attacker.team]
        if attacker is None or not targets:
            return
        target = self.rng.choice(targets)
        damage = self.rng.randint(10, 60)
        attacker.damage_given += damage
        target.damage_received += damage
        target.health -= damage
        self.hook("et_Damage", target.slot, attacker.slot, damage, 0, 8)
        if target.health <= 0:
            attacker.kills += 1
            target.deaths += 1
            target.dead_since = self.level_time
            if self.rng.random() < 0.2:
                attacker.gibs += 1
            self.hook("et_Obituary", target.slot, attacker.slot, 8)

    def play(self, seconds: float, *, fights: bool = True) -> None:
        for _ in range(int(seconds * 1000 / FRAME_MS)):
            if fights:
                self.fight()
            self.frame()
