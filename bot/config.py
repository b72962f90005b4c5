"""Settings, read once from the environment.

A missing or malformed variable is a `ConfigError` with one line naming it; the CLI prints that line and exits 2,
so a misconfigured dyno fails at once and says why instead of dumping a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SLACK_API_DEFAULT = "https://slack.com/api/"
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
            database_url=normalise_database_url(get("DATABASE_URL") or default_database_url()),
            default_timezone=tz,
            port=_int(get("PORT") or "3000", "PORT"),
            log_level=(get("LOG_LEVEL") or "INFO").upper(),
            reminder_grace_minutes=_int(get("REMINDER_GRACE_MINUTES") or "15", "REMINDER_GRACE_MINUTES"),
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


def default_database_url() -> str:
    """An SQLite file under ./data, created on first use, so a fresh clone runs with no setup."""
    data_dir = Path(os.environ.get("TEAMBOT_DATA_DIR") or "data")
    return f"sqlite:///{data_dir.resolve() / 'teambot.db'}"


def normalise_database_url(url: str) -> str:
    """Accept Heroku-style `postgres://` URLs and plain `postgresql://`; we always speak psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _int(raw: str, name: str) -> int:
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from exc
