"""The fake must say no where Discord says no, or the sink tests prove nothing."""

from typing import Any

import aiohttp

from tests.fakes.discord_server import FakeDiscord, form_errors


async def _call(
    fake: FakeDiscord, method: str, path: str, payload: Any = None, *, auth: bool = True
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bot {fake.token}"} if auth else {}
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, fake.base_url + path, json=payload, headers=headers) as response,
    ):
        body = await response.json() if response.status != 204 else None
        return response.status, body


def test_form_errors_match_discords_shape() -> None:
    errors = form_errors({"embeds": [{"title": "t" * 257, "fields": [{"name": "", "value": "v"}]}]})
    assert errors["embeds"]["0"]["title"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    assert errors["embeds"]["0"]["fields"]["0"]["name"]["_errors"][0]["code"] == "BASE_TYPE_REQUIRED"
    total = form_errors({"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]})
    assert total["embeds"]["_errors"][0]["code"] == "MAX_EMBED_SIZE_EXCEEDED"
    assert form_errors({"content": "ok", "embeds": [{"title": "fine"}], "nonce": "n" * 25}) == {}
    assert "nonce" in form_errors({"content": "ok", "nonce": "n" * 26})


async def test_oversize_embed_is_a_400_with_discords_body(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    oversize = {"embeds": [{"title": "t" * 300}]}
    status, body = await _call(discord_server, "POST", f"/channels/{channel}/messages", oversize)
    assert status == 400 and body["code"] == 50035 and body["message"] == "Invalid Form Body"
    assert discord_server.messages(channel) == []


async def test_empty_message_and_bad_token_are_refused(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    status, body = await _call(discord_server, "POST", f"/channels/{channel}/messages", {"content": ""})
    assert (status, body["code"]) == (400, 50006)
    status, _ = await _call(discord_server, "GET", "/users/@me", auth=False)
    assert status == 401
    status, _ = await _call(discord_server, "GET", "/no/such/route")
    assert status == 404


async def test_nonce_dedupes_only_when_enforced(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    path = f"/channels/{channel}/messages"
    enforced = {"content": "a", "nonce": "n1", "enforce_nonce": True}
    _, first = await _call(discord_server, "POST", path, enforced)
    _, again = await _call(discord_server, "POST", path, enforced)
    assert first["id"] == again["id"]
    loose = {"content": "b", "nonce": "n2"}
    _, one = await _call(discord_server, "POST", path, loose)
    _, two = await _call(discord_server, "POST", path, loose)
    assert one["id"] != two["id"]
    assert len(discord_server.messages(channel)) == 3


async def test_nonce_window_expires(discord_server: FakeDiscord) -> None:
    discord_server.nonce_window = 0.0
    channel = discord_server.add_channel()
    payload = {"content": "a", "nonce": "n1", "enforce_nonce": True}
    await _call(discord_server, "POST", f"/channels/{channel}/messages", payload)
    await _call(discord_server, "POST", f"/channels/{channel}/messages", payload)
    assert len(discord_server.messages(channel)) == 2


async def test_webhook_without_wait_answers_204_and_messages_can_be_edited(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    hook = discord_server.add_webhook(channel).removeprefix("https://discord.com/api")
    status, _ = await _call(discord_server, "POST", hook, {"content": "no wait"}, auth=False)
    assert status == 204
    _, sent = await _call(discord_server, "POST", hook + "?wait=true", {"content": "v1"}, auth=False)
    edit = f"{hook}/messages/{sent['id']}"
    status, edited = await _call(discord_server, "PATCH", edit, {"content": "v2"}, auth=False)
    assert status == 200 and edited["content"] == "v2" and edited["edited_timestamp"]
    status, edited = await _call(
        discord_server, "PATCH", f"/channels/{channel}/messages/{sent['id']}", {"embeds": [{"title": "t"}]}
    )
    assert status == 200 and edited["embeds"][0]["title"] == "t"
    assert [m["content"] for m in discord_server.messages(channel)] == ["no wait", "v2"]
