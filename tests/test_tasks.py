"""Tasks through the wire: signed Slack payloads in, what Slack would receive out.

The clock is fixed at Tuesday 2026-11-24 09:00 UTC: 04:00 for bob (New York), 17:00 for alice and dave (Shanghai),
10:00 for carol (Berlin).
"""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from storage.models import Role, Task, TaskEvent

BOB_TOMORROW_5PM = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)  # Wed 17:00 in New York


def stamp(when: datetime) -> str:
    return f"<!date^{int(when.timestamp())}^"


def tasks_in(rt, team="T0TEAM"):
    with rt.db.session(read_only=True) as session:
        return list(session.scalars(select(Task).where(Task.team_id == team).order_by(Task.number)))


def history(rt, number):
    with rt.db.session(read_only=True) as session:
        task = session.scalar(select(Task).where(Task.number == number))
        return [e.kind for e in session.scalars(select(TaskEvent).where(TaskEvent.task_id == task.id)
                                                .order_by(TaskEvent.id))]


def make_pm(rt, user_id, team="T0TEAM"):
    with rt.db.session() as session:
        session.add(Role(team_id=team, user_id=user_id, role="pm", granted_by="U0ALICE",
                         granted_at=datetime(2026, 1, 1, tzinfo=UTC)))


# ---- creating -----------------------------------------------------------------------------------------------------

def test_slash_command_creates_a_task_with_owner_and_deadline_in_the_speakers_zone(slack, rt):
    reply = slack.command("/task", "Prepare the Q3 budget review <@U0CAROL|carol> tomorrow 5pm", user="U0BOB")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    assert "*#1* Prepare the Q3 budget review" in reply.text and "<@U0CAROL>" in reply.text
    assert stamp(BOB_TOMORROW_5PM) in reply.text  # echoed so a misreading is visible at once
    assert {"task.done", "task.edit", "task.snooze"} <= {
        e["action_id"] for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]}
    [task] = tasks_in(rt)
    assert (task.title, task.owner_id, task.creator_id, task.due_at) == (
        "Prepare the Q3 budget review", "U0CAROL", "U0BOB", BOB_TOMORROW_5PM)

    assert slack.deliver() == 1
    [dm] = slack.stub.sent("chat.postMessage")
    assert dm.args["channel"] == "U0CAROL" and "gave you a task" in dm.text() and "<@U0BOB>" in dm.text()


def test_chinese_deadline_and_reply_for_a_chinese_speaker(slack, rt):
    reply = slack.command("/task", "提交季度报告 <@U0DAVE|dave> 下周五下午3点", user="U0ALICE")
    friday_3pm_shanghai = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)
    assert "已创建任务" in reply.text and stamp(friday_3pm_shanghai) in reply.text
    [task] = tasks_in(rt)
    assert task.title == "提交季度报告" and task.owner_id == "U0DAVE" and task.due_at == friday_3pm_shanghai
    slack.deliver()
    [dm] = slack.stub.sent("chat.postMessage")
    assert dm.args["channel"] == "U0DAVE" and "给你分配了一个任务" in dm.text()


def test_owner_defaults_to_the_creator_and_a_second_mention_watches(slack, rt):
    slack.command("/task", "Book the venue")
    slack.command("/task", "Draft the agenda <@U0CAROL|carol> <@U0ERIN|erin>")
    first, second = tasks_in(rt)
    assert first.owner_id == "U0BOB"
    assert second.owner_id == "U0CAROL" and [w.user_id for w in second.watchers] == ["U0ERIN"]
    slack.deliver()
    assert [c.args["channel"] for c in slack.stub.sent("chat.postMessage")] == ["U0CAROL"]  # not the creator


def test_user_text_is_shown_as_text_and_never_pings_a_channel(slack, rt):
    # what Slack sends for "@channel & @here <b>party</b> @carol <!everyone>" typed in the message box
    reply = slack.command("/task", "<!channel> &amp; <!here> &lt;b&gt;party&lt;/b&gt; <@U0CAROL|carol> "
                                   "&lt;!everyone&gt; <!subteam^S0DEVS|@devs>")
    slack.deliver()
    everything = reply.body + "".join(c.text() for c in slack.stub.sent())
    for live in ("<!channel>", "<!here>", "<!everyone>", "<!subteam", "<b>"):
        assert live not in everything
    [task] = tasks_in(rt)
    assert task.title == "@channel & @here <b>party</b> <!everyone> @devs"  # stored as typed, plain
    assert "@channel &amp; @here &lt;b&gt;party&lt;/b&gt; &lt;!everyone&gt; @devs" in reply.json["text"]
    assert "could not find" not in reply.json["text"]


def test_a_deadline_that_cannot_be_read_is_reported_and_the_task_kept(slack, rt):
    reply = slack.command("/task", "Finish the deck by blorpday")
    assert "did not understand" in reply.text and "by blorpday" in reply.text
    [task] = tasks_in(rt)
    assert task.due_at is None


def test_bad_input_is_refused_clearly_and_nothing_is_stored(slack, rt):
    assert "no task #99 in this workspace" in slack.command("/task", "done 99").text
    assert "no task #99" in slack.command("/task", "done #99").text
    long = slack.command("/task", "x" * 301)
    assert "301 characters" in long.text and "300" in long.text
    assert "Which task?" in slack.command("/task", "done soon").text
    assert tasks_in(rt) == []


def test_unknown_people_are_asked_about(slack, rt):
    reply = slack.command("/task", "Ship it @nobody-here")
    assert "could not find @nobody-here" in reply.text


def test_an_at_mention_creates_a_task_and_answers_in_the_thread(slack, rt):
    reply = slack.mention("task: renew the TLS cert <@U0CAROL> by Friday", event_id="EvMENTION1")
    assert reply.status == 200
    slack.mention("task: renew the TLS cert <@U0CAROL> by Friday", event_id="EvMENTION1", retry=1)
    [task] = tasks_in(rt)  # the retried delivery did nothing
    assert task.title == "renew the TLS cert" and task.owner_id == "U0CAROL" and task.source == "mention"
    # Friday 27 Nov 17:00 in New York (bob's zone), the team's default time for a date-only deadline
    assert task.due_at == datetime(2026, 11, 27, 22, 0, tzinfo=UTC)
    slack.deliver()
    thread = [c for c in slack.stub.sent("chat.postMessage") if c.args["channel"] == "C0GENERAL"]
    assert len(thread) == 1 and thread[0].args.get("thread_ts") and "renew the TLS cert" in thread[0].text()


def test_a_mention_without_task_keyword_gets_a_hint(slack, rt):
    slack.mention("hello there")
    slack.deliver()
    assert tasks_in(rt) == [] and "task:" in slack.stub.sent("chat.postMessage")[0].text()


def test_a_dm_creates_a_task_for_the_sender(slack, rt):
    slack.dm("call the landlord tomorrow 10am", user="U0ERIN")
    [task] = tasks_in(rt)
    assert task.owner_id == "U0ERIN" and task.title == "call the landlord" and task.source == "dm"
    assert task.due_at == datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # 10:00 Los Angeles
    slack.deliver()
    [reply] = slack.stub.sent("chat.postMessage")
    assert reply.args["channel"] == "D0ERIN" and "Task created" in reply.text()


def test_bot_and_edited_messages_are_ignored(slack, rt):
    slack.event({"text": "hi", "user": "U0BOB", "channel": "D0BOB", "subtype": "message_changed"},
                envelope="message_im.json")
    slack.event({"text": "hi", "bot_id": "B0OTHER", "channel": "D0BOB"}, envelope="message_im.json")
    assert tasks_in(rt) == []


def test_message_shortcut_opens_a_prefilled_modal_and_creates_a_linked_task(slack, rt):
    slack.shortcut("Can someone update the pricing page <@U0CAROL> by Friday? Old plan names are still there.")
    [opened] = slack.stub.sent("views.open")
    view = json.loads(opened.args["view"]) if isinstance(opened.args["view"], str) else opened.args["view"]
    blocks = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert blocks["title"]["initial_value"].startswith("Can someone update the pricing page")
    assert blocks["owner"]["initial_user"] == "U0CAROL"
    assert blocks["due"]["initial_date_time"] == int(datetime(2026, 11, 27, 22, 0, tzinfo=UTC).timestamp())
    meta = json.loads(view["private_metadata"])
    assert meta["permalink"].startswith("https://") and meta["source"] == "shortcut"

    reply = slack.submit("task.create", {"title": {"value": "Update the pricing page"},
                                         "owner": {"type": "users_select", "selected_user": "U0CAROL"},
                                         "due": {"type": "datetimepicker", "selected_date_time": 1796162400},
                                         "description": {"value": "Old plan names are still there."}},
                         private_metadata=view["private_metadata"])
    assert reply.status == 200 and reply.body in ("", "{}")
    [task] = tasks_in(rt)
    assert task.permalink == meta["permalink"] and task.source == "shortcut" and task.owner_id == "U0CAROL"
    assert task.due_at == datetime.fromtimestamp(1796162400, UTC)
    slack.deliver()
    assert {c.args["channel"] for c in slack.stub.sent("chat.postMessage")} == {"U0CAROL", "U0BOB"}


def test_modal_errors_are_shown_on_the_field(slack, rt):
    reply = slack.submit("task.create", {"title": {"value": "ok"}, "description": {"value": "d" * 3001}})
    assert reply.json["response_action"] == "errors" and "3000" in reply.json["errors"]["description"]
    assert tasks_in(rt) == []


# ---- working with tasks -------------------------------------------------------------------------------------------

def test_list_mine_is_open_tasks_soonest_first(slack, rt, clock):
    slack.command("/task", "Later thing next Monday 10:00")
    slack.command("/task", "No deadline thing")
    slack.command("/task", "Soon thing tomorrow 9am")
    slack.command("/task", "Carol's thing <@U0CAROL|carol>")
    slack.command("/task", "done 1")
    reply = slack.command("/task", "list")
    text = reply.text
    assert text.index("Soon thing") < text.index("No deadline thing")
    assert "Later thing" not in text and "Carol's thing" not in text
    assert "Carol's thing" in slack.command("/task", "list <@U0CAROL|carol>").text
    assert "Later thing" in slack.command("/task", "list done").text
    assert "Carol's thing" in slack.command("/task", "list all").text


def test_list_pages_stay_within_slack_limits(slack, rt):
    for i in range(25):
        slack.command("/task", f"Task number {i}")
    reply = slack.command("/task", "list all")
    assert len(reply.json["blocks"]) <= 50 and "Page 1 of 3" in reply.text
    next_button = [e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]][0]
    slack.click("task.page", next_button["value"])
    [page2] = slack.stub.sent("response_url")
    assert page2.args["replace_original"] in (True, "true") and "Page 2 of 3" in json.dumps(page2.args)


def test_done_reopen_progress_and_history(slack, rt):
    slack.command("/task", "Write the report <@U0CAROL|carol> tomorrow 5pm")
    assert "#1 is done" in slack.command("/task", "progress 1 100%").text
    assert "already done" in slack.command("/task", "done 1").text
    assert "open again" in slack.command("/task", "reopen 1").text
    assert "40%" in slack.command("/task", "progress 1 40%").text
    assert "0 to 100" in slack.command("/task", "progress 1 140%").text
    assert history(rt, 1) == ["created", "done", "reopened", "progress"]
    slack.deliver()
    finished = [c for c in slack.stub.sent("chat.postMessage") if "finished #1" in c.text()]
    assert [c.args["channel"] for c in finished] == ["U0CAROL"]  # the owner hears someone else finished it


def test_assign_due_and_snooze(slack, rt):
    slack.command("/task", "Renew the domain tomorrow 5pm")
    slack.command("/task", "assign 1 <@U0CAROL|carol>")
    assert tasks_in(rt)[0].owner_id == "U0CAROL"
    reply = slack.command("/task", "due 1 next Monday 10:00")
    assert stamp(datetime(2026, 11, 30, 15, 0, tzinfo=UTC)) in reply.text
    assert "could not read" in slack.command("/task", "due 1 when pigs fly").text
    slack.click("task.snooze", "1")
    assert tasks_in(rt)[0].due_at == datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    slack.command("/task", "due 1 none")
    assert tasks_in(rt)[0].due_at is None
    assert history(rt, 1) == ["created", "assigned", "due", "due", "due"]
    slack.deliver()
    assert any(c.args["channel"] == "U0CAROL" and "gave you a task" in c.text()
               for c in slack.stub.sent("chat.postMessage"))


def test_snooze_keeps_the_wall_clock_time_across_dst(slack, rt, clock):
    clock.current = datetime(2027, 3, 13, 12, 0, tzinfo=UTC)  # Saturday; US clocks go forward on Sunday
    slack.command("/task", "Pay rent 2027-03-13 17:00")
    slack.click("task.snooze", "1")
    assert tasks_in(rt)[0].due_at == datetime(2027, 3, 14, 21, 0, tzinfo=UTC)  # 17:00 EDT


def test_subtasks_show_progress_on_the_parent(slack, rt):
    slack.command("/task", "Launch the website")
    reply = slack.command("/task", "sub 1 Write the copy <@U0CAROL|carol> tomorrow")
    assert "Subtask of #1" in reply.text and "#1 now has 0/1 subtasks done" in reply.text
    slack.command("/task", "sub 1 Pick the photos")
    slack.command("/task", "done 2")
    assert "1/2 subtasks" in slack.command("/task", "list all").text
    parent, first, _ = tasks_in(rt)
    assert first.parent_id == parent.id
    assert "no task #9" in slack.command("/task", "sub 9 Orphan").text


def test_block_escalates_to_the_project_managers(slack, rt):
    make_pm(rt, "U0ALICE")
    slack.command("/task", "Migrate the database <@U0CAROL|carol>")
    reply = slack.command("/task", "block 1 waiting for <!channel> legal", user="U0CAROL")
    assert "blocked" in reply.text and tasks_in(rt)[0].status == "blocked"
    slack.deliver()
    [alert] = [c for c in slack.stub.sent("chat.postMessage") if c.args["channel"] == "U0ALICE"]
    assert "在 #1 上受阻" in alert.text() and "waiting for @channel legal" in alert.text()  # alice reads Chinese
    assert "<!channel>" not in alert.text()
    assert "What is blocking" in slack.command("/task", "block 1").text


def test_block_without_a_pm_tells_the_creator_and_says_how_to_name_one(slack, rt):
    slack.command("/task", "Migrate the database <@U0CAROL|carol>", user="U0BOB")
    reply = slack.command("/task", "block 1 waiting for legal", user="U0CAROL")
    assert "/role" in reply.text
    slack.deliver()
    assert any(c.args["channel"] == "U0BOB" and "blocked on #1" in c.text()
               for c in slack.stub.sent("chat.postMessage"))


def test_delete_asks_first_and_only_the_right_people_may(slack, rt):
    slack.command("/task", "Old idea", user="U0BOB")
    question = slack.command("/task", "delete 1", user="U0BOB")
    assert "cannot be undone" in question.text and tasks_in(rt)[0].status == "open"
    refused = slack.click("task.delete_confirm", "1", user="U0ERIN")
    assert refused.status == 200 and tasks_in(rt)[0].status == "open"
    assert "Only the creator" in slack.stub.sent("response_url")[-1].text() + json.dumps(
        slack.stub.sent("response_url")[-1].args)
    slack.click("task.delete_confirm", "1", user="U0BOB")
    assert tasks_in(rt)[0].status == "deleted"
    assert "no task #1" in slack.command("/task", "done 1").text
    slack.command("/task", "Next idea")
    assert [t.number for t in tasks_in(rt)] == [1, 2]  # numbers are never reused


def test_buttons_update_the_message_in_place(slack, rt):
    slack.command("/task", "Water the plants tomorrow")
    slack.click("task.done", "1")
    [update] = slack.stub.sent("response_url")
    assert update.args["replace_original"] in (True, "true") and "#1 is done" in json.dumps(update.args)
    assert tasks_in(rt)[0].status == "done"
    slack.click("task.reopen", "1")
    assert tasks_in(rt)[0].status == "open"


def test_edit_opens_a_modal_and_saving_records_each_change(slack, rt):
    slack.command("/task", "Prepare slides tomorrow 5pm")
    slack.command("/task", "edit 1")
    [opened] = slack.stub.sent("views.open")
    view = opened.args["view"] if isinstance(opened.args["view"], dict) else json.loads(opened.args["view"])
    assert view["callback_id"] == "task.edit"
    assert view["blocks"][0]["element"]["initial_value"] == "Prepare slides"
    slack.submit("task.edit", {"title": {"value": "Prepare the board slides"},
                               "owner": {"type": "users_select", "selected_user": "U0CAROL"},
                               "due": {"type": "datetimepicker", "selected_date_time": None},
                               "description": {"value": "10 slides max"}},
                 private_metadata=view["private_metadata"])
    [task] = tasks_in(rt)
    assert (task.title, task.owner_id, task.due_at, task.description) == (
        "Prepare the board slides", "U0CAROL", None, "10 slides max")
    assert history(rt, 1) == ["created", "edited", "assigned", "due"]
    assert "no task #7" in slack.command("/task", "edit 7").text


def test_team_settings_are_for_managers(slack, rt):
    assert "17:00" in slack.command("/task", "settings").text
    assert "Only managers" in slack.command("/task", "settings due-time 18:00", user="U0BOB").text
    assert "18:00" in slack.command("/task", "settings due-time 18:00 remind 30m", user="U0ALICE").text  # admin
    slack.command("/task", "Send invoices Dec 5", user="U0BOB")
    assert tasks_in(rt)[0].due_at == datetime(2026, 12, 5, 23, 0, tzinfo=UTC)  # 18:00 New York


def test_workspaces_are_isolated(slack, rt):
    slack.command("/task", "Secret plan", team="T0TEAM")
    assert "no task #1" in slack.command("/task", "done 1", team="T0OTHER").text
    assert "Secret plan" not in slack.command("/task", "list all", team="T0OTHER").text
    slack.command("/task", "Their own plan", team="T0OTHER")
    assert [t.number for t in tasks_in(rt, "T0OTHER")] == [1]


# ---- reminders ----------------------------------------------------------------------------------------------------

def test_owner_is_reminded_before_the_deadline_and_once_when_overdue(slack, rt, clock):
    slack.command("/task", "Submit the grant <@U0CAROL|carol> tomorrow 5pm")  # 22:00 UTC Wed
    slack.deliver()
    slack.stub.reset()
    clock.current = BOB_TOMORROW_5PM - timedelta(minutes=61)
    assert slack.tick() == 0
    clock.advance(minutes=1)
    assert slack.tick() == 1
    [before] = slack.stub.sent("chat.postMessage")
    assert before.args["channel"] == "U0CAROL" and "Coming up" in before.text()
    clock.current = BOB_TOMORROW_5PM
    slack.tick()
    slack.tick()
    overdue = [c for c in slack.stub.sent("chat.postMessage") if "Now overdue" in c.text()]
    assert len(overdue) == 1


def test_per_task_reminder_lead_and_no_reminders_once_done(slack, rt, clock):
    slack.command("/task", "Call the bank tomorrow 5pm remind 10m before")
    task = tasks_in(rt)[0]
    assert task.title == "Call the bank" and task.remind_minutes == 10
    clock.current = BOB_TOMORROW_5PM - timedelta(minutes=30)
    assert slack.tick() == 0
    clock.current = BOB_TOMORROW_5PM - timedelta(minutes=10)
    assert slack.tick() == 1
    slack.command("/task", "done 1")
    slack.stub.reset()
    clock.current = BOB_TOMORROW_5PM + timedelta(minutes=1)
    slack.tick()
    assert slack.stub.sent("chat.postMessage") == []


def test_a_moved_deadline_moves_its_reminders(slack, rt, clock):
    slack.command("/task", "Pay the supplier tomorrow 5pm")
    slack.command("/task", "due 1 Dec 5 5pm")
    clock.current = BOB_TOMORROW_5PM
    slack.tick()
    assert slack.stub.sent("chat.postMessage") == []


def test_overdue_summary_at_nine_on_working_days_in_the_owners_zone(slack, rt, clock):
    slack.command("/task", "Renew insurance <@U0CAROL|carol> today 11am", user="U0CAROL")  # Berlin 11:00 Tue
    clock.current = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # due now
    slack.tick()
    slack.stub.reset()
    clock.current = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # Wed 09:00 Berlin
    slack.tick()
    [summary] = slack.stub.sent("chat.postMessage")
    assert summary.args["channel"] == "U0CAROL" and "1 overdue task" in summary.text()
    slack.stub.reset()
    clock.current = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)  # Thursday 09:00 Berlin
    slack.tick()
    clock.current = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)  # Friday
    slack.tick()
    clock.current = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)  # Saturday: none
    slack.tick()
    assert len(slack.stub.sent("chat.postMessage")) == 2
    slack.stub.reset()
    clock.current = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)  # every clock was down on Monday and Tuesday
    slack.tick()
    assert slack.stub.sent("chat.postMessage") == []  # Monday's summary was stale: skipped, not sent late
    clock.current = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # but the chain goes on: Thursday's arrives
    slack.tick()
    assert len(slack.stub.sent("chat.postMessage")) == 1
    slack.command("/task", "done 1", user="U0CAROL")
    slack.stub.reset()
    clock.current = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)  # nothing overdue: no more summaries
    slack.tick()
    assert slack.stub.sent("chat.postMessage") == []


# ---- App Home -----------------------------------------------------------------------------------------------------

def test_app_home_shows_my_tasks_by_urgency_and_team_counts_for_managers(slack, rt, clock):
    slack.command("/task", "Overdue thing yesterday 5pm", user="U0BOB")
    slack.command("/task", "Today thing today 11pm", user="U0BOB")
    slack.command("/task", "Given away <@U0CAROL|carol>", user="U0BOB")
    slack.open_home(user="U0BOB")
    [published] = slack.stub.sent("views.publish")
    view = published.args["view"] if isinstance(published.args["view"], dict) else json.loads(published.args["view"])
    text = json.dumps(view)
    assert published.args["user_id"] == "U0BOB" and view["type"] == "home" and len(view["blocks"]) <= 100
    assert text.index("Overdue thing") < text.index("Today thing") < text.index("Given away")
    assert "Team:" not in text
    make_pm(rt, "U0BOB")
    slack.open_home(user="U0BOB")
    assert "Team:" in json.dumps(slack.stub.sent("views.publish")[-1].args)


# ---- every subcommand in Chinese, private channels, forged buttons --------------------------------------------------

@pytest.mark.parametrize(("words", "expect"), [
    ("列表", "Your open tasks"), ("清单 全部", "All open tasks"), ("完成 1", "#1 is done"),
    ("分配 1 <@U0CAROL|carol>", "#1 has a new owner"), ("截止 1 明天下午5点", "#1 has a new deadline"),
    ("推迟 1", "#1 has a new deadline"), ("子任务 1 写文案", "Subtask of #1"), ("阻塞 1 等法务", "#1 is blocked"),
    ("进度 1 40%", "Progress of #1 updated"), ("删除 1", "Delete #1?"), ("设置", "Team defaults"),
])
def test_every_subcommand_has_a_chinese_word(slack, rt, words, expect):
    slack.command("/task", "Write the report tomorrow 5pm")
    assert expect in slack.command("/task", words).text


def test_reopen_and_edit_in_chinese(slack, rt):
    slack.command("/task", "Write the report tomorrow 5pm")
    slack.command("/task", "完成 1")
    assert "#1 is open again" in slack.command("/task", "重新打开 1").text
    assert slack.command("/task", "编辑 1").status == 200
    assert slack.stub.sent("views.open")[-1].args["view"]["callback_id"] == "task.edit"


def test_help_lists_the_chinese_words(slack):
    text = slack.command("/task", "help").json["text"]
    assert "`完成` done" in text and "`列表/清单` list" in text


def test_a_private_channel_works_like_a_public_one(slack, rt):
    slack.command("/task", "Rotate the keys", channel="G0SECRET")
    slack.command("/task", "Public thing", channel="C0GENERAL")
    listed = slack.command("/task", "list <#G0SECRET|secret>").text
    assert "Rotate the keys" in listed and "Public thing" not in listed and "G0SECRET" in listed


@pytest.mark.parametrize("value", ["", "abc", "-1", "1; DROP TABLE tasks", "99999999999"])
def test_forged_button_values_change_nothing(slack, rt, value):
    slack.command("/task", "Keep me")
    reply = slack.click("task.done", value)
    assert reply.status == 200 and tasks_in(rt)[0].status == "open"
    [note] = slack.stub.sent("response_url")
    assert note.args["replace_original"] in (False, "false")


def test_someone_else_cannot_delete_by_forging_the_button(slack, rt):
    slack.command("/task", "Mine alone", user="U0BOB")
    slack.click("task.delete_confirm", "1", user="U0DAVE")  # dave reads Chinese
    assert tasks_in(rt)[0].status == "open"
    assert "只有创建者" in slack.stub.sent("response_url")[-1].text()
