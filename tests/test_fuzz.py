"""Hostile input end to end: odd commands to every command through signed requests — each answered 200 with a
message, the data that was there intact; over HTTP the process stays alive, signed but malformed bodies are 4xx
and malformed authentication 401, never a 5xx or a traceback."""

import json
import urllib.parse

import pytest
from sqlalchemy import select

from bot.features import commands
from storage.models import Meeting, Task
from tests.conftest import SECRET
from tests.process import BotProcess, bot_env
from tests.slack_stub import BOT_TOKEN, TEAM

COMMANDS = [command.lstrip("/") for command in commands()]

ODD = [
    "'; DROP TABLE tasks; --", "1 OR 1=1", "\" OR \"\"=\"", "x" * 20_000, "\x00\x01\x07\x1b[31mred",
    "\u202e\u200fRTL mark text", "🎉" * 1000, "<@", "<@U", "<@U0BOB", "<#C", "<!subteam^", "<<<>>>&&&",
    "Feb 31", "2026-02-31 25:61", "99999999999999999999", "#-1", "#0", "%s%s%s%n", "{0}{name}", "${jndi:ldap://x}",
    "<!channel> <!here> <!everyone>", "   ", "\n\n\n", "中文" * 3000, "@@@@@", "..", "#", "&amp;lt;",
]
SUBCOMMANDS = ["", "list ", "done ", "reopen ", "assign ", "due ", "sub ", "block ", "progress ", "delete ", "edit ",
               "add ", "cancel ", "skip ", "agenda ", "remove ", "update ", "close ", "approve ", "reject ",
               "now ", "preview ", "schedule ", "channel ", "export ", "kpi ", "anonymous ", "reply ", "addressed ",
               "settings "]


def cases():
    for i, odd in enumerate(ODD):
        yield odd
        yield SUBCOMMANDS[i % len(SUBCOMMANDS)] + odd
        yield SUBCOMMANDS[(i * 7 + 3) % len(SUBCOMMANDS)] + "99999999999999999999 " + odd[:200]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_answers_odd_input_and_keeps_the_data(slack, rt, command):
    slack.command("/task", "Keep me safe tomorrow 5pm", user="U0BOB")
    slack.command("/meeting", "add Keep this meeting every Monday 10am", user="U0BOB")
    answered = 0
    for text in cases():
        for user in ("U0BOB", "U0ALICE"):  # a member, and an admin who may do more
            reply = slack.command(f"/{command}", text, user=user)
            assert reply.status == 200, (command, text[:80])
            assert reply.json.get("text"), (command, text[:80])
            assert "<!channel>" not in reply.body and "<!here>" not in reply.body
            answered += 1
    assert answered >= 150
    with rt.db.session(read_only=True) as session:
        first = session.scalar(select(Task).where(Task.team_id == TEAM, Task.number == 1))
        meeting = session.scalar(select(Meeting).where(Meeting.team_id == TEAM, Meeting.number == 1))
    assert first is not None and first.title == "Keep me safe"
    assert meeting is not None and meeting.title == "Keep this meeting"


def test_over_http_the_process_stays_alive_and_malformed_bodies_are_4xx(stub, database_url, tmp_path):
    env = bot_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=stub.api_url,
                  DATABASE_URL=database_url)
    bot = BotProcess(env, args=("serve", "--no-clock"), log_path=tmp_path / "fuzz.log").start()
    try:
        for i, text in enumerate(list(cases())[:60]):
            body = urllib.parse.urlencode({"team_id": TEAM, "channel_id": "C0GENERAL", "user_id": "U0BOB",
                                           "command": f"/{COMMANDS[i % len(COMMANDS)]}", "text": text,
                                           "response_url": "http://127.0.0.1:9/r", "trigger_id": "1.2.3"}).encode()
            status, reply = bot.post(body, "application/x-www-form-urlencoded", secret=SECRET)
            assert status == 200 and json.loads(reply)["text"], text[:80]
        malformed = [
            (b"{not json", "application/json"),
            (b"[]", "application/json"),
            (b'"just a string"', "application/json"),
            (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
            (b"payload=%5B%5D", "application/x-www-form-urlencoded"),
            (b"\xff\xfe\x00garbage", "application/octet-stream"),
            (json.dumps({"type": "event_callback", "team_id": TEAM}).encode(), "application/json"),
            (json.dumps({"type": "event_callback", "team_id": TEAM, "event_id": "Ev1", "event": None}).encode(),
             "application/json"),
            (json.dumps({"type": "block_actions"}).encode(), "application/json"),
            (urllib.parse.urlencode({"payload": json.dumps({"type": "block_actions", "team": {"id": TEAM},
                                                            "user": {"id": "U0BOB"}, "actions": []})}).encode(),
             "application/x-www-form-urlencoded"),
            (urllib.parse.urlencode({"payload": json.dumps({"type": "view_submission", "team": {"id": TEAM},
                                                            "user": {"id": "U0BOB"},
                                                            "view": {"callback_id": "task.create"}})}).encode(),
             "application/x-www-form-urlencoded"),
            (b"[" * 100_000 + b"]" * 100_000, "application/json"),
        ]
        for body, content_type in malformed:
            status, _ = bot.post(body, content_type, secret=SECRET)
            assert 400 <= status < 500 or status == 200, (body[:40], status)
            assert bot.post(body, content_type, secret=None)[0] == 401  # unsigned: refused before it is read
        for timestamp in ("yesterday", "9" * 400, "1e9"):
            status, _ = bot.post(b"{}", "application/json", secret=None, headers={
                "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + "0" * 64})
            assert status == 401, timestamp
        assert bot.get("/healthz") == 200
        assert bot.proc.poll() is None
    finally:
        bot.stop()
    assert "Traceback" not in bot.output()
