"""The largest round file a server can write; anything beyond is refused before it costs memory or time.

ET: Legacy has 64 client slots (``MAX_CLIENTS``), and the writer prints one line per
client. A player line holds a GUID, a name of at most 36 characters, 28 weapon slots of
five counters and 38 extended fields: about 2 KiB at the very most, so a full server
writes well under 200 KiB. One MiB leaves room for any writer version.
"""

from __future__ import annotations

MAX_PLAYERS = 64
MAX_FILE_BYTES = 1 << 20


def describe_size(size: int) -> str:
    """``52,428,800 bytes`` — exact, so an admin can compare it with ``ls -l``."""
    return f"{size:,} bytes"
