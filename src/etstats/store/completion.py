"""A file that grew after it was imported: when the earlier bytes are a prefix of the new, it was cut.

A server that pauses while writing can leave a file that looks complete (every line
ends in LF) with only some of its players. When the same name later shows more bytes
that start with exactly the bytes imported, it is the same round, finished: the round
is replaced, and what depends on it (pairing, Round 2 numbers, sessions, posts) follows.
Any other change of content under a known name is still refused.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, select, update

from etstats.store import schema as t
from etstats.store.content import unpack
from etstats.store.match_sync import delete_matches


def completes(conn: Connection, file_id: int, data: bytes) -> bool:
    """Whether ``data`` is the imported file with more bytes appended."""
    stored = conn.execute(select(t.files.c.content).where(t.files.c.id == file_id)).scalar()
    if not stored:
        return False
    before = unpack(stored)
    return len(data) > len(before) and data.startswith(before)


def retire_round(conn: Connection, file_id: int) -> list[int]:
    """Delete the round read from the cut file (its stats and match go with it); return its posts' ids.

    The posts stay: they are pointed at the new round once it is stored (``repoint_posts``).
    """
    r, o = t.rounds.c, t.outbox.c
    round_id = conn.execute(select(r.id).where(r.file_id == file_id)).scalar()
    if round_id is None:
        return []
    posts: list[int] = list(conn.execute(select(o.id).where(o.round_id == round_id)).scalars())
    for rows in (t.player_round_stats, t.weapon_stats):  # no foreign key cascades these (migration 0013)
        conn.execute(delete(rows).where(rows.c.round_id == round_id))
    m = t.matches.c
    delete_matches(conn, (m.round1_id == round_id) | (m.round2_id == round_id))
    conn.execute(delete(t.rounds).where(r.id == round_id))
    return posts


def repoint_posts(conn: Connection, post_ids: list[int], round_id: int) -> None:
    if post_ids:
        conn.execute(update(t.outbox).where(t.outbox.c.id.in_(post_ids)).values(round_id=round_id))
