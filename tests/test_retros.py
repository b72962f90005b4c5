"""Retrospectives through the wire: a retro opened in a channel, items named and anonymous, votes from the board,
actions that become tasks, the summary at close (by command and by its `until` date on the clock), improve items
saved as lessons — and the proof that an anonymous item leaves nothing anywhere that points at its author."""

import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from bot.core import privacy
from bot.core.blocks import MAX_BLOCKS
from bot.core.errors import UserError
from bot.core.privacy import asks_anonymity
from bot.retros import parse, rules, service
from bot.runtime import Runtime
from storage.db import Database
from storage.models import AnonymousRetroItem, Lesson, Reminder, Retro, RetroAction, RetroItem, RetroVote, Task
from tests.conftest import Slack
from tests.test_feedback import stored_rows
from tests.test_hostile_parsers import NASTY


@pytest.fixture(autouse=True)
def fresh_rate_limit(monkeypatch):
    """Every test starts at the same 09:00: each gets a rate limit of its own, as if a day had passed."""
    monkeypatch.setattr(service, "ANONYMOUS_LIMIT", privacy.AnonymousRateLimit(limit=rules.ANONYMOUS_PER_HOUR))


@pytest.fixture
def boundary(rt, slack, clock):
    """This process's boundary timer, started with the test: `boundary(at)` moves the clock there (by default to
    the next ten-minute boundary), runs the timer as its thread would, and sends the outbox."""
    timer = privacy.BoundaryTimer(rt.db, rt.now)
    for pen in privacy.PENS:  # a PostgreSQL schema is lent from test to test: nothing an earlier test held
        pen.take(rt.db.engine)

    def at(when: datetime | None = None) -> None:
        clock.current = when or privacy.next_boundary(clock.now(), rules.ANONYMOUS_BOUNDARY)
        timer.tick()
        slack.deliver()

    return at


def buttons(blocks, action_id):
    """(section text, button value) of every button with `action_id` in a list of blocks."""
    found = []
    for block in blocks or []:
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == action_id:
            found.append((block["text"]["text"], accessory["value"]))
        for element in block.get("elements") or []:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                found.append((block.get("text", {}).get("text", ""), element["value"]))
    return found


def board(slack, user="U0BOB", channel="C0GENERAL", team="T0TEAM"):
    reply = slack.command("/retro", "show", user=user, channel=channel, team=team)
    assert reply.json["response_type"] == "ephemeral"
    return reply.json


def vote_ref(slack, text, user="U0BOB"):
    [ref] = [value for line, value in buttons(board(slack, user)["blocks"], "retro.vote") if text in line]
    return ref


def summaries(slack):
    return [c for c in slack.stub.sent("chat.postMessage") if "retro.lesson" in c.text() or "summary" in c.text()
            or "总结" in c.text()]


def blocks_of(call):
    blocks = call.args.get("blocks")
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def section_texts(blocks):
    return [b["text"]["text"] for b in blocks if b.get("type") == "section"]


@pytest.mark.parametrize(("text", "kind", "anonymous", "body"), [
    ("went-well The demo", "went-well", False, "The demo"),
    ("anonymous improve Too slow", "improve", True, "Too slow"),
    ("improve anon Too slow", "improve", True, "Too slow"),
    ("匿名 改进 发布太慢", "improve", True, "发布太慢"),
    ("想法 匿名 每周分享", "idea", True, "每周分享"),
    ("Idea: pair more", "idea", False, "pair more"),
    ("improve Too slow anonymous", "improve", False, "Too slow anonymous"),  # the marker counts in the first two
    ("something improve x", None, None, None),
    ("anonymous something", None, None, None),
    ("start Sprint 12", None, None, None),
])
def test_reading_an_item(text, kind, anonymous, body):
    item = parse.item(text)
    assert (item.kind, item.anonymous, item.text) == (kind, anonymous, body) if kind else item is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NASTY)
def test_an_item_is_anonymous_exactly_when_the_middleware_skipped_the_lookup(text):
    item = parse.item(text)
    if item is not None:
        assert item.anonymous == asks_anonymity("/retro", text) and item.kind in rules.KINDS


def test_a_retro_from_start_to_summary(slack, rt, clock, boundary):
    reply = slack.command("/retro", "start Sprint 12", user="U0BOB")
    assert reply.json["response_type"] == "ephemeral" and "Retro #1" in reply.text and "Sprint 12" in reply.text
    slack.deliver()
    [announced] = slack.stub.sent("chat.postMessage")
    assert announced.args["channel"] == "C0GENERAL" and "<@U0BOB> started retro #1" in announced.text()
    assert "already has an open retro" in slack.command("/retro", "start Another one", user="U0CAROL").text

    assert "under *Went well*" in slack.command("/retro", "went-well The demo went smoothly", user="U0BOB").text
    slack.command("/retro", "improve Releases wait too long for QA", user="U0CAROL")
    added = slack.command("/retro", "anonymous improve Standups run over every day", user="U0ERIN")
    assert "anonymously" in added.text and "not stored anywhere" in added.text
    slack.command("/retro", "improve anon Nobody reads the wiki", user="U0BOB")
    slack.command("/retro", "想法 每周五做一次技术分享", user="U0DAVE")
    slack.command("/retro", "idea Pair on the release checklist", user="U0ERIN")
    boundary()  # the anonymous items show from the next ten-minute boundary

    standups, qa = vote_ref(slack, "Standups run over"), vote_ref(slack, "Releases wait")
    assert standups.startswith("a") and qa.startswith("n")
    for user in ("U0BOB", "U0CAROL", "U0DAVE"):
        slack.click("retro.vote", standups, user=user)
    slack.click("retro.vote", qa, user="U0ERIN")
    slack.click("retro.vote", vote_ref(slack, "技术分享"), user="U0ERIN")
    refreshed = slack.stub.sent("response_url")[-1].args  # the clicker sees the board again, with counts
    assert refreshed["replace_original"] in (True, "true") and ":+1: 1" in json.dumps(refreshed, ensure_ascii=False)

    action = slack.command("/retro", "action Automate the release notes <@U0CAROL|carol> Friday 5pm", user="U0BOB")
    assert "Action for retro #1" in action.text and "#1" in action.text and "<@U0CAROL>" in action.text
    slack.command("/retro", "action Write the wiki owners list", user="U0BOB")
    with rt.db.session(read_only=True) as session:
        task = session.scalar(select(Task).where(Task.number == 1))
        assert task.source == "retro" and task.owner_id == "U0CAROL" and task.due_at is not None
        assert len(session.scalars(select(RetroAction)).all()) == 2
    slack.deliver()
    assert any(c.args["channel"] == "U0CAROL" and "gave you a task" in c.text()
               for c in slack.stub.sent("chat.postMessage"))

    clock.advance(hours=1)
    closed = slack.command("/retro", "close", user="U0BOB")
    assert "is closed" in closed.text and closed.json["response_type"] == "ephemeral"
    slack.deliver()
    [summary] = summaries(slack)
    assert summary.args["channel"] == "C0GENERAL"
    text = "\n".join(section_texts(blocks_of(summary)))
    # grouped by kind (went well, to improve, ideas), most votes first within each
    assert text.index("Went well") < text.index("To improve") < text.index("Ideas") < text.index("Actions")
    improve = text[text.index("To improve"):text.index("Ideas")]
    assert improve.index("Standups run over") < improve.index("Releases wait") < improve.index("Nobody reads")
    ideas = text[text.index("Ideas"):text.index("Actions")]
    assert ideas.index("技术分享") < ideas.index("Pair on the release checklist")
    assert re.search(r"Standups run over every day — _anonymous_ · :\+1: 3", text)
    assert re.search(r"Nobody reads the wiki — _anonymous_ · :\+1: 0", text)
    assert "Releases wait too long for QA — <@U0CAROL> · :+1: 1" in text
    assert "The demo went smoothly — <@U0BOB>" in text and "每周五做一次技术分享 — <@U0DAVE> · :+1: 1" in text
    assert re.search(r"\*#1\* Automate the release notes · <@U0CAROL> · <!date\^\d+\^", text)
    assert "*#2* Write the wiki owners list · <@U0BOB> · no deadline" in text
    assert len(buttons(blocks_of(summary), "retro.lesson")) == 3  # one per item to improve
    assert "There is no open retro" in slack.command("/retro", "improve Too late", user="U0CAROL").text
    slack.click("retro.vote", qa, user="U0ERIN")
    assert "votes are final" in json.dumps(slack.stub.sent("response_url")[-1].args)
    with rt.db.session(read_only=True) as session:
        retro = session.scalars(select(Retro)).one()
        assert retro.status == "closed" and retro.closed_at == clock.now()
    assert "Retro #2" in slack.command("/retro", "start Sprint 13", user="U0CAROL").text  # a new one may start


def test_one_vote_per_person_per_item_and_a_second_press_takes_it_back(slack, rt):
    slack.command("/retro", "start Q4", user="U0BOB")
    slack.command("/retro", "went-well Shipped on time", user="U0CAROL")
    ref = vote_ref(slack, "Shipped")
    slack.click("retro.vote", ref, user="U0ERIN")
    slack.click("retro.vote", ref, user="U0BOB")
    with rt.db.session(read_only=True) as session:
        assert sorted(v.user_id for v in session.scalars(select(RetroVote))) == ["U0BOB", "U0ERIN"]
    slack.click("retro.vote", ref, user="U0ERIN")  # taken back
    with rt.db.session(read_only=True) as session:
        assert [v.user_id for v in session.scalars(select(RetroVote))] == ["U0BOB"]
    [(line, _)] = buttons(board(slack, "U0BOB")["blocks"], "retro.vote")
    assert ":+1: 1" in line
    mine = [b["accessory"] for b in board(slack, "U0BOB")["blocks"] if b.get("accessory")]
    assert mine[0].get("style") == "primary"  # the board shows what you voted for
    assert "style" not in [b["accessory"] for b in board(slack, "U0ERIN")["blocks"] if b.get("accessory")][0]


def test_until_closes_the_retro_on_the_clock(slack, rt, clock):
    reply = slack.command("/retro", "start Sprint 12 until tomorrow 10am", user="U0BOB")  # bob: New York
    assert "Retro #1" in reply.text
    slack.command("/retro", "improve Too many meetings", user="U0CAROL")
    slack.command("/retro", "anon went-well Good pairing", user="U0ERIN")
    slack.deliver()
    [announced] = slack.stub.sent("chat.postMessage")
    assert "It closes itself <!date^" in announced.text()
    due = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # 10:00 in New York
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Retro)).one().until == due
        reminder = session.scalars(select(Reminder).where(Reminder.kind == "retro.close")).one()
        assert reminder.due_at == due
    clock.current = due - timedelta(minutes=1)
    slack.tick()
    assert summaries(slack) == []
    clock.current = due + timedelta(seconds=5)
    slack.tick()
    slack.tick()
    [summary] = summaries(slack)
    assert "closed automatically" in summary.text() and "Good pairing — _anonymous_" in summary.text()
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Retro)).one().status == "closed"


def test_closing_by_command_first_makes_the_clock_obsolete(slack, rt, clock):
    slack.command("/retro", "start Sprint 12 until Friday", user="U0BOB")
    slack.command("/retro", "close", user="U0BOB")
    clock.advance(days=4)
    slack.tick()
    assert len(summaries(slack)) == 1
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Reminder).where(Reminder.kind == "retro.close")).all() == []


def test_a_retro_due_while_every_clock_was_down_still_closes_with_its_summary(slack, rt, clock):
    slack.command("/retro", "start Sprint 12 until tomorrow 10am", user="U0BOB")
    clock.current = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # a day late: past the grace period
    slack.tick()
    assert len(summaries(slack)) == 1


def test_only_the_starter_managers_and_admins_close(slack, rt):
    slack.command("/retro", "start Sprint 12", user="U0BOB")
    refused = slack.command("/retro", "close", user="U0ERIN")
    assert "Only the person who started this retro (<@U0BOB>)" in refused.text
    assert "已结束" in slack.command("/retro", "close", user="U0ALICE").text  # a workspace admin (zh-CN)


def test_an_improve_item_becomes_a_lesson_with_one_click(slack, rt, clock):
    slack.command("/retro", "start Sprint 12", user="U0BOB", channel="C0DEV")
    slack.command("/retro", "improve 部署前先在预发布环境验证", user="U0CAROL", channel="C0DEV")
    slack.command("/retro", "匿名 改进 Nobody owns the flaky tests", user="U0DAVE", channel="C0DEV")
    slack.command("/retro", "went-well Good demo", user="U0CAROL", channel="C0DEV")
    slack.command("/retro", "close", user="U0BOB", channel="C0DEV")
    slack.deliver()
    [summary] = summaries(slack)
    refs = dict(buttons(blocks_of(summary), "retro.lesson"))
    [named] = [ref for line, ref in refs.items() if "预发布" in line]
    [anonymous] = [ref for line, ref in refs.items() if "flaky" in line]

    slack.click("retro.lesson", named, user="U0ERIN", channel="C0DEV")
    assert "Saved as lesson #1" in json.dumps(slack.stub.sent("response_url")[-1].args)
    slack.click("retro.lesson", named, user="U0BOB", channel="C0DEV")
    assert "already lesson #1" in json.dumps(slack.stub.sent("response_url")[-1].args)
    slack.click("retro.lesson", anonymous, user="U0ALICE", channel="C0DEV")
    assert "经验教训 #2" in json.dumps(slack.stub.sent("response_url")[-1].args, ensure_ascii=False)
    with rt.db.session(read_only=True) as session:
        first, second = session.scalars(select(Lesson).order_by(Lesson.number)).all()
    assert (first.text, first.author_id, first.channel_id, first.tags) == ("部署前先在预发布环境验证", "U0ERIN",
                                                                            "C0DEV", ["retro"])
    assert (second.author_id, second.created_at) == ("U0ALICE", clock.now())  # the saver, not the anonymous author
    found = slack.command("/lesson", "search 预发布", user="U0BOB").text
    assert "#1" in found and "saved by <@U0ERIN>" in found and "<#C0DEV>" in found

    with rt.db.session(read_only=True) as session:
        item = session.scalars(select(RetroItem).where(RetroItem.kind == "went-well")).one()
    slack.click("retro.lesson", f"n{item.id}", user="U0ERIN", channel="C0DEV")
    assert "Only items to improve" in json.dumps(slack.stub.sent("response_url")[-1].args)  # a forged button


def test_an_anonymous_retro_item_leaves_no_trace_of_its_author(slack, rt, clock, caplog, boundary):
    slack.command("/task", "Prepare the offsite", user="U0DAVE")  # dave is known to teambot (zh-CN)
    slack.command("/retro", "start Sprint 12", user="U0BOB")
    slack.deliver()
    before = stored_rows(rt)
    calls_before = len(slack.stub.sent())
    clock.advance(minutes=7, seconds=13)
    submitted_at = clock.now()
    caplog.set_level(logging.DEBUG)
    for text in ("anonymous improve My manager cancels our 1:1s", "improve anon The 1:1s are always moved",
                 "匿名 改进 1:1s 总被取消", "做得好 匿名 1:1s went well when they happened"):
        reply = slack.command("/retro", text, user="U0DAVE")
        assert reply.json["response_type"] == "ephemeral" and "任何地方都不会保存" in reply.text
    assert "users.info" not in [c.method for c in slack.stub.sent()[calls_before:]]  # nobody looked him up
    assert stored_rows(rt) == before  # held in memory until the boundary: nothing written at all
    assert "1:1s" not in json.dumps(board(slack, "U0CAROL"))  # nor shown

    boundary(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))  # later, others vote and bob closes it
    for ref in [value for _, value in buttons(board(slack, "U0CAROL")["blocks"], "retro.vote")]:
        slack.click("retro.vote", ref, user="U0CAROL")
    shown = json.dumps(board(slack, "U0ERIN"), ensure_ascii=False)
    assert "1:1s" in shown and "_anonymous_" in shown
    slack.command("/retro", "close", user="U0BOB")
    slack.deliver()
    [summary] = summaries(slack)
    assert "1:1s" in summary.text() and "_anonymous_" in summary.text()

    added = "\n".join(stored_rows(rt) - before)  # everything the items, the votes and the summary wrote
    assert "1:1s" in added
    new_calls = json.dumps([c.args | {"method": c.method} for c in slack.stub.sent()[calls_before:]],
                           ensure_ascii=False)
    for trace in ("U0DAVE", "dave", "Dave Wu"):
        assert trace not in added
        assert trace not in new_calls
        assert not [r for r in caplog.records if trace in r.getMessage()]
    for moment in (submitted_at.isoformat(sep=" ")[:16], submitted_at.strftime("%H:%M"), "09:07"):
        assert moment not in added
    with rt.db.session(read_only=True) as session:
        assert len(session.scalars(select(AnonymousRetroItem)).all()) == 4
        assert session.scalars(select(RetroItem)).first() is None  # not even a row in the named table


def test_an_anonymous_item_is_added_without_asking_slack_who_it_is(slack, rt, boundary):
    slack.command("/retro", "start Sprint 12", user="U0BOB")
    calls_before = len(slack.stub.sent())
    slack.command("/retro", "anon idea Try mob programming", user="U0ERIN")  # erin: never seen before
    assert [c.method for c in slack.stub.sent()[calls_before:]] == []
    boundary()
    with rt.db.session(read_only=True) as session:
        assert "U0ERIN" not in "\n".join(stored_rows(rt))
        assert session.scalars(select(AnonymousRetroItem)).one().text == "Try mob programming"


def test_anonymous_items_are_rate_limited(slack, rt):
    slack.command("/retro", "start Sprint 12", user="U0BOB")
    for i in range(20):
        slack.command("/retro", f"anon idea point {i}", user="U0ERIN")
    assert "try again later" in slack.command("/retro", "anon idea one more", user="U0ERIN").text
    assert "anonymously" in slack.command("/retro", "anon idea from someone else", user="U0CAROL").text


def test_retros_are_per_workspace(slack, rt):
    slack.command("/retro", "start Secret retro", user="U0BOB")
    slack.command("/retro", "improve Secret item", user="U0BOB")
    ref = vote_ref(slack, "Secret item")
    other = "T0OTHER"
    assert "no open retro" in slack.command("/retro", "show", user="U0BOB", team=other).text
    assert "没有进行中的回顾会" in slack.command("/retro", "close", user="U0ALICE", team=other).text
    slack.click("retro.vote", ref, user="U0BOB", team=other)
    assert "does not exist in this workspace" in json.dumps(slack.stub.sent("response_url")[-1].args)
    slack.click("retro.lesson", ref, user="U0BOB", team=other)
    assert "does not exist in this workspace" in json.dumps(slack.stub.sent("response_url")[-1].args)
    assert "Retro #1" in slack.command("/retro", "start Their own", user="U0BOB", team=other).text
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(RetroVote)).all() == [] and session.scalars(select(Lesson)).all() == []
        assert {r.team_id: r.number for r in session.scalars(select(Retro))} == {"T0TEAM": 1, other: 1}


def test_chinese(slack, rt):
    reply = slack.command("/retro", "start 第12迭代回顾 截止 周五", user="U0ALICE")
    assert "回顾会 #1" in reply.text and "第12迭代回顾" in reply.text
    assert "已添加到回顾会 #1" in slack.command("/retro", "改进 发布流程太长", user="U0DAVE").text
    shown = json.dumps(board(slack, "U0DAVE"), ensure_ascii=False)
    assert "待改进" in shown and "发布流程太长" in shown
    slack.command("/retro", "close", user="U0ALICE")
    assert "回顾会 #2" in slack.command("/retro", "start 双周回顾截止下周五", user="U0ALICE").text
    with rt.db.session(read_only=True) as session:
        first, second = session.scalars(select(Retro).order_by(Retro.number)).all()
    assert (first.name, first.until) == ("第12迭代回顾", datetime(2026, 11, 27, 9, 0, tzinfo=UTC))  # 17:00 Shanghai
    assert second.name == "双周回顾" and second.until == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def test_bad_input(slack, rt, clock):
    assert "no open retro" in slack.command("/retro", "improve Nothing is open", user="U0BOB").text
    assert "no open retro" in slack.command("/retro", "show", user="U0BOB").text
    assert "no open retro" in slack.command("/retro", "action Fix it", user="U0BOB").text
    assert "Give the retro a name" in slack.command("/retro", "start", user="U0BOB").text
    assert "could not read `Fryday`" in slack.command("/retro", "start Sprint until Fryday", user="U0BOB").text
    assert "already past" in slack.command("/retro", "start Sprint until 2020-01-01", user="U0BOB").text
    assert "Which kind?" in slack.command("/retro", "anonymous The retro is pointless", user="U0BOB").text
    assert "I don't know `/retro dance`" in slack.command("/retro", "dance", user="U0BOB").text
    slack.command("/retro", "start <!channel> & friends", user="U0BOB")
    assert "What would you like to add" in slack.command("/retro", "improve", user="U0BOB").text
    assert "3001 characters" in slack.command("/retro", "idea " + "x" * 3001, user="U0BOB").text
    assert "What is the action" in slack.command("/retro", "action", user="U0BOB").text
    slack.command("/retro", "improve <!here> ping <@U0CAROL|carol> &amp; &lt;b&gt;bold&lt;/b&gt;", user="U0BOB")
    shown = json.dumps(board(slack, "U0BOB"))
    assert "<!here>" not in shown and "<!channel>" not in shown and "&lt;b&gt;" in shown
    slack.command("/retro", "close", user="U0BOB")
    slack.deliver()
    posted = json.dumps([c.args for c in slack.stub.sent("chat.postMessage")])
    assert "<!channel>" not in posted and "<!here>" not in posted and "&amp; friends" in posted
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(RetroItem)).one().text == "@here ping @carol & <b>bold</b>"


def test_a_big_retro_stays_within_slack_limits(slack, rt):
    slack.command("/retro", "start Big", user="U0BOB")
    with rt.db.session() as session:
        retro = session.scalars(select(Retro)).one()
        for i in range(60):
            kind = rules.KINDS[i % 3]
            session.add(RetroItem(team_id="T0TEAM", retro_id=retro.id, kind=kind, text=f"item {i} " + "&" * 400,
                                  author_id="U0BOB", created_at=datetime(2026, 11, 24, tzinfo=UTC)))
            session.add(AnonymousRetroItem(team_id="T0TEAM", retro_id=retro.id, kind=kind, text=f"anon {i}"))
    shown = board(slack, "U0BOB")
    assert len(shown["blocks"]) <= 50 and "more" in json.dumps(shown)
    assert all(len(b["text"]["text"]) <= 3000 for b in shown["blocks"] if b.get("text"))
    for i in range(25):
        slack.command("/retro", f"action Follow-up {i}", user="U0BOB")
    slack.command("/retro", "close", user="U0BOB")
    slack.deliver()
    [summary] = summaries(slack)
    blocks = blocks_of(summary)
    assert len(blocks) <= MAX_BLOCKS and len(summary.args["text"]) <= 3000
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b.get("text"))


def test_an_anonymous_item_shows_at_its_boundary_in_random_order_and_its_button_tells_no_order(slack, rt, clock,
                                                                                                boundary):
    slack.command("/retro", "start Sprint 12", user="U0BOB")
    texts = [f"Anonymous point {n}" for n in range(8)]
    for n, text in enumerate(texts):
        clock.advance(seconds=30)
        reply = slack.command("/retro", f"anon idea {text}", user=["U0CAROL", "U0DAVE"][n % 2])
        assert "<!date^1795511400^" in reply.text  # it shows at 09:10
    slack.command("/retro", "idea A named one", user="U0ERIN")
    assert "Anonymous point" not in json.dumps(board(slack, "U0BOB"))  # not before its boundary
    clock.current = datetime(2026, 11, 24, 9, 9, 59, tzinfo=UTC)
    boundary(clock.now())
    assert "Anonymous point" not in json.dumps(board(slack, "U0BOB"))
    boundary(datetime(2026, 11, 24, 9, 10, tzinfo=UTC))
    refs = dict(buttons(board(slack, "U0BOB")["blocks"], "retro.vote"))
    anonymous = {line.split(" — ")[0]: ref for line, ref in refs.items() if "_anonymous_" in line}
    assert sorted(anonymous) == texts  # all of them, at once
    for ref in anonymous.values():  # opaque: no id to put them in order by
        assert ref.startswith("a") and not ref[1:].isdigit() and len(ref) >= 16
    with rt.db.session(read_only=True) as session:
        written = [row.text for row in session.scalars(select(AnonymousRetroItem).order_by(AnonymousRetroItem.id))]
    assert sorted(written) == texts and written != texts  # written in random order (1 chance in 40,320 not to be)
    slack.click("retro.vote", "a1", user="U0BOB")  # a forged id-style value
    assert "does not exist" in json.dumps(slack.stub.sent("response_url")[-1].args)
    slack.click("retro.vote", anonymous[texts[3]], user="U0BOB")
    assert len(buttons(board(slack, "U0BOB")["blocks"], "retro.vote")) == 9
    with rt.db.session(read_only=True) as session:
        [vote] = session.scalars(select(RetroVote)).all()
        assert vote.anonymous and session.get(AnonymousRetroItem, vote.item_id).text == texts[3]


def test_items_another_process_held_when_the_retro_closed_are_still_written_and_told(slack, rt, settings, clock,
                                                                                   stub, boundary):
    """Each process holds its own anonymous items: closing writes the closing process's items into the summary;
    another process writes its own at its boundary, and the channel is told then. Nothing is lost."""
    other_db = Database(settings.database_url)
    other = Slack(Runtime(settings, other_db, clock=clock.now), stub)
    try:
        slack.command("/retro", "start Sprint 12", user="U0BOB")
        other.command("/retro", "anon improve Nobody reads the wiki", user="U0ERIN")  # held by the other process
        slack.command("/retro", "anon idea Pair more", user="U0CAROL")  # held by this one
        clock.advance(minutes=3)
        slack.command("/retro", "close", user="U0BOB")
        slack.deliver()
        [summary] = summaries(slack)
        assert "Pair more — _anonymous_" in summary.text() and "wiki" not in summary.text()
        timer = privacy.BoundaryTimer(other_db, clock.now)
        clock.current = datetime(2026, 11, 24, 9, 10, tzinfo=UTC)
        timer.tick()
        slack.deliver()
        late = slack.stub.sent("chat.postMessage")[-1]
        assert late.args["channel"] == "C0GENERAL" and "had already closed" in late.text()
        assert "Nobody reads the wiki" in late.text() and "To improve" in late.text()
        with rt.db.session(read_only=True) as session:
            assert sorted(r.text for r in session.scalars(select(AnonymousRetroItem))) == [
                "Nobody reads the wiki", "Pair more"]
    finally:
        other_db.dispose()


def test_the_summarys_notification_text_is_cut_between_lines_never_inside_an_entity(slack, rt):
    slack.command("/retro", "start Ampersands", user="U0BOB")
    for n in range(14):
        slack.command("/retro", f"idea {n:02d} " + "&" * 400, user="U0BOB")
    slack.command("/retro", "close", user="U0BOB")
    slack.deliver()
    [summary] = summaries(slack)
    fallback = summary.args["text"]
    assert len(fallback) <= 3000 and not re.search(r"&(?!amp;|lt;|gt;)", fallback)
    assert all(line.startswith(("•", ":", "*", "…", "Went", "To improve", "Ideas", "Actions"))
               for line in fallback.splitlines())


# ---- the words people type --------------------------------------------------------------------------------------

CHINESE_WORDS = [(word, name) for words, name in parse.SUBCOMMANDS.chinese() for word in words.split("/")]
DOES = {  # subcommand → (what follows its word, what the asker reads back)
    "start": ("第13迭代", "Retro #2"),
    "went-well": ("演示很顺利", "under *Went well*"),
    "improve": ("发布等测试太久", "under *To improve*"),
    "idea": ("每周分享", "under *Ideas*"),
    "show": ("", "Most votes first"),
    "action": ("自动生成发布说明", "Action for retro #1"),
    "close": ("", "Retro #1 *Sprint 12* is closed"),
}


@pytest.mark.parametrize(("word", "name"), CHINESE_WORDS)
def test_every_chinese_word_does_what_its_english_word_does(slack, rt, word, name):
    slack.command("/retro", "start Sprint 12", user="U0BOB")
    if name == "start":
        slack.command("/retro", "close", user="U0BOB")
    rest, expected = DOES[name]
    assert expected in slack.command("/retro", f"{word} {rest}", user="U0BOB").text
    if name in rules.KINDS:
        with rt.db.session(read_only=True) as session:
            assert session.scalars(select(RetroItem)).one().kind == name


@pytest.mark.parametrize("text", ["改进 匿名 发布太慢", "匿名 改进 发布太慢", "improve 匿名 Too slow",
                                  "匿名 Idea: pair more"])
def test_anonymous_items_in_chinese_words_are_anonymous(slack, rt, text, boundary):
    slack.command("/retro", "start Sprint 12", user="U0BOB")
    assert "anonymously" in slack.command("/retro", text, user="U0BOB").text
    boundary()
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(RetroItem)).first() is None
        assert len(session.scalars(select(AnonymousRetroItem)).all()) == 1


def test_help_lists_the_chinese_words(slack):
    shown = slack.command("/retro", "help", user="U0BOB").text
    for words, name in parse.SUBCOMMANDS.chinese():
        assert f"`{words}` {name}" in shown


@pytest.mark.parametrize("text", ["start anon Sprint 12", "action anonymous Fix the build", "close 匿名", "show anon",
                                  "开始 匿名 第12迭代", "行动 anon 修复构建"])
def test_a_request_marked_anonymous_never_acts_under_the_persons_name(slack, rt, text):
    """The middleware did not look the person up; a subcommand that would record them is not run."""
    slack.command("/retro", "start Sprint 12", user="U0BOB", channel="C0DEV")
    calls_before = len(slack.stub.sent())
    assert "Which kind?" in slack.command("/retro", text, user="U0ERIN", channel="C0DEV").text
    assert slack.stub.sent()[calls_before:] == []
    with rt.db.session(read_only=True) as session:
        assert [(r.name, r.status) for r in session.scalars(select(Retro))] == [("Sprint 12", "open")]
        assert session.scalars(select(Task)).all() == []
    assert "U0ERIN" not in "\n".join(stored_rows(rt))


def test_a_retro_in_a_private_channel_works_like_one_in_a_public_channel(slack, rt):
    private = "G0PRIVATE"
    started = slack.command("/retro", "start Sprint 12", user="U0BOB", channel=private)
    assert "Retro #1" in started.text and f"<#{private}>" in started.text
    slack.command("/retro", "improve Releases wait too long", user="U0ERIN", channel=private)
    slack.command("/retro", "anon idea Pair more", user="U0CAROL", channel=private)
    assert "Releases wait" in json.dumps(board(slack, channel=private))
    assert "no open retro" in slack.command("/retro", "show", user="U0BOB").text  # the public channel has none
    slack.command("/retro", "action Automate the release notes", user="U0BOB", channel=private)
    assert f"<#{private}>" in slack.command("/retro", "close", user="U0BOB", channel=private).text
    slack.deliver()
    announced, summary = slack.stub.sent("chat.postMessage")
    assert announced.args["channel"] == summary.args["channel"] == private
    assert "Releases wait" in summary.text() and "Pair more — _anonymous_" in summary.text()
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Task)).one().channel_id == private


# ---- the rules and the parsing, on plain values -------------------------------------------------------------------

@pytest.mark.parametrize(("actor", "creator", "manager", "allowed"), [
    ("U0BOB", "U0BOB", False, True),
    ("U0ERIN", "U0BOB", False, False),
    ("U0ERIN", "U0BOB", True, True),
    ("U0BOB", "U0BOB", True, True),
])
def test_who_may_close(actor, creator, manager, allowed):
    assert rules.may_close(actor, creator_id=creator, actor_is_manager=manager) is allowed


@pytest.mark.parametrize(("status", "allowed"), [("open", True), ("closed", False)])
def test_votes_are_final_once_closed(status, allowed):
    assert rules.may_vote(status) is allowed


@pytest.mark.parametrize(("kind", "allowed"), [("improve", True), ("went-well", False), ("idea", False)])
def test_only_items_to_improve_become_lessons(kind, allowed):
    assert rules.may_become_lesson(kind) is allowed


def test_the_board_is_ordered_by_kind_votes_and_text_never_by_time():
    items = [("idea", 0, "b", "n1"), ("improve", 1, "Zed", "a2"), ("improve", 3, "x", "n3"),
             ("went-well", 0, "c", "n4"), ("improve", 1, "alpha", "n5"), ("odd", 9, "?", "n6"),
             ("improve", 1, "alpha", "a1")]
    ordered = sorted(items, key=lambda i: rules.board_order(*i))
    assert [ref for *_, ref in ordered] == ["n4", "n3", "a1", "n5", "a2", "n1", "n6"]


@pytest.mark.parametrize(("until", "expected"), [
    (None, "retro:7:close"),
    (datetime(2026, 11, 25, 15, 0, tzinfo=UTC), "retro:7:close:1795618800"),
])
def test_the_clock_closes_a_retro_once_per_until(until, expected):
    assert rules.close_key(7, until) == expected


@pytest.mark.parametrize(("check", "text", "problem"), [
    (rules.checked_name, "", "retro.no_name"),
    (rules.checked_name, "n" * rules.MAX_NAME, None),
    (rules.checked_name, "n" * (rules.MAX_NAME + 1), "retro.name_too_long"),
    (rules.checked_item, "", "retro.item_empty"),
    (rules.checked_item, "x" * rules.MAX_TEXT, None),
    (rules.checked_item, "x" * (rules.MAX_TEXT + 1), "retro.item_too_long"),
])
def test_what_names_and_items_may_be(check, text, problem):
    if problem is None:
        assert check(text) == text
    else:
        with pytest.raises(UserError) as raised:
            check(text)
        assert raised.value.key == problem


@pytest.mark.parametrize(("text", "name", "until"), [
    ("Sprint 12", "Sprint 12", None),
    ("Sprint 12 until Friday 4pm", "Sprint 12", "Friday 4pm"),
    ("Sprint 12 - till tomorrow", "Sprint 12", "tomorrow"),
    ("第12迭代回顾 截止 周五", "第12迭代回顾", "周五"),
    ("双周回顾截止下周五", "双周回顾", "下周五"),
    ("<!channel> &amp; friends", "@channel & friends", None),
    ("until Friday", "", "Friday"),
    ("", "", None),
])
def test_reading_a_start(text, name, until):
    assert parse.start(text) == parse.StartText(name, until)
