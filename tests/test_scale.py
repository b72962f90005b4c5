"""Scale-out on PostgreSQL with real processes: two `serve --no-clock` web processes and two `clock` processes on
one database. Concurrent creations through both get unique numbers, an event delivered to both is handled once,
and meeting reminders are sent exactly once — none lost, none doubled."""

import json
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.runtime import open_database
from storage.models import Task
from tests.conftest import SECRET, pg_base_url
from tests.process import BotProcess, bot_env
from tests.slack_stub import BOT_TOKEN, TEAM

pytestmark = [pytest.mark.skipif(pg_base_url() is None, reason="scale-out runs on PostgreSQL"), pytest.mark.slow]


def command(bot: BotProcess, text: str, name: str = "/task", user: str = "U0BOB") -> str:
    body = urllib.parse.urlencode({"team_id": TEAM, "channel_id": "C0GENERAL", "user_id": user, "command": name,
                                   "text": text, "response_url": "http://127.0.0.1:9/r", "trigger_id": "1.2.3"})
    status, reply = bot.post(body.encode(), "application/x-www-form-urlencoded", secret=SECRET)
    assert status == 200, reply
    return reply


def test_two_web_and_two_clock_processes(stub, database_url, tmp_path):
    env = bot_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=stub.api_url,
                  DATABASE_URL=database_url, CLOCK_TICK_SECONDS="1")
    if datetime.now(UTC).second >= 45:  # keep the reminders below in the next minute, set up within this one
        time.sleep(61 - datetime.now(UTC).second)
    webs = [BotProcess(env, args=("serve", "--no-clock"), log_path=tmp_path / f"web{i}.log").start()
            for i in range(2)]
    clocks = [BotProcess(env, args=("clock",), log_path=tmp_path / f"clock{i}.log").start(listens=False)
              for i in range(2)]
    try:
        with ThreadPoolExecutor(8) as pool:
            replies = list(pool.map(lambda i: command(webs[i % 2], f"Parallel task {i}"), range(40)))
        assert all("Task created" in reply for reply in replies), [r for r in replies if "Task created" not in r][:2]
        db = open_database(Settings.from_env({"DATABASE_URL": database_url}))
        with db.session(read_only=True) as session:
            numbers = sorted(session.scalars(select(Task.number).where(Task.team_id == TEAM)))
        assert numbers == list(range(1, 41))  # no duplicate, none lost

        event = {"type": "event_callback", "team_id": TEAM, "api_app_id": "A0APP", "event_id": "EvBOTHWEBS",
                 "event_time": int(time.time()),
                 "event": {"type": "message", "channel_type": "im", "channel": "D0BOB", "user": "U0BOB",
                           "text": "one event, two web processes", "ts": "1.1", "event_ts": "1.1"},
                 "authorizations": [{"team_id": TEAM, "user_id": "U0BOT", "is_bot": True}]}
        body = json.dumps(event).encode()
        with ThreadPoolExecutor(2) as pool:
            statuses = list(pool.map(lambda web: web.post(body, "application/json", secret=SECRET)[0], webs))
        assert statuses == [200, 200]
        with db.session(read_only=True) as session:
            assert len(session.scalars(select(Task).where(Task.title == "one event, two web processes")).all()) == 1

        for i in range(6):  # reminded at the next minute boundary, by whichever clock claims each one
            command(webs[i % 2], f"add Standup {i} in 2 minutes remind 1 min before", name="/meeting")
        due = (int(time.time()) // 60 + 1) * 60

        def reminders():  # noqa: ANN202
            return [c for c in stub.sent("chat.postMessage")
                    if c.args.get("channel") == "C0GENERAL" and not c.args.get("thread_ts")]

        deadline = due + 25
        while time.time() < deadline and len(reminders()) < 6:
            time.sleep(0.3)
        time.sleep(3)  # both clocks tick a few more times
        titles = sorted(c.args["text"] for c in reminders())
        assert len(titles) == 6 and len(set(titles)) == 6, titles
        assert max(c.at for c in reminders()) - due < 30
        db.dispose()
    finally:
        for process in webs + clocks:
            process.stop()
