"""Are the Discord webhook and bot token valid, and may the bot post where it is told to?

Only GET requests: nothing is posted. The channel's rights are worked out the way Discord
does (the guild's @everyone role, the bot's roles, then the channel's overwrites).
"""

from __future__ import annotations

from typing import Any

import aiohttp
import discord

from etstats.cli.check.result import Check
from etstats.config import Settings
from etstats.publish.sinks.discord_api import webhook_endpoint

NEEDED = discord.Permissions(view_channel=True, send_messages=True, embed_links=True, attach_files=True)


async def check_discord(settings: Settings, timeout: float = 10.0) -> list[Check]:
    sinks = {part.strip().split(":", 1)[0] for part in settings.sink.split(",")}
    checks: list[Check] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http:
        if "webhook" in sinks or settings.discord_webhook_url:
            checks.append(await _webhook(http, settings))
        if "discord" in sinks or settings.discord_token:
            checks.extend(await _bot(http, settings))
    return checks


async def _get(http: aiohttp.ClientSession, url: str, token: str | None = None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bot {token}"} if token else {}
    async with http.get(url, headers=headers) as response:
        try:
            body = await response.json(content_type=None)
        except ValueError:
            body = None
        return response.status, body


async def _webhook(http: aiohttp.ClientSession, settings: Settings) -> Check:
    fix = "create a webhook in the channel's settings (Integrations) and put its URL in ETSTATS_DISCORD_WEBHOOK_URL"
    if not settings.discord_webhook_url:
        return Check.bad("Discord webhook: ETSTATS_DISCORD_WEBHOOK_URL is not set", fix)
    try:
        url = webhook_endpoint(settings.discord_webhook_url, settings.discord_api_base)
        status, body = await _get(http, url)
    except ValueError as exc:
        return Check.bad(f"Discord webhook: {exc}", fix)
    except (aiohttp.ClientError, TimeoutError) as exc:
        return Check.bad(f"Discord webhook: Discord not reachable ({exc or 'timed out'})", "check the network")
    if status != 200 or not isinstance(body, dict):
        return Check.bad(f"Discord webhook refused (HTTP {status}): deleted, or the URL is wrong", fix)
    return Check.good(f"Discord webhook valid, posts to channel {body.get('channel_id')} as {body.get('name')!r}")


async def _bot(http: aiohttp.ClientSession, settings: Settings) -> list[Check]:
    api, token = settings.discord_api_base.rstrip("/"), settings.discord_token
    portal = "copy the bot token from the Discord developer portal into ETSTATS_DISCORD_TOKEN"
    if not token:
        return [Check.bad("Discord bot: ETSTATS_DISCORD_TOKEN is not set", portal)]
    try:
        status, me = await _get(http, f"{api}/users/@me", token)
        if status != 200 or not isinstance(me, dict):
            return [Check.bad(f"Discord bot token refused (HTTP {status})", portal)]
        checks = [Check.good(f"Discord bot token valid ({me.get('username')})")]
        if settings.discord_channel_id is None:
            return [*checks, Check.bad("Discord channel: ETSTATS_DISCORD_CHANNEL_ID is not set", "set it")]
        return [*checks, await _channel(http, api, token, settings.discord_channel_id, str(me.get("id")))]
    except (aiohttp.ClientError, TimeoutError) as exc:
        return [Check.bad(f"Discord bot: Discord not reachable ({exc or 'timed out'})", "check the network")]


async def _channel(http: aiohttp.ClientSession, api: str, token: str, channel_id: int, bot_id: str) -> Check:
    invite = "invite the bot to the server and give it View Channel, Send Messages, Embed Links and Attach Files there"
    status, channel = await _get(http, f"{api}/channels/{channel_id}", token)
    if status != 200 or not isinstance(channel, dict):
        return Check.bad(f"Discord channel {channel_id}: not visible to the bot (HTTP {status})", invite)
    guild_id = channel.get("guild_id")
    if guild_id is None:
        return Check.good(f"Discord channel {channel_id} writable (a direct message)")
    status_roles, roles = await _get(http, f"{api}/guilds/{guild_id}/roles", token)
    status_member, member = await _get(http, f"{api}/guilds/{guild_id}/members/{bot_id}", token)
    if status_roles != 200 or status_member != 200 or not isinstance(roles, list) or not isinstance(member, dict):
        return Check.bad(f"Discord channel {channel_id}: the bot's roles cannot be read", invite)
    have = channel_permissions(str(guild_id), roles, member, channel.get("permission_overwrites") or [])
    missing = [name for name, wanted in NEEDED if wanted and not getattr(have, name)]
    if missing:
        return Check.bad(
            f"Discord channel #{channel.get('name')} ({channel_id}): the bot lacks {', '.join(missing)}", invite
        )
    return Check.good(f"Discord channel #{channel.get('name')} ({channel_id}) writable")


def channel_permissions(
    guild_id: str, roles: list[dict[str, Any]], member: dict[str, Any], overwrites: list[dict[str, Any]]
) -> discord.Permissions:
    """A member's rights in a channel: base rights of its roles, then @everyone, role and member overwrites."""
    member_roles = {str(r) for r in member.get("roles", [])}
    value = 0
    for role in roles:
        if str(role.get("id")) == guild_id or str(role.get("id")) in member_roles:
            value |= int(role.get("permissions", 0))
    permissions = discord.Permissions(value)
    if permissions.administrator:
        return discord.Permissions.all()
    by_id = {str(o.get("id")): o for o in overwrites}
    everyone = by_id.get(guild_id)
    if everyone is not None:
        permissions.handle_overwrite(int(everyone.get("allow", 0)), int(everyone.get("deny", 0)))
    allow = deny = 0
    for role_id in member_roles:
        overwrite = by_id.get(role_id)
        if overwrite is not None:
            allow |= int(overwrite.get("allow", 0))
            deny |= int(overwrite.get("deny", 0))
    permissions.handle_overwrite(allow, deny)
    user = (member.get("user") or {}).get("id")
    own = by_id.get(str(user)) if user is not None else None
    if own is not None:
        permissions.handle_overwrite(int(own.get("allow", 0)), int(own.get("deny", 0)))
    return permissions
