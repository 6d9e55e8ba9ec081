"""One settings object: ``ETSTATS_*`` environment variables, ``.env``, and an optional TOML file.

A wrong setting must stop the start with one line naming it, so validation errors are
turned into :class:`SettingsError` with that line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_REMOTE_PATH = "/home/et/.etlegacy/legacy/gamestats/"
DEFAULT_GAME_PORT = 27960
DEFAULT_WEB_BIND = "127.0.0.1:8000"


class SettingsError(ValueError):
    """A setting is missing or wrong; the message is one line an admin can act on."""


def parse_bind(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:8000`` for IPv6) as (host, port); ValueError says what is wrong."""
    host, sep, port = text.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"expected HOST:PORT such as {DEFAULT_WEB_BIND}")
    return host, int(port)


class ServerAccess(BaseModel):
    """How to reach one game server: its SFTP login and its query address.

    Shared by a ``[[sources]]`` entry and the plain ``ETSTATS_SSH_*`` / ``ETSTATS_GAME_*``
    settings, which describe the single server of a simple set-up.
    """

    ssh_host: str | None = None
    ssh_port: int = Field(default=22, ge=1, le=65535)
    ssh_user: str | None = None
    ssh_key: Path | None = None
    ssh_key_passphrase: str | None = None
    ssh_known_hosts: Path = Path("~/.ssh/known_hosts")
    ssh_trust_on_first_use: bool = False
    ssh_inotifywait: bool = True
    remote_path: str = DEFAULT_REMOTE_PATH
    game_host: str | None = None
    game_port: int = Field(default=DEFAULT_GAME_PORT, ge=1, le=65535)


class SourceSettings(ServerAccess):
    """One folder of round files: local (``path``) or remote over SFTP (``ssh_host``)."""

    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    kind: Literal["local", "sftp"] = "local"
    path: Path = Path("gamestats")

    @model_validator(mode="after")
    def _sftp_needs_login(self) -> SourceSettings:
        if self.kind == "sftp":
            for attr in ("ssh_host", "ssh_user", "ssh_key"):
                if not getattr(self, attr):
                    raise ValueError(f"source {self.name!r} uses SFTP and needs {attr}")
        return self


class Settings(BaseSettings, ServerAccess):
    model_config = SettingsConfigDict(env_prefix="ETSTATS_", env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite:///etstats.db"
    watch_dir: Path = Path("gamestats")
    archive_dir: Path = Path("archive")
    source_name: str = Field(default="local", pattern=r"^[A-Za-z0-9_.-]+$")
    poll_seconds: float = Field(default=0.5, gt=0, le=3600)
    post_window: float = Field(default=7200.0, ge=0, description="seconds")
    r1_grace_seconds: float = Field(default=60.0, ge=0)
    sink: str = "console"
    discord_token: str | None = None
    discord_channel_id: int | None = None
    discord_webhook_url: str | None = None
    discord_api_base: str = "https://discord.com/api/v10"
    admin_role: str | None = None
    config: Path | None = None
    sources: list[SourceSettings] = Field(default_factory=list)
    status_channel_id: int | None = None
    status_seconds: float = Field(default=60.0, ge=10, le=3600)
    voice_channel_id: int | None = None
    milestones: bool = False
    live_seconds: float = Field(default=10.0, ge=5, le=3600, description="Discord limits edits")
    lease_seconds: float = Field(default=20.0, ge=2, le=600)
    heartbeat_file: Path | None = None
    evening_summary_seconds: float = Field(default=3600.0, ge=0)
    web_bind: str | None = None

    toml_file: ClassVar[Path | None] = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Environment beats ``.env``, which beats the TOML file named by ``ETSTATS_CONFIG``."""
        chain = [init_settings, env_settings, dotenv_settings]
        if cls.toml_file is not None:
            chain.append(TomlConfigSettingsSource(settings_cls, toml_file=cls.toml_file))
        return (*chain, file_secret_settings)

    @field_validator("database_url")
    @classmethod
    def _url_has_scheme(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError("expected a database URL such as sqlite:///etstats.db")
        return value

    @field_validator("web_bind")
    @classmethod
    def _bind_is_host_port(cls, value: str | None) -> str | None:
        if value is not None:
            parse_bind(value)
        return value

    def resolved_sources(self) -> list[SourceSettings]:
        """Sources from the TOML file, else one built from the plain ``ETSTATS_*`` settings."""
        if self.sources:
            return self.sources
        access = {name: getattr(self, name) for name in ServerAccess.model_fields}
        if self.ssh_host:
            name = self.source_name if self.source_name != "local" else self.ssh_host
            return [SourceSettings(name=name, kind="sftp", **access)]
        return [SourceSettings(name=self.source_name, kind="local", path=self.watch_dir, **access)]


def _describe(error: ErrorDetails) -> str:
    location = [str(part) for part in error.get("loc", ())]
    if location and location[0] == "sources":
        name = "sources" + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in location[1:])
    elif location:
        name = "ETSTATS_" + location[0].upper()
    else:
        name = "settings"
    given = error.get("input")
    shown = f" (got {given!r})" if given is not None and not isinstance(given, dict) else ""
    return f"setting {name}: {error.get('msg', 'invalid')}{shown}"


def load_settings(**overrides: Any) -> Settings:
    """Read settings (and the TOML file named by ``ETSTATS_CONFIG``); raise SettingsError."""
    path = overrides.get("config") or os.environ.get("ETSTATS_CONFIG")
    toml_file = Path(path).expanduser() if path else None
    if toml_file is not None and not toml_file.is_file():
        raise SettingsError(f"setting ETSTATS_CONFIG: file {toml_file} does not exist")
    Settings.toml_file = toml_file
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(_describe(exc.errors()[0])) from None
    except ValueError as exc:
        raise SettingsError(f"setting ETSTATS_CONFIG: {toml_file} could not be read ({exc})") from None
    finally:
        Settings.toml_file = None
    names = [s.name for s in settings.resolved_sources()]
    if len(set(names)) != len(names):
        raise SettingsError(f"setting sources: source names must be unique, got {names}")
    return settings
