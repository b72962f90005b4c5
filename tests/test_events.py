"""Events API deliveries are handled exactly once, and never lost.

A delivery is recorded as handled in the same transaction as its effect (a task, or the reply that says why there
is none), so a delivery whose handler died before that commit is handled again when Slack retries it, and one
whose effect committed is not. While the database is down an event is answered 503, so Slack retries it later;
a slash command still gets the polite "nothing was saved".
"""

import contextlib

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from bot.tasks import service as tasks_service
from storage.models import ProcessedEvent, Task


def count(rt, model) -> int:
    with rt.db.session(read_only=True) as session:
        return session.scalar(select(func.count()).select_from(model))


def replies(slack, text: str):
    return [c for c in slack.stub.sent("chat.postMessage") if text in c.text()]


class Crash(BaseException):
    """The process dying in the middle of a request: nothing in the app catches it, as nothing catches SIGKILL."""


def test_a_delivery_that_died_before_its_effect_is_handled_when_slack_retries_it(slack, rt, monkeypatch):
    real_create = tasks_service.create_from_text

    def dies_once(*args, **kwargs):
        monkeypatch.setattr(tasks_service, "create_from_text", real_create)
        raise Crash

    monkeypatch.setattr(tasks_service, "create_from_text", dies_once)
    with pytest.raises(Crash):
        slack.dm("water the plants", event_id="EvDIED")
    assert count(rt, Task) == 0 and count(rt, ProcessedEvent) == 0

    assert slack.dm("water the plants", event_id="EvDIED", retry=1).status == 200
    assert slack.dm("water the plants", event_id="EvDIED", retry=2).status == 200
    assert count(rt, Task) == 1
    slack.deliver()
    assert len(replies(slack, "Task created")) == 1


def test_a_retry_that_arrives_while_the_first_delivery_is_still_running_does_nothing_twice(slack, rt, monkeypatch):
    """Slack retries after 3 s without an answer, and the first delivery may still be running (a slow users.info):
    both get past the door; the second to commit finds the event recorded and rolls back."""
    real_create = tasks_service.create_from_text
    retries = []

    def overtaken_by_the_retry(*args, **kwargs):
        monkeypatch.setattr(tasks_service, "create_from_text", real_create)  # the retry runs as usual
        retries.append(slack.mention("task: renew the cert", event_id="EvSLOW", retry=1))
        return real_create(*args, **kwargs)

    monkeypatch.setattr(tasks_service, "create_from_text", overtaken_by_the_retry)
    first = slack.mention("task: renew the cert", event_id="EvSLOW")
    assert first.status == 200 and [retry.status for retry in retries] == [200]
    assert count(rt, Task) == 1 and count(rt, ProcessedEvent) == 1
    slack.deliver()
    assert len(replies(slack, "Task created")) == 1


def test_an_event_whose_only_effect_is_a_reply_is_recorded_with_it(slack, rt):
    slack.mention("what can you do?", event_id="EvHINT")
    slack.mention("what can you do?", event_id="EvHINT", retry=1)
    slack.dm("help", event_id="EvHELP")
    slack.dm("help", event_id="EvHELP", retry=1)
    assert count(rt, ProcessedEvent) == 2
    slack.deliver()
    assert len(slack.stub.sent("chat.postMessage")) == 2


@contextlib.contextmanager
def database_down(rt):
    """Every connection the process opens is refused, as when PostgreSQL is restarting or the network is cut."""
    unreachable = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none", poolclass=NullPool,
                                connect_args={"connect_timeout": 2})
    saved = rt.db.engine, rt.db._read_engine
    rt.db.engine = rt.db._read_engine = unreachable
    try:
        yield
    finally:
        rt.db.engine, rt.db._read_engine = saved
        unreachable.dispose()


def test_while_the_database_is_down_events_are_refused_so_slack_retries_them(slack, rt):
    with database_down(rt):
        assert slack.dm("call the landlord", event_id="EvDOWN1").status == 503
        assert slack.mention("task: renew the cert", event_id="EvDOWN2").status == 503
        assert slack.dm("call the landlord", event_id="EvDOWN1", retry=1).status == 503  # a known person too
        reply = slack.command("/task", "Write the minutes")
        assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
        assert "nothing was saved" in reply.text
    assert count(rt, Task) == 0
    assert slack.dm("call the landlord", event_id="EvDOWN1", retry=2).status == 200
    assert slack.mention("task: renew the cert", event_id="EvDOWN2", retry=1).status == 200
    assert sorted(t.title for t in _tasks(rt)) == ["call the landlord", "renew the cert"]
    slack.deliver()
    assert len(replies(slack, "Task created")) == 2


def test_a_form_submitted_while_the_database_is_down_stays_open_with_the_apology(slack, rt):
    slack.command("/task", "edit 1", user="U0DAVE")  # whoever submits a form opened it moments before
    with database_down(rt):
        reply = slack.submit("task.create", {"title": {"value": "Book the venue"}}, user="U0DAVE")
    assert reply.status == 200
    assert reply.json["response_action"] == "errors" and "没有保存任何内容" in reply.json["errors"]["title"]


def _tasks(rt):
    with rt.db.session(read_only=True) as session:
        return list(session.scalars(select(Task)))
