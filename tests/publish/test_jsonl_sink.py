import json
from datetime import datetime
from pathlib import Path

import pytest

from etstats.publish.post import SinkError
from etstats.publish.sinks import jsonl
from etstats.publish.sinks.jsonl import JsonlSink, read_records
from tests.publish.helpers import make_post, many_embeds

KEYS = {"key", "kind", "source", "map", "round_files", "created_at", "content", "embeds", "attachments"}


async def test_each_post_is_one_parseable_line(tmp_path: Path) -> None:
    path = tmp_path / "out" / "posts.jsonl"
    sink = JsonlSink(path)
    first = (await sink.send(make_post("k1", content="héllo"))).receipt
    second = (await sink.send(make_post("k2"))).receipt
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert all(set(r) == KEYS for r in records)
    assert [r["key"] for r in records] == ["k1", "k2"]
    assert records[0]["content"] == "héllo"
    assert datetime.fromisoformat(records[0]["created_at"]).tzinfo is not None
    assert records[0]["attachments"] == [{"filename": "chart.png", "size": 264}]
    assert records[0]["embeds"][0]["title"] == "Supply · Round 1"
    assert first == f"jsonl:{path}#0"
    assert second == f"jsonl:{path}#{len(lines[0].encode()) + 1}"


async def test_unserialisable_post_is_a_permanent_error(tmp_path: Path) -> None:
    sink = JsonlSink(tmp_path / "posts.jsonl")
    with pytest.raises(SinkError) as caught:
        await sink.send(make_post(embeds=[{"title": object()}]))
    assert caught.value.permanent


async def test_unwritable_path_is_a_retryable_error(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    with pytest.raises(SinkError) as caught:
        await JsonlSink(tmp_path / "blocker" / "posts.jsonl").send(make_post())
    assert not caught.value.permanent


async def test_a_key_already_in_the_file_is_not_written_twice(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    await JsonlSink(path).send(make_post("round1:a"))
    again = JsonlSink(path)
    await again.send(make_post("round1:a"))
    await again.send(make_post("round1:b"))
    keys = [json.loads(line)["key"] for line in path.read_text().splitlines()]
    assert keys == ["round1:a", "round1:b"]


async def test_a_torn_last_line_is_cut_before_appending(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    await JsonlSink(path).send(make_post("round1:a"))
    with path.open("ab") as file:
        file.write(b'{"key": "round2:a", "kin')
    await JsonlSink(path).send(make_post("round2:a"))
    lines = path.read_text().splitlines()
    assert [json.loads(line)["key"] for line in lines] == ["round1:a", "round2:a"]


async def test_a_record_is_one_write_of_the_whole_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader never finds a line the sink wrote in pieces: one write call per record, then sync."""
    writes: list[bytes] = []
    real_write = jsonl.os.write

    def spy(fd: int, data: bytes) -> int:
        writes.append(bytes(data))
        return real_write(fd, data)

    monkeypatch.setattr(jsonl.os, "write", spy)
    path = tmp_path / "posts.jsonl"
    big = make_post("round2:big", embeds=many_embeds(10) * 40)
    await JsonlSink(path).send(big)
    (written,) = writes
    assert written.endswith(b"\n") and written.count(b"\n") == 1 and len(written) > 16384
    assert written == path.read_bytes()


def test_readers_skip_a_partial_last_line(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_bytes(b'{"key": "round1:a"}\n{"key": "round2:a"}\n{"key": "map:a", "emb')
    assert [r["key"] for r in read_records(path)] == ["round1:a", "round2:a"]
    path.write_bytes(b'{"key": "round1:a"}\n{"key": "round2:a"}\n')
    assert [r["key"] for r in read_records(path)] == ["round1:a", "round2:a"]
    assert read_records(tmp_path / "absent.jsonl") == []
