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
        )

    def require(self, *names: str) -> None:
        """Fail with one clear line for the first required variable that is missing or empty."""
        fields = {"SLACK_BOT_TOKEN": self.bot_token, "SLACK_SIGNING_SECRET": self.signing_secret,
                  "SLACK_APP_TOKEN": self.app_token}
        for name in names:
            if not fields[name]:
                raise ConfigError(f"{name} is not set: it is required here (see the configuration table in README.md)")


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
