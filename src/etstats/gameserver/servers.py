"""Which game servers to ask, from the settings: per source, or the one global address."""

from __future__ import annotations

from dataclasses import dataclass

from etstats.config import Settings


@dataclass(frozen=True, slots=True)
class GameServer:
    """A server to query; ``source`` names the round-file source it writes, when known."""

    name: str
    host: str
    port: int
    source: str | None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def game_servers(settings: Settings) -> list[GameServer]:
    """Sources with their own ``game_host``; else ``ETSTATS_GAME_HOST``, tied to the source when there is one.

    With several sources and only the global address, the rounds of that server cannot be
    told apart from the others', so it is tied to no source.
    """
    sources = settings.resolved_sources()
    own = [GameServer(s.name, s.game_host, s.game_port, s.name) for s in sources if s.game_host]
    if own or not settings.game_host:
        return own
    source = sources[0].name if len(sources) == 1 else None
    return [GameServer(source or settings.game_host, settings.game_host, settings.game_port, source)]
