"""Async standups through the wire, with the clock injected: prompts at each member's own 09:30, answers by form and
by plain DM, edits until the report, one report per run at its deadline with blockers that become tasks, the
non-responders told to the PMs only, skip / pause / resume / now / report / history, and workspace isolation.

The clock starts Tue 2026-11-24 09:00 UTC. alice (admin) and dave are in Shanghai and read Chinese, carol is in
Berlin, bob in New York (he is the PM), erin in Los Angeles. `/standup setup every weekday at 9:30` then asks, on
Wed 25 Nov: alice and dave at 01:30 UTC, carol at 08:30, bob at 14:30, erin at 17:30; the report is due two hours
after the last prompt, 19:30 UTC.
"""

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.core.errors import UserError
from bot.standups import parse, rules
from bot.text.recurrence import Recurrence
from scheduler import jobs
from storage.models import Reminder, Role, Standup, StandupAnswer, StandupRun, Task

WED = date(2026, 11, 25)
SHANGHAI = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)
BERLIN = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
NEW_YORK = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)
LOS_ANGELES = datetime(2026, 11, 25, 17, 30, tzinfo=UTC)
REPORT = datetime(2026, 11, 25, 19, 30, tzinfo=UTC)
EVERYONE = ("U0ALICE", "U0BOB", "U0CAROL", "U0DAVE", "U0ERIN")
LOCAL_0930 = {"U0ALICE": (1, 30), "U0DAVE": (1, 30), "U0CAROL": (8, 30), "U0BOB": (14, 30), "U0ERIN": (17, 30)}


@pytest.fixture
def channel_members(stub):
    """Who the stand-in says is in each channel (default: everyone it knows, the bot itself and Slackbot)."""
    return stub.channel_members


def make_pm(rt, user_id, team="T0TEAM"):
    with rt.db.session() as session:
        session.add(Role(team_id=team, user_id=user_id, role="pm", granted_by="U0ALICE",
                         granted_at=datetime(2026, 1, 1, tzinfo=UTC)))


def set_up(slack, rt, text="every weekday at 9:30", *, user="U0BOB", channel="C0GENERAL"):
    make_pm(rt, "U0BOB")
    reply = slack.command("/standup", f"setup {text}", user=user, channel=channel)
    slack.deliver()
    slack.stub.reset()
    return reply


def at(slack, clock, when):
    clock.current = when
    slack.tick()


def run_until(slack, clock, end):
    """The clock ticks every half hour (on the half hour) up to `end`."""
    when = clock.current.replace(minute=0, second=0, microsecond=0)
    while when <= clock.current:
        when += timedelta(minutes=30)
    while when <= end:
        at(slack, clock, when)
        when += timedelta(minutes=30)


def posts(slack, channel):
    return [c for c in slack.stub.sent("chat.postMessage") if c.args["channel"] == channel]


def prompts(slack, user):
    """The standup prompts a person was sent (not the confirmations of their answers)."""
    return [c for c in posts(slack, user) if c.args["text"].startswith(":wave:") and "standup.answer" in c.text()]


def blocks_of(call):
    blocks = call.args.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def buttons(call):
    found = {}
    for block in blocks_of(call):
        for element in block.get("elements", []) + ([block["accessory"]] if "accessory" in block else []):
            if element.get("type") == "button":
                found.setdefault(element["action_id"], []).append(element["value"])
    return found


def opened_view(slack):
    view = slack.stub.sent("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def answer_by_form(slack, user, answers, run_id=None):
    """The member presses Answer on their prompt and submits the form."""
    run_id = run_id or buttons(prompts(slack, user)[-1])["standup.answer"][0]
    slack.click("standup.answer", str(run_id), user=user, channel="D" + user[1:])
    view = opened_view(slack)
    values = {f"q{i}": {"value": answer} for i, answer in enumerate(answers)}
    return slack.submit("standup.answer", values, private_metadata=view["private_metadata"], user=user)


def answers_in(rt):
    with rt.db.session(read_only=True) as session:
        rows = session.execute(select(StandupRun.run_date, StandupAnswer).join(
            StandupAnswer, StandupAnswer.run_id == StandupRun.id)).all()
    return {(row.user_id, run_date): row for run_date, row in rows}


def reports(slack, channel="C0GENERAL"):
    return [c for c in posts(slack, channel) if "Standup #" in c.text() or "站会 #" in c.text()]


# ---- setting up ---------------------------------------------------------------------------------------------------

def test_setup_asks_every_human_member_at_their_own_local_time(slack, rt):
    reply = set_up(slack, rt)
    assert reply.json["response_type"] == "ephemeral"
    assert "Standup set up" in reply.text and "<#C0GENERAL>" in reply.text and "weekdays at 09:30" in reply.text
    for when in (SHANGHAI, BERLIN, NEW_YORK, LOS_ANGELES):
        assert f"<!date^{int(when.timestamp())}^" in reply.text
    assert "Wed 25 Nov" in reply.text
    with rt.db.session(read_only=True) as session:
        [standup] = session.scalars(select(Standup)).all()
        [run] = session.scalars(select(StandupRun)).all()
        due = {r.recipient_id: r.due_at for r in session.scalars(select(Reminder).where(
            Reminder.kind == "standup.prompt"))}
        [report] = session.scalars(select(Reminder).where(Reminder.kind == "standup.report")).all()
    assert (standup.channel_id, standup.creator_id, standup.tz, standup.questions) == (
        "C0GENERAL", "U0BOB", "America/New_York", [])
    assert run.run_date == WED and sorted(run.members) == sorted(EVERYONE)  # not the bot, not Slackbot
    assert due == {"U0ALICE": SHANGHAI, "U0DAVE": SHANGHAI, "U0CAROL": BERLIN, "U0BOB": NEW_YORK,
                   "U0ERIN": LOS_ANGELES}
    assert report.due_at == REPORT == run.report_due_at


def test_chinese_schedule_custom_questions_and_reply(slack, rt, clock):
    reply = slack.command("/standup", "setup 每个工作日上午9点半 questions: 昨天做了什么; 今天做什么; 有什么阻碍",
                          user="U0ALICE")
    assert "站会已设置" in reply.text and "每个工作日 09:30" in reply.text and "昨天做了什么" in reply.text
    at(slack, clock, SHANGHAI)
    [prompt] = prompts(slack, "U0DAVE")
    assert "昨天做了什么" in prompt.text() and "回答" in prompt.text()
    answer_by_form(slack, "U0DAVE", ["修好了登录", "写文档", "等待法务审核"])
    view = opened_view(slack)
    assert [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"] == ["昨天做了什么", "今天做什么",
                                                                                  "有什么阻碍"]
    at(slack, clock, REPORT)
    [report] = reports(slack)
    assert "等待法务审核" in report.text() and "standup.blocker_task" in report.text()  # a custom blocker question


def test_setup_is_for_pms_and_admins_and_needs_a_schedule(slack, rt):
    make_pm(rt, "U0BOB")
    make_pm(rt, "U0CAROL")
    assert "Only project managers" in slack.command("/standup", "setup every weekday at 9:30", user="U0ERIN").text
    assert "没看懂站会的时间" in slack.command("/standup", "setup whenever you like", user="U0ALICE").text
    assert "could not tell when" in slack.command("/standup", "setup tomorrow 9am", user="U0CAROL").text
    assert "Which channel" in slack.command("/standup", "setup every weekday at 9:30", user="U0BOB",
                                            channel="D0BOB").text
    reply = slack.command("/standup", "setup in <#C0DEV|dev> every Monday 10am report after 30 min "
                                      "questions: Shipped?; Next?; Stuck on anything?", user="U0ALICE")
    assert "站会已设置" in reply.text and "<#C0DEV>" in reply.text and "30" in reply.text
    with rt.db.session(read_only=True) as session:
        [standup] = session.scalars(select(Standup)).all()
    assert (standup.channel_id, standup.report_after_minutes, standup.questions) == (
        "C0DEV", 30, ["Shipped?", "Next?", "Stuck on anything?"])
    assert not slack.stub.sent("chat.postMessage")  # nobody is asked before the schedule says so


def test_members_are_fetched_on_setup_and_refreshed_by_now(slack, rt, clock, channel_members):
    make_pm(rt, "U0BOB")
    channel_members["C0DEV"] = ["U0BOT", "U0CAROL", "U0BOB"]
    reply = slack.command("/standup", "setup every weekday at 9:30", user="U0BOB", channel="C0DEV")
    assert "<@U0CAROL>" in reply.text and "<@U0ERIN>" not in reply.text and "<@U0BOT>" not in reply.text
    channel_members["C0DEV"] = ["U0CAROL", "U0BOB", "U0ERIN"]  # erin joins the channel
    clock.current = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
    assert "Asked now: 3" in slack.command("/standup", "now", user="U0BOB", channel="C0DEV").text
    slack.deliver()
    assert len(prompts(slack, "U0ERIN")) == 1 and prompts(slack, "U0DAVE") == []
    with rt.db.session(read_only=True) as session:
        runs = {run.run_date: run.members for run in session.scalars(select(StandupRun))}
    assert runs[date(2026, 11, 24)] == ["U0CAROL", "U0BOB", "U0ERIN"]
    assert "U0ERIN" in runs[WED]  # the next run is for the refreshed list too

    slack.stub.error("conversations.members", "not_in_channel")
    reply = slack.command("/standup", "setup in <#C0OPS|ops> every weekday at 9:30", user="U0BOB")
    assert "could not read who is in <#C0OPS> (not_in_channel)" in reply.text and "/invite @teambot" in reply.text
    with rt.db.session(read_only=True) as session:
        ops = session.scalar(select(Standup).where(Standup.channel_id == "C0OPS"))
        [run] = session.scalars(select(StandupRun).where(StandupRun.standup_id == ops.id)).all()
    assert run.members == ["U0BOB"]  # until Slack says who is there, the one who set it up


# ---- one day, end to end -----------------------------------------------------------------------------------------

def test_a_day_prompts_in_each_zone_answers_edits_and_one_report_with_blockers(slack, rt, clock):
    set_up(slack, rt)
    at(slack, clock, SHANGHAI - timedelta(minutes=1))
    assert slack.stub.sent("chat.postMessage") == []
    at(slack, clock, SHANGHAI)
    [to_alice] = prompts(slack, "U0ALICE")
    [to_dave] = prompts(slack, "U0DAVE")
    assert "上次站会以来完成了什么" in to_alice.text() and "回答" in to_alice.text()  # her own language
    assert prompts(slack, "U0CAROL") == [] and prompts(slack, "U0BOB") == []

    # alice answers in the form; dave just replies to the prompt in the DM
    assert answer_by_form(slack, "U0ALICE", ["修复了支付", "上线", "无"]).status == 200
    slack.dm("1. 完成了报表\n2. 继续做导出\n3. 等待 <!channel> 的权限 & 账号", user="U0DAVE")
    slack.deliver()
    [dm_reply] = [c for c in posts(slack, "D0DAVE")]
    assert "已记录为你在" in dm_reply.text() and "standup.answer" in dm_reply.text()  # with an Edit button
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Task)).all() == []  # the DM was the answer, not a task

    at(slack, clock, BERLIN)
    assert len(prompts(slack, "U0CAROL")) == 1 and prompts(slack, "U0BOB") == []
    answer_by_form(slack, "U0CAROL", ["Reviewed the API", "Write tests", ""])
    answer_by_form(slack, "U0CAROL", ["Reviewed the API", "Write tests", "Waiting for the staging DB"])
    view = opened_view(slack)  # the edit form was prefilled
    assert [b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"] == [
        "Reviewed the API", "Write tests", None]

    at(slack, clock, NEW_YORK)
    slack.dm("Planned the sprint\nDemo prep\nnone", user="U0BOB")
    at(slack, clock, LOS_ANGELES)
    assert len(prompts(slack, "U0ERIN")) == 1  # erin will not answer
    for user in EVERYONE:
        assert len(prompts(slack, user)) == 1  # once each, whatever the ticks

    at(slack, clock, REPORT - timedelta(minutes=1))
    assert reports(slack) == []
    slack.stub.reset()
    at(slack, clock, REPORT)
    slack.tick()
    [report] = reports(slack)
    text = report.text()
    assert "Standup #1 — Wed 25 Nov" in text and "4 of 5 answered" in text
    for user in ("U0ALICE", "U0BOB", "U0CAROL", "U0DAVE"):
        assert f"<@{user}>" in text
    assert "U0ERIN" not in text  # non-responders are never named in the channel
    assert "Waiting for the staging DB" in text and "Blockers (2)" in text
    assert "@channel 的权限 &amp; 账号" in text and "<!channel>" not in text  # escaped
    assert sorted(buttons(report)["standup.blocker_task"]) == sorted(
        [f"{buttons(to_dave)['standup.answer'][0]}:U0DAVE", f"{buttons(to_dave)['standup.answer'][0]}:U0CAROL"])
    [missing] = posts(slack, "U0BOB")  # the PM, by DM
    assert "no answer from <@U0ERIN>" in missing.text()
    assert posts(slack, "U0ALICE") == [] and posts(slack, "U0ERIN") == []  # only PMs hear of it

    # the report is final: no edits (neither the button nor a form still open), and a late DM is a task again
    run_id = buttons(to_dave)["standup.answer"][0]
    slack.click("standup.answer", run_id, user="U0CAROL", channel="D0CAROL")
    assert "already posted" in slack.stub.sent("response_url")[-1].text() and not slack.stub.sent("views.open")
    late = slack.submit("standup.answer", {"q0": {"value": "x"}}, private_metadata=json.dumps({"run": run_id}),
                        user="U0CAROL")
    assert "already posted" in late.body
    slack.dm("call the landlord tomorrow 10am", user="U0ERIN")
    with rt.db.session(read_only=True) as session:
        assert [t.title for t in session.scalars(select(Task))] == ["call the landlord"]


def test_a_blocker_becomes_a_task_once_owned_by_its_member(slack, rt, clock):
    set_up(slack, rt)
    at(slack, clock, BERLIN)
    answer_by_form(slack, "U0CAROL", ["API review", "Tests", "Waiting for the staging DB <!here>\nsince Monday"])
    at(slack, clock, REPORT)
    [report] = reports(slack)
    assert "staging DB &lt;!here&gt;" in report.text() and "<!here>" not in report.text()
    value = buttons(report)["standup.blocker_task"][0]
    container = {"type": "message", "message_ts": "1764099000.000100", "channel_id": "C0GENERAL"}
    slack.stub.reset()
    slack.click("standup.blocker_task", value, user="U0ALICE", container=container)
    slack.deliver()
    with rt.db.session(read_only=True) as session:
        [task] = session.scalars(select(Task)).all()
    assert (task.title, task.owner_id, task.creator_id, task.channel_id, task.source) == (
        "Waiting for the staging DB <!here>", "U0CAROL", "U0ALICE", "C0GENERAL", "standup")
    assert "since Monday" in task.description and task.permalink.endswith("p1764099000000100")
    [confirmation] = slack.stub.sent("response_url")
    assert "已为 <@U0CAROL> 创建任务 #1" in confirmation.text()  # alice reads Chinese
    [told] = posts(slack, "U0CAROL")
    assert "turned your standup blocker into task #1" in told.text()
    [update] = slack.stub.sent("chat.update")
    assert update.args["ts"] == "1764099000.000100" and "task #1" in update.text()
    assert "standup.blocker_task" not in update.text()  # the button is gone from the report

    slack.click("standup.blocker_task", value, user="U0BOB", container=container)  # a second click, anyone's
    with rt.db.session(read_only=True) as session:
        assert len(session.scalars(select(Task)).all()) == 1
    assert "already task #1" in slack.stub.sent("response_url")[-1].text()


# ---- a week -------------------------------------------------------------------------------------------------------

def test_a_week_of_standups_every_member_at_their_own_0930_exactly_once(slack, rt, clock):
    set_up(slack, rt)
    start = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
    for hour in range(0, 8 * 24):
        clock.current = start + timedelta(hours=hour, minutes=30)
        if hour % 24 in (1, 17, 19):  # alice's and dave's prompts, erin's, the report: four clocks at once
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(lambda _: jobs.drain(rt.db, clock.now(), timedelta(minutes=15)), range(4)))
        slack.tick()
        if hour % 24 == 14:  # bob answers every day
            slack.dm("Yesterday's work\nToday's work\nnone", user="U0BOB")
    runs = [date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 1),
            date(2026, 12, 2)]
    found = answers_in(rt)
    assert sorted({run_date for _, run_date in found}) == runs  # weekdays only
    for user in EVERYONE:
        for run_date in runs:
            hour, minute = LOCAL_0930[user]
            expected = datetime(run_date.year, run_date.month, run_date.day, hour, minute, tzinfo=UTC)
            assert found[(user, run_date)].prompted_at == expected, (user, run_date)
        assert len(prompts(slack, user)) == len(runs)
    assert len(reports(slack)) == len(runs)  # one report per run
    assert all("1 of 5 answered" in r.text() for r in reports(slack))
    with rt.db.session(read_only=True) as session:  # bob's DMs on Saturday and Sunday answered no prompt
        assert [t.created_at.weekday() for t in session.scalars(select(Task).order_by(Task.id))] == [5, 6]


def test_the_local_time_holds_across_a_dst_change(slack, rt, clock):
    clock.current = datetime(2027, 3, 12, 0, 0, tzinfo=UTC)  # New York moves to summer time on Sunday 14 March
    set_up(slack, rt)
    run_until(slack, clock, datetime(2027, 3, 15, 20, 0, tzinfo=UTC))
    found = answers_in(rt)
    assert found[("U0BOB", date(2027, 3, 12))].prompted_at == datetime(2027, 3, 12, 14, 30, tzinfo=UTC)  # EST
    assert found[("U0BOB", date(2027, 3, 15))].prompted_at == datetime(2027, 3, 15, 13, 30, tzinfo=UTC)  # EDT
    assert found[("U0CAROL", date(2027, 3, 15))].prompted_at == datetime(2027, 3, 15, 8, 30, tzinfo=UTC)  # CET
    assert not any(run_date.weekday() >= 5 for _, run_date in found)


def test_setting_up_again_moves_the_schedule_and_keeps_one_standup(slack, rt, clock):
    set_up(slack, rt)
    reply = slack.command("/standup", "setup every weekday at 10:00 questions: Done?; Next?; Blocked?", user="U0BOB")
    assert "Standup updated" in reply.text and "*#1*" in reply.text
    with rt.db.session(read_only=True) as session:
        assert len(session.scalars(select(Standup)).all()) == 1
        due = sorted(r.due_at for r in session.scalars(select(Reminder).where(Reminder.kind == "standup.prompt")))
    assert due[0] == SHANGHAI + timedelta(minutes=30) and BERLIN not in due
    run_until(slack, clock, BERLIN + timedelta(minutes=30))
    [prompt] = prompts(slack, "U0CAROL")
    assert "Blocked?" in prompt.text()


def test_a_restart_or_an_outage_never_doubles_and_the_schedule_goes_on(slack, rt, clock):
    set_up(slack, rt)
    clock.current = SHANGHAI + timedelta(minutes=5)  # every clock was down for 5 minutes: sent, marked late
    slack.tick()
    slack.tick()
    [late] = prompts(slack, "U0ALICE")
    assert "(延迟送达)" in late.text() or "延迟送达" in late.text()
    clock.current = BERLIN + timedelta(hours=3)  # down for hours: carol's prompt is skipped, not sent
    slack.tick()
    assert prompts(slack, "U0CAROL") == []
    at(slack, clock, datetime(2026, 11, 26, 1, 30, tzinfo=UTC))  # Thursday: the chain went on
    at(slack, clock, datetime(2026, 11, 26, 8, 30, tzinfo=UTC))
    assert len(prompts(slack, "U0CAROL")) == 1 and len(prompts(slack, "U0ALICE")) == 2
    with rt.db.session(read_only=True) as session:
        skipped = session.scalars(select(Reminder.outcome).where(Reminder.kind == "standup.prompt",
                                                                 Reminder.recipient_id == "U0CAROL")).all()
    assert "skipped" in skipped


# ---- skip, pause, resume, now, report, history -------------------------------------------------------------------

def test_skip_the_next_run_or_until_a_date(slack, rt, clock):
    set_up(slack, rt)
    reply = slack.command("/standup", "skip", user="U0CAROL")
    assert "skip the next standup in <#C0GENERAL>" in reply.text and str(int(BERLIN.timestamp())) in reply.text
    reply = slack.command("/standup", "skip until Friday", user="U0ERIN")
    assert "not asked in <#C0GENERAL>'s standup until" in reply.text
    assert "could not read" in slack.command("/standup", "skip until the cows come home", user="U0ERIN").text
    assert "already passed" in slack.command("/standup", "skip until 2020-01-01", user="U0ERIN").text
    slack.command("/standup", "skip until Friday", user="U0DAVE")
    assert "会重新问你" in slack.command("/standup", "skip off", user="U0DAVE").text
    run_until(slack, clock, REPORT)
    assert prompts(slack, "U0CAROL") == [] and prompts(slack, "U0ERIN") == []
    assert len(prompts(slack, "U0BOB")) == 1 and len(prompts(slack, "U0DAVE")) == 1  # dave took his skip back
    run_until(slack, clock, datetime(2026, 11, 26, 8, 30, tzinfo=UTC))
    assert len(prompts(slack, "U0CAROL")) == 1  # only the next run was skipped
    run_until(slack, clock, datetime(2026, 11, 30, 17, 0, tzinfo=UTC))
    assert prompts(slack, "U0ERIN") == []  # not on Thursday or Friday
    run_until(slack, clock, datetime(2026, 11, 30, 17, 30, tzinfo=UTC))
    assert len(prompts(slack, "U0ERIN")) == 1  # back on Monday
    with rt.db.session(read_only=True) as session:
        run = session.scalar(select(StandupRun).where(StandupRun.run_date == WED))
    assert "U0CAROL" in run.members  # skipping one day never drops anybody from the standup


def test_pause_resume_now_and_report_on_demand(slack, rt, clock):
    set_up(slack, rt)
    assert "Only project managers" in slack.command("/standup", "pause", user="U0ERIN").text
    assert "is paused" in slack.command("/standup", "pause", user="U0BOB").text
    assert "already paused" in slack.command("/standup", "pause", user="U0BOB").text
    assert "resume` first" in slack.command("/standup", "now", user="U0BOB").text
    for when in (SHANGHAI, BERLIN, NEW_YORK, LOS_ANGELES, REPORT):
        at(slack, clock, when)
    assert slack.stub.sent("chat.postMessage") == []  # nobody asked, nothing reported
    clock.current = datetime(2026, 11, 25, 21, 0, tzinfo=UTC)
    assert "back on" in slack.command("/standup", "resume", user="U0BOB").text
    at(slack, clock, datetime(2026, 11, 26, 1, 30, tzinfo=UTC))
    assert len(prompts(slack, "U0ALICE")) == 1  # Thursday's standup

    # /standup now: everyone not asked yet is asked at once; the report is due two hours later
    clock.current = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    assert "Only project managers" in slack.command("/standup", "now", user="U0ERIN").text
    reply = slack.command("/standup", "now", user="U0BOB")
    assert "Asked now: 3 · skipping: 0" in reply.text  # alice and dave were already asked
    slack.deliver()
    due = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)  # two hours from now
    assert f"<!date^{int(due.timestamp())}^" in reply.text and f"<!date^{int(due.timestamp())}^" in prompts(
        slack, "U0BOB")[0].text()
    for user in EVERYONE:
        assert len(prompts(slack, user)) == 1
    answer_by_form(slack, "U0CAROL", ["Done", "Next", "no"])
    at(slack, clock, datetime(2026, 11, 26, 8, 30, tzinfo=UTC))  # carol's scheduled prompt: already asked
    assert len(prompts(slack, "U0CAROL")) == 1

    # /standup report: now, once; the deadline then posts nothing more
    assert "Only project managers" in slack.command("/standup", "report", user="U0ERIN").text
    assert "on its way to <#C0GENERAL>" in slack.command("/standup", "report", user="U0BOB").text
    slack.deliver()
    assert "nothing to report" in slack.command("/standup", "report", user="U0BOB").text
    at(slack, clock, datetime(2026, 11, 26, 5, 0, tzinfo=UTC))
    at(slack, clock, datetime(2026, 11, 26, 19, 30, tzinfo=UTC))
    [report] = reports(slack)
    assert "Standup #1 — Thu 26 Nov" in report.text() and "1 of 5 answered" in report.text()
    assert "Today's standup is already reported" in slack.command("/standup", "now", user="U0BOB").text


def test_history_of_your_own_answers_and_others_once_reported(slack, rt, clock):
    set_up(slack, rt)
    at(slack, clock, BERLIN)
    answer_by_form(slack, "U0CAROL", ["Reviewed <b>the</b> API", "Tests", "none"])
    mine = slack.command("/standup", "history", user="U0CAROL")
    assert "Reviewed &lt;b&gt;the&lt;/b&gt; API" in mine.text and "Wed 25 Nov" in mine.text
    assert "No answers yet" in slack.command("/standup", "history <@U0CAROL|carol>", user="U0BOB").text
    at(slack, clock, REPORT)
    theirs = slack.command("/standup", "history <@U0CAROL|carol>", user="U0BOB")
    assert "Reviewed &lt;b&gt;the&lt;/b&gt; API" in theirs.text and "<@U0CAROL>" in theirs.text
    assert "No answers yet" in slack.command("/standup", "history", user="U0ERIN").text


def test_a_dm_is_a_task_unless_it_answers_a_recent_prompt(slack, rt, clock):
    set_up(slack, rt)
    slack.dm("call the landlord tomorrow 10am", user="U0CAROL")  # not prompted yet: a task
    at(slack, clock, BERLIN)
    clock.current = BERLIN + timedelta(hours=5)  # too long after the prompt: a task again
    slack.dm("renew the passport Friday", user="U0CAROL")
    with rt.db.session(read_only=True) as session:
        assert sorted(t.title for t in session.scalars(select(Task))) == ["call the landlord", "renew the passport"]
        assert answers_in(rt)[("U0CAROL", WED)].answered_at is None
    assert "Standup for <#C0GENERAL>" in prompts(slack, "U0CAROL")[0].text()


def test_an_answer_given_one_question_per_message_is_one_answer(slack, rt, clock):
    set_up(slack, rt)
    at(slack, clock, BERLIN)
    for line in ("Finished the API docs", "Review the PR from bob", "Waiting for the staging database"):
        slack.dm(line, user="U0CAROL")
    assert answers_in(rt)[("U0CAROL", WED)].answers == [
        "Finished the API docs", "Review the PR from bob", "Waiting for the staging database"]
    slack.dm("buy milk", user="U0CAROL")  # every question answered: a DM is a task again
    with rt.db.session(read_only=True) as session:
        assert [t.title for t in session.scalars(select(Task))] == ["buy milk"]


# ---- isolation and odd input -------------------------------------------------------------------------------------

def test_standups_are_isolated_per_workspace(slack, rt, clock):
    set_up(slack, rt)
    at(slack, clock, BERLIN)
    run_id = buttons(prompts(slack, "U0CAROL")[0])["standup.answer"][0]
    make_pm(rt, "U0BOB", team="T0OTHER")
    assert "no standup yet" in slack.command("/standup", "now", user="U0BOB", team="T0OTHER").text
    assert "no standup yet" in slack.command("/standup", "history", user="U0CAROL", team="T0OTHER").text
    reply = slack.submit("standup.answer", {"q0": {"value": "sneaky"}}, private_metadata=json.dumps({"run": run_id}),
                         user="U0CAROL", team="T0OTHER")
    assert "not asked" in reply.body
    slack.click("standup.blocker_task", f"{run_id}:U0CAROL", user="U0BOB", team="T0OTHER")
    slack.dm("sneaky answer", user="U0CAROL", team="T0OTHER")
    with rt.db.session(read_only=True) as session:
        assert answers_in(rt)[("U0CAROL", WED)].answers is None
        assert session.scalars(select(Task).where(Task.team_id == "T0TEAM")).all() == []


def test_unknown_subcommands_and_help(slack, rt):
    assert "/standup setup" in slack.command("/standup", "", user="U0BOB").text
    reply = slack.command("/standup", "<!channel> dance", user="U0BOB")
    assert "I don't know `/standup @channel`" in reply.text and "<!channel>" not in reply.body
    assert "no standup yet" in slack.command("/standup", "report", user="U0BOB").text


# ---- every word, English and Chinese -------------------------------------------------------------------------------

WHAT_EACH_DOES = {  # subcommand: (what follows the word, what the reply says) once a standup is set up
    "setup": ("every weekday at 10:00", "Standup updated"),
    "now": ("", "Asked now: 5"),
    "report": ("", "nothing to report"),
    "pause": ("", "is paused"),
    "resume": ("", "is not paused"),
    "skip": ("", "skip the next standup"),
    "history": ("", "Standup answers of <@U0BOB>"),
}
EVERY_WORD = [(name, word) for name, words in parse.SUBCOMMANDS.table.items() for word in (name, *words)]


@pytest.mark.parametrize(("name", "word"), EVERY_WORD)
def test_every_subcommand_answers_to_each_of_its_words(slack, rt, name, word):
    set_up(slack, rt)
    rest, says = WHAT_EACH_DOES[name]
    reply = slack.command("/standup", f"{word} {rest}".strip(), user="U0BOB")
    assert says in reply.text, (word, reply.text)


def test_every_subcommand_has_a_chinese_word_and_help_lists_them(slack):
    assert set(parse.SUBCOMMANDS.table) == set(WHAT_EACH_DOES)
    reply = slack.command("/standup", "帮助", user="U0ALICE")
    assert "异步站会" in reply.text
    for chinese, name in parse.SUBCOMMANDS.chinese():
        assert chinese and f"`{chinese}` {name}" in reply.text


def test_a_chinese_speaker_in_chinese_words(slack, rt):
    set_up(slack, rt)
    assert "已暂停" in slack.command("/standup", "暂停", user="U0ALICE").text
    assert "已恢复" in slack.command("/standup", "继续", user="U0ALICE").text
    assert "下一次站会" in slack.command("/standup", "请假", user="U0DAVE").text


# ---- private channels -----------------------------------------------------------------------------------------------

SECRET = "<#G0SECRET|secret>"


@pytest.mark.parametrize(("text", "typed_in"), [
    (f"in {SECRET} every weekday at 9:30", "C0GENERAL"),
    (f"在 {SECRET} every weekday at 9:30", "C0GENERAL"),
    (f"在{SECRET} 每个工作日上午9点半", "D0BOB"),
    ("every weekday at 9:30", "G0SECRET"),  # typed in the private channel itself
])
def test_a_private_channel_is_set_up_like_a_public_one(slack, rt, text, typed_in):
    make_pm(rt, "U0BOB")
    reply = slack.command("/standup", f"setup {text}", user="U0BOB", channel=typed_in)
    assert ("Standup set up" in reply.text or "站会已设置" in reply.text) and "<#G0SECRET>" in reply.text
    assert slack.stub.sent("conversations.members")[-1].args["channel"] == "G0SECRET"
    with rt.db.session(read_only=True) as session:
        [standup] = session.scalars(select(Standup)).all()
        [run] = session.scalars(select(StandupRun)).all()
    assert standup.channel_id == "G0SECRET" and sorted(run.members) == sorted(EVERYONE)


@pytest.mark.parametrize("named", [f"in {SECRET}", f"在 {SECRET}", SECRET])
def test_a_private_channels_standup_is_named_like_a_public_ones(slack, rt, clock, named):
    set_up(slack, rt)
    slack.command("/standup", "setup every weekday at 9:30", user="U0BOB", channel="G0SECRET")
    elsewhere = {"channel": "C0RANDOM"}
    which = slack.command("/standup", "pause", user="U0BOB", **elsewhere).text
    assert "Which standup?" in which and "<#G0SECRET>" in which
    assert "skip the next standup in <#G0SECRET>" in slack.command("/standup", f"skip {named}", user="U0CAROL",
                                                                   **elsewhere).text
    assert "in <#G0SECRET>" in slack.command("/standup", f"history {named}", user="U0CAROL", **elsewhere).text
    assert "Asked now: 4 · skipping: 1" in slack.command("/standup", f"now {named}", user="U0BOB", **elsewhere).text
    assert "on its way to <#G0SECRET>" in slack.command("/standup", f"report {named}", user="U0BOB",
                                                        **elsewhere).text
    assert "<#G0SECRET> is paused" in slack.command("/standup", f"pause {named}", user="U0BOB", **elsewhere).text
    assert "back on" in slack.command("/standup", f"resume {named}", user="U0BOB", **elsewhere).text
    with rt.db.session(read_only=True) as session:
        runs = {s.channel_id: len(session.scalars(select(StandupRun).where(StandupRun.standup_id == s.id)
                                                  .where(StandupRun.reported_at.is_not(None))).all())
                for s in session.scalars(select(Standup))}
    assert runs == {"C0GENERAL": 0, "G0SECRET": 1}  # only the private channel's standup was reported
    missing = "<#G0MISSING|gone>"
    assert "no standup in <#G0MISSING>" in slack.command("/standup", f"pause in {missing}", user="U0BOB").text


# ---- buttons that do not match anything ------------------------------------------------------------------------------

@pytest.mark.parametrize(("action", "value"), [("standup.answer", "nonsense"), ("standup.blocker_task", "x:U0BOB"),
                                               ("standup.blocker_task", "12")])
def test_a_forged_button_value_is_a_stale_button(slack, rt, action, value):
    set_up(slack, rt)
    slack.click(action, value, user="U0BOB")
    assert "no longer matches anything" in slack.stub.sent("response_url")[-1].text()
    assert not slack.stub.sent("views.open")


# ---- the rules, table by table ---------------------------------------------------------------------------------------

WEEKDAYS_0930 = {k: v for k, v in Recurrence("weekly", 9, 30, "UTC", weekdays=(0, 1, 2, 3, 4)).to_dict().items()
                 if k != "tz"}
TUESDAY = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("is_admin", "is_pm", "is_creator", "allowed"), [
    (False, False, False, False), (True, False, False, True), (False, True, False, True), (False, False, True, True),
])
def test_who_may_run_a_standup(is_admin, is_pm, is_creator, allowed):
    assert rules.may_run(is_admin=is_admin, is_pm=is_pm, is_creator=is_creator) is allowed


@pytest.mark.parametrize(("run_date", "tz", "asked_at"), [
    (WED, "Asia/Shanghai", SHANGHAI), (WED, "Europe/Berlin", BERLIN), (WED, "America/New_York", NEW_YORK),
    (WED, "America/Los_Angeles", LOS_ANGELES),
    (date(2027, 3, 12), "America/New_York", datetime(2027, 3, 12, 14, 30, tzinfo=UTC)),  # EST
    (date(2027, 3, 15), "America/New_York", datetime(2027, 3, 15, 13, 30, tzinfo=UTC)),  # EDT: same wall clock
])
def test_each_member_is_asked_at_the_schedules_time_in_their_zone(run_date, tz, asked_at):
    assert rules.prompt_at(WEEKDAYS_0930, run_date, tz) == asked_at


@pytest.mark.parametrize(("zones", "now", "after", "day"), [
    (("America/New_York",), TUESDAY, None, date(2026, 11, 24)),           # 09:30 in New York is still ahead
    (("Asia/Shanghai",), TUESDAY, None, WED),                              # already past in Shanghai
    (("Asia/Shanghai", "America/New_York"), TUESDAY, None, WED),          # nobody starts a run too late
    (("America/New_York",), TUESDAY, date(2026, 11, 24), WED),             # after a run that has begun
    (("America/Los_Angeles",), datetime(2026, 11, 27, 18, 0, tzinfo=UTC), None, date(2026, 11, 30)),  # weekend
])
def test_the_next_run_is_the_first_date_still_ahead_for_everyone(zones, now, after, day):
    assert rules.next_run_date(WEEKDAYS_0930, zones, now, after=after) == day


def test_run_dates_follow_the_schedule():
    dates = rules.run_dates(WEEKDAYS_0930, date(2026, 11, 28))
    assert [next(dates) for _ in range(3)] == [date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)]


@pytest.mark.parametrize(("questions", "index"), [
    ([], 2), (["Done?", "Next?", "Blocked?"], 2), (["Shipped?", "Stuck on anything?"], 1),
    (["昨天做了什么", "有什么阻碍"], 1), (["Yesterday?", "Today?"], None),
])
def test_which_question_asks_about_blockers(questions, index):
    assert rules.blocker_index(questions) == index


@pytest.mark.parametrize(("questions", "answers", "blocker"), [
    ([], None, None), ([], ["a", "b"], None), ([], ["a", "b", ""], None), ([], ["a", "b", "none"], None),
    ([], ["a", "b", " No blockers. "], None), ([], ["a", "b", "无"], None), ([], ["a", "b", "没有问题。"], None),
    ([], ["a", "b", "Waiting for the DB"], "Waiting for the DB"), (["Yesterday?", "Today?"], ["x", "stuck"], None),
    (["Stuck?", "Next?"], ["legal review", "x"], "legal review"),
])
def test_what_counts_as_a_blocker(questions, answers, blocker):
    assert rules.blocker_of(questions, answers) == blocker


@pytest.mark.parametrize(("text", "count", "answers"), [
    ("1. a\n2. b\n3. c", 3, ["a", "b", "c"]), ("a", 3, ["a", "", ""]), ("- a\n- b\n- c\n- d", 3, ["a", "b", "c\nd"]),
    ("1、完成了报表\n2、继续", 3, ["完成了报表", "继续", ""]), ("\n\n a \n", 2, ["a", ""]), ("• x\n* y", 1, ["x\ny"]),
])
def test_a_dm_is_read_one_line_per_question(text, count, answers):
    assert rules.split_reply(text, count) == answers


@pytest.mark.parametrize(("given", "answered", "reply", "answers"), [
    (None, False, "x\ny", ["x", "y", ""]), (["a", "", ""], True, "b", ["a", "b", ""]),
    (["a", "", ""], True, "b\nc", ["a", "b", "c"]), (["a"], True, "b", ["a", "b", ""]),
    (["a", "b", "c"], True, "buy milk", None),  # complete: the DM is something else
])
def test_a_dm_fills_the_questions_still_empty(given, answered, reply, answers):
    assert rules.answers_with_reply(given, answered=answered, reply=reply, count=3) == answers


@pytest.mark.parametrize(("answers", "count", "cleaned"), [
    (["  a ", "b"], 3, ["a", "b", ""]), (["a", "b", "c", "d"], 3, ["a", "b", "c"]),
    (["x" * 4000], 1, ["x" * rules.MAX_ANSWER]), ([" ", ""], 3, "standup.empty_answer"),
    ([], 3, "standup.empty_answer"),
])
def test_answers_are_one_per_question_and_say_something(answers, count, cleaned):
    if isinstance(cleaned, str):
        with pytest.raises(UserError) as refused:
            rules.clean_answers(answers, count)
        assert refused.value.key == cleaned
    else:
        assert rules.clean_answers(answers, count) == cleaned


@pytest.mark.parametrize(("roster", "asked", "members"), [
    (["A", "B"], {"B", "C"}, ["A", "B", "C"]), ([], {"A"}, ["A"]), (["B", "A", "B"], set(), ["B", "A"]),
])
def test_a_fetched_roster_keeps_those_already_asked(roster, asked, members):
    assert rules.members_after_roster(roster, asked) == members


@pytest.mark.parametrize(("blocker", "title"), [
    ("Waiting for the DB\nsince Monday", "Waiting for the DB"), ("x" * 400, "x" * 299 + "…"), ("short", "short"),
])
def test_a_blockers_first_line_is_its_tasks_title(blocker, title):
    assert rules.blocker_title(blocker) == title


@pytest.mark.parametrize(("check", "value", "key"), [
    (rules.check_report_after, 15, None), (rules.check_report_after, 720, None),
    (rules.check_report_after, 14, "standup.bad_report_after"),
    (rules.check_report_after, 721, "standup.bad_report_after"),
    (rules.check_questions, ["A?"], None), (rules.check_questions, [], "standup.no_questions"),
    (rules.check_questions, ["q"] * 7, "standup.too_many_questions"),
    (rules.check_questions, ["q" * 151], "standup.question_too_long"),
])
def test_the_limits(check, value, key):
    if key is None:
        assert check(value) == value
    else:
        with pytest.raises(UserError) as refused:
            check(value)
        assert refused.value.key == key


@pytest.mark.parametrize(("until", "at", "skipping"), [
    (None, TUESDAY, False), (TUESDAY, TUESDAY, True), (TUESDAY + timedelta(days=1), TUESDAY, True),
    (TUESDAY - timedelta(seconds=1), TUESDAY, False),
])
def test_who_is_skipping(until, at, skipping):
    assert rules.is_skipping(until, at) is skipping


# ---- reading what people type ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "typed_in", "channel", "questions", "report_after"), [
    ("every weekday at 9:30", "C0GENERAL", "C0GENERAL", [], None),
    ("in <#G0SECRET|secret> every weekday at 9:30 report after 1h", "D0BOB", "G0SECRET", [], 60),
    ("在 <#G0SECRET|secret> 每个工作日上午9点半 90分钟后汇总", "C0GENERAL", "G0SECRET", [], 90),
    ("every day 9:00 questions: A?; B?；C?", "C0GENERAL", "C0GENERAL", ["A?", "B?", "C?"], None),
    ("every day 9:00 questions: Help <@U0BOB|bob>?", "G0SECRET", "G0SECRET", ["Help @bob?"], None),
    ("every day 9:00 questions: R&amp;D done?; Anything for <#C0OPS|ops>?", "C0GENERAL", "C0GENERAL",
     ["R&D done?", "Anything for #ops?"], None),  # a channel in a question is not where the standup is
    ("in &lt;#C0DEV|dev&gt; every weekday at 9:30", "C0GENERAL", "C0GENERAL", [], None),  # typed, not a channel
])
def test_setup_text(text, typed_in, channel, questions, report_after):
    request = parse.setup_request(text, now=TUESDAY, tz="UTC", default_channel=typed_in)
    assert (request.channel_id, request.questions, request.report_after_minutes) == (channel, questions,
                                                                                     report_after)
    assert "tz" not in request.stored_rule and request.rule.freq != "once"


@pytest.mark.parametrize(("text", "typed_in", "key"), [
    ("every weekday at 9:30", "D0BOB", "standup.setup_where"),
    ("tomorrow 9am", "C0GENERAL", "standup.schedule_not_understood"),
    ("every day 9:00 report after 5 min", "C0GENERAL", "standup.bad_report_after"),
    ("every day 9:00 questions: ;", "C0GENERAL", "standup.no_questions"),
    (f"in {SECRET}", "C0GENERAL", "standup.schedule_not_understood"),
])
def test_setup_text_refused(text, typed_in, key):
    with pytest.raises(UserError) as refused:
        parse.setup_request(text, now=TUESDAY, tz="UTC", default_channel=typed_in)
    assert refused.value.key == key


@pytest.mark.parametrize(("text", "request_"), [
    ("", parse.SkipRequest(None)), ("until Friday", parse.SkipRequest(None, phrase="Friday")),
    ("off", parse.SkipRequest(None, off=True)), ("取消", parse.SkipRequest(None, off=True)),
    (f"in {SECRET} until Friday", parse.SkipRequest("G0SECRET", phrase="Friday")),
    (SECRET, parse.SkipRequest("G0SECRET")), ("直到 周五 在 <#C0DEV|dev>", parse.SkipRequest("C0DEV", phrase="周五")),
])
def test_skip_text(text, request_):
    assert parse.skip_request(text) == request_


@pytest.mark.parametrize(("text", "channel"), [
    ("", None), ("nothing here", None), (SECRET, "G0SECRET"), (f"{SECRET} in <#C0DEV|dev>", "C0DEV"),
    (f"在{SECRET}", "G0SECRET"), ("<@U0BOB|bob> <#C0DEV>", "C0DEV"),
])
def test_which_channel_is_named(text, channel):
    assert parse.named_channel(text) == channel


@pytest.mark.parametrize(("value", "read"), [
    ("12:U0CAROL", (12, "U0CAROL")), ("x:U0CAROL", "stale_button"), ("12", "stale_button"), ("", "stale_button"),
    ("²:U0CAROL", "stale_button"),
])
def test_the_blocker_buttons_value(value, read):
    if isinstance(read, str):
        with pytest.raises(UserError) as refused:
            parse.blocker_button(value)
        assert refused.value.key == read
    else:
        assert parse.blocker_button(value) == read
