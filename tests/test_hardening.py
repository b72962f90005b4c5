"""Exactly once under Slack's retries, no secrets in logs, and workspaces that cannot see each other."""

import csv
import io
import logging
import time
import urllib.parse

from sqlalchemy import func, select

from storage.models import Feedback, Task
from tests.conftest import SECRET
from tests.slack_stub import BOT_TOKEN


def count_tasks(rt):
    with rt.db.session(read_only=True) as session:
        return session.scalar(select(func.count()).select_from(Task))


def test_a_retried_delivery_creates_nothing_twice_but_a_first_delivery_with_a_retry_header_is_handled(slack, rt):
    slack.dm("water the plants", event_id="EvA")
    slack.dm("water the plants", event_id="EvA", retry=1)
    slack.dm("water the plants", event_id="EvA", retry=2)
    assert count_tasks(rt) == 1
    slack.dm("feed the cat", event_id="EvB", retry=1)  # the first we ever see of EvB, though marked as a retry
    assert count_tasks(rt) == 2
    slack.mention("task: renew the cert", event_id="EvC")
    slack.mention("task: renew the cert", event_id="EvC", retry=1)
    assert count_tasks(rt) == 3
    slack.deliver()
    replies = [c for c in slack.stub.sent("chat.postMessage") if "Task created" in c.text()]
    assert len(replies) == 3  # one reply per task, none for the retries


def test_tokens_and_secrets_never_reach_the_logs(slack, rt, caplog):
    caplog.set_level(logging.DEBUG)
    slack.command("/task", "Pay the invoice <@U0CAROL|carol> tomorrow", user="U0BOB")
    slack.command("/digest", "now", user="U0ALICE")
    slack.deliver()
    slack.stub.fail("chat.postMessage", status=500, count=1)
    slack.command("/task", "Another <@U0CAROL|carol>", user="U0BOB")
    slack.deliver()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert logged  # DEBUG was on: Bolt and slack_sdk did log
    assert BOT_TOKEN not in logged and SECRET not in logged


def test_feedback_and_exports_are_per_workspace(slack, rt):
    slack.command("/role", "<@U0CAROL|carol> ops", user="U0ALICE", team="T0TEAM")
    slack.command("/feedback", "Secret complaint #process", user="U0BOB", team="T0TEAM")
    slack.command("/feedback", "anonymous Secret anonymous one", user="U0BOB", team="T0TEAM")
    slack.command("/task", "Secret task", user="U0BOB", team="T0TEAM")
    other = "T0OTHER"
    assert "没有反馈 1" in slack.command("/feedback", "addressed 1", user="U0ALICE", team=other).text  # alice: zh
    assert "没有反馈 A1" in slack.command("/feedback", "addressed A1", user="U0ALICE", team=other).text
    assert "Secret" not in slack.command("/feedback", "list all", user="U0ALICE", team=other).text
    slack.click("feedback.address", "#1", user="U0ALICE", team=other)
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Feedback)).one().status == "open"
    preview = slack.command("/digest", "preview", user="U0ALICE", team=other).text
    assert "Secret" not in preview and "新建任务：0" in preview
    slack.command("/report", "export tasks", user="U0ALICE", team=other)
    slack.deliver()
    [upload] = slack.stub.sent("upload")
    rows = list(csv.reader(io.StringIO(upload.args["raw"].decode("utf-8-sig"))))
    assert len(rows) == 1  # the header only


def test_an_anonymous_post_logs_nothing_on_any_path_even_when_the_database_is_down(slack, rt, caplog):
    """A log line is a timestamp: for a request that asks for anonymity nothing is logged — not by the middleware,
    the listener, the error handler, Bolt (its DEBUG lines carry the response body) or the WSGI application."""
    from bot import web
    from tests.test_events import database_down
    from tests.test_server import call, signed

    caplog.set_level(logging.DEBUG)
    wsgi = web.make_wsgi(slack.app, rt.db, signing_secret=SECRET)
    slack.command("/task", "help", user="U0BOB")  # bob is known: his language is at hand without the database
    form = urllib.parse.urlencode({"team_id": "T0TEAM", "channel_id": "C0GENERAL", "user_id": "U0BOB",
                                   "command": "/feedback", "text": "anonymous The release checklist is too long",
                                   "response_url": slack.response_url(), "trigger_id": "1.2.3"}).encode()
    caplog.clear()
    reply = slack.command("/feedback", "anonymous The on-call rota is unfair", user="U0BOB")
    assert reply.status == 200 and reply.json.get("text")
    status, _ = call(wsgi, form, signed(form))
    assert status == 200
    assert call(wsgi, form, signed(form))[0] == 200  # nor a replay of one
    with database_down(rt):
        reply = slack.command("/feedback", "anon The on-call rota is unfair", user="U0BOB")
        assert reply.status == 200 and reply.json.get("text")
        assert call(wsgi, form, signed(form, ts=int(time.time()) - 1))[0] == 200
    assert [(r.name, r.getMessage()[:120]) for r in caplog.records] == []
    slack.command("/feedback", "The on-call rota is unfair", user="U0BOB")  # a named post is logged as usual
    assert caplog.records


def test_starting_says_nothing_about_a_token_it_does_not_need(rt, caplog, monkeypatch):
    """Bolt warns "token will be unused" when SLACK_BOT_TOKEN is set, as it is in production, although the client
    it is handed carries that token: a warning about nothing at every start teaches operators to skip warnings."""
    from bot.app import create_app

    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    caplog.set_level(logging.DEBUG)
    create_app(rt)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
