"""``etstats status`` names the instance running each source and the bot when several share the database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from etstats.store.database import open_database
from etstats.store.leases import try_acquire, utc_now
from tests.cli.runner import Runner


def test_status_shows_who_holds_each_live_lease(etstats: Runner, tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'cli.db'}")
    with engine.begin() as conn:
        assert try_acquire(conn, "source:eu", "box-a:41:c0ffee", utc_now(), timedelta(seconds=20))
        assert try_acquire(conn, "bot", "box-b:7:beef01", utc_now() - timedelta(minutes=5), timedelta(seconds=20))
    engine.dispose()
    result = etstats("status")
    assert result.code == 0
    assert "source:eu runs in instance box-a:41:c0ffee" in result.out
    assert "box-b" not in result.out, "an expired lease is not shown"
