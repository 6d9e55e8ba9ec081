"""A wrong setting stops the command with exit 2 and one line naming it, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import etstats
from tests.cli.runner import Runner


@pytest.mark.parametrize(
    "name, value",
    [
        ("ETSTATS_POLL_SECONDS", "abc"),
        ("ETSTATS_LIVE_SECONDS", "4"),
        ("ETSTATS_DATABASE_URL", "nonsense"),
        ("ETSTATS_DATABASE_URL", "nonsense://host/db"),
        ("ETSTATS_DATABASE_URL", "sqlite:////no/such/folder/etstats.db"),
        ("ETSTATS_CONFIG", "/no/such/etstats.toml"),
    ],
)
@pytest.mark.parametrize("command", [("matches", "--json"), ("import", ".", "--json")])
def test_bad_setting(
    etstats: Runner, monkeypatch: pytest.MonkeyPatch, name: str, value: str, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv(name, value)
    run = etstats(*command)
    assert run.code == 2
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert name in lines[0] and "Traceback" not in run.err


def test_version_via_python_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "etstats", "--version"], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"etstats {etstats.__version__}"


def test_bad_setting_in_a_real_process_prints_only_that_line(tmp_path: Path) -> None:
    """Nothing else on stderr either: no log lines of libraries imported on the way."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ETSTATS_")}
    env["ETSTATS_POLL_SECONDS"] = "abc"
    result = subprocess.run(
        [sys.executable, "-m", "etstats", "matches"], capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env
    )
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("etstats: setting ETSTATS_POLL_SECONDS: ") and "'abc'" in line
