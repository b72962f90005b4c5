"""The composition root: it builds what a process runs, and nothing imports it back.

`Runtime` holds settings, the database, the clock (`now`, injectable for tests), the Web API clients per workspace
and the people directory, and hands the core its `Env`; `Services` starts what a process needs — the schema
migration, the Bolt app, the outbox sender, the clock — and stops them in order on shutdown.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.base import BaseScheduler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.app import App, create_app
from bot.config import Settings
from bot.core import outbox, people, privacy
from bot.core.caller import Env
from bot.text import deadlines
from scheduler import clock as clock_module
from scheduler import outbox as outbox_sender
from scheduler.outbox import Sender
from storage import migrate
from storage.db import Database

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
BOT_CACHE_SECONDS = 60
QUICK_TIMEOUT = 3.0  # seconds: Slack's own deadline for an answer
ROTATE_MINUTES_BEFORE = 30  # rotate tokens this long before they expire (longer than the bot cache)


def system_clock() -> datetime:
    return datetime.now(UTC)


def make_client(settings: Settings, token: str | None, *, retries: bool = True,
                timeout: float = outbox_sender.CALL_TIMEOUT) -> WebClient:
    """A Web API client at SLACK_API_URL that retries 429 (honouring Retry-After), 5xx and connection errors.

    The outbox sender uses one without built-in retries: it schedules its own, longer backoff instead of
    sleeping in the sending thread. A question that must be answered now (is this person still an admin?) uses one
    without retries and with a short timeout: better a clear "try again" than a request that outlives Slack's
    three seconds.
    """
    handlers = [ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=2),
                ServerErrorRetryHandler(max_retry_count=2)] if retries else []
    return WebClient(token=token, base_url=settings.api_url, timeout=int(timeout), retry_handlers=handlers)


@dataclass
class Runtime:
    """What every handler and job needs: settings, the database, the clock, and a Web API client per workspace."""

    settings: Settings
    db: Database
    clock: Clock = system_clock
    client: WebClient | None = None
    people: people.Directory = field(init=False)
    installations: Any = field(init=False, default=None)
    env: Env = field(init=False)
    _sending_client: WebClient = field(init=False)
    _bots: dict[str, tuple[float, str | None]] = field(init=False, default_factory=dict)
    _clients: dict[tuple[str | None, bool, float], WebClient] = field(init=False, default_factory=dict)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = make_client(self.settings, self.settings.bot_token)
        self._sending_client = make_client(self.settings, self.settings.bot_token, retries=False)
        self.people = people.Directory(self.settings.default_timezone, self._users_info,
                                       users_info_now=self._users_info_now)
        people.set_default_timezone(self.settings.default_timezone)
        if self.settings.oauth:
            self.installations = SQLAlchemyInstallationStore(client_id=self.settings.client_id or "",
                                                             engine=self.db.plain_engine)
        self.env = Env(db=self.db, people=self.people, clock=self.clock,
                       forget_installation=self.forget_installation)

    def now(self) -> datetime:
        return self.clock()

    def client_for(self, team_id: str) -> WebClient:
        """The client to act in `team_id`: the one bot token, or (multi-workspace) that workspace's installation."""
        assert self.client is not None
        if self.installations is None:
            return self.client
        return self._installed_client(team_id, retries=True)

    def sending_client_for(self, team_id: str) -> WebClient:
        """The outbox's client for `team_id`: no built-in retries (the outbox backs off on its own schedule)."""
        if self.installations is None:
            return self._sending_client
        return self._installed_client(team_id, retries=False)

    def quick_client_for(self, team_id: str) -> WebClient:
        """For questions asked while a person waits: no retries, a short timeout."""
        return self._installed_client(team_id, retries=False, timeout=QUICK_TIMEOUT)

    def forget_installation(self, team_id: str) -> None:
        with self._lock:
            self._bots.pop(team_id, None)

    def _installed_client(self, team_id: str, *, retries: bool,
                          timeout: float = outbox_sender.CALL_TIMEOUT) -> WebClient:
        """A client per token and kind: the one bot token, or (multi-workspace) that workspace's installation."""
        token = self._bot_token(team_id) if self.installations is not None else self.settings.bot_token
        key = (token, retries, timeout)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self._clients[key] = make_client(self.settings, token, retries=retries, timeout=timeout)
            return client

    def _bot_token(self, team_id: str) -> str | None:
        """The workspace's bot token, rotated when it is about to expire; cached for a minute. No installation
        means no token: Slack then answers not_authed, which the outbox records as a permanent failure."""
        with self._lock:
            hit = self._bots.get(team_id)
        if hit and time.monotonic() - hit[0] < BOT_CACHE_SECONDS:
            return hit[1]
        bot = self.installations.find_bot(enterprise_id=None, team_id=team_id)
        if bot is not None and bot.bot_refresh_token:
            rotator = TokenRotator(client_id=self.settings.client_id or "",
                                   client_secret=self.settings.client_secret or "",
                                   client=make_client(self.settings, None))
            refreshed = rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=ROTATE_MINUTES_BEFORE)
            if refreshed is not None:
                self.installations.save_bot(refreshed)
                bot = refreshed
        token = bot.bot_token if bot is not None else None
        with self._lock:
            self._bots[team_id] = (time.monotonic(), token)
        return token

    def _users_info(self, team_id: str, user_id: str) -> dict[str, Any] | None:
        return self._ask_users_info(self.client_for(team_id), user_id)

    def _users_info_now(self, team_id: str, user_id: str) -> dict[str, Any] | None:
        return self._ask_users_info(self.quick_client_for(team_id), user_id)

    @staticmethod
    def _ask_users_info(client: WebClient, user_id: str) -> dict[str, Any] | None:
        try:
            return client.users_info(user=user_id, include_locale=True).get("user")
        except SlackApiError as exc:
            log.info("users.info %s failed: %s", user_id, exc.response.get("error"))
            return None
        except (SlackRequestError, OSError) as exc:  # Slack did not answer in time
            log.info("users.info %s failed: %s", user_id, exc.__class__.__name__)
            return None


def open_database(settings: Settings, pool_size: int = 8) -> Database:
    """The database, migrated to head (safe when several processes start at once)."""
    db = Database(settings.database_url, pool_size=pool_size)
    migrate.upgrade(db)
    return db


@dataclass
class Services:
    rt: Runtime
    sender: Sender
    app: App | None = None  # a clock process has no app
    scheduler: BaseScheduler | None = None
    boundaries: privacy.BoundaryTimer | None = None  # writes the anonymous posts this process holds, on time

    @classmethod
    def start(cls, settings: Settings, *, clock: bool, pool_size: int = 8, with_app: bool = True,
              verify_signatures: bool = True, rt: Runtime | None = None) -> Services:
        rt = rt or Runtime(settings, open_database(settings, pool_size))
        app = create_app(rt, verify_signatures=verify_signatures) if with_app else None
        deadlines.warm_up()
        services = cls(rt, Sender(rt.db, rt.sending_client_for, rt.now).start(), app)
        outbox.on_enqueue(services.sender.wake)
        services.boundaries = privacy.BoundaryTimer(rt.db, rt.now).start()
        if clock:
            services.scheduler = clock_module.build(rt, blocking=False)
            services.scheduler.start()
        services.sender.wake()  # resume whatever a previous run left unsent
        return services

    def run_clock_blocking(self) -> None:
        self.scheduler = clock_module.build(self.rt, blocking=True)
        self.scheduler.start()

    def stop(self) -> None:
        """In order: the clock's current tick ends, held anonymous posts are written (and queued), the sender makes
        its last pass, the database closes."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self.boundaries is not None:
            self.boundaries.stop()
        self.sender.stop()
        self.rt.db.dispose()
