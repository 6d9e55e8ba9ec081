"""Where Discord's HTTP API lives and how to read its answers.

The API base is one setting (``ETSTATS_DISCORD_API_BASE``) so that tests, and anyone
behind a proxy, can point every Discord request — discord.py's and the webhook
sink's — at another host.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import discord.http

DEFAULT_API_BASE = "https://discord.com/api/v10"

_WEBHOOK_PATH = re.compile(r"/webhooks/(\d+)/([A-Za-z0-9_\-.]+)/?$")


def set_api_base(url: str) -> str:
    """Send discord.py's requests (bot and webhook) to ``url``; return the previous base."""
    previous = discord.http.Route.BASE
    discord.http.Route.BASE = url.rstrip("/")
    return previous


def webhook_endpoint(webhook_url: str, api_base: str = DEFAULT_API_BASE) -> str:
    """``https://discord.com/api/webhooks/<id>/<token>`` as ``<api_base>/webhooks/<id>/<token>``."""
    match = _WEBHOOK_PATH.search(webhook_url.split("?", 1)[0])
    if match is None:
        raise ValueError("webhook URL must look like https://discord.com/api/webhooks/<id>/<token>")
    webhook_id, token = match.groups()
    return f"{api_base.rstrip('/')}/webhooks/{webhook_id}/{token}"


def retry_after(headers: Mapping[str, str], body: Any) -> float | None:
    """Seconds to wait from a 429: the JSON ``retry_after`` (precise) or the ``Retry-After`` header.

    Values that are not finite numbers count as not given; callers cap huge ones.
    """
    if isinstance(body, Mapping) and isinstance(body.get("retry_after"), int | float):
        value: float | None = float(body["retry_after"])
    else:
        header = headers.get("Retry-After")
        try:
            value = float(header) if header is not None else None
        except ValueError:
            value = None
    return max(value, 0.0) if value is not None and math.isfinite(value) else None


def _flatten_errors(errors: Any, path: str = "") -> list[str]:
    if not isinstance(errors, Mapping):
        return []
    found: list[str] = []
    for key, value in errors.items():
        if key == "_errors" and isinstance(value, list):
            found += [f"{path or 'body'}: {item.get('message', item)}" for item in value if isinstance(item, Mapping)]
        else:
            found += _flatten_errors(value, f"{path}.{key}" if path else str(key))
    return found


def describe_error(status: int, body: Any) -> str:
    """Discord's error body in one line, e.g. ``400 Invalid Form Body (50035): embeds.0.title: …``."""
    if not isinstance(body, Mapping):
        text = str(body or "").strip()
        return f"{status} {text[:200]}" if text else str(status)
    message = f"{status} {body.get('message', 'error')}"
    if body.get("code"):
        message += f" ({body['code']})"
    details = _flatten_errors(body.get("errors"))
    return f"{message}: {'; '.join(details)}" if details else message
