"""Shared fixtures. The real corpus comes through one setting: ETSTATS_CORPUS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _corpus_dir() -> Path | None:
    value = os.environ.get("ETSTATS_CORPUS")
    if not value:
        return None
    path = Path(value)
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The folder of real round files; skipped with a reason where absent, failed in CI."""
    path = _corpus_dir()
    if path is None:
        message = "real corpus not found: set ETSTATS_CORPUS to the gamestats folder"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must not skip corpus tests)")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in corpus_dir.iterdir() if p.name.endswith(".txt"))
