"""Posts shown in the terminal: the default sink when no Discord is configured.

Embeds are drawn as panels the way Discord lays them out, so an operator can judge a
post without a Discord server. Discord markdown is interpreted lightly (bold, italics,
escapes) and code blocks are printed verbatim, never re-wrapped, since they hold tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from etstats.publish.post import Post, Sent, Sink

_FENCE = re.compile(r"```(?:[^`\n]*\n)?(.*?)```", re.DOTALL)
_INLINE = re.compile(
    r"\\(?P<escaped>[^A-Za-z0-9\s])|\*\*(?P<bold>.+?)\*\*|__(?P<underline>.+?)__|~~(?P<strike>.+?)~~"
    r"|\*(?P<italic>[^*\n]+?)\*|(?<!\w)_(?P<italic2>[^_\n]+?)_(?!\w)|`(?P<code>[^`\n]+)`",
    re.DOTALL,
)
_STYLES = {
    "bold": "bold",
    "underline": "underline",
    "strike": "strike",
    "italic": "italic",
    "italic2": "italic",
    "code": "bold cyan",
}
_CODE_STYLE = "cyan"
_INLINE_FIELDS_PER_ROW = 3


def _inline(text: str, style: str = "") -> Text:
    out = Text(style=style)
    position = 0
    for match in _INLINE.finditer(text):
        out.append(text[position : match.start()])
        kind = match.lastgroup or "escaped"
        inner = match.group(kind)
        if kind == "escaped":
            out.append(inner)
        elif kind == "code":
            out.append(inner, style=_STYLES[kind])
        else:
            out.append_text(_inline(inner, _STYLES[kind]))
        position = match.end()
    out.append(text[position:])
    return out


def render_markdown(text: str) -> RenderableType:
    """Discord-flavoured text as rich renderables; code blocks kept as typed, unwrapped."""
    parts: list[RenderableType] = []
    position = 0
    for match in _FENCE.finditer(text):
        before = text[position : match.start()].strip("\n")
        if before:
            parts.append(_inline(before))
        parts.append(Text(match.group(1).rstrip("\n"), style=_CODE_STYLE, no_wrap=True, overflow="ellipsis"))
        position = match.end()
    rest = text[position:].strip("\n")
    if rest:
        parts.append(_inline(rest))
    return Group(*parts)


def _field(field: Mapping[str, Any]) -> RenderableType:
    return Group(_inline(str(field.get("name", "")), "bold"), render_markdown(str(field.get("value", ""))))


def _field_rows(fields: list[Mapping[str, Any]]) -> Iterator[RenderableType]:
    """Inline fields side by side (three to a row, as Discord does); the others stacked."""
    row: list[Mapping[str, Any]] = []

    def flush() -> Iterator[RenderableType]:
        if row:
            grid = Table.grid(padding=(0, 3))
            for _ in row:
                grid.add_column()
            grid.add_row(*(_field(f) for f in row))
            yield grid
            row.clear()

    for field in fields:
        if field.get("inline"):
            row.append(field)
            if len(row) == _INLINE_FIELDS_PER_ROW:
                yield from flush()
        else:
            yield from flush()
            yield _field(field)
    yield from flush()


def render_embed(embed: Mapping[str, Any]) -> Panel:
    """One embed as a panel: author, description, fields, images by URL, footer."""
    body: list[RenderableType] = []
    author = embed.get("author") or {}
    if author.get("name"):
        body.append(Text(str(author["name"]), style="bold dim"))
    if embed.get("description"):
        body.append(render_markdown(str(embed["description"])))
    body += _field_rows(list(embed.get("fields") or []))
    for key in ("thumbnail", "image"):
        url = (embed.get(key) or {}).get("url")
        if url:
            body.append(Text(f"[{key}: {url}]", style="dim"))
    footer = " · ".join(str(part) for part in ((embed.get("footer") or {}).get("text"), embed.get("timestamp")) if part)
    if footer:
        body.append(Text(footer, style="dim"))
    color = embed.get("color")
    return Panel(
        Group(*body),
        title=_inline(str(embed["title"]), "bold") if embed.get("title") else None,
        title_align="left",
        border_style=f"#{color:06x}" if isinstance(color, int) and 0 <= color <= 0xFFFFFF else "white",
    )


class ConsoleSink(Sink):
    """Prints each post: a header rule, the content, one panel per embed, the attached files.

    A correction is printed the same way under a rule naming the post it replaces.
    """

    name = "console"

    def __init__(self, console: Console | None = None) -> None:
        self._console = console or Console()

    async def send(self, post: Post) -> Sent:
        self._print(post, f"{post.kind} · {post.map} · {post.source}")
        return Sent(f"console:{post.key}")

    async def edit(self, post: Post, message_ids: Sequence[str]) -> Sent:
        self._print(post, f"correction of {post.corrects} · {post.kind} · {post.map} · {post.source}")
        return Sent(f"console:{post.key}")

    def _print(self, post: Post, heading: str) -> None:
        console = self._console
        console.rule(Text(heading), align="left")
        if post.content:
            console.print(render_markdown(post.content))
        for embed in post.embeds:
            console.print(render_embed(embed))
        for attachment in post.attachments:
            console.print(Text(f"attached: {attachment.filename} ({len(attachment.data):,} bytes)", style="dim"))
