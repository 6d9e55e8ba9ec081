"""The outbox: posts written in the import's transaction, delivered once to every sink.

A post is a row with a stable key; each configured sink gets a delivery row that is
marked sent only after the sink confirmed. Crash anywhere and the rows say what is left.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, and_, func, insert, or_, select, update

from etstats.store import schema as t
from etstats.store.upsert import insert_ignore

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=10)
HOLD_AFTER = 3


def post_key(kind: str, source: str, file_name: str) -> str:
    """Stable per round and kind, so re-imports and restarts can never make a second post."""
    return f"{kind}:{source}:{file_name.removesuffix('.txt')}"


@dataclass(frozen=True, slots=True)
class PlannedPost:
    kind: str
    source: str
    map: str
    round_id: int
    round_files: list[str]
    not_before: datetime
    label: str | None = None
    """What the key names instead of the last round file (an evening names its start)."""

    @property
    def key(self) -> str:
        return post_key(self.kind, self.source, self.label or self.round_files[-1])


def enqueue(
    conn: Connection,
    posts: Sequence[PlannedPost],
    sinks: Sequence[str],
    now: datetime,
    combined: frozenset[str] = frozenset(),
) -> int:
    """Add posts (ignoring keys already there) with one pending delivery per sink.

    Sinks in ``combined`` send Round 2 inside the map message, so they get no delivery
    of the Round 2 post itself.
    """
    added = 0
    for post in posts:
        inserted = insert_ignore(
            conn,
            t.outbox,
            {
                "key": post.key,
                "kind": post.kind,
                "source": post.source,
                "map": post.map,
                "round_id": post.round_id,
                "round_files": json.dumps(post.round_files),
                "created_at": now,
                "not_before": post.not_before,
                "payload": None,
            },
            conflict=("key",),
        )
        if not inserted:
            log.warning("post %s is already in the outbox; not queued again", post.key)
            continue
        post_id: int = conn.execute(select(t.outbox.c.id).where(t.outbox.c.key == post.key)).scalar_one()
        receivers = [sink for sink in sinks if not (post.kind == "round2" and sink in combined)]
        add_deliveries(conn, post_id, receivers, post.not_before)
        added += 1
    return added


def add_deliveries(conn: Connection, post_id: int, sinks: Sequence[str], due: datetime) -> None:
    """One pending delivery of the post per sink, due at ``due``."""
    if sinks:
        conn.execute(
            insert(t.outbox_deliveries),
            [
                {"post_id": post_id, "sink": sink, "status": "pending", "attempts": 0, "next_attempt_at": due}
                for sink in sinks
            ],
        )


def claim_next(
    conn: Connection, sink: str, holder: str | None, now: datetime, claim_for: timedelta
) -> tuple[int, bool] | None:
    """The oldest pending post for a sink, and whether ``holder`` has claimed it to send now.

    Posts go strictly in order: while the first pending one waits for a retry, or another
    instance holds its claim, the ones behind it wait too, so a channel never shows Round 2
    before Round 1. The claim (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, then a claim
    that expires) makes sure only one instance sends a post; a claim left by an instance
    that died runs out after ``claim_for``. With ``holder`` None (one instance, SQLite)
    nothing is claimed. Call it in a transaction of its own.
    """
    o, d = t.outbox.c, t.outbox_deliveries.c
    row = conn.execute(
        select(d.post_id, d.next_attempt_at, d.claimed_by, d.claimed_until)
        .join(t.outbox, o.id == d.post_id)
        .where(d.sink == sink, d.status == "pending", o.not_before <= now)
        .order_by(o.not_before, o.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    if row.next_attempt_at > now or holder is None:
        return row.post_id, row.next_attempt_at <= now
    free = or_(d.claimed_until.is_(None), d.claimed_until <= now, d.claimed_by == holder)
    mine = (d.post_id == row.post_id) & (d.sink == sink)
    locked = conn.execute(
        select(d.post_id).where(mine, d.status == "pending", free).with_for_update(skip_locked=True)
    ).first()
    if locked is None:
        return row.post_id, False
    conn.execute(update(t.outbox_deliveries).where(mine).values(claimed_by=holder, claimed_until=now + claim_for))
    return row.post_id, True


def mark_sent(
    conn: Connection, post_id: int, sink: str, confirmation: str, now: datetime, message_ids: Sequence[str] = ()
) -> None:
    """Record the delivery and the ids of the messages that carry it, so a correction can edit them."""
    d = t.outbox_deliveries.c
    conn.execute(
        update(t.outbox_deliveries)
        .where(d.post_id == post_id, d.sink == sink)
        .values(
            status="sent",
            confirmation=confirmation[:128],
            sent_at=now,
            last_error=None,
            message_ids=json.dumps(list(message_ids)) if message_ids else None,
            sending_since=None,
            claimed_by=None,
            claimed_until=None,
        )
    )


def hold(conn: Connection, post_id: int, sink: str, error: str) -> None:
    """Set a delivery aside with its reason until ``etstats resend`` (e.g. a correction of a held post)."""
    d = t.outbox_deliveries.c
    conn.execute(
        update(t.outbox_deliveries)
        .where(d.post_id == post_id, d.sink == sink)
        .values(status="held", last_error=error, claimed_by=None, claimed_until=None)
    )


def mark_failed(
    conn: Connection,
    post_id: int,
    sink: str,
    error: str,
    now: datetime,
    retry_after: float | None,
    *,
    permanent: bool = False,
) -> timedelta | None:
    """Count the failure and push the next attempt back (Discord's retry_after, else backoff).

    A post the far end keeps refusing as malformed is held after ``HOLD_AFTER`` attempts
    (None is returned): kept with its error for ``etstats resend``, no longer blocking the
    posts behind it.
    """
    d = t.outbox_deliveries.c
    attempts = conn.execute(select(d.attempts).where(d.post_id == post_id, d.sink == sink)).scalar_one() + 1
    where = (d.post_id == post_id) & (d.sink == sink)
    if permanent and attempts >= HOLD_AFTER:
        conn.execute(
            update(t.outbox_deliveries)
            .where(where)
            .values(status="held", attempts=attempts, last_error=error[:2000], claimed_by=None, claimed_until=None)
        )
        return None
    delay = min(MAX_BACKOFF, _server_delay(retry_after) or timedelta(seconds=2 ** min(attempts, 10)))
    conn.execute(
        update(t.outbox_deliveries)
        .where(where)
        .values(
            attempts=attempts,
            last_error=error[:2000],
            next_attempt_at=now + delay,
            sending_since=None,
            claimed_by=None,
            claimed_until=None,
        )
    )
    return delay


def _server_delay(retry_after: float | None) -> timedelta | None:
    """The far end's "retry after", capped at ``MAX_BACKOFF`` whatever it said (1e12 s, inf, NaN)."""
    if not retry_after or math.isnan(retry_after) or retry_after < 0:
        return None
    return MAX_BACKOFF if retry_after >= MAX_BACKOFF.total_seconds() else timedelta(seconds=retry_after)


def begin_send(conn: Connection, post_id: int, sink: str, now: datetime) -> str | None:
    """Note that a send starts; return why an earlier one may already have delivered the post, if so.

    Only for sinks that could post twice (webhooks): a send found still "in progress" was
    cut by a crash, and its post may be in the channel.
    """
    d = t.outbox_deliveries.c
    where = (d.post_id == post_id) & (d.sink == sink)
    row = conn.execute(select(d.sending_since, d.ambiguous).where(where)).one()
    ambiguous = row.ambiguous
    if row.sending_since is not None:
        ambiguous = f"a send started at {row.sending_since} was cut off (the service stopped) before its answer"
    conn.execute(update(t.outbox_deliveries).where(where).values(sending_since=now, ambiguous=ambiguous))
    return ambiguous


def note_ambiguous(conn: Connection, post_id: int, sink: str, reason: str | None) -> None:
    """Record (or, with None, clear once settled) that the post may have been delivered unseen."""
    d = t.outbox_deliveries.c
    conn.execute(
        update(t.outbox_deliveries)
        .where(d.post_id == post_id, d.sink == sink)
        .values(ambiguous=reason and reason[:2000])
    )


def release_held(conn: Connection, now: datetime) -> int:
    """Put every held delivery back in line (after an admin fixed what Discord refused)."""
    d = t.outbox_deliveries.c
    return conn.execute(
        update(t.outbox_deliveries).where(d.status == "held").values(status="pending", attempts=0, next_attempt_at=now)
    ).rowcount


def post_row(conn: Connection, post_id: int) -> Row[Any]:
    return conn.execute(select(t.outbox).where(t.outbox.c.id == post_id)).one()


def post_id_by_key(conn: Connection, key: str) -> int | None:
    return conn.execute(select(t.outbox.c.id).where(t.outbox.c.key == key)).scalar()


def store_payload(conn: Connection, post_id: int, payload: str) -> None:
    conn.execute(update(t.outbox).where(t.outbox.c.id == post_id, t.outbox.c.payload.is_(None)).values(payload=payload))


def posts_pending_for_round(conn: Connection, round_id: int) -> bool:
    """Whether a post of the round (not a correction of one) still waits to go out."""
    o, d = t.outbox.c, t.outbox_deliveries.c
    return bool(
        conn.execute(
            select(func.count())
            .select_from(t.outbox_deliveries.join(t.outbox, o.id == d.post_id))
            .where(and_(o.round_id == round_id, d.status == "pending", o.corrects.is_(None)))
        ).scalar_one()
    )


def has_posts(conn: Connection, round_id: int) -> bool:
    return bool(conn.execute(select(func.count()).where(t.outbox.c.round_id == round_id)).scalar_one())
