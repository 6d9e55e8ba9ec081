from pathlib import Path

import discord
import pytest

from etstats.publish.sinks import ConsoleSink, DiscordChannelSink, JsonlSink, WebhookSink, build_sinks

URL = "https://discord.com/api/webhooks/123/abc-DEF_1"


def test_single_and_several_sinks_in_order(tmp_path: Path) -> None:
    assert [type(s) for s in build_sinks("console")] == [ConsoleSink]
    sinks = build_sinks(f" jsonl:{tmp_path}/p.jsonl , console,webhook", webhook_url=URL)
    assert [type(s) for s in sinks] == [JsonlSink, ConsoleSink, WebhookSink]
    assert isinstance(sinks[0], JsonlSink) and sinks[0].path == tmp_path / "p.jsonl"


def test_discord_sink_needs_client_and_channel() -> None:
    client = discord.Client(intents=discord.Intents.none())
    (sink,) = build_sinks("discord", discord_client=client, channel_id=42)
    assert isinstance(sink, DiscordChannelSink)
    with pytest.raises(ValueError, match="ETSTATS_DISCORD_CHANNEL_ID"):
        build_sinks("discord", discord_client=client)


@pytest.mark.parametrize(
    ("spec", "kwargs", "message"),
    [
        ("slack", {}, "unknown sink 'slack'; choose from console, jsonl:PATH, webhook, discord"),
        ("", {}, "ETSTATS_SINK is empty"),
        ("jsonl", {}, "jsonl needs a file"),
        ("webhook", {}, "webhook needs ETSTATS_DISCORD_WEBHOOK_URL"),
        ("webhook", {"webhook_url": "https://example.com/hook"}, "ETSTATS_DISCORD_WEBHOOK_URL: webhook URL must look"),
        ("console:x", {}, "console takes no argument"),
        ("console,console", {}, "names console more than once"),
    ],
)
def test_bad_specs_fail_with_one_clear_line(spec: str, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        build_sinks(spec, **kwargs)
    assert message in str(caught.value) and "\n" not in str(caught.value)
