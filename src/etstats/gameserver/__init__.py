"""Asking the ET: Legacy game server itself what is going on: map, players, slots."""

from etstats.gameserver.client import ServerNotAnswering, query_status
from etstats.gameserver.poller import ServerPoller, ServerState, current_states
from etstats.gameserver.protocol import PlayerInfo, ServerStatus, StatusReplyError, parse_status_response
from etstats.gameserver.servers import GameServer, game_servers

__all__ = [
    "GameServer", "PlayerInfo", "ServerNotAnswering", "ServerPoller", "ServerState", "ServerStatus",
    "StatusReplyError", "current_states", "game_servers", "parse_status_response", "query_status",
]  # fmt: skip
