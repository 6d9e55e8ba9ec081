"""``etstats lua``: the installed module's path and the line that enables it."""

from __future__ import annotations

from pathlib import Path

from tests.cli.runner import Runner


def test_lua_prints_the_module_path_and_how_to_enable_it(etstats: Runner) -> None:
    run = etstats("lua")
    assert run.code == 0
    path = Path(run.out.splitlines()[0])
    assert path.name == "etstats_live.lua" and path.is_file()
    assert "function et_RunFrame" in path.read_text(encoding="utf-8")
    assert 'set lua_modules "c0rnp0rn.lua etstats_live.lua"' in run.out
