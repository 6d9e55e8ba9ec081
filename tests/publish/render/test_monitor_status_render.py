"""``!monitor status`` as an embed: a broken source is named, its error made harmless."""

from __future__ import annotations

from datetime import datetime

from etstats.publish.limits import validate_embeds
from etstats.publish.render.monitor_status import status_embed
from etstats.stats.status_report import QuarantinedFile, SentPost, SourceState, StatusReport


def test_status_names_a_broken_source() -> None:
    state = SourceState("game_1", "sftp", connected=False, last_error="@everyone **boom**\n" * 50)
    report = StatusReport(
        sources=[state],
        quarantined=[QuarantinedFile("game_1", "x.txt", "bad @here")],
        last_post=SentPost(datetime(2025, 1, 1), "key"),
        backlog=3,
    )
    embed = status_embed(report, running=False)
    assert validate_embeds([embed]) == []
    assert embed["fields"][0]["name"] == "🔴 game\\_1 (sftp)"
    assert "@everyone" not in str(embed) and "@here" not in str(embed)
