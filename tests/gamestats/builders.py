"""Byte builders for synthetic round files.

The synthetic tests must run without the real corpus, so the sample header and
player line from the format doc (§2.2, §3.1; taken from
``2025-10-14-231545-erdenberg_t2-round-1.txt``) are copied here verbatim and
mutated, and :func:`player_line` writes new lines the way the Lua writer does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

SAMPLE_NAME = "2025-10-14-231545-erdenberg_t2-round-1.txt"
SAMPLE_HEADER = rb"^a#^7p^au^7rans^a.^7only\erdenberg_t2\legacy3\1\1\2\12:00\7:50"
SAMPLE_LINE = (
    rb"652EB4A6\^3qmr\0\1\150997044 6 30 1 0 0 107 343 11 0 11 0 0 0 7 0 3 5 2 1 0 0 0 0 3 0 "
    rb"1 2 0 0 0 "
    b"\t2295\t2638\t64\t18\t2\t5\t1\t0\t76.9\t80\t3\t5\t8\t3\t3\t0\t0\t0\t0\t3\t380\t0.0\t7.8"
    b"\t0.0\t56.0\t4.4\t1.3\t3\t65\t0\t0\t0\t0\t0\t5\t0\t0\t1"
)
SAMPLE_WEAPONS = b"150997044 6 30 1 0 0 107 343 11 0 11 0 0 0 7 0 3 5 2 1 0 0 0 0 3 0 1 2 0 0 0 "
SAMPLE_EXT: tuple[bytes, ...] = tuple(SAMPLE_LINE.split(b"\t")[1:])


def round_file(header: bytes = SAMPLE_HEADER, lines: Iterable[bytes] = (SAMPLE_LINE,)) -> bytes:
    """A whole file as the writer emits it: every line, the last included, ends with LF."""
    return b"".join(line + b"\n" for line in (header, *lines))


def header_with(index: int, value: bytes, header: bytes = SAMPLE_HEADER) -> bytes:
    """The sample header with field ``H[index]`` replaced."""
    fields = header.split(b"\\")
    fields[index] = value
    return b"\\".join(fields)


def sample_with_ext(ext: Sequence[bytes]) -> bytes:
    """The sample player line with its extended fields replaced."""
    return SAMPLE_LINE.split(b"\t", 1)[0] + b"\t" + b"\t".join(ext)


def weapon_block(weapons: Mapping[int, Sequence[int]]) -> bytes:
    """``MASK`` then five counters per weapon in ascending id order, with the writer's trailing space."""
    mask = sum(1 << weapon_id for weapon_id in weapons)
    numbers = [str(n) for weapon_id in sorted(weapons) for n in weapons[weapon_id]]
    return " ".join([str(mask), *numbers]).encode() + b" "


def player_line(
    weapons: Mapping[int, Sequence[int]],
    ext: Sequence[bytes] | None = SAMPLE_EXT,
    *,
    guid: bytes = b"652EB4A6",
    name: bytes = b"^3qmr",
    rounds: int = 0,
    team: int = 1,
) -> bytes:
    """``guid\\name\\rounds\\team\\weapons <TAB>ext…`` as the writer prints it; ``ext=None``: no TAB."""
    head = b"\\".join([guid, name, str(rounds).encode(), str(team).encode(), weapon_block(weapons)])
    return head if ext is None else head + b"\t" + b"\t".join(ext)
