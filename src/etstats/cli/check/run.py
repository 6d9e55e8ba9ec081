"""Run every check and print one line each; exit code 1 when any failed."""

from __future__ import annotations

import asyncio

from etstats.cli.check.database import check_database
from etstats.cli.check.discord_access import check_discord
from etstats.cli.check.gameserver import check_game_servers
from etstats.cli.check.result import Check
from etstats.cli.check.sources import check_source
from etstats.config import Settings


async def run_checks(settings: Settings) -> list[Check]:
    checks = await asyncio.to_thread(check_database, settings.database_url)
    for spec in settings.resolved_sources():
        checks += await check_source(spec)
    checks += await check_discord(settings)
    checks += await check_game_servers(settings)
    return checks


def print_checks(settings: Settings) -> int:
    checks = asyncio.run(run_checks(settings))
    for check in checks:
        print(check.line())
    failed = sum(not c.ok for c in checks)
    print(f"{len(checks) - failed} fine, {failed} to fix" if failed else f"all {len(checks)} checks fine")
    return 1 if failed else 0
