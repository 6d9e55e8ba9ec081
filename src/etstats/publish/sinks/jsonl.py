"""Posts appended to a JSON-lines file: a durable record other programs can read."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

from etstats.publish.post import Post, SinkError


def post_record(post: Post) -> dict[str, Any]:
    """The line written for a post; attachments by name and size, not content."""
    return {
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


class JsonlSink:
    """Appends one JSON object per post and syncs it to disk before confirming.

    The confirmation names the byte offset of the line, so a caller can find it again.
    """

    name = "jsonl"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = asyncio.Lock()

    def _append(self, line: bytes) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("ab") as file:
            offset = file.tell()
            file.write(line)
            file.flush()
            os.fsync(file.fileno())
        return offset

    async def send(self, post: Post) -> str:
        try:
            line = json.dumps(post_record(post), ensure_ascii=False).encode() + b"\n"
        except (TypeError, ValueError) as exc:
            raise SinkError(f"post {post.key} is not JSON-serialisable: {exc}", permanent=True) from exc
        try:
            async with self._lock:
                offset = await asyncio.to_thread(self._append, line)
        except OSError as exc:
            raise SinkError(f"could not append to {self.path}: {exc}") from exc
        return f"jsonl:{self.path}#{offset}"
