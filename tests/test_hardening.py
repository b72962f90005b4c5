"""Exactly once under Slack's retries, no secrets in logs, and workspaces that cannot see each other."""

import csv
import io
import logging

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
