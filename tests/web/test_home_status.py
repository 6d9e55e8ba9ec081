"""The home page's server status (from what the service stored) and the live-match seam."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from etstats.stats.status_report import SourceState
from etstats.store.source_health import save
from etstats.web.app import create_app
from etstats.web.live import LiveMatch, LivePlayer
from tests.corpus_db import imported_database
from tests.web.conftest import BRAUNDORF_R1, BRAUNDORF_R2


class OneMatch:
    def matches(self) -> Sequence[LiveMatch]:
        players = [LivePlayer("<b>bold</b>", "axis", 7, 2, 1234, 301.5), LivePlayer("vid", "allies", 3, 5, 800, None)]
        return [LiveMatch("local", "supply", 2, 312, 455, datetime(2025, 11, 11, 23, 50), players=players)]


def test_source_status_and_a_live_match_are_shown(tmp_path: Path, corpus_dir: Path) -> None:
    engine = imported_database(tmp_path / "etstats.db", [corpus_dir / BRAUNDORF_R1, corpus_dir / BRAUNDORF_R2])
    save(engine, SourceState("local", "local", connected=True, since=datetime(2025, 11, 11, 21, 0)), datetime.now())
    save(engine, SourceState("eu1", "sftp", connected=False), datetime.now())
    with TestClient(create_app(engine, live=OneMatch())) as client:
        html = client.get("/").text
    assert '<li class="card up">' in html and '<li class="card down">' in html
    assert "watching" in html and "not connected" in html
    assert "Last round: braundorf_b4 round 2, 2025-11-11 23:39" in html
    assert "No round imported yet" in html  # eu1
    assert "<strong>supply</strong> round 2 on local · 5:12 played · time to beat 7:35" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    assert "<td>302</td>" in html  # live DPM, rounded like every DPM
    assert "No live match data" not in html
    engine.dispose()
