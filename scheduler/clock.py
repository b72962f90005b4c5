"""The clock: APScheduler drives a short tick; what is due lives in our tables, not in APScheduler's job store.

APScheduler's job stores must never be shared between schedulers, and web processes must not depend on a
scheduler seeing jobs they add. So each clock keeps an in-memory scheduler with two fixed jobs (tick, housekeeping)
and finds the work in the database on every tick; rows are claimed atomically, so any number of clocks is safe.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Protocol

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from bot.config import Settings
from scheduler import jobs
from storage.db import Database

log = logging.getLogger(__name__)


class Host(Protocol):
    """What the clock needs from the process that runs it (bot.runtime.Runtime)."""

    settings: Settings
    db: Database

    def now(self) -> datetime: ...


def tick(rt: Host) -> None:
    grace = timedelta(minutes=rt.settings.reminder_grace_minutes)
    try:
        jobs.drain(rt.db, rt.now(), grace)
    except Exception:  # noqa: BLE001 - the next tick tries again; an outage must not stop the clock
        log.exception("clock tick failed")


def housekeeping(rt: Host) -> None:
    try:
        jobs.housekeeping(rt.db, rt.now())
    except Exception:  # noqa: BLE001
        log.exception("housekeeping failed")


def build(rt: Host, *, blocking: bool) -> BaseScheduler:
    scheduler_cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_cls(timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1,
                                                          "misfire_grace_time": 60})
    scheduler.add_job(tick, "interval", seconds=rt.settings.clock_tick_seconds, id="clock.tick", args=[rt],
                      next_run_time=datetime.now(UTC))
    scheduler.add_job(housekeeping, "interval", hours=1, id="clock.housekeeping", args=[rt],
                      next_run_time=datetime.now(UTC) + timedelta(seconds=30))
    return scheduler
