"""Meetings through the wire, with the clock injected: reminders on time, once, with the agenda and a notes thread.

The clock starts at Tuesday 2026-11-24 09:00 UTC (04:00 for bob in New York, 17:00 for alice in Shanghai).
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from scheduler import jobs
from storage.models import Meeting, MeetingOccurrence

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
