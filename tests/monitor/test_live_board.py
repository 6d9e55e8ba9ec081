"""The live loop step by step: restart, deleted message, bad live files, the pointer, and ``!live``."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from etstats.app import serve
from etstats.bot.cogs.live import LiveCog
from etstats.monitor.live import LiveBoard
from etstats.publish.sinks.live_messages import WebhookLiveMessages
from etstats.sources.local import LocalFolderSource
from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch
from tests.bot.fakes import FakeContext, no_mentions
from tests.fakes.discord_server import FakeDiscord
from tests.gameserver.lua_game import StandInGame
from tests.monitor.helpers import R1, service_settings


@pytest.fixture
def game(tmp_path: Path) -> StandInGame:
    game = StandInGame(tmp_path / "server", map="erdenberg_t2", folder=tmp_path / "gamestats")
    game.add_players(4)
    game.init_game()
    game.start_round()
    game.play(6)
    return game


class Setup:
    def __init__(self, tmp_path: Path, fake: FakeDiscord) -> None:
        self.fake = fake
        self.channel = fake.add_channel()
        self.messenger = WebhookLiveMessages(fake.add_webhook(self.channel), api_base=fake.base_url)
        self.engine = open_database(f"sqlite:///{tmp_path / 'etstats.db'}")
        self.folder = tmp_path / "gamestats"

    def board(self) -> LiveBoard:
        return LiveBoard(LocalFolderSource("local", self.folder), self.engine, [self.messenger], 5.0)

    def posts(self) -> int:
        return len(self.fake.requests_to("POST", "/webhooks/"))

    def edits(self) -> list[dict[str, object]]:
        return [r.json for r in self.fake.requests_to("PATCH", "/webhooks/")]


@pytest.fixture
async def setup(tmp_path: Path, discord_server: FakeDiscord) -> Setup:
    (tmp_path / "gamestats").mkdir(exist_ok=True)
    return Setup(tmp_path, discord_server)


async def test_a_restart_edits_the_message_it_posted_instead_of_posting_again(setup: Setup, game: StandInGame) -> None:
    await setup.board().tick()
    assert setup.posts() == 1
    game.play(5)
    restarted = setup.board()
    await restarted.tick()
    assert setup.posts() == 1 and len(setup.edits()) == 1
    [message] = setup.fake.messages(setup.channel)
    assert message["edited_timestamp"] is not None


async def test_nothing_is_edited_while_nothing_changed(setup: Setup, game: StandInGame) -> None:
    board = setup.board()
    board.clock = lambda: game_written_at(game)
    await board.tick()
    await board.tick()
    assert setup.posts() == 1 and setup.edits() == []


def game_written_at(game: StandInGame) -> float:
    return float(json.loads(game.live_file.read_text())["written_at"])


async def test_a_deleted_message_is_posted_again(setup: Setup, game: StandInGame) -> None:
    board = setup.board()
    await board.tick()
    setup.fake.delete_message(setup.channel, setup.fake.messages(setup.channel)[0]["id"])
    game.play(5)
    await board.tick()
    assert setup.posts() == 2 and len(setup.fake.messages(setup.channel)) == 1


@pytest.mark.parametrize(
    ("content", "logged"),
    [
        (b'{"format":"etstats-live","version":1,"seq":', "cut short"),
        (b"not json at all\n", "not JSON"),
        (b'{"format":"etstats-live","version":1}\n' + b" " * 70_000 + b"\n", "too large"),
        (b'{"format":"someone-else","version":1}\n', "not an etstats live file"),
    ],
)
async def test_a_bad_live_file_is_ignored_with_one_log_line_and_the_message_says_stale(
    setup: Setup, game: StandInGame, content: bytes, logged: str, caplog: pytest.LogCaptureFixture
) -> None:
    board = setup.board()
    await board.tick()
    caplog.set_level(logging.WARNING, logger="etstats.monitor.live")
    game.live_file.write_bytes(content)
    await board.tick()
    game.live_file.write_bytes(content)
    os.utime(game.live_file, (1, 2))  # written again: read again, the same problem
    await board.tick()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and logged in lines[0], lines
    description = setup.edits()[-1]["embeds"][0]["description"]  # type: ignore[index]
    assert description.startswith("⚠️ data stale:") and logged.split()[0] in description
    assert setup.posts() == 1


async def test_a_stale_file_marks_the_message_and_a_stale_round_is_never_posted(
    setup: Setup, game: StandInGame
) -> None:
    board = setup.board()
    board.clock = lambda: game_written_at(game) + 60
    await board.tick()
    assert setup.posts() == 0
    board.clock = lambda: game_written_at(game)
    await board.tick()
    board.clock = lambda: game_written_at(game) + 60
    await board.tick()
    assert "data stale: no update from the server for 60s" in setup.edits()[-1]["embeds"][0]["description"]  # type: ignore[index]


async def test_a_round_two_of_another_map_is_ignored(setup: Setup, tmp_path: Path, corpus_dir: Path) -> None:
    with setup.engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(R1, (corpus_dir / R1).read_bytes())])
    other = StandInGame(tmp_path / "other", map="supply", folder=setup.folder)
    other.add_players(2)
    other.init_game(round_number=2, time_to_beat_min=5)
    other.start_round()
    other.play(6)
    board = setup.board()
    await board.tick()
    assert setup.posts() == 0
    assert "Round 2 of supply, but the last Round 1 was erdenberg_t2" in str(board.problem)


async def test_the_pointer_replaces_the_message_once_the_round_file_is_imported(
    setup: Setup, game: StandInGame, corpus_dir: Path
) -> None:
    board = setup.board()
    await board.tick()
    with setup.engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(R1, (corpus_dir / R1).read_bytes())])
    await board.tick()
    [message] = setup.fake.messages(setup.channel)
    assert message["embeds"] == [] and "Round 1 is over" in message["content"]
    await setup.board().tick()  # a restart leaves the pointer alone
    assert setup.posts() == 1 and len(setup.edits()) == 1


async def test_live_answers_with_the_same_view(setup: Setup, game: StandInGame) -> None:
    board = setup.board()
    await board.tick()
    cog = LiveCog([board])
    ctx = FakeContext(command=cog.live)
    await cog.live.callback(cog, ctx)
    assert no_mentions(ctx.reply)
    [posted] = setup.fake.messages(setup.channel)[0]["embeds"]
    assert [(e["title"], e["description"]) for e in ctx.embeds] == [(posted["title"], posted["description"])]


async def test_live_without_a_live_file_says_how_to_get_one(setup: Setup) -> None:
    cog = LiveCog([setup.board()])
    ctx = FakeContext(command=cog.live)
    await cog.live.callback(cog, ctx)
    assert "etstats lua" in ctx.embeds[0]["description"]


async def test_live_files_never_reach_the_importer_or_quarantine(tmp_path: Path, game: StandInGame) -> None:
    settings = service_settings(tmp_path)
    (tmp_path / "gamestats" / "live-27962.json").write_bytes(b"garbage\n")
    for _ in range(4):
        await serve(settings, once=True)
    engine = open_database(settings.database_url)
    with engine.connect() as conn:
        assert conn.execute(t.files.select()).all() == []


async def test_a_restarted_round_gets_a_new_message_and_the_old_one_says_it_ended(
    setup: Setup, game: StandInGame
) -> None:
    board = setup.board()
    await board.tick()
    game.init_game()  # the admin restarts the map: the round's clock starts again
    game.play(2, fights=False)
    game.start_round()
    game.play(6)
    await board.tick()
    old, new = setup.fake.messages(setup.channel)
    assert old["content"] == "⏹ The live view of erdenberg\\_t2 Round 1 has ended." and old["embeds"] == []
    assert new["embeds"][0]["title"] == "🔴 Live: erdenberg\\_t2 · Round 1"


async def test_a_failing_sink_is_logged_once_while_it_keeps_failing(
    setup: Setup, game: StandInGame, caplog: pytest.LogCaptureFixture
) -> None:
    board = setup.board()
    caplog.set_level(logging.WARNING, logger="etstats.monitor.live")
    setup.fake.fail_next(3, status=500, message="500: down")
    for _ in range(3):
        await board.tick()
    assert len([r for r in caplog.records if "live message on webhook" in r.getMessage()]) == 1
    await board.tick()
    assert setup.posts() == 4 and len(setup.fake.messages(setup.channel)) == 1


async def test_the_web_site_shows_what_the_board_holds(setup: Setup, game: StandInGame) -> None:
    from fastapi.testclient import TestClient

    from etstats.web.app import create_app
    from etstats.web.live_boards import BoardsFeed

    board = setup.board()
    await board.tick()
    [match] = BoardsFeed([board, setup.board()]).matches()  # a board without data is left out
    assert (match.source, match.map, match.round, match.stale) == ("local", "erdenberg_t2", 1, False)
    assert sorted(p.name for p in match.players) == sorted(p.name for p in game.players.values())
    assert {p.team for p in match.players} == {"attack", "defend"}
    with TestClient(create_app(setup.engine, live=BoardsFeed([board]))) as client:
        html = client.get("/").text
    assert "<strong>erdenberg_t2</strong> round 1 on local" in html and "No live match data" not in html
