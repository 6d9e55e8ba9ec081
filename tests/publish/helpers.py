"""Posts for sink tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from etstats.publish.post import Attachment, Post

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def make_post(
    key: str = "supply:r1:2024-05-01-203000",
    *,
    embeds: list[dict[str, Any]] | None = None,
    content: str | None = None,
    attachments: list[Attachment] | None = None,
) -> Post:
    return Post(
        key=key,
        kind="round1",
        source="local",
        map="supply",
        round_files=["2024-05-01-203000-supply-round-1.txt"],
        created_at=datetime(2024, 5, 1, 20, 30, tzinfo=UTC),
        embeds=embeds
        if embeds is not None
        else [
            {
                "title": "Supply · Round 1",
                "description": "Axis won in 7:42\n```\nname     K  D\nBob      9  3\n```",
                "color": 0x3BA55C,
                "fields": [
                    {"name": "Top fragger", "value": "Bob\\_the\\_builder (9)", "inline": True},
                    {"name": "MVP", "value": "**Alice**", "inline": True},
                ],
                "footer": {"text": "etstats · local"},
                "image": {"url": "attachment://chart.png"},
            }
        ],
        content=content,
        attachments=attachments if attachments is not None else [Attachment("chart.png", PNG)],
    )


def many_embeds(count: int) -> list[dict[str, Any]]:
    return [{"title": f"Embed {n}", "description": f"part {n}"} for n in range(count)]
