"""Milestones in the map post: shown when enabled, pinging only a linked player who opted in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import discord
from sqlalchemy import select

from etstats.app import serve
from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch
from etstats.store.notify import set_notify
from etstats.store.player_queries import link_players
from tests.fakes.discord_server import FakeDiscord
from tests.monitor.helpers import drop, service_settings

MAP = ("2025-10-22-212835-etl_adlernest-round-1.txt", "2025-10-22-213450-etl_adlernest-round-2.txt")
VID_USER = "222333444555666777"


async def test_vid_reaching_1000_kills_is_announced_with_his_ping(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_server.add_channel()
    settings = service_settings(
        tmp_path, sink="discord", discord_channel_id=channel, discord_api_base=discord_server.base_url,
        milestones=True, post_window=10 ** 9,
    )  # fmt: skip
    engine = open_database(settings.database_url)
    earlier = [p for p in sorted(corpus_dir.iterdir()) if p.name < MAP[0]]
    with engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(p.name, p.read_bytes()) for p in earlier])
        vid = conn.execute(select(t.players.c.id).where(t.players.c.name == "vid")).scalar_one()
        link_players(conn, [vid], VID_USER)
        set_notify(conn, VID_USER, True, datetime(2025, 10, 22))
    engine.dispose()
    for name in MAP:
        drop(corpus_dir, tmp_path / "gamestats", name)
    await serve(settings, once=True, discord_client=discord_client)
    round1, combined = discord_server.messages(channel)
    assert "Milestones" not in str(round1["embeds"])
    fields = {f["name"]: f["value"] for f in combined["embeds"][1]["fields"]}
    assert f"**vid** (<@{VID_USER}>) reached **1,000** kills" in fields["🏅 Milestones"]
    assert combined["content"] == f"🏅 <@{VID_USER}>"
    (request,) = [
        r for r in discord_server.requests_to("POST", f"/channels/{channel}/messages") if r.json.get("content")
    ]
    assert [str(u) for u in request.json["allowed_mentions"]["users"]] == [VID_USER]
    assert request.json["allowed_mentions"]["parse"] == []


async def test_without_the_setting_no_milestones_are_posted(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_server.add_channel()
    settings = service_settings(
        tmp_path, sink="discord", discord_channel_id=channel, discord_api_base=discord_server.base_url
    )
    for name in MAP:
        drop(corpus_dir, tmp_path / "gamestats", name)
    await serve(settings, once=True, discord_client=discord_client)
    assert "Milestones" not in str([m["embeds"] for m in discord_server.messages(channel)])
    assert all(not m["content"] for m in discord_server.messages(channel))
