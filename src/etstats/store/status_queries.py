"""The monitor's health as one report, read from the database so any process can show it."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from etstats.stats.status_report import AmbiguousDelivery, HeldPost, QuarantinedFile, SentPost, StatusReport
from etstats.store import schema as t
from etstats.store.database import open_for_reading
from etstats.store.leases import holders, utc_now
from etstats.store.source_health import load, load_tasks


def status_report(conn: Connection) -> StatusReport:
    """Sources, quarantine, rounds, the newest post (overall and per source), backlog and held posts."""
    f, r = t.files.c, t.rounds.c
    sources = load(conn)
    quarantined = conn.execute(select(f.source, f.name, f.error).where(f.status == "quarantined").order_by(f.name))
    return StatusReport(
        sources=sources,
        quarantined=[QuarantinedFile(row.source, row.name, row.error) for row in quarantined],
        rounds=conn.execute(select(func.count()).select_from(t.rounds)).scalar_one(),
        last_round=conn.execute(select(r.name).order_by(r.written_at.desc()).limit(1)).scalar(),
        last_post=last_sent(conn),
        last_post_by_source={s.source: last_sent(conn, s.source) for s in sources},
        backlog=backlog(conn),
        held=held(conn),
        tasks=load_tasks(conn),
        ambiguous=ambiguous(conn),
        leases=holders(conn, utc_now()),
    )


def held(conn: Connection) -> list[HeldPost]:
    """Every held delivery, oldest post first."""
    d, o = t.outbox_deliveries.c, t.outbox.c
    rows = conn.execute(
        select(o.key, d.sink, d.last_error).join(t.outbox, o.id == d.post_id).where(d.status == "held").order_by(o.id)
    )
    return [HeldPost(row.key, row.sink, row.last_error or "") for row in rows]


def ambiguous(conn: Connection, limit: int = 20) -> list[AmbiguousDelivery]:
    """The newest deliveries whose answer was lost and that could not be checked in the channel."""
    d, o = t.outbox_deliveries.c, t.outbox.c
    rows = conn.execute(
        select(o.key, d.sink, d.status, d.ambiguous)
        .join(t.outbox, o.id == d.post_id)
        .where(d.ambiguous.is_not(None))
        .order_by(o.id.desc())
        .limit(limit)
    )
    return [AmbiguousDelivery(row.key, row.sink, row.status, row.ambiguous) for row in rows]


def backlog(conn: Connection) -> int:
    d = t.outbox_deliveries.c
    return conn.execute(select(func.count()).where(d.status == "pending")).scalar_one()


def last_sent(conn: Connection, source: str | None = None) -> SentPost | None:
    """When the newest post (of one source, or of any) was confirmed, and its key."""
    d, o = t.outbox_deliveries.c, t.outbox.c
    query = select(d.sent_at, o.key).join(t.outbox, o.id == d.post_id).where(d.status == "sent")
    if source is not None:
        query = query.where(o.source == source)
    row = conn.execute(query.order_by(d.sent_at.desc(), o.id.desc()).limit(1)).first()
    return None if row is None else SentPost(row.sent_at, row.key)


def read_status(database_url: str) -> StatusReport:
    """The report of the database at ``database_url``, for a process that has no engine open.

    The database must exist and be current (``open_for_reading``): reading never creates one.
    """
    engine = open_for_reading(database_url)
    try:
        with engine.connect() as conn:
            return status_report(conn)
    finally:
        engine.dispose()
