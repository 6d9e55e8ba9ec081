"""Leases: which instance does a one-at-a-time job (watch a source, run the Discord bot).

A lease is a row naming its holder and when it expires. The holder renews it well before
then; when an instance dies its lease runs out and another instance takes it over. Times
come from the instances' clocks (naive UTC), so instances sharing a database need clocks
kept in step (NTP); a few seconds of drift only shift a takeover by as much.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from etstats.store import schema as t


def utc_now() -> datetime:
    """The lease clock: naive UTC, so instances in different time zones agree."""
    return datetime.now(UTC).replace(tzinfo=None)


def try_acquire(conn: Connection, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take the lease when it is free or expired, or renew it when ``holder`` has it; True if held now.

    One statement (insert, or update only where the lease is ours or expired), so two
    instances racing for a lease cannot both win.
    """
    c = t.leases.c
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(t.leases).values(name=name, holder=holder, acquired_at=now, expires_at=now + ttl)
    new = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["name"],
        set_={
            "holder": new.holder,
            "expires_at": new.expires_at,
            "acquired_at": case((c.holder == new.holder, c.acquired_at), else_=new.acquired_at),
        },
        where=(c.holder == new.holder) | (c.expires_at <= now),
    )
    return conn.execute(statement.returning(c.holder)).first() is not None


def release(conn: Connection, name: str, holder: str) -> None:
    """Give the lease up at once (a clean stop), so another instance need not wait for it to expire."""
    c = t.leases.c
    conn.execute(delete(t.leases).where(c.name == name, c.holder == holder))


def holders(conn: Connection, now: datetime) -> dict[str, str]:
    """Lease name → holder, for every lease that has not expired."""
    c = t.leases.c
    rows = conn.execute(select(c.name, c.holder).where(c.expires_at > now).order_by(c.name))
    return {row.name: row.holder for row in rows}
