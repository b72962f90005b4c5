"""Meetings through the wire, with the clock injected: reminders on time, once, with the agenda and a notes thread.

The clock starts at Tuesday 2026-11-24 09:00 UTC (04:00 for bob in New York, 17:00 for alice in Shanghai).
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.core.errors import UserError
from bot.meetings import parse, rules
from bot.text.recurrence import Recurrence
from scheduler import jobs
from storage.models import AgendaItem, Meeting, MeetingOccurrence

MON_10AM_NY = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def stamp(when: datetime) -> str:
    return f"<!date^{int(when.timestamp())}^"


def meetings_in(rt, team="T0TEAM"):
    with rt.db.session(read_only=True) as session:
        return list(session.scalars(select(Meeting).where(Meeting.team_id == team).order_by(Meeting.number)))


def occurrences_of(rt):
    with rt.db.session(read_only=True) as session:
        return [(o.at, o.status) for o in session.scalars(select(MeetingOccurrence).order_by(MeetingOccurrence.at))]


def channel_posts(slack, channel="C0GENERAL"):
    return [c for c in slack.stub.sent("chat.postMessage") if c.args["channel"] == channel]


def test_add_confirms_with_the_next_three_occurrences(slack, rt):
    reply = slack.command("/meeting", "add Weekly sync every Monday 10am")
    assert reply.json["response_type"] == "ephemeral"
    assert "*#1* Weekly sync" in reply.text and "<#C0GENERAL>" in reply.text
    for week in range(3):
        assert stamp(MON_10AM_NY + timedelta(weeks=week)) in reply.text
    [meeting] = meetings_in(rt)
    assert meeting.tz == "America/New_York" and meeting.rule["freq"] == "weekly" and meeting.rule["weekdays"] == [0]
    assert meeting.next_at == MON_10AM_NY and meeting.remind_minutes == 10


def test_chinese_recurrence_and_reply(slack, rt):
    reply = slack.command("/meeting", "add 项目周会 每周一上午10点", user="U0ALICE")
    assert "会议已安排" in reply.text and "项目周会" in reply.text
    assert stamp(datetime(2026, 11, 30, 2, 0, tzinfo=UTC)) in reply.text  # Monday 10:00 in Shanghai


def test_channel_and_reminder_lead_options(slack, rt):
    slack.command("/meeting", "add Ops review first Monday of the month 10:00 in <#C0OPS|ops> remind 30 min before")
    [meeting] = meetings_in(rt)
    assert (meeting.title, meeting.channel_id, meeting.remind_minutes) == ("Ops review", "C0OPS", 30)
    assert meeting.next_at == datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def test_unparseable_recurrences_are_refused_with_examples(slack, rt):
    reply = slack.command("/meeting", "add Team lunch sometime soonish")
    assert "could not tell when" in reply.text and "every Monday 10am" in reply.text
    assert meetings_in(rt) == []
    assert "already passed" in slack.command("/meeting", "add Old kickoff 2020-01-01 10:00").text


def test_the_channel_is_reminded_once_with_agenda_and_a_notes_thread(slack, rt, clock):
    slack.command("/meeting", "add Weekly sync every Monday 10am")
    slack.command("/meeting", "agenda 1 Q3 hiring plan", user="U0CAROL")
    slack.command("/meeting", "agenda 1 <!channel> budget &amp; risks", user="U0BOB")
    clock.current = MON_10AM_NY - timedelta(minutes=11)
    assert slack.tick() == 0
    clock.current = MON_10AM_NY - timedelta(minutes=10)
    slack.tick()
    slack.tick()
    [reminder] = channel_posts(slack)[:1]
    assert "Weekly sync" in reminder.text() and stamp(MON_10AM_NY) in reminder.text()
    assert "Q3 hiring plan" in reminder.text() and "<@U0CAROL>" in reminder.text()
    assert "@channel budget &amp; risks" in reminder.text() and "<!channel>" not in reminder.text()
    posts = channel_posts(slack)
    assert len(posts) == 2 and posts[1].args["thread_ts"] and "Notes" in posts[1].text()  # the notes thread
    assert occurrences_of(rt) == [(MON_10AM_NY, "held")]

    slack.stub.reset()
    clock.current = MON_10AM_NY + timedelta(weeks=1, minutes=-10)
    slack.tick()
    [next_week] = channel_posts(slack)[:1]
    assert "Q3 hiring plan" not in next_week.text() and "No agenda yet" in next_week.text()  # the agenda was cleared


# ---- the agenda: as much as one reminder shows, and nothing cleared unseen ------------------------------------------

def open_agenda(rt):
    with rt.db.session(read_only=True) as session:
        return list(session.scalars(select(AgendaItem.text).where(AgendaItem.used_at.is_(None))
                                    .order_by(AgendaItem.id)))


def block_texts(call):
    """Every piece of text in a message's blocks: what Slack counts against a message's ~12,000 characters."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            found.extend(v for k, v in node.items() if k == "text" and isinstance(v, str))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(call.args["blocks"])
    return found


def test_an_agenda_holds_as_many_items_as_one_reminder_shows(slack, rt):
    slack.command("/meeting", "add Weekly sync every Monday 10am")
    for i in range(rules.MAX_AGENDA_ITEMS):
        assert "Added to the agenda" in slack.command("/meeting", f"agenda 1 Point {i}").text
    refused = slack.command("/meeting", "agenda 1 One too many")
    assert "agenda of #1 is full" in refused.text and "30 items" in refused.text and "Nothing was added" in refused.text
    assert "议程已满" in slack.command("/meeting", "议程 1 再加一条", user="U0ALICE").text  # alice reads Chinese
    assert len(open_agenda(rt)) == rules.MAX_AGENDA_ITEMS and "One too many" not in open_agenda(rt)


def test_an_agenda_holds_as_many_characters_as_one_reminder_shows(slack, rt):
    slack.command("/meeting", "add Weekly sync every Monday 10am")
    slack.command("/meeting", "agenda 1 " + "&amp;" * 500)  # 500 ampersands: 2,500 characters as the reminder shows
    slack.command("/meeting", "agenda 1 " + "&amp;" * 500)
    slack.command("/meeting", "agenda 1 " + "x" * 500)
    slack.command("/meeting", "agenda 1 " + "x" * 300)
    refused = slack.command("/meeting", "agenda 1 " + "y" * 201)
    assert "does not fit" in refused.text and "200 of its 6000 characters left" in refused.text
    assert "放不进" in slack.command("/meeting", "议程 1 " + "y" * 201, user="U0ALICE").text
    assert "Added" in slack.command("/meeting", "agenda 1 " + "y" * 200).text
    assert len(open_agenda(rt)) == 5 and "y" * 201 not in open_agenda(rt)


def test_a_full_agenda_is_shown_whole_within_slacks_limits_then_cleared(slack, rt, clock):
    slack.command("/meeting", "add Weekly sync every Monday 10am")
    for i in range(rules.MAX_AGENDA_ITEMS):  # 30 items of 200 characters: 6,000, the most an agenda holds
        slack.command("/meeting", f"agenda 1 Item {i:02d} " + "x" * 192, user="U0CAROL")
    clock.current = MON_10AM_NY - timedelta(minutes=10)
    slack.tick()
    [reminder] = [p for p in channel_posts(slack) if not p.args.get("thread_ts")]
    for i in range(rules.MAX_AGENDA_ITEMS):
        assert f"Item {i:02d} " + "x" * 192 in reminder.text()
    blocks = reminder.args["blocks"]
    assert len(blocks) <= 50 and all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert sum(map(len, block_texts(reminder))) <= 12000
    assert open_agenda(rt) == []


def test_items_a_reminder_cannot_show_stay_for_the_next_one(slack, rt, clock):
    slack.command("/meeting", "add Weekly sync every Monday 10am")
    meeting = meetings_in(rt)[0]
    with rt.db.session() as session:  # an agenda filled before there was a limit
        session.add_all(AgendaItem(team_id="T0TEAM", meeting_id=meeting.id, text=f"Legacy {i:02d}", author_id="U0BOB",
                                   added_at=clock.now()) for i in range(45))
    clock.current = MON_10AM_NY - timedelta(minutes=10)
    slack.tick()
    [reminder] = [p for p in channel_posts(slack) if not p.args.get("thread_ts")]
    assert "Legacy 29" in reminder.text() and "Legacy 30" not in reminder.text()
    assert "15 more agenda item(s) did not fit" in reminder.text()
    assert open_agenda(rt) == [f"Legacy {i:02d}" for i in range(30, 45)]
    slack.stub.reset()
    clock.current = MON_10AM_NY + timedelta(weeks=1, minutes=-10)
    slack.tick()
    [next_week] = [p for p in channel_posts(slack) if not p.args.get("thread_ts")]
    assert "Legacy 30" in next_week.text() and "Legacy 44" in next_week.text() and "did not fit" not in next_week.text()
    assert open_agenda(rt) == []


def test_skip_cancel_and_edit(slack, rt, clock):
    slack.command("/meeting", "add Weekly sync every Monday 10am")
    reply = slack.command("/meeting", "skip 1")
    assert "Skipped" in reply.text and stamp(MON_10AM_NY) in reply.text
    assert meetings_in(rt)[0].next_at == MON_10AM_NY + timedelta(weeks=1)
    clock.current = MON_10AM_NY - timedelta(minutes=10)
    slack.tick()
    assert channel_posts(slack) == []
    assert occurrences_of(rt) == [(MON_10AM_NY, "skipped")]

    reply = slack.command("/meeting", "edit 1 every Tuesday 11am")
    assert stamp(datetime(2026, 12, 1, 16, 0, tzinfo=UTC)) in reply.text
    slack.command("/meeting", "edit 1 in <#C0OPS|ops> remind 15 min before")
    slack.command("/meeting", "edit 1 Tuesday sync")
    meeting = meetings_in(rt)[0]
    assert (meeting.title, meeting.channel_id, meeting.remind_minutes) == ("Tuesday sync", "C0OPS", 15)
    assert "What should change" in slack.command("/meeting", "edit 1").text
    assert "Tuesday sync" in slack.command("/meeting", "list").text

    slack.command("/meeting", "cancel 1")
    clock.current = datetime(2026, 12, 1, 15, 45, tzinfo=UTC)
    slack.tick()
    assert channel_posts(slack, "C0OPS") == []
    assert "No meetings yet" in slack.command("/meeting", "list").text
    assert "no meeting #1" in slack.command("/meeting", "skip 1").text


def test_a_one_off_meeting_reminds_once_and_ends(slack, rt, clock):
    slack.command("/meeting", "add Kickoff tomorrow 3pm")
    kickoff = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
    assert meetings_in(rt)[0].next_at == kickoff
    clock.current = kickoff - timedelta(minutes=10)
    slack.tick()
    clock.current = kickoff + timedelta(weeks=1)
    slack.tick()
    assert len([p for p in channel_posts(slack) if "Kickoff" in p.text()]) == 1
    assert meetings_in(rt)[0].status == "ended"


def test_the_wall_clock_time_holds_across_dst(slack, rt, clock):
    clock.current = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    reply = slack.command("/meeting", "add Weekly sync every Monday 10am")
    assert stamp(datetime(2027, 3, 8, 15, 0, tzinfo=UTC)) in reply.text   # EST
    assert stamp(datetime(2027, 3, 15, 14, 0, tzinfo=UTC)) in reply.text  # EDT: still 10:00 in New York


def test_after_an_outage_a_recent_reminder_comes_late_and_a_stale_one_is_skipped(slack, rt, clock):
    slack.command("/meeting", "add Weekly sync every Monday 10am")
    clock.current = MON_10AM_NY - timedelta(minutes=5)  # every clock was down for 5 minutes after the due time
    slack.tick()
    [late] = channel_posts(slack)[:1]
    assert "(late)" in late.text()
    slack.stub.reset()
    clock.current = MON_10AM_NY + timedelta(weeks=1, hours=3)  # down for hours: skipped, recorded, chain goes on
    slack.tick()
    assert channel_posts(slack) == []
    assert occurrences_of(rt)[-1] == (MON_10AM_NY + timedelta(weeks=1), "missed")
    assert meetings_in(rt)[0].next_at == MON_10AM_NY + timedelta(weeks=2)


def test_many_clocks_remind_exactly_once(slack, rt, clock):
    for i in range(10):
        slack.command("/meeting", f"add Sync {i} every Monday 10am")
    clock.current = MON_10AM_NY - timedelta(minutes=10)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: jobs.run_due(rt.db, clock.now(), timedelta(minutes=15)), range(4)))
    slack.deliver()
    reminders = [p for p in channel_posts(slack) if not p.args.get("thread_ts")]
    assert sorted(p.text().split("*")[1] for p in reminders) == sorted(f"Sync {i}" for i in range(10))


def test_meetings_are_isolated_per_workspace(slack, rt):
    slack.command("/meeting", "add Board sync every Monday 10am", team="T0TEAM")
    assert "no meeting #1" in slack.command("/meeting", "cancel 1", team="T0OTHER").text
    assert "Board sync" not in slack.command("/meeting", "list", team="T0OTHER").text
    assert meetings_in(rt)[0].status == "active"


# ---- every subcommand in Chinese, private channels ------------------------------------------------------------------

@pytest.mark.parametrize(("words", "expect"), [
    ("添加 项目周会 每周一上午10点", "Meeting scheduled"), ("新建 Board sync every Monday 10am", "Meeting scheduled"),
    ("列表", "Weekly sync"), ("取消 1", "Cancelled meeting #1 Weekly sync"), ("跳过 1", "Skipped the one on"),
    ("编辑 1 every Tuesday 11am", "Meeting #1 updated"), ("修改 1 Tuesday sync", "Meeting #1 updated"),
    ("议程 1 Q3 hiring plan", "Added to the agenda of #1"),
])
def test_every_subcommand_has_a_chinese_word(slack, rt, words, expect):
    slack.command("/meeting", "add Weekly sync every Monday 10am")
    assert expect in slack.command("/meeting", words).text


def test_chinese_words_need_a_number_like_english_ones(slack, rt):
    slack.command("/meeting", "add Weekly sync every Monday 10am")
    assert "Which meeting? e.g. `/meeting 取消 3`" in slack.command("/meeting", "取消 soon").text
    assert "哪个会议" in slack.command("/meeting", "跳过", user="U0ALICE").text
    assert meetings_in(rt)[0].status == "active"


def test_help_lists_the_chinese_words(slack):
    text = slack.command("/meeting", "help").json["text"]
    assert "`添加/新建` add" in text and "`列表` list" in text and "`议程` agenda" in text


@pytest.mark.parametrize("where", [
    "in <#G0SECRET|secret>", "在 <#G0SECRET|secret>", "在<#G0SECRET|secret>", "IN <#G0SECRET>",
])
def test_a_private_channel_works_like_a_public_one(slack, rt, clock, where):
    reply = slack.command("/meeting", f"add Key rotation every Monday 10am {where} remind 15 min before")
    assert "<#G0SECRET>" in reply.text
    [meeting] = meetings_in(rt)
    assert (meeting.title, meeting.channel_id, meeting.remind_minutes) == ("Key rotation", "G0SECRET", 15)
    clock.current = MON_10AM_NY - timedelta(minutes=15)
    slack.tick()
    assert "Key rotation" in channel_posts(slack, "G0SECRET")[0].text()


@pytest.mark.parametrize("where", ["在 <#C0OPS|ops>", "在<#C0OPS|ops>", "in <#C0OPS|ops>"])
def test_in_and_zai_name_a_public_channel_alike(slack, rt, where):
    slack.command("/meeting", f"添加 运营例会 每周一上午10点 {where}", user="U0ALICE")
    [meeting] = meetings_in(rt)
    assert (meeting.title, meeting.channel_id) == ("运营例会", "C0OPS")


def test_edit_moves_a_meeting_to_a_private_channel_with_zai(slack, rt):
    slack.command("/meeting", "add Weekly sync every Monday 10am")
    reply = slack.command("/meeting", "编辑 1 在 <#G0SECRET|secret>", user="U0ALICE")
    assert "会议 #1 已更新" in reply.text and "<#G0SECRET>" in reply.text
    assert (meetings_in(rt)[0].title, meetings_in(rt)[0].channel_id) == ("Weekly sync", "G0SECRET")


def test_a_meeting_made_in_a_private_channel_is_reminded_there(slack, rt, clock):
    slack.command("/meeting", "Weekly sync every Monday 10am", channel="G0SECRET")
    assert meetings_in(rt)[0].channel_id == "G0SECRET"
    clock.current = MON_10AM_NY - timedelta(minutes=10)
    slack.tick()
    assert [p for p in channel_posts(slack, "G0SECRET") if "Weekly sync" in p.text()]


def test_list_ignores_what_follows_and_plain_text_means_add(slack, rt):
    slack.command("/meeting", "Weekly sync every Monday 10am")
    assert "Weekly sync" in slack.command("/meeting", "list everything please").text
    assert "<#C0GENERAL>" in slack.command("/meeting", "ls").text


def test_a_channel_named_without_in_stays_readable_in_the_title(slack, rt):
    slack.command("/meeting", "add Sync with <#C0OPS|ops> every Monday 10am")
    [meeting] = meetings_in(rt)
    assert (meeting.title, meeting.channel_id) == ("Sync with #ops", "C0GENERAL")


# ---- the rules and the options, on plain values ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Weekly sync every Monday 10am", ("Weekly sync every Monday 10am", None, None)),
    ("Sync every Monday 10am in <#C0OPS|ops>", ("Sync every Monday 10am", "C0OPS", None)),
    ("Sync in <#G0SECRET|secret> every Monday 10am", ("Sync every Monday 10am", "G0SECRET", None)),
    ("周会 每周一10点 在 <#G0SECRET|secret>", ("周会 每周一10点", "G0SECRET", None)),
    ("周会 每周一10点 在<#C0OPS>", ("周会 每周一10点", "C0OPS", None)),
    ("Sync every Monday 10am remind 30 min before", ("Sync every Monday 10am", None, 30)),
    ("Sync every Monday 10am remind us 5m before", ("Sync every Monday 10am", None, 5)),
    ("周会 每周一10点 提前15分钟提醒", ("周会 每周一10点", None, 15)),
    ("in <#C0OPS|ops> remind 0 min before", ("", "C0OPS", 0)),
    ("Sync with <@U0BOB|bob> &amp; co", ("Sync with @bob & co", None, None)),
    ("Sync within <#C0OPS|ops>", ("Sync within #ops", None, None)),
    ("", ("", None, None)),
])
def test_options(text, expected):
    opts = parse.options(text)
    assert (opts.text, opts.channel_id, opts.remind_minutes) == expected
    assert opts.empty == (expected == ("", None, None))


@pytest.mark.parametrize(("title", "error"), [
    ("Weekly sync", None), ("", "meeting.no_title"), ("x" * rules.MAX_TITLE, None),
    ("x" * (rules.MAX_TITLE + 1), "meeting.title_too_long"),
])
def test_check_title(title, error):
    assert_rule(lambda: rules.check_title(title), title, error)


@pytest.mark.parametrize(("minutes", "error"), [
    (None, None), (0, None), (10, None), (rules.MAX_REMIND_MINUTES, None),
    (rules.MAX_REMIND_MINUTES + 1, "meeting.bad_remind"), (-1, "meeting.bad_remind"),
])
def test_check_remind(minutes, error):
    assert_rule(lambda: rules.check_remind(minutes), minutes, error)


@pytest.mark.parametrize(("text", "expected", "error"), [
    ("Q3 hiring plan", "Q3 hiring plan", None), ("  two\n lines  ", "two lines", None),
    ("", None, "meeting.agenda_needs_text"), ("   ", None, "meeting.agenda_needs_text"),
    ("x" * rules.MAX_AGENDA_ITEM, "x" * rules.MAX_AGENDA_ITEM, None),
    ("x" * (rules.MAX_AGENDA_ITEM + 1), None, "meeting.agenda_too_long"),
])
def test_agenda_item(text, expected, error):
    assert_rule(lambda: rules.agenda_item(text, 3), expected, error)


@pytest.mark.parametrize(("open_items", "item", "error"), [
    ([], "x" * rules.MAX_AGENDA_ITEM, None),
    (["x"] * (rules.MAX_AGENDA_ITEMS - 1), "x", None),
    (["x"] * rules.MAX_AGENDA_ITEMS, "x", "meeting.agenda_full"),
    (["x" * 500] * 11, "x" * 500, None),                                # 6,000 characters exactly
    (["x" * 500] * 11, "x" * 501, "meeting.agenda_no_room"),
    (["&" * 500] * 2, "x" * 1001, "meeting.agenda_no_room"),            # counted as shown: & is &amp;
    (["<>" * 250] * 2, "x" * 1000, None),
])
def test_check_agenda_room(open_items, item, error):
    assert_rule(lambda: rules.check_agenda_room(3, open_items, item), None, error)


@pytest.mark.parametrize(("lengths", "pages"), [
    ([], []),
    ([10, 10, 10], [[0, 1, 2]]),
    ([2000, 2000, 10], [[0], [1, 2]]),                                  # a section holds 2,900 characters
    ([1450, 1449, 5], [[0, 1], [2]]),                                   # the line break counts too
    ([100] * 40, [list(range(28)), [28, 29]]),                          # 30 lines at most
    ([2500] * 4, [[0], [1]]),                                           # 7,440 characters at most
    ([10, 3000, 10], [[0]]),                                            # in order: nothing jumps the queue
])
def test_agenda_pages(lengths, pages):
    assert rules.agenda_pages(lengths) == pages


@pytest.mark.parametrize(("actor", "manager", "allowed"), [
    ("U0CREATOR", False, True), ("U0OTHER", True, True), ("U0OTHER", False, False),
])
def test_who_may_change_a_meeting(actor, manager, allowed):
    assert rules.may_change(actor, creator_id="U0CREATOR", actor_is_manager=manager) is allowed


WEEKLY_MONDAY_10_NY = Recurrence(freq="weekly", hour=10, minute=0, tz="America/New_York", weekdays=(0,))
ONCE = Recurrence(freq="once", hour=15, minute=0, tz="UTC", once_at="2026-11-25T15:00:00+00:00")


@pytest.mark.parametrize(("next_at", "rule", "count", "expected"), [
    (MON_10AM_NY, WEEKLY_MONDAY_10_NY, 3, [MON_10AM_NY + timedelta(weeks=w) for w in range(3)]),
    (MON_10AM_NY, WEEKLY_MONDAY_10_NY, 1, [MON_10AM_NY]),
    (MON_10AM_NY + timedelta(weeks=1), WEEKLY_MONDAY_10_NY, 2,
     [MON_10AM_NY + timedelta(weeks=1), MON_10AM_NY + timedelta(weeks=2)]),  # after a skip
    (None, WEEKLY_MONDAY_10_NY, 3, []),
    (datetime(2026, 11, 25, 15, 0, tzinfo=UTC), ONCE, 3, [datetime(2026, 11, 25, 15, 0, tzinfo=UTC)]),
])
def test_upcoming(next_at, rule, count, expected):
    assert rules.upcoming(next_at, rule, count) == expected


@pytest.mark.parametrize(("minutes", "expected"), [
    (10, MON_10AM_NY - timedelta(minutes=10)), (0, MON_10AM_NY),
    (rules.MAX_REMIND_MINUTES, MON_10AM_NY - timedelta(days=1)),
])
def test_reminder_at(minutes, expected):
    assert rules.reminder_at(MON_10AM_NY, minutes) == expected


def test_reminder_key_is_per_meeting_and_occurrence():
    next_week = MON_10AM_NY + timedelta(weeks=1)
    keys = {rules.reminder_key(meeting, at) for meeting in (1, 2) for at in (MON_10AM_NY, next_week)}
    assert len(keys) == 4 and rules.reminder_key(1, MON_10AM_NY) == f"meeting:1:{int(MON_10AM_NY.timestamp())}"


def assert_rule(check, expected, error):
    if error is None:
        assert check() == expected
    else:
        with pytest.raises(UserError) as raised:
            check()
        assert raised.value.key == error
