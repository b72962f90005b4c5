"""How fast one clock delivers due reminders, and what a second clock costs.

1. One clock: N overdue-task reminders are due at once; time the claim + render + outbox write (`run_due`) and
   the sends to the Web API stand-in (`outbox.flush`), and print reminders/s for each and end to end.
2. Two clocks: the same N reminders claimed by two clock *processes* racing on one database; print the wall
   time, how the work split, and that every reminder was delivered exactly once.

  .venv/bin/python bench/bench_clock.py [--reminders 2000]
  DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_clock.py
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from bench.fresh import fresh_database_url  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.runtime import Runtime, open_database  # noqa: E402
from bot.tasks import store as tasks  # noqa: E402
from scheduler import jobs, outbox  # noqa: E402
from storage.models import OutboxMessage, Reminder  # noqa: E402
from tests.slack_stub import BOT_TOKEN, SlackStub  # noqa: E402

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
GRACE = timedelta(minutes=15)


def seed(rt: Runtime, count: int) -> None:
    with rt.db.session() as session:
        for i in range(count):
            tasks.create(session, "T0TEAM", "U0BOB", tasks.Draft(title=f"Overdue {i}", owner_id="U0BOB",
                                                                  due_at=NOW - timedelta(minutes=1),
                                                                  remind_minutes=0), NOW)


def racer(url: str, api_url: str, results) -> None:  # noqa: ANN001
    rt = Runtime(settings(url, api_url), open_database(settings(url, api_url)), clock=lambda: NOW)
    results.put(jobs.drain(rt.db, NOW, GRACE))


def settings(url: str, api_url: str) -> Settings:
    return Settings(bot_token=BOT_TOKEN, signing_secret="x", app_token=None, api_url=api_url, database_url=url,
                    default_timezone="UTC", port=0, log_level="WARNING")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", type=int, default=2000)
    args = parser.parse_args()
    stub = SlackStub()
    url = fresh_database_url("bench_clock")
    rt = Runtime(settings(url, stub.api_url), open_database(settings(url, stub.api_url)), clock=lambda: NOW)
    print(f"database: {url.split('@')[-1].split('?')[0]}   reminders due: {args.reminders}")

    seed(rt, args.reminders)
    t0 = time.perf_counter()
    claimed = jobs.drain(rt.db, NOW, GRACE)
    t1 = time.perf_counter()
    sent = 0
    while n := outbox.flush(rt.db, rt.sending_client_for, rt.now, limit=200):
        sent += n
    t2 = time.perf_counter()
    print(f"one clock: claim+render {claimed / (t1 - t0):7.0f}/s   send to the stand-in {sent / (t2 - t1):7.0f}/s   "
          f"end to end {sent / (t2 - t0):7.0f}/s   ({claimed} claimed, {sent} sent, "
          f"{len(stub.sent('chat.postMessage'))} received)")

    with rt.db.session() as session:  # a second batch for the race
        session.execute(text("DELETE FROM outbox"))
        session.execute(text("DELETE FROM reminders"))
    seed(rt, args.reminders)
    results: multiprocessing.Queue = multiprocessing.Queue()
    racers = [multiprocessing.Process(target=racer, args=(url, stub.api_url, results)) for _ in range(2)]
    t0 = time.perf_counter()
    for process in racers:
        process.start()
    for process in racers:
        process.join()
    elapsed = time.perf_counter() - t0
    split = sorted(results.get() for _ in racers)
    with rt.db.session(read_only=True) as session:
        outbox_rows = session.scalar(select(func.count()).select_from(OutboxMessage))
        pending = session.scalar(select(func.count()).select_from(Reminder).where(Reminder.sent_at.is_(None),
                                                                                   Reminder.due_at <= NOW))
    print(f"two clocks: {args.reminders / elapsed:7.0f}/s claimed in {elapsed:.2f} s (incl. process start), "
          f"split {split}, outbox messages {outbox_rows} (must be {args.reminders}), due and still pending {pending}")
    stub.close()
    return 0 if outbox_rows == args.reminders and pending == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
