"""Posts appended to a JSON-lines file: a durable record other programs can read."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from etstats.publish.post import Post, Sent, Sink, SinkError


def post_record(post: Post) -> dict[str, Any]:
    """The line written for a post; attachments by name and size, not content.

    A correction carries ``corrects``, the key of the post it replaces; readers keep the latest.
    """
    record: dict[str, Any] = {
        "key": post.key,
        "kind": post.kind,
        "source": post.source,
        "map": post.map,
        "round_files": list(post.round_files),
        "created_at": post.created_at.isoformat(),
        "content": post.content,
        "embeds": post.embeds,
        "attachments": [{"filename": a.filename, "size": len(a.data)} for a in post.attachments],
    }
    if post.corrects is not None:
        record["corrects"] = post.corrects
    return record


def read_records(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The records of a jsonl sink file; a last line without its newline is still being written and is skipped."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return []
    complete = data[: data.rfind(b"\n") + 1]
    return [json.loads(line) for line in complete.splitlines() if line.strip()]


class JsonlSink(Sink):
    """Appends one JSON object per post and syncs it to disk before confirming.

    Each line goes out in one ``write`` of the whole line on an append-only descriptor,
    then is synced, so another reader sees at most one incomplete line, the last (see
    :func:`read_records`). The confirmation names the byte offset of the line, so a
    caller can find it again.
    A key already in the file is not written again: if the service died after the
    line was synced but before the outbox marked it sent, the retry is a no-op. A torn
    last line (a crash mid-write) is cut off before the next append.
    """

    name = "jsonl"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = asyncio.Lock()
        self._offsets: dict[str, int] | None = None

    def _load(self) -> dict[str, int]:
        offsets: dict[str, int] = {}
        if not self.path.exists():
            return offsets
        with self.path.open("r+b") as file:
            data = file.read()
            end = data.rfind(b"\n") + 1
            if end != len(data):
                file.truncate(end)
        position = 0
        for raw in data[:end].splitlines(keepends=True):
            try:
                key = json.loads(raw).get("key")
            except ValueError:
                key = None
            if isinstance(key, str):
                offsets.setdefault(key, position)
            position += len(raw)
        return offsets

    def _append(self, key: str, line: bytes) -> int:
        if self._offsets is None:
            self._offsets = self._load()
        if key in self._offsets:
            return self._offsets[key]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            offset = os.lseek(fd, 0, os.SEEK_END)
            written = os.write(fd, line)
            while written < len(line):  # a short write (a full disk, a signal): finish the line
                written += os.write(fd, line[written:])
            os.fsync(fd)
        finally:
            os.close(fd)
        self._offsets[key] = offset
        return offset

    async def send(self, post: Post) -> Sent:
        return await self._write(post)

    async def edit(self, post: Post, message_ids: Sequence[str]) -> Sent:
        return await self._write(post)

    async def _write(self, post: Post) -> Sent:
        try:
            line = json.dumps(post_record(post), ensure_ascii=False).encode() + b"\n"
        except (TypeError, ValueError) as exc:
            raise SinkError(f"post {post.key} is not JSON-serialisable: {exc}", permanent=True) from exc
        try:
            async with self._lock:
                offset = await asyncio.to_thread(self._append, post.key, line)
        except OSError as exc:
            raise SinkError(f"could not append to {self.path}: {exc}") from exc
        return Sent(f"jsonl:{self.path}#{offset}")
