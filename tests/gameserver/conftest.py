"""The fake ET: Legacy server on 127.0.0.1 for the query tests."""

from tests.fakes.game_server import game_server

__all__ = ["game_server"]
