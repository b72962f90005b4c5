"""Settings, read once from the environment.

A missing or malformed variable is a `ConfigError` with one line naming it; the CLI prints that line and exits 2,
so a misconfigured dyno fails at once and says why instead of dumping a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

T = TypeVar("T", int, float)
SLACK_API_DEFAULT = "https://slack.com/api/"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_SCOPES = ("app_mentions:read", "channels:read", "chat:write", "chat:write.public", "commands", "files:write",
                  "groups:read", "im:history", "im:read", "im:write", "users:read")


class ConfigError(Exception):
    """A configuration problem, phrased for the person starting the process."""


@dataclass(frozen=True)
class Settings:
    bot_token: str | None
    signing_secret: str | None
    app_token: str | None
    api_url: str
    database_url: str
    default_timezone: str
    port: int
    log_level: str
    reminder_grace_minutes: int = 15
    web_threads: int = 16
    host: str = "0.0.0.0"  # noqa: S104 - a server behind a platform's router listens on every interface
    clock_tick_seconds: float = 5.0
    log_level_set: bool = False  # LOG_LEVEL given explicitly (the console is quiet otherwise)
    client_id: str | None = None
    client_secret: str | None = None
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    redirect_uri: str | None = None
    authorize_url: str | None = None

    @property
    def oauth(self) -> bool:
        """Multi-workspace mode: "Add to Slack" installs, a token per workspace from the installation store."""
        return bool(self.client_id and self.client_secret and not self.bot_token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        tz = get("DEFAULT_TIMEZONE") or "UTC"
        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL={log_level!r} is not one of {', '.join(LOG_LEVELS)}")
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"DEFAULT_TIMEZONE={tz!r} is not an IANA time zone (e.g. Europe/Berlin)") from exc
        api_url = get("SLACK_API_URL") or SLACK_API_DEFAULT
        if not api_url.endswith("/"):
            api_url += "/"
        return cls(
            bot_token=get("SLACK_BOT_TOKEN"),
            signing_secret=get("SLACK_SIGNING_SECRET"),
            app_token=get("SLACK_APP_TOKEN"),
            api_url=api_url,
            database_url=normalise_database_url(get("DATABASE_URL") or default_database_url(get("TEAMBOT_DATA_DIR"))),
            default_timezone=tz,
            port=_int(get("PORT") or "3000", "PORT", low=1, high=65535),
            log_level=log_level,
            log_level_set=bool(get("LOG_LEVEL")),
            reminder_grace_minutes=_int(get("REMINDER_GRACE_MINUTES") or "15", "REMINDER_GRACE_MINUTES", low=0),
            web_threads=_int(get("WEB_THREADS") or "16", "WEB_THREADS", low=1, high=256),
            host=get("HOST") or "0.0.0.0",  # noqa: S104
            clock_tick_seconds=_number(get("CLOCK_TICK_SECONDS") or "5", "CLOCK_TICK_SECONDS", low=0.1, high=3600),
            client_id=get("SLACK_CLIENT_ID"),
            client_secret=get("SLACK_CLIENT_SECRET"),
            scopes=tuple(s.strip() for s in (get("SLACK_SCOPES") or ",".join(DEFAULT_SCOPES)).split(",") if s.strip()),
            redirect_uri=get("SLACK_REDIRECT_URI"),
            authorize_url=get("SLACK_AUTHORIZE_URL"),
        )

    def require(self, *names: str) -> None:
        """Fail with one clear line for the first required variable that is missing or empty."""
        fields = {"SLACK_BOT_TOKEN": self.bot_token, "SLACK_SIGNING_SECRET": self.signing_secret,
                  "SLACK_APP_TOKEN": self.app_token}
        for name in names:
            if name == "SLACK_BOT_TOKEN" and self.oauth:
                continue  # multi-workspace mode: tokens come from the installation store
            if not fields[name]:
                hint = (" (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for multi-workspace installs)"
                        if name == "SLACK_BOT_TOKEN" else "")
                raise ConfigError(f"{name} is not set: it is required here{hint} (see the configuration table in "
                                  "README.md)")


def default_database_url(data_dir: str | None = None) -> str:
    """An SQLite file under TEAMBOT_DATA_DIR (./data), created on first use, so a fresh clone runs with no setup."""
    return f"sqlite:///{Path(data_dir or 'data').resolve() / 'teambot.db'}"


def normalise_database_url(url: str) -> str:
    """Accept Heroku-style `postgres://` URLs and plain `postgresql://`; we always speak psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _int(raw: str, name: str, *, low: int | None = None, high: int | None = None) -> int:
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from exc
    return _within(value, raw, name, low, high)


def _number(raw: str, name: str, *, low: float, high: float) -> float:
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a number") from exc
    if value != value:  # NaN
        raise ConfigError(f"{name}={raw!r} is not a number")
    return _within(value, raw, name, low, high)


def _within(value: T, raw: str, name: str, low: T | None, high: T | None) -> T:
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"from {low} to {high}" if low is not None and high is not None else \
            (f"at least {low}" if low is not None else f"at most {high}")
        raise ConfigError(f"{name}={raw!r} is out of range: it must be {bounds}")
    return value
