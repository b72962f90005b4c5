"""Feedback through the wire: named and anonymous, batched to the managers, answered, addressed — and the proof
that anonymous feedback leaves nothing anywhere (database, logs, messages) that points at its author."""

import json
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect, select, text

from storage.models import AnonymousFeedback, Feedback, Role


def make(rt, user_id, role):
    with rt.db.session() as session:
        session.add(Role(team_id="T0TEAM", user_id=user_id, role=role, granted_by="U0ALICE",
                         granted_at=datetime(2026, 1, 1, tzinfo=UTC)))


def test_named_feedback_reaches_the_ops_managers_in_one_batch(slack, rt, clock):
    make(rt, "U0CAROL", "ops")
    make(rt, "U0BOB", "pm")
    reply = slack.command("/feedback", "The release checklist is too long #process #Tools", user="U0ERIN")
    assert "Thanks" in reply.text and "#1" in reply.text and "#process #tools" in reply.text
    slack.command("/feedback", "Standups run over #communication", user="U0DAVE")
    slack.command("/feedback", "No tags here", user="U0ERIN")
    assert slack.tick() == 0  # batched: nothing yet
    clock.advance(minutes=2)
    slack.tick()
    [dm] = slack.stub.sent("chat.postMessage")  # one message for three items, to the ops manager only
    assert dm.args["channel"] == "U0CAROL" and "New feedback (3)" in dm.text()
    assert "<@U0ERIN>" in dm.text() and "feedback.reply" in dm.text() and "`#other`" in dm.text()
    with rt.db.session(read_only=True) as session:
        first = session.scalar(select(Feedback).where(Feedback.number == 1))
        assert first.tags == ["process", "tools"] and first.author_id == "U0ERIN"


def test_without_an_ops_manager_feedback_goes_to_the_pms(slack, rt, clock):
    make(rt, "U0BOB", "pm")
    slack.command("/feedback", "More coffee", user="U0ERIN")
    clock.advance(minutes=2)
    slack.tick()
    assert [c.args["channel"] for c in slack.stub.sent("chat.postMessage")] == ["U0BOB"]


def test_managers_reply_and_mark_addressed_and_the_author_is_told(slack, rt, clock):
    make(rt, "U0CAROL", "ops")
    slack.command("/feedback", "The VPN drops every hour #tools", user="U0ERIN")
    slack.click("feedback.reply", "#1", user="U0CAROL")
    [opened] = slack.stub.sent("views.open")
    view = opened.args["view"] if isinstance(opened.args["view"], dict) else json.loads(opened.args["view"])
    slack.submit("feedback.reply", {"reply": {"value": "IT is replacing the gateway on Friday"}},
                 private_metadata=view["private_metadata"], user="U0CAROL")
    slack.click("feedback.address", "#1", user="U0CAROL")
    slack.deliver()
    to_author = [c for c in slack.stub.sent("chat.postMessage") if c.args["channel"] == "U0ERIN"]
    assert any("replacing the gateway" in c.text() and "<@U0CAROL>" in c.text() for c in to_author)
    assert any("addressed" in c.text() for c in to_author)
    assert "Nothing here" in slack.command("/feedback", "list", user="U0CAROL").text
    assert "VPN" in slack.command("/feedback", "list all", user="U0CAROL").text


def test_only_managers_list_reply_or_address(slack, rt):
    slack.command("/feedback", "Something #workload", user="U0ERIN")
    for attempt in ("list", "list all", "list #workload", "addressed 1", "reply 1 ok"):
        assert "Only managers" in slack.command("/feedback", attempt, user="U0CAROL").text
    slack.click("feedback.address", "#1", user="U0CAROL")
    assert "Only managers" in json.dumps(slack.stub.sent("response_url")[-1].args)
    assert "Something" in slack.command("/feedback", "list #workload", user="U0ALICE").text  # a workspace admin


def stored_rows(rt) -> set[str]:
    """Every row of every table, one string each."""
    rows = set()
    with rt.db.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608 - table names from the schema
                rows.add(f"{table}: " + " | ".join(str(v) for v in row))
    return rows


def test_anonymous_feedback_leaves_no_trace_of_its_author(slack, rt, clock, caplog):
    make(rt, "U0CAROL", "ops")
    slack.command("/task", "Prepare the offsite", user="U0DAVE")  # dave is known to teambot (zh-CN)
    slack.deliver()
    before = stored_rows(rt)
    calls_before = len(slack.stub.sent())
    clock.advance(minutes=7, seconds=13)
    submitted_at = clock.now()
    caplog.set_level(logging.DEBUG)
    for marker in ("anonymous", "anon", "匿名"):
        reply = slack.command("/feedback", f"{marker} My manager cancels our 1:1s #process", user="U0DAVE")
        assert reply.json["response_type"] == "ephemeral" and "#A" in reply.text
    assert "任何地方都不会保存" in reply.text  # his language was known from before, without asking Slack

    clock.current = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # the next four-hourly delivery
    slack.tick()
    [dm] = slack.stub.sent("chat.postMessage")[-1:]
    assert dm.args["channel"] == "U0CAROL" and "1:1s" in dm.text() and "anonymous" in dm.text()
    assert "feedback.reply" not in dm.text()  # nobody to reply to

    added = "\n".join(stored_rows(rt) - before)  # everything the submission and its delivery wrote
    assert "1:1s" in added
    new_calls = json.dumps([c.args | {"method": c.method} for c in slack.stub.sent()[calls_before:]])
    assert "users.info" not in new_calls  # nobody looked him up
    for trace in ("U0DAVE", "dave", "Dave Wu"):
        assert trace not in added
        assert trace not in new_calls
        assert not [r for r in caplog.records if trace in r.getMessage()]
    # nothing written says when it was given: the row keeps the day only, delivery is on a fixed boundary
    for moment in (submitted_at.isoformat(sep=" ")[:16], submitted_at.strftime("%H:%M")):
        assert moment not in added
    with rt.db.session(read_only=True) as session:
        row = session.scalars(select(AnonymousFeedback)).first()
        assert row.given_on == submitted_at.date() and row.tags == ["process"]
        assert session.scalars(select(Feedback)).first() is None  # not even a row in the named table


def test_anonymous_feedback_cannot_be_replied_to_but_can_be_addressed(slack, rt):
    make(rt, "U0CAROL", "ops")
    slack.command("/feedback", "anonymous Too many meetings #workload", user="U0DAVE")
    assert "cannot be answered" in slack.command("/feedback", "reply A1 who are you", user="U0CAROL").text
    assert "marked addressed" in slack.command("/feedback", "addressed #A1", user="U0CAROL").text
    assert "no feedback #A9" in slack.command("/feedback", "addressed #A9", user="U0CAROL").text


def test_anonymous_posts_are_rate_limited_without_storing_who(slack, rt):
    for i in range(10):
        slack.command("/feedback", f"anon point {i}", user="U0ERIN")
    reply = slack.command("/feedback", "anon one more", user="U0ERIN")
    assert "try again later" in reply.text
    assert "Thanks" in slack.command("/feedback", "anon from someone else", user="U0BOB").text
    assert "U0ERIN" not in "\n".join(stored_rows(rt))


def test_a_missed_delivery_is_not_lost(slack, rt, clock):
    make(rt, "U0CAROL", "ops")
    slack.command("/feedback", "anonymous Please fix the heating", user="U0DAVE")
    clock.current = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # every clock was down at 12:00
    slack.tick()
    assert slack.stub.sent("chat.postMessage") == []
    clock.current = datetime(2026, 11, 24, 16, 0, tzinfo=UTC) + timedelta(seconds=5)
    slack.tick()
    assert "heating" in slack.stub.sent("chat.postMessage")[0].text()


def test_bad_input(slack, rt):
    assert "What would you like to say" in slack.command("/feedback", "anonymous", user="U0BOB").text
    assert "3001 characters" in slack.command("/feedback", "x" * 3001, user="U0BOB").text
    reply = slack.command("/feedback", "<!channel> everyone should see this", user="U0BOB")
    assert "Thanks" in reply.text
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Feedback)).one().text == "@channel everyone should see this"
