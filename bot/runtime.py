"""Process assembly: the runtime every handler and job shares, and the services a process runs.

`Runtime` holds settings, the database, the clock (`now`, injectable for tests) and the Web API client;
`Services` starts what a process needs — the schema migration, the Bolt app, the outbox sender, the clock — and
stops them in order on shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot import outbox, people
from bot.config import Settings
from storage import migrate
from storage.db import Database

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def make_client(settings: Settings, token: str | None, *, retries: bool = True) -> WebClient:
    """A Web API client at SLACK_API_URL that retries 429 (honouring Retry-After), 5xx and connection errors.

    The outbox sender uses one without built-in retries: it schedules its own, longer backoff instead of
    sleeping in the sending thread.
    """
    handlers = [ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=2),
                ServerErrorRetryHandler(max_retry_count=2)] if retries else []
    return WebClient(token=token, base_url=settings.api_url, timeout=10, retry_handlers=handlers)


@dataclass
class Runtime:
    """What every handler and job needs: settings, the database, the clock, and a Web API client per workspace."""

    settings: Settings
    db: Database
    clock: Clock = system_clock
    client: WebClient | None = None
    people: people.Directory = field(init=False)
    _sending_client: WebClient = field(init=False)

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = make_client(self.settings, self.settings.bot_token)
        self._sending_client = make_client(self.settings, self.settings.bot_token, retries=False)
        self.people = people.Directory(self.settings.default_timezone, self._users_info)
        people.set_default_timezone(self.settings.default_timezone)

    def now(self) -> datetime:
        return self.clock()

    def client_for(self, team_id: str) -> WebClient:
        """The client to act in `team_id` (one workspace for now; OAuth installs look the token up per team)."""
        assert self.client is not None
        return self.client

    def sending_client_for(self, team_id: str) -> WebClient:
        """The outbox's client for `team_id`: no built-in retries (the outbox backs off on its own schedule)."""
        return self._sending_client

    def _users_info(self, team_id: str, user_id: str) -> dict[str, Any] | None:
        try:
            return self.client_for(team_id).users_info(user=user_id, include_locale=True).get("user")
        except SlackApiError as exc:
            log.info("users.info %s failed: %s", user_id, exc.response.get("error"))
            return None


def open_database(settings: Settings, pool_size: int = 8) -> Database:
    """The database, migrated to head (safe when several processes start at once)."""
    db = Database(settings.database_url, pool_size=pool_size)
    migrate.upgrade(db)
    return db


@dataclass
class Services:
    rt: Runtime
    app: Any = None
    sender: Any = None
    scheduler: Any = None

    @classmethod
    def start(cls, settings: Settings, *, clock: bool, pool_size: int = 8, with_app: bool = True,
              verify_signatures: bool = True, rt: Runtime | None = None) -> Services:
        from bot import timeparse
        from scheduler import clock as clock_module
        from scheduler.outbox import Sender

        rt = rt or Runtime(settings, open_database(settings, pool_size))
        services = cls(rt)
        if with_app:
            from bot.app import create_app

            services.app = create_app(rt, verify_signatures=verify_signatures)
        timeparse.warm_up()
        services.sender = Sender(rt.db, rt.sending_client_for, rt.now).start()
        outbox.on_enqueue(services.sender.wake)
        if clock:
            services.scheduler = clock_module.build(rt, blocking=False)
            services.scheduler.start()
        services.sender.wake()  # resume whatever a previous run left unsent
        return services

    def run_clock_blocking(self) -> None:
        from scheduler import clock as clock_module

        self.scheduler = clock_module.build(self.rt, blocking=True)
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self.sender is not None:
            self.sender.stop()
        self.rt.db.dispose()
