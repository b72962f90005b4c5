"""The clock: APScheduler drives a short tick; what is due lives in our tables, not in APScheduler's job store.

APScheduler's job stores must never be shared between schedulers, and web processes must not depend on a
scheduler seeing jobs they add. So each clock keeps an in-memory scheduler with two fixed jobs (tick, housekeeping)
and finds the work in the database on every tick; rows are claimed atomically, so any number of clocks is safe.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from scheduler import jobs

log = logging.getLogger(__name__)

TICK_SECONDS = float(os.environ.get("CLOCK_TICK_SECONDS", "5"))


def tick(rt) -> None:  # noqa: ANN001 - bot.app.Runtime; kept loose so the clock does not import Bolt
    grace = timedelta(minutes=rt.settings.reminder_grace_minutes)
    try:
        jobs.drain(rt.db, rt.now(), grace)
    except Exception:  # noqa: BLE001 - the next tick tries again; an outage must not stop the clock
        log.exception("clock tick failed")


def housekeeping(rt) -> None:  # noqa: ANN001
    try:
        jobs.housekeeping(rt.db, rt.now())
    except Exception:  # noqa: BLE001
        log.exception("housekeeping failed")


def build(rt, *, blocking: bool) -> BaseScheduler:  # noqa: ANN001
    scheduler_cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_cls(timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1,
                                                          "misfire_grace_time": 60})
    scheduler.add_job(tick, "interval", seconds=TICK_SECONDS, id="clock.tick", args=[rt],
                      next_run_time=datetime.now(UTC))
    scheduler.add_job(housekeeping, "interval", hours=1, id="clock.housekeeping", args=[rt],
                      next_run_time=datetime.now(UTC) + timedelta(seconds=30))
    return scheduler
