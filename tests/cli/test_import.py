"""``etstats import PATH... --json``: the summary, the exit code, and what a folder contributes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from etstats.cli import bulk_import
from tests.cli.runner import Runner

PAIR = ("2025-10-14-231545-erdenberg_t2-round-1.txt", "2025-10-14-232419-erdenberg_t2-round-2.txt")


def _summary(run_out: str) -> dict:
    data = json.loads(run_out)
    assert set(data) == {"imported", "duplicates", "failed"}
    return data


def test_folder_import_skips_siblings_silently(etstats: Runner, corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "gamestats"
    (folder / "old").mkdir(parents=True)
    shutil.copy(corpus_dir / PAIR[0], folder)
    shutil.copy(corpus_dir / PAIR[1], folder / "old")
    (folder / "2025-10-14-231545-erdenberg_t2-round-1_ws.txt").write_bytes(b"652EB4A6\tqmr\t1\t1\t\n")
    (folder / "2025-10-14-232419-erdenberg_t2-round-2-endstats.txt").write_bytes(b"award\tqmr\t3\n")
    (folder / "notes.txt").write_text("not a round\n")
    run = etstats("import", folder, "--json")
    assert run.code == 0, run.err
    assert _summary(run.out) == {"imported": 2, "duplicates": 0, "failed": []}
    matches = json.loads(etstats("matches", "--json").out)
    assert [(m["round1_file"], m["round2_file"]) for m in matches] == [PAIR]


def test_reimport_reports_duplicates(etstats: Runner, corpus_dir: Path) -> None:
    files = [corpus_dir / name for name in PAIR]
    assert _summary(etstats("import", *files, "--json").out)["imported"] == 2
    again = etstats("import", *files, "--json")
    assert again.code == 0 and _summary(again.out) == {"imported": 0, "duplicates": 2, "failed": []}


def test_a_junk_round_file_fails_the_run_but_not_the_others(etstats: Runner, corpus_dir: Path, tmp_path: Path) -> None:
    junk = tmp_path / "2025-10-14-233000-supply-round-1.txt"
    junk.write_bytes(b"\x00\x01junk\n")
    run = etstats("import", corpus_dir / PAIR[0], junk, corpus_dir / PAIR[1], "--json")
    assert run.code == 1
    summary = _summary(run.out)
    assert summary["imported"] == 2 and summary["duplicates"] == 0
    [failure] = summary["failed"]
    assert set(failure) == {"file", "error"}
    assert failure["file"] == junk.name and "binary content" in failure["error"]


def test_a_named_file_that_is_no_round_file_is_reported(etstats: Runner, tmp_path: Path) -> None:
    other = tmp_path / "2025-10-14-231545-erdenberg_t2-round-1_ws.txt"
    other.write_bytes(b"x\n")
    missing = tmp_path / "missing-folder"
    run = etstats("import", other, missing, "--json")
    assert run.code == 1
    failed = {f["file"]: f["error"] for f in _summary(run.out)["failed"]}
    assert set(failed) == {str(other), str(missing)}
    assert "_ws" in failed[str(other)] and "no such file" in failed[str(missing)]


def test_plain_output_without_json(etstats: Runner, corpus_dir: Path) -> None:
    run = etstats("import", corpus_dir / PAIR[0])
    assert run.code == 0 and run.out.startswith("imported 1, duplicates 0, failed 0")


def test_a_file_larger_than_any_round_is_refused_unread(etstats: Runner, corpus_dir: Path, tmp_path: Path) -> None:
    huge = tmp_path / "2025-10-14-230000-supply-round-1.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    run = etstats("import", huge, corpus_dir / PAIR[0], "--json")
    assert run.code == 1
    summary = _summary(run.out)
    assert summary["imported"] == 1
    (failure,) = summary["failed"]
    assert failure["file"] == str(huge) and "52,428,800 bytes" in failure["error"] and "not read" in failure["error"]


def test_a_long_import_reports_progress_in_plain_lines_when_not_on_a_terminal(
    etstats: Runner, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_import, "IMPORT_BATCH", 50)
    run = etstats("import", corpus_dir)
    assert run.code == 0, run.err
    assert run.err.splitlines() == [f"importing: {done}/201 files" for done in (50, 100, 150, 200, 201)]
    assert run.out.startswith("imported 201, duplicates 0, failed 0")
