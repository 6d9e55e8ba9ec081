"""What Discord accepts in a message, and how to make posts and player names fit it.

Discord rejects a whole message with HTTP 400 when one embed part is too long, so the
limits are enforced here before sending instead of being discovered by a failed post.
Player names are arbitrary bytes typed by strangers: they are cleaned so they can neither
format the surrounding text nor ping anyone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from etstats.gamestats import strip_colors
from etstats.publish.post import Embed
from etstats.publish.text import split_text, text_length, truncate

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_TEXT_LIMIT = 2048
AUTHOR_NAME_LIMIT = 256
MESSAGE_EMBED_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
CONTENT_LIMIT = 2000

NAME_LIMIT = 64
UNNAMED = "(unnamed)"
BLANK = "\u200b"
"""Zero-width space: Discord's accepted stand-in for a required but empty text."""


_HEAD_KEYS = ("title", "url", "author", "thumbnail")
_TAIL_KEYS = ("footer", "timestamp", "image")
_SPLIT_KEYS = ("description", "fields")
_FENCE = re.compile(r"```(?:([\w+#.-]{1,20})?\n)?")
_FENCE_CLOSER = "\n```"
_MAX_FENCE_OPENER = 24  # "```" + a language of at most 20 characters + newline


def _footer_text(embed: Mapping[str, Any]) -> str | None:
    footer = embed.get("footer")
    return footer.get("text") if isinstance(footer, Mapping) else None


def _author_name(embed: Mapping[str, Any]) -> str | None:
    author = embed.get("author")
    return author.get("name") if isinstance(author, Mapping) else None


def embed_length(embed: Mapping[str, Any]) -> int:
    """Characters that count toward the 6000 per message: title, description, fields, footer, author."""
    parts = [embed.get("title"), embed.get("description"), _footer_text(embed), _author_name(embed)]
    for field in embed.get("fields") or ():
        parts += [field.get("name"), field.get("value")]
    return sum(text_length(part) for part in parts if part)


def _too_long(label: str, value: str | None, limit: int) -> list[str]:
    if value is None or text_length(value) <= limit:
        return []
    return [f"{label} is {text_length(value)} characters (limit {limit})"]


def validate_embeds(embeds: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every reason Discord would reject these embeds as one message; empty when it would accept."""
    problems: list[str] = []
    if len(embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(embeds)} embeds in one message (limit {EMBEDS_PER_MESSAGE})")
    for number, embed in enumerate(embeds, 1):
        where = f"embed {number}"
        problems += _too_long(f"{where} title", embed.get("title"), TITLE_LIMIT)
        problems += _too_long(f"{where} description", embed.get("description"), DESCRIPTION_LIMIT)
        problems += _too_long(f"{where} footer", _footer_text(embed), FOOTER_TEXT_LIMIT)
        problems += _too_long(f"{where} author name", _author_name(embed), AUTHOR_NAME_LIMIT)
        fields = embed.get("fields") or []
        if len(fields) > FIELD_COUNT_LIMIT:
            problems.append(f"{where} has {len(fields)} fields (limit {FIELD_COUNT_LIMIT})")
        for index, field in enumerate(fields, 1):
            for part, limit in (("name", FIELD_NAME_LIMIT), ("value", FIELD_VALUE_LIMIT)):
                value = field.get(part)
                label = f"{where} field {index} {part}"
                if not isinstance(value, str) or not value.strip():
                    problems.append(f"{label} is empty")
                else:
                    problems += _too_long(label, value, limit)
    total = sum(embed_length(embed) for embed in embeds)
    if total > MESSAGE_EMBED_TOTAL_LIMIT:
        problems.append(f"embeds total {total} characters (limit {MESSAGE_EMBED_TOTAL_LIMIT})")
    return problems


def _open_fence(text: str) -> str | None:
    """The opening fence (e.g. ``"```ansi\\n"``) of a code block still open at the end of ``text``."""
    opener = None
    for match in _FENCE.finditer(text):
        opener = None if opener is not None else f"```{match.group(1) or ''}\n"
    return opener


def _split_block(text: str, budget: int) -> list[str]:
    """Split at line boundaries; a code block cut in two is closed and reopened with its language."""
    if text_length(text) <= budget:
        return [text]
    reserve = _MAX_FENCE_OPENER + text_length(_FENCE_CLOSER) if "```" in text else 0
    pieces: list[str] = []
    carry = ""
    for chunk in split_text(text, budget - reserve):
        piece = carry + chunk
        carry = _open_fence(piece) or ""
        if carry:
            piece = piece.rstrip("\n") + _FENCE_CLOSER
        if _FENCE.sub("", piece).strip():
            pieces.append(piece.rstrip("\n"))
    return pieces or [BLANK]


def _fit_field(field: Mapping[str, Any]) -> list[Embed]:
    name = str(field.get("name") or "")
    value = str(field.get("value") or "")
    name = truncate(name, FIELD_NAME_LIMIT) if name.strip() else BLANK
    values = _split_block(value, FIELD_VALUE_LIMIT) if value.strip() else [BLANK]
    first = {**field, "name": name, "value": values[0]}
    return [first] + [{**field, "name": BLANK, "value": rest} for rest in values[1:]]


def _fit_embed(embed: Mapping[str, Any]) -> list[Embed]:
    """One embed as one or more embeds that each respect every per-embed limit."""
    shared = {k: v for k, v in embed.items() if k not in _HEAD_KEYS + _TAIL_KEYS + _SPLIT_KEYS}
    head = {k: embed[k] for k in _HEAD_KEYS if k in embed}
    tail = {k: embed[k] for k in _TAIL_KEYS if k in embed}
    if "title" in head:
        head["title"] = truncate(str(head["title"]), TITLE_LIMIT)
    if isinstance(head.get("author"), Mapping) and "name" in head["author"]:
        head["author"] = {**head["author"], "name": truncate(str(head["author"]["name"]), AUTHOR_NAME_LIMIT)}
    if isinstance(tail.get("footer"), Mapping) and "text" in tail["footer"]:
        tail["footer"] = {**tail["footer"], "text": truncate(str(tail["footer"]["text"]), FOOTER_TEXT_LIMIT)}

    description = embed.get("description")
    descriptions = _split_block(str(description), DESCRIPTION_LIMIT) if description else []
    pieces: list[Embed] = [{**shared, **head}]
    if descriptions:
        pieces[0]["description"] = descriptions[0]
    pieces += [{**shared, "description": more} for more in descriptions[1:]]

    for field in (piece for original in embed.get("fields") or () for piece in _fit_field(original)):
        current = pieces[-1]
        fields = current.get("fields", [])
        grown = embed_length(current) + embed_length({"fields": [field]})
        if len(fields) >= FIELD_COUNT_LIMIT or grown > MESSAGE_EMBED_TOTAL_LIMIT:
            current = {**shared}
            pieces.append(current)
        current.setdefault("fields", []).append(field)

    if embed_length(pieces[-1]) + embed_length(tail) > MESSAGE_EMBED_TOTAL_LIMIT:
        pieces.append({**shared})
    pieces[-1].update(tail)
    return pieces


def _pack(pieces: Iterable[Embed]) -> list[list[Embed]]:
    messages: list[list[Embed]] = []
    current: list[Embed] = []
    total = 0
    for piece in pieces:
        size = embed_length(piece)
        if current and (len(current) == EMBEDS_PER_MESSAGE or total + size > MESSAGE_EMBED_TOTAL_LIMIT):
            messages.append(current)
            current, total = [], 0
        current.append(piece)
        total += size
    if current:
        messages.append(current)
    return messages


def fit_embeds(embeds: Sequence[Mapping[str, Any]]) -> list[list[Embed]]:
    """Group embeds into messages Discord accepts, splitting oversize parts instead of failing.

    Order is kept. Descriptions and field values too long for one part are split at line
    boundaries (code blocks re-fenced) into extra fields or continuation embeds; titles,
    field names, author names and footers are shortened with an ellipsis. The head of an
    embed (title, author, thumbnail) stays on its first piece, the footer, timestamp and
    image move to its last, and the remaining keys (colour) repeat on every piece.
    """
    return _pack(piece for embed in embeds for piece in _fit_embed(embed))


_MARKDOWN = re.compile(r"([\\*_~`|>#\-\[\]])")
_INVISIBLE = re.compile("[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_markdown(text: str) -> str:
    """Backslash every character Discord markdown could give meaning to."""
    return _MARKDOWN.sub(r"\\\1", text)


def neutralize_mentions(text: str) -> str:
    """Break ``@everyone``, ``@here`` and ``<@123>``/``<@&123>`` in the text itself.

    ``allowed_mentions`` already stops the ping; this also stops the text from rendering as
    a mention (or a highlighted @everyone) for readers.
    """
    return text.replace("@", "@" + BLANK)


def clean_name(raw: str, *, limit: int = NAME_LIMIT) -> str:
    """A player name as plain text: colours and control/bidi characters gone, length capped.

    Suits places where Discord renders no markdown (footers, author names). Never empty.
    """
    name = _INVISIBLE.sub("", strip_colors(raw)).strip()
    if not any(unicodedata.category(ch)[0] in "LNPS" for ch in name):
        return UNNAMED
    return truncate(name, limit)


def safe_name(raw: str, *, limit: int = NAME_LIMIT) -> str:
    """A player name for descriptions and field values: cleaned, markdown-escaped, mention-inert."""
    return neutralize_mentions(escape_markdown(clean_name(raw, limit=limit)))


def code_safe_name(raw: str, *, limit: int = NAME_LIMIT) -> str:
    """A player name for inside a code block: escapes show literally there, but backticks end
    the block and an ``@everyone`` would still read as one, so both are broken up."""
    return neutralize_mentions(clean_name(raw, limit=limit).replace("`", "\u02cb"))
