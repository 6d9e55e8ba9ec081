"""Corrections: a post already rendered is corrected in place when the numbers behind it change.

A correction is an outbox row of kind ``edit`` that names the post it corrects
(``corrects``), with one delivery per sink that has the post. It travels like any post —
in order with the sink's other posts, retried, held when refused, sent once — and is
rendered when it is sent, from the database as it is then. Discord sinks edit the
messages whose ids the post's delivery stored; the others write a marked record.

A post not rendered yet needs no correction: it shows the new numbers when it goes out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from etstats.clock import local_now
from etstats.monitor.outbox import add_deliveries, post_key
from etstats.store import schema as t

EDIT_KIND = "edit"


def correction_key(post_key: str, number: int) -> str:
    return f"{EDIT_KIND}:{post_key}:{number}"


def round2_post_keys(conn: Connection, round_ids: Sequence[int]) -> list[str]:
    """The keys of the Round 2 and map posts of these Round 2s (e.g. those an import re-derived)."""
    if not round_ids:
        return []
    c = t.rounds.c
    rows = conn.execute(select(c.source, c.name).where(c.id.in_(list(round_ids))).order_by(c.written_at))
    return [post_key(kind, row.source, row.name) for row in rows for kind in ("round2", "map")]


def round_post_keys(conn: Connection, round_ids: Sequence[int]) -> list[str]:
    """The keys of every post of these rounds: Round 1's, or Round 2's and its map's (e.g. rounds read again)."""
    if not round_ids:
        return []
    c = t.rounds.c
    rows = conn.execute(select(c.source, c.name, c.round).where(c.id.in_(list(round_ids))).order_by(c.written_at))
    kinds = {1: ("round1",), 2: ("round2", "map")}
    return [post_key(kind, row.source, row.name) for row in rows for kind in kinds.get(row.round, ())]


def enqueue_corrections(conn: Connection, post_keys: Sequence[str], now: datetime | None = None) -> int:
    """Queue a correction of each post in ``post_keys`` that a sink may already show; return how many.

    Call it in the transaction that changed the numbers. Keys without a post, posts not
    rendered yet, and posts whose last correction is not rendered yet are skipped: they
    will show the new numbers anyway.
    """
    now = now or local_now()
    o, d = t.outbox.c, t.outbox_deliveries.c
    added = 0
    for key in dict.fromkeys(post_keys):
        target = conn.execute(select(t.outbox).where(o.key == key, o.corrects.is_(None))).first()
        if target is None or target.payload is None:
            continue
        earlier: list[str | None] = list(conn.execute(select(o.payload).where(o.corrects == key)).scalars())
        if any(payload is None for payload in earlier):
            continue
        sinks: list[str] = list(conn.execute(select(d.sink).where(d.post_id == target.id).order_by(d.sink)).scalars())
        if not sinks:
            continue
        not_before = max(now, target.not_before)
        post_id: int = conn.execute(
            insert(t.outbox)
            .values(
                key=correction_key(key, len(earlier) + 1),
                kind=EDIT_KIND,
                source=target.source,
                map=target.map,
                round_id=target.round_id,
                round_files=target.round_files,
                created_at=now,
                not_before=not_before,
                payload=None,
                corrects=key,
            )
            .returning(o.id)
        ).scalar_one()
        add_deliveries(conn, post_id, sinks, not_before)
        added += 1
    return added


def latest_version(conn: Connection, key: str) -> int | None:
    """The outbox id of a post's newest correction, else of the post: what the post should show now."""
    o = t.outbox.c
    newest = conn.execute(select(o.id).where(o.corrects == key).order_by(o.id.desc()).limit(1)).scalar()
    return newest if newest is not None else conn.execute(select(o.id).where(o.key == key)).scalar()


@dataclass(frozen=True, slots=True)
class Target:
    """What a sink needs to apply a correction: the corrected post's delivery to it."""

    key: str
    status: str
    message_ids: tuple[str, ...]


def correction_target(conn: Connection, post_id: int, sink: str) -> Target | None:
    """The post a correction corrects, as delivered to ``sink`` (None when ``post_id`` is no correction).

    The messages are those of the newest correction already sent, else the post's own:
    a correction that needed one more message than the post had is edited as it stands.
    """
    o, d = t.outbox.c, t.outbox_deliveries.c
    key = conn.execute(select(o.corrects).where(o.id == post_id)).scalar()
    if key is None:
        return None
    delivered = (
        select(d.status, d.message_ids)
        .join(t.outbox, o.id == d.post_id)
        .where(d.sink == sink, (o.key == key) | ((o.corrects == key) & (o.id < post_id) & (d.status == "sent")))
        .order_by(o.id.desc())
        .limit(1)
    )
    row = conn.execute(delivered).first()
    if row is None:
        return Target(key, "missing", ())
    return Target(key, row.status, tuple(json.loads(row.message_ids)) if row.message_ids else ())
