"""Run ``etstats`` in-process against a database file in tmp_path, with a clean environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etstats.cli import main
from tests.cli.runner import Run, Runner


@pytest.fixture
def etstats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    """``etstats(*argv) -> Run``; settings come only from what the test sets."""
    for name in list(os.environ):
        if name.startswith("ETSTATS_") and name != "ETSTATS_CORPUS":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ETSTATS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")

    def run(*argv: str | Path) -> Run:
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
