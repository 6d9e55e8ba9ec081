"""Bad input never corrupts what is stored and never blocks the other files of a batch."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from etstats.store.importer import IncomingFile
from tests.store.helpers import dump, rows, run_batches, scalar

R1 = "2025-10-14-231545-erdenberg_t2-round-1.txt"
R2 = "2025-10-14-232419-erdenberg_t2-round-2.txt"
JUNK = "2025-10-14-233000-supply-round-1.txt"


def _by_name(files: list[IncomingFile]) -> dict[str, IncomingFile]:
    return {f.name: f for f in files}


def test_same_name_other_content_is_a_conflict(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    engine = new_engine()
    original = _by_name(corpus_incoming)[R1]
    run_batches(engine, [[original]])
    before = dump(engine)
    changed = IncomingFile(R1, original.data.replace(b"\\^3qmr\\", b"\\^3QMR\\"))
    [result] = run_batches(engine, [[changed]])
    [outcome] = result.files
    assert outcome.status == "failed" and outcome.error is not None
    assert R1 in outcome.error and "different file with this name" in outcome.error
    assert dump(engine) == before


def test_a_bad_file_fails_with_its_reason_and_the_rest_imports(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    engine = new_engine()
    files = _by_name(corpus_incoming)
    batch = [files[R1], IncomingFile(JUNK, b"this is not a round file\n"), files[R2]]
    [result] = run_batches(engine, [batch])
    status = {f.name: (f.status, f.error) for f in result.files}
    assert status[R1][0] == status[R2][0] == "imported"
    assert status[JUNK][0] == "failed" and "header has the wrong number of fields" in status[JUNK][1]
    assert scalar(engine, "SELECT count(*) FROM matches") == 1
    assert rows(engine, "SELECT status, attempts FROM files WHERE name = :n", n=JUNK) == [("failed", 1)]


def test_a_failed_file_imports_once_fixed(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    """A half-copied file fails; the complete copy under the same name imports later."""
    engine = new_engine()
    good = _by_name(corpus_incoming)[R1]
    run_batches(engine, [[IncomingFile(R1, good.data[:-10])]])
    [result] = run_batches(engine, [[good]])
    assert [f.status for f in result.files] == ["imported"]
    assert rows(engine, "SELECT status, attempts, error FROM files WHERE name = :n", n=R1) == [("imported", 2, None)]
    assert scalar(engine, "SELECT count(*) FROM player_round_stats") == 8


def test_the_same_name_twice_in_one_batch(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    """Two folders holding the same file: one import, one duplicate; different content: a conflict."""
    engine = new_engine()
    good = _by_name(corpus_incoming)[R1]
    other = IncomingFile(R1, good.data + good.data.split(b"\n", 1)[1])
    [result] = run_batches(engine, [[good, good, other]])
    assert sorted(f.status for f in result.files) == ["duplicate", "failed", "imported"]
    assert scalar(engine, "SELECT count(*) FROM rounds") == 1
    assert scalar(engine, "SELECT count(*) FROM files") == 1


def test_a_bad_name_fails_without_touching_the_database(new_engine: Callable[[], Engine]) -> None:
    engine = new_engine()
    before = dump(engine)
    [result] = run_batches(engine, [[IncomingFile("2025-10-14-231545-erdenberg_t2-round-1_ws.txt", b"x\n")]])
    [outcome] = result.files
    assert outcome.status == "failed" and "_ws" in (outcome.error or "")
    assert dump(engine) == before
