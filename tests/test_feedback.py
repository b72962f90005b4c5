"""Feedback through the wire: named and anonymous, batched to the managers, answered, addressed — and the proof
that anonymous feedback leaves nothing anywhere (database, logs, messages) that points at its author. (That it
cannot even be dated between two named actions is tests/test_anonymity.py.)"""

import json
import logging
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import OperationalError

from bot.core import privacy
from bot.core.blocks import SECTION_TEXT
from bot.core.errors import UserError
from bot.feedback import parse, rules, service
from storage.models import AnonymousFeedback, Feedback, Role

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # the first four-hourly boundary after the tests' 09:00


@pytest.fixture(autouse=True)
def fresh_rate_limit(monkeypatch):
    """Every test starts at the same 09:00: each gets a rate limit of its own, as if a day had passed."""
    monkeypatch.setattr(service, "ANONYMOUS_LIMIT", privacy.AnonymousRateLimit(limit=rules.ANONYMOUS_PER_HOUR))


@pytest.fixture
def boundary(rt, slack, clock):
    """This process's boundary timer, started with the test: `boundary(at)` moves the clock there, runs the timer
    as its thread would, and sends the outbox."""
    timer = privacy.BoundaryTimer(rt.db, rt.now)
    for pen in privacy.PENS:  # a PostgreSQL schema is lent from test to test: nothing an earlier test held
        pen.take(rt.db.engine)

    def at(when: datetime | None = None) -> privacy.BoundaryTimer:
        if when is not None:
            clock.current = when
        timer.tick()
        slack.deliver()
        return timer

    return at


def sections(call) -> list[str]:
    """The text of every section and context element of a Web API call or an ack."""
    found = []
    for block in blocks_of(call):
        if isinstance(block.get("text"), dict):
            found.append(block["text"]["text"])
        found.extend(e["text"] for e in block.get("elements") or [] if isinstance(e, dict) and "text" in e
                     and isinstance(e["text"], str))
    return found


def blocks_of(call) -> list[dict]:
    blocks = call.get("blocks") if isinstance(call, dict) else call.args.get("blocks")
    return json.loads(blocks) if isinstance(blocks, str) else blocks or []


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


def test_anonymous_feedback_leaves_no_trace_of_its_author(slack, rt, clock, caplog, boundary):
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
        assert reply.json["response_type"] == "ephemeral" and "<!date^1795521600^" in reply.text  # at 12:00
    assert "任何地方都不会保存" in reply.text  # his language was known from before, without asking Slack
    assert stored_rows(rt) == before  # held in memory until the boundary: nothing written at all

    boundary(NOON)  # the next four-hourly delivery
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


def test_anonymous_feedback_cannot_be_replied_to_but_can_be_addressed(slack, rt, boundary):
    make(rt, "U0CAROL", "ops")
    slack.command("/feedback", "anonymous Too many meetings #workload", user="U0DAVE")
    assert "no feedback #A1" in slack.command("/feedback", "addressed #A1", user="U0CAROL").text  # not yet written
    boundary(NOON)
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


def test_a_boundary_missed_in_an_outage_is_made_up_for_and_nothing_is_lost(slack, rt, clock, boundary,
                                                                           monkeypatch):
    make(rt, "U0CAROL", "ops")
    timer = boundary()
    slack.command("/feedback", "anonymous Please fix the heating", user="U0DAVE")

    def down(**_):
        raise OperationalError("BEGIN", {}, ConnectionRefusedError("the database is down"))

    clock.current = NOON
    with monkeypatch.context() as outage:
        outage.setattr(rt.db, "session", down)
        timer.tick()  # the write fails: the post is held again
    slack.deliver()
    assert slack.stub.sent("chat.postMessage") == []
    boundary(NOON.replace(second=30))  # the timer looks again within RETRY
    assert "heating" in slack.stub.sent("chat.postMessage")[0].text()


def test_feedback_written_at_a_shutdown_is_delivered_at_the_next_boundary(slack, rt, clock, boundary):
    """A graceful stop writes what the process holds (one batch, at shutdown time) without telling anyone: the
    managers hear of it at the next fixed boundary, from whichever process runs then."""
    make(rt, "U0CAROL", "ops")
    slack.command("/feedback", "anonymous Please fix the heating", user="U0DAVE")
    clock.advance(minutes=40)
    boundary().stop()
    with rt.db.session(read_only=True) as session:
        assert [(i.text, i.notified_at) for i in session.scalars(select(AnonymousFeedback))] == [
            ("Please fix the heating", None)]
    assert slack.stub.sent("chat.postMessage") == []
    boundary(NOON)  # another process (or this one, restarted)
    [dm] = slack.stub.sent("chat.postMessage")
    assert dm.args["channel"] == "U0CAROL" and "heating" in dm.text()


def test_a_refused_delivery_is_not_marked_delivered(slack, rt, clock, boundary):
    """Slack refused the batch (for every manager): its items go out again with the next delivery."""
    make(rt, "U0CAROL", "ops")
    boundary()  # this process's timer runs from the start
    slack.command("/feedback", "The VPN drops every hour #tools", user="U0ERIN")
    slack.stub.error("chat.postMessage", "channel_not_found")
    clock.advance(minutes=2)
    slack.tick()
    assert [c.args["channel"] for c in slack.stub.sent("chat.postMessage")] == ["U0CAROL"]  # refused
    with rt.db.session(read_only=True) as session:
        assert session.scalar(select(Feedback.notified_at)) is not None  # queued, not yet known to have failed
    slack.command("/feedback", "More coffee", user="U0DAVE")
    clock.advance(minutes=2)
    slack.tick()
    second = slack.stub.sent("chat.postMessage")[-1]
    assert "VPN" in second.text() and "More coffee" in second.text() and "New feedback (2)" in second.text()

    slack.stub.error("chat.postMessage", "account_inactive")  # refused again, and no new feedback this time
    slack.command("/feedback", "anonymous Lunch is too short", user="U0DAVE")
    boundary(NOON)
    boundary(NOON.replace(hour=16))  # the next boundary brings what the refused one did not
    last = slack.stub.sent("chat.postMessage")[-1]
    assert "Lunch is too short" in last.text() and last.args["channel"] == "U0CAROL"
    assert len(slack.stub.sent("chat.postMessage")) == 4


def test_feedback_of_800_angle_brackets_does_not_break_a_delivery(slack, rt, boundary):
    """Escaped, 800 `<` are 3,200 characters: clipped only after escaping, every section stays within Slack's
    3,000, the delivery goes out and the item is delivered with the others."""
    make(rt, "U0CAROL", "ops")
    for user, words in (("U0DAVE", "<" * 800), ("U0ALICE", "&" * 2990 + " #tools"), ("U0BOB", "The heating")):
        assert "<!date^" in slack.command("/feedback", "anonymous " + words, user=user).text
    boundary(NOON)
    [dm] = slack.stub.sent("chat.postMessage")
    assert "heating" in dm.text() and "&lt;&lt;&lt;" in dm.text() and "&amp;&amp;" in dm.text()
    assert max(map(len, sections(dm))) <= SECTION_TEXT and len(dm.args["text"]) <= SECTION_TEXT
    assert "&lt;…" in dm.text() or "&lt;&lt;…" in dm.text()  # clipped between entities, never inside one
    listed = slack.command("/feedback", "list", user="U0CAROL")
    assert "heating" in listed.text and max(map(len, sections(listed.json))) <= SECTION_TEXT
    with rt.db.session(read_only=True) as session:
        assert all(item.notified_at is not None for item in session.scalars(select(AnonymousFeedback)))


def test_a_long_reply_fits_in_the_authors_dm(slack, rt):
    make(rt, "U0CAROL", "ops")
    slack.command("/feedback", "<" * 3000, user="U0ERIN")
    slack.command("/feedback", "reply 1 " + "&" * 2990, user="U0CAROL")
    slack.deliver()
    [to_author] = [c for c in slack.stub.sent("chat.postMessage") if c.args["channel"] == "U0ERIN"]
    assert "&amp;&amp;" in to_author.text() and max(map(len, sections(to_author))) <= SECTION_TEXT


def test_bad_input(slack, rt):
    assert "What would you like to say" in slack.command("/feedback", "anonymous", user="U0BOB").text
    assert "3001 characters" in slack.command("/feedback", "x" * 3001, user="U0BOB").text
    reply = slack.command("/feedback", "<!channel> everyone should see this", user="U0BOB")
    assert "Thanks" in reply.text
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Feedback)).one().text == "@channel everyone should see this"


# ---- the words people type --------------------------------------------------------------------------------------

CHINESE_WORDS = [(word, name) for words, name in parse.SUBCOMMANDS.chinese() for word in words.split("/")]
DOES = {  # subcommand → (what follows its word, what the manager reads back)
    "list": ("", "Open feedback"),
    "addressed": ("1", "Feedback #1 marked addressed"),
    "reply": ("1 谢谢，我们会精简它", "Your reply to #1 was sent"),
}


@pytest.mark.parametrize(("word", "name"), CHINESE_WORDS)
def test_every_chinese_word_does_what_its_english_word_does(slack, rt, word, name):
    make(rt, "U0CAROL", "ops")
    slack.command("/feedback", "The release checklist is too long #process", user="U0ERIN")
    rest, expected = DOES[name]
    assert expected in slack.command("/feedback", f"{word} {rest}", user="U0CAROL").text
    with rt.db.session(read_only=True) as session:
        assert [item.text for item in session.scalars(select(Feedback))] == ["The release checklist is too long"]


def test_the_chinese_word_for_list_lists_and_sends_nothing(slack, rt, clock):
    """`/feedback 列表` used to send the feedback "列表" to the managers."""
    make(rt, "U0CAROL", "ops")
    assert "Only managers" in slack.command("/feedback", "列表", user="U0ERIN").text
    assert "全部反馈" in slack.command("/feedback", "列表 全部", user="U0ALICE").text  # an admin, in Chinese
    clock.advance(hours=5)
    slack.tick()
    assert slack.stub.sent("chat.postMessage") == []
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Feedback)).all() == []


def test_help_lists_the_chinese_words(slack):
    shown = slack.command("/feedback", "help", user="U0BOB").text
    assert "`列表` list" in shown and "`已处理` addressed" in shown and "`回复` reply" in shown


def test_feedback_that_merely_starts_like_a_subcommand_word_is_still_feedback(slack, rt, boundary):
    assert "Thanks" in slack.command("/feedback", "列表页加载太慢 #tools", user="U0ERIN").text
    assert "Thanks" in slack.command("/feedback", "anonymous list views are slow", user="U0BOB").text
    boundary(NOON)
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Feedback)).one().text == "列表页加载太慢"
        assert session.scalars(select(AnonymousFeedback)).one().text == "list views are slow"


# ---- the rules and the parsing, on plain values -------------------------------------------------------------------

@pytest.mark.parametrize(("now", "step", "expected"), [
    (datetime(2026, 11, 24, 9, 7, 13, tzinfo=UTC), rules.NAMED_BATCH, datetime(2026, 11, 24, 9, 8, tzinfo=UTC)),
    (datetime(2026, 11, 24, 9, 8, tzinfo=UTC), rules.NAMED_BATCH, datetime(2026, 11, 24, 9, 10, tzinfo=UTC)),
    (datetime(2026, 11, 24, 9, 7, tzinfo=UTC), rules.ANONYMOUS_BATCH, datetime(2026, 11, 24, 12, 0, tzinfo=UTC)),
    (datetime(2026, 11, 24, 12, 0, tzinfo=UTC), rules.ANONYMOUS_BATCH, datetime(2026, 11, 24, 16, 0, tzinfo=UTC)),
    (datetime(2026, 11, 24, 23, 59, tzinfo=UTC), rules.ANONYMOUS_BATCH, datetime(2026, 11, 25, 0, 0, tzinfo=UTC)),
    (datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")), rules.ANONYMOUS_BATCH,
     datetime(2026, 11, 24, 4, 0, tzinfo=UTC)),  # boundaries are counted in UTC whatever the zone of `now`
])
def test_deliveries_go_out_on_fixed_boundaries(now, step, expected):
    assert privacy.next_boundary(now, step) == expected


@pytest.mark.parametrize(("text", "problem"), [
    ("", "feedback.empty"),
    ("x" * rules.MAX_TEXT, None),
    ("x" * (rules.MAX_TEXT + 1), "feedback.too_long"),
    ("Standups run over", None),
])
def test_what_feedback_may_be(text, problem):
    if problem is None:
        assert rules.checked_text(text, empty_key="feedback.empty") == text
    else:
        with pytest.raises(UserError) as raised:
            rules.checked_text(text, empty_key="feedback.empty")
        assert raised.value.key == problem


@pytest.mark.parametrize(("tags", "expected"), [((), ["other"]), (("tools",), ["tools"]), (("a", "b"), ["a", "b"])])
def test_untagged_feedback_is_tagged_other(tags, expected):
    assert rules.tags_or_default(tags) == expected


def test_the_newest_come_first_and_anonymous_items_never_interleave_by_number():
    items = [(date(2026, 11, 23), 7, False), (date(2026, 11, 24), 2, False), (date(2026, 11, 24), 9, True),
             (date(2026, 11, 24), 3, False), (date(2026, 11, 22), 1, True)]
    ordered = sorted(items, key=lambda i: rules.newest_first(i[0], i[1], anonymous=i[2]), reverse=True)
    assert [(n, a) for _, n, a in ordered] == [(3, False), (2, False), (9, True), (7, False), (1, True)]


@pytest.mark.parametrize(("text", "expected"), [
    ("anonymous Too many meetings #workload", (True, "Too many meetings", ("workload",))),
    ("Too anon many meetings", (True, "Too many meetings", ())),
    ("匿名 会议太多 #Workload。", (True, "会议太多", ("workload",))),
    ("Too many meetings anonymous", (False, "Too many meetings anonymous", ())),
    ("#tools", (False, "#tools", ("tools",))),
    ("", (False, "", ())),
])
def test_reading_feedback(text, expected):
    parsed = parse.parse(text)
    assert (parsed.anonymous, parsed.text, parsed.tags) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("", parse.ListScope("open")), ("all", parse.ListScope("all")), ("ALL", parse.ListScope("all")),
    ("全部", parse.ListScope("all")), ("未处理", parse.ListScope("open")), ("whatever", parse.ListScope("open")),
    ("#Tools", parse.ListScope("all", "tools")), ("#", parse.ListScope("open")),
])
def test_reading_a_list_scope(text, expected):
    assert parse.list_scope(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("12", parse.Ref(False, 12)), ("#12", parse.Ref(False, 12)), ("A3", parse.Ref(True, 3)),
    ("#a3", parse.Ref(True, 3)), (" 7 ", parse.Ref(False, 7)), ("A", None), ("12a", None), ("", None),
    ("9999999999", None),
])
def test_reading_a_reference(text, expected):
    assert parse.ref(text) == expected


def test_anonymous_feedback_addressed_before_its_delivery_is_delivered_without_an_empty_row_of_buttons(slack, rt,
                                                                                                      boundary):
    slack.command("/feedback", "anonymous Please fix the heating", user="U0DAVE")
    boundary(NOON)  # written; nobody to tell yet
    assert slack.stub.sent("chat.postMessage") == []
    assert "已标记为已处理" in slack.command("/feedback", "addressed A1", user="U0ALICE").text  # an admin
    make(rt, "U0CAROL", "ops")
    boundary(NOON.replace(hour=16))
    [dm] = slack.stub.sent("chat.postMessage")
    assert "heating" in dm.text() and "addressed" in dm.text()
    assert all(block["elements"] for block in blocks_of(dm) if block["type"] == "actions")  # Slack refuses an empty one
