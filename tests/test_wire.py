"""teambot started as users start it (`python -m bot serve`), spoken to over HTTP exactly as Slack does."""

import json
import time
import urllib.parse
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.runtime import open_database
from bot.tasks import store as tasks
from bot.web import make_wsgi
from storage.db import Database
from tests.conftest import SECRET
from tests.process import BotProcess, bot_env
from tests.slack_stub import BOT_TOKEN, TEAM


def command_body(text: str, command: str = "/task", user: str = "U0BOB") -> bytes:
    return urllib.parse.urlencode({
        "team_id": TEAM, "channel_id": "C0GENERAL", "user_id": user, "command": command, "text": text,
        "response_url": "http://127.0.0.1:9/response/x", "trigger_id": "1.2.3", "api_app_id": "A0APP",
    }).encode()


@pytest.fixture
def serve(stub, database_url, tmp_path):
    env = bot_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=stub.api_url,
                  DATABASE_URL=database_url)
    processes = []

    def start() -> BotProcess:
        process = BotProcess(env, log_path=tmp_path / f"bot-{len(processes)}.log").start()
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.proc and process.proc.poll() is None:
            process.stop()


@pytest.fixture(scope="module")
def running(slack_server, databases, tmp_path_factory):
    """One `serve` shared by the tests that only speak HTTP to it and need no data of their own (starting and
    stopping one costs ~1.5 s)."""
    directory = tmp_path_factory.mktemp("serve")
    with databases.fresh(directory) as database_url:
        env = bot_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack_server.api_url,
                      DATABASE_URL=database_url)
        bot = BotProcess(env, log_path=directory / "bot.log").start()
        yield bot
        bot.stop()


FORM = "application/x-www-form-urlencoded"


def test_requests_not_signed_by_slack_are_rejected(running):
    bot = running
    assert bot.post(command_body("help"), FORM, secret=None)[0] == 401
    assert bot.post(command_body("help"), FORM, secret="not-the-secret")[0] == 401
    assert bot.post(command_body("help"), FORM, secret=SECRET, ts=int(time.time()) - 600)[0] == 401
    status, body = bot.post(command_body("help"), FORM, secret=SECRET)
    assert status == 200 and "/task" in body


def test_health_unknown_paths_and_malformed_bodies(running):
    bot = running
    assert bot.get("/healthz") == 200
    assert bot.get("/nowhere") == 404
    status, _ = bot.post(b"{not json", "application/json", secret=SECRET)
    assert 400 <= status < 500
    challenge = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}).encode()
    status, body = bot.post(challenge, "application/json", secret=SECRET)
    assert status == 200 and "abc123" in body


def test_events_we_do_not_handle_are_acknowledged_not_retried(running):
    bot = running
    envelope = {"type": "event_callback", "team_id": TEAM, "event_id": "EvUNHANDLED", "api_app_id": "A0APP",
                "event": {"type": "reaction_added", "user": "U0BOB", "reaction": "eyes", "event_ts": "1.2"},
                "authorizations": [{"team_id": TEAM, "user_id": "U0BOT", "is_bot": True}]}
    status, _ = bot.post(json.dumps(envelope).encode(), "application/json", secret=SECRET)
    assert status == 200


def test_a_restart_keeps_the_data_and_sigterm_exits_cleanly(serve):
    bot = serve()
    status, body = bot.post(command_body("Write the launch plan"), FORM, secret=SECRET)
    assert status == 200 and "launch plan" in body
    assert bot.stop() == 0
    assert "teambot stopped" in bot.output()

    again = serve()
    status, body = again.post(command_body("list all"), FORM, secret=SECRET)
    assert status == 200 and "launch plan" in body and "#1" in body


def test_healthz_says_503_when_the_database_is_unreachable():
    db = Database("postgresql+psycopg://nobody@127.0.0.1:9/none")
    wsgi = make_wsgi(app=None, db=db)  # the health check never reaches the app
    seen = {}
    body = wsgi({"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz"}, lambda status, headers: seen.update(s=status))
    assert seen["s"].startswith("503") and b'"ok": false' in b"".join(body)


def test_the_clock_process_delivers_due_reminders_and_stops_on_sigterm(stub, database_url, tmp_path):
    db = open_database(Settings.from_env({"DATABASE_URL": database_url}))
    now = datetime.now(UTC)
    with db.session() as session:
        tasks.create(session, TEAM, "U0BOB", tasks.Draft(title="File the VAT return", owner_id="U0BOB",
                                                          due_at=now - timedelta(seconds=30)), now)
    db.dispose()
    env = bot_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=stub.api_url, DATABASE_URL=database_url)
    clock = BotProcess(env, args=("clock",), log_path=tmp_path / "clock.log").start(listens=False)
    deadline = time.time() + 20
    while time.time() < deadline and not stub.sent("chat.postMessage"):
        time.sleep(0.2)
    assert clock.stop() == 0, clock.output()
    [dm] = stub.sent("chat.postMessage")
    assert dm.args["channel"] == "U0BOB" and "VAT return" in dm.text() and "overdue" in dm.text().lower()
