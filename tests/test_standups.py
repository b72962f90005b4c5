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
