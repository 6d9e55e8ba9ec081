"""What the game-server Lua module costs per server frame, averaged over a round with 20 players.

Runs ``etstats_live.lua`` under Lua 5.4 (lupa) against the tests' stand-in game, plays a
10-minute round at 20 frames per second with fights, and times only the ``et_RunFrame``
calls (the fights are simulated between them). The stand-in's ``et`` functions are
Python callbacks, slower than the engine's C functions, so the figure is an upper bound.
The cost of calling an empty Lua function from Python is shown apart and subtracted.

    .venv/bin/python benchmarks/lua_frame_cost.py [--players 20] [--minutes 10]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.gameserver.lua_game import FRAME_MS, StandInGame  # noqa: E402

TARGET_US = 20.0


def _call_overhead_ns(game: StandInGame, frames: int) -> float:
    game.lua.execute("function etstats_bench_empty(level_time) end")
    empty = game.lua.globals()["etstats_bench_empty"]
    started = time.perf_counter_ns()
    for level_time in range(frames):
        empty(level_time)
    return (time.perf_counter_ns() - started) / frames


def measure(players: int, minutes: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        game = StandInGame(Path(folder))
        game.add_players(players)
        game.init_game()
        game.start_round()
        run_frame = game.lua.globals()["et_RunFrame"]
        frames = int(minutes * 60_000 / FRAME_MS)
        spent = 0
        slowest = 0
        for _ in range(frames):
            game.fight()
            game.level_time += FRAME_MS
            started = time.perf_counter_ns()
            run_frame(game.level_time)
            took = time.perf_counter_ns() - started
            spent += took
            slowest = max(slowest, took)
        overhead = _call_overhead_ns(game, frames)
        writes = game.calls.get("trap_GetConfigstring", 0) // 2
    per_frame = spent / frames / 1000
    net = per_frame - overhead / 1000
    print(f"{players} players, {minutes:g} min round, {frames} frames, {writes} live-file writes")
    print(f"  per frame (averaged): {per_frame:7.2f} µs measured, {net:7.2f} µs without the Python→Lua call")
    print(f"  slowest frame (a write): {slowest / 1000:7.1f} µs")
    verdict = "meets" if net <= TARGET_US else "MISSES"
    print(f"  target ≤ {TARGET_US:g} µs per frame: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    measure(args.players, args.minutes)


if __name__ == "__main__":
    main()
