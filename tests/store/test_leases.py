"""Leases on both databases: one holder at a time, renewal by the holder, takeover after expiry."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine

from etstats.store.database import open_database
from etstats.store.leases import holders, release, try_acquire

T0 = datetime(2025, 10, 14, 20, 0, 0)
TTL = timedelta(seconds=20)


def _acquire(engine: Engine, holder: str, now: datetime, name: str = "source:eu") -> bool:
    with engine.begin() as conn:
        return try_acquire(conn, name, holder, now, TTL)


def test_one_holder_at_a_time_until_the_lease_expires(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        assert _acquire(engine, "a", T0)
        assert not _acquire(engine, "b", T0 + timedelta(seconds=1))
        assert _acquire(engine, "a", T0 + timedelta(seconds=15)), "the holder renews"
        assert not _acquire(engine, "b", T0 + timedelta(seconds=30)), "renewed until 35 s"
        assert _acquire(engine, "b", T0 + timedelta(seconds=35)), "expired: taken over"
        assert not _acquire(engine, "a", T0 + timedelta(seconds=36)), "the old holder lost it"
        assert _acquire(engine, "a", T0, name="bot"), "leases are independent"
        with engine.connect() as conn:
            assert holders(conn, T0 + timedelta(seconds=36)) == {"source:eu": "b"}
    finally:
        engine.dispose()


def test_a_released_lease_is_free_at_once(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        assert _acquire(engine, "a", T0)
        with engine.begin() as conn:
            release(conn, "source:eu", "b")
        assert not _acquire(engine, "b", T0), "only the holder can release"
        with engine.begin() as conn:
            release(conn, "source:eu", "a")
        assert _acquire(engine, "b", T0)
    finally:
        engine.dispose()
