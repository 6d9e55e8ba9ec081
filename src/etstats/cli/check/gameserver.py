"""Does each configured game server answer the status query?"""

from __future__ import annotations

from etstats.cli.check.result import Check
from etstats.config import Settings
from etstats.gameserver.client import ServerNotAnswering, query_status
from etstats.gameserver.servers import game_servers


async def check_game_servers(settings: Settings, timeout: float = 2.0) -> list[Check]:
    checks = []
    for server in game_servers(settings):
        try:
            status = await query_status(server.host, server.port, timeout=timeout)
        except ServerNotAnswering as exc:
            checks.append(
                Check.bad(
                    f"game server {server.name} ({server.address}): {exc}",
                    "check ETSTATS_GAME_HOST/ETSTATS_GAME_PORT (or game_host/game_port of the source), "
                    "that the server runs, and that its UDP port is open to this machine",
                )
            )
            continue
        checks.append(
            Check.good(
                f"game server {server.name} ({server.address}) answers: {status.map}, "
                f"{status.player_count}/{status.max_players} players"
            )
        )
    return checks
