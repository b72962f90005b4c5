"""What the outbox's sender costs, and what a 429 costs Slack.

1. Throughput: N messages sent by one sender to the Web API stand-in, with no latency and with Slack's typical
   round trip (--latency, ms); messages/s.
2. The pause check: every flush pass asks which (workspace, method) pairs wait out a 429 (`paused_pairs`); with
   --pending messages waiting in the table (backoff or pause) and one of them rate-limited, time one pass that
   finds nothing due, and the query alone.
3. A rate limit: N messages against a stand-in that allows --per-minute calls a minute for chat.postMessage; how
   many calls one flush makes (before the pause: one per queued message).

  .venv/bin/python bench/bench_outbox.py [--messages 500] [--latency 50] [--pending 20000] [--per-minute 20]
  DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_outbox.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from bench.fresh import fresh_database_url  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.core import outbox as queue  # noqa: E402
from bot.runtime import Runtime, open_database  # noqa: E402
from scheduler import outbox  # noqa: E402
from storage.models import OutboxMessage  # noqa: E402
from tests.slack_stub import BOT_TOKEN, SlackStub  # noqa: E402

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def settings(url: str, api_url: str) -> Settings:
    return Settings(bot_token=BOT_TOKEN, signing_secret="x", app_token=None, api_url=api_url, database_url=url,
                    default_timezone="UTC", port=0, log_level="WARNING")


def enqueue(rt: Runtime, count: int) -> None:
    with rt.db.session() as session:
        for i in range(count):
            queue.post(session, "T0TEAM", "U0BOB", f"message {i}", NOW)


def empty(rt: Runtime) -> None:
    with rt.db.session() as session:
        session.execute(text("DELETE FROM outbox"))


def drain(rt: Runtime) -> int:
    sent = 0
    while n := outbox.flush(rt.db, rt.sending_client_for, rt.now, limit=200):
        sent += n
    return sent


def throughput(rt: Runtime, stub: SlackStub, count: int, latency_ms: float) -> None:
    empty(rt)
    enqueue(rt, count)
    stub.latency(latency_ms / 1000)
    t0 = time.perf_counter()
    sent = drain(rt)
    elapsed = time.perf_counter() - t0
    stub.latency(0)
    print(f"send, latency {latency_ms:4.0f} ms: {sent / elapsed:7.0f} messages/s ({sent} sent, one sender)")


def pause_check(rt: Runtime, pending: int) -> None:
    empty(rt)
    later = NOW + timedelta(minutes=5)
    rows = [{"team_id": f"T{i % 50:04d}", "method": "chat.postMessage", "payload": {"channel": "U1", "text": "x"},
             "created_at": NOW, "next_attempt_at": later, "last_error": "internal_error"} for i in range(pending)]
    rows[0]["last_error"] = outbox.RATE_LIMITED
    with rt.db.session() as session:
        session.execute(insert(OutboxMessage), rows)
    passes, queries = [], []
    for _ in range(200):
        t0 = time.perf_counter()
        outbox.flush(rt.db, rt.sending_client_for, rt.now)
        passes.append(time.perf_counter() - t0)
        with rt.db.session(read_only=True) as session:
            t0 = time.perf_counter()
            paused = outbox.paused_pairs(session, NOW)
            queries.append(time.perf_counter() - t0)
    assert len(paused) == 1
    print(f"pause check, {pending} messages waiting: a pass that finds nothing due "
          f"{statistics.median(passes) * 1000:.2f} ms (median), "
          f"the query alone {statistics.median(queries) * 1000:.2f} ms")


def rate_limit(rt: Runtime, stub: SlackStub, count: int, per_minute: int) -> None:
    empty(rt)
    stub.reset()
    stub.ratelimit("chat.postMessage", per_minute=per_minute)
    enqueue(rt, count)
    sent = drain(rt)
    calls = len(stub.sent("chat.postMessage"))
    print(f"rate limit {per_minute}/min, {count} queued: {sent} sent, {calls} calls to Slack "
          f"({calls - sent} answered 429), then the method waits for Retry-After")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--latency", type=float, default=50)
    parser.add_argument("--pending", type=int, default=20_000)
    parser.add_argument("--per-minute", type=int, default=20)
    args = parser.parse_args()
    stub = SlackStub()
    url = fresh_database_url("bench_outbox")
    rt = Runtime(settings(url, stub.api_url), open_database(settings(url, stub.api_url)), clock=lambda: NOW)
    print(f"database: {url.split('@')[-1].split('?')[0]}")
    throughput(rt, stub, args.messages, 0)
    throughput(rt, stub, max(args.messages // 10, 1), args.latency)
    pause_check(rt, args.pending)
    rate_limit(rt, stub, args.messages, args.per_minute)
    stub.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
