"""Who may change what, through the wire: forged buttons, forms and commands from people who may not, and the same
from people who may (README "Who may do what"). And workspace admins' rights, which Slack confirms at the moment
they are used: a demoted admin whose cached profile still says "admin" is refused, and so is anyone when Slack
cannot confirm it.

The people: carol creates task #1 for dave (its owner) with erin watching; bob has nothing to do with it. alice is
a workspace admin (and reads Chinese, like dave).
"""

import json

import pytest
from sqlalchemy import func, select

from storage.models import Meeting, Role, Standup, Task, TaskEvent, Workspace

CAROL, DAVE, ERIN, BOB, ALICE = "U0CAROL", "U0DAVE", "U0ERIN", "U0BOB", "U0ALICE"


def make(rt, user_id, role, team="T0TEAM"):
    with rt.db.session() as session:
        session.add(Role(team_id=team, user_id=user_id, role=role, granted_by=ALICE, granted_at=rt.now()))


def the_task(slack):
    """#1, created by carol, owned by dave, watched by erin, due tomorrow."""
    slack.command("/task", "Write the quarterly report <@U0DAVE|dave> <@U0ERIN|erin> tomorrow 5pm", user=CAROL)


def task_state(rt):
    """Everything a change could touch: the task rows and their history."""
    with rt.db.session(read_only=True) as session:
        tasks = [(t.number, t.title, t.description, t.owner_id, t.status, t.due_at, t.progress)
                 for t in session.scalars(select(Task).order_by(Task.number))]
        return tasks, session.scalar(select(func.count()).select_from(TaskEvent))


def refused(text):
    return "nothing changed" in text or "未做任何修改" in text


def last_note(slack):
    """What a button press answered beside the message."""
    return json.dumps(slack.stub.sent("response_url")[-1].args, ensure_ascii=False)


# ---- tasks: the commands -------------------------------------------------------------------------------------------

STATUS_COMMANDS = ["done 1", "reopen 1", "progress 1 40%", "block 1 waiting for legal", "sub 1 Collect the numbers"]
TERMS_COMMANDS = ["assign 1 <@U0BOB|bob>", "due 1 next Monday 10:00", "due 1 none", "snooze 1", "edit 1",
                  "delete 1"]


@pytest.mark.parametrize("words", STATUS_COMMANDS + TERMS_COMMANDS)
def test_a_stranger_changes_nothing_of_someone_elses_task(slack, rt, words):
    the_task(slack)
    before = task_state(rt)
    reply = slack.command("/task", words, user=BOB)
    assert refused(reply.text) and "Only" in reply.text and "<@U0DAVE>" in reply.text
    assert task_state(rt) == before and slack.stub.sent("views.open") == []


@pytest.mark.parametrize("words", STATUS_COMMANDS)
@pytest.mark.parametrize("user", [CAROL, DAVE, ERIN])
def test_everyone_on_a_task_may_report_on_it(slack, rt, words, user):
    the_task(slack)
    before = task_state(rt)
    reply = slack.command("/task", words, user=user)
    assert not refused(reply.text)
    assert task_state(rt) != before or "already open" in reply.text or "已经是打开状态" in reply.text


@pytest.mark.parametrize("words", TERMS_COMMANDS)
@pytest.mark.parametrize("user", [CAROL, DAVE])
def test_the_creator_and_the_owner_may_change_what_was_agreed(slack, rt, words, user):
    the_task(slack)
    reply = slack.command("/task", words, user=user)
    assert not refused(reply.text)


@pytest.mark.parametrize("words", TERMS_COMMANDS)
def test_a_watcher_may_not_change_what_was_agreed(slack, rt, words):
    the_task(slack)
    before = task_state(rt)
    reply = slack.command("/task", words, user=ERIN)
    assert refused(reply.text) and "Only the creator, the owner (<@U0DAVE>) or a manager" in reply.text
    assert task_state(rt) == before


@pytest.mark.parametrize("role", ["pm", "ops"])
@pytest.mark.parametrize("words", ["done 1", "assign 1 <@U0ERIN|erin>", "due 1 none", "progress 1 10%"])
def test_managers_may_change_any_task(slack, rt, role, words):
    the_task(slack)
    make(rt, BOB, role)
    before = task_state(rt)
    assert not refused(slack.command("/task", words, user=BOB).text)
    assert task_state(rt) != before


def test_the_refusal_is_in_the_readers_language(slack, rt):
    slack.command("/task", "Book the venue", user=BOB)
    assert "只有 #1 的相关人员" in slack.command("/task", "完成 1", user=DAVE).text
    assert "只有创建者、负责人（<@U0BOB>）或管理者" in slack.command("/task", "分配 1 <@U0DAVE|dave>", user=DAVE).text


# ---- tasks: forged buttons and forms ---------------------------------------------------------------------------------

@pytest.mark.parametrize("action", ["task.done", "task.snooze", "task.delete_confirm", "task.edit"])
def test_forged_buttons_change_nothing(slack, rt, action):
    the_task(slack)
    before = task_state(rt)
    reply = slack.click(action, "1", user=BOB)
    assert reply.status == 200 and task_state(rt) == before and slack.stub.sent("views.open") == []
    assert "Only" in last_note(slack) and slack.stub.sent("response_url")[-1].args["replace_original"] is False


def test_a_forged_reopen_button_changes_nothing(slack, rt):
    the_task(slack)
    slack.command("/task", "done 1", user=DAVE)
    before = task_state(rt)
    slack.click("task.reopen", "1", user=BOB)
    assert task_state(rt) == before and "Only the people on #1" in last_note(slack)


def test_a_forged_edit_form_neither_retitles_nor_reassigns(slack, rt):
    """The review's attack: bob submits the edit modal of dave's task, which he was never shown."""
    slack.command("/task", "提交季度报告 下周五", user=DAVE)
    before = task_state(rt)
    reply = slack.submit("task.edit", {"title": {"value": "Hijacked"},
                                       "owner": {"type": "users_select", "selected_user": BOB},
                                       "due": {"type": "datetimepicker", "selected_date_time": None},
                                       "description": {"value": "mine now"}},
                         private_metadata=json.dumps({"number": 1}), user=BOB)
    assert reply.json["response_action"] == "errors" and "Only the creator" in reply.json["errors"]["title"]
    assert task_state(rt) == before
    slack.deliver()
    assert slack.stub.sent("chat.postMessage") == []  # nobody was told of a change that did not happen


def test_the_owner_may_submit_the_edit_form(slack, rt):
    the_task(slack)
    slack.submit("task.edit", {"title": {"value": "Write the Q3 report"},
                               "owner": {"type": "users_select", "selected_user": DAVE},
                               "due": {"type": "datetimepicker", "selected_date_time": None},
                               "description": {"value": ""}},
                 private_metadata=json.dumps({"number": 1}), user=DAVE)
    assert task_state(rt)[0][0][1] == "Write the Q3 report"


def test_a_subtask_needs_a_say_in_its_parent(slack, rt):
    the_task(slack)
    assert refused(slack.command("/task", "sub 1 Sneak in", user=BOB).text)
    assert [t[0] for t in task_state(rt)[0]] == [1]
    assert "Subtask of #1" in slack.command("/task", "sub 1 Collect the numbers", user=ERIN).text


# ---- meetings -------------------------------------------------------------------------------------------------------

def meeting_state(rt):
    with rt.db.session(read_only=True) as session:
        return [(m.title, m.status, m.next_at, m.channel_id, m.remind_minutes)
                for m in session.scalars(select(Meeting))]


@pytest.mark.parametrize("words", ["cancel 1", "skip 1", "edit 1 every Tuesday 11am", "edit 1 Renamed",
                                   "edit 1 in <#C0OPS|ops>", "编辑 1 remind 15 min before"])
def test_only_the_organiser_or_a_manager_may_change_a_meeting(slack, rt, words):
    slack.command("/meeting", "add Weekly sync every Monday 10am", user=DAVE)
    before = meeting_state(rt)
    reply = slack.command("/meeting", words, user=BOB)
    assert "Only <@U0DAVE>, who set up meeting #1, or a manager" in reply.text and "/meeting agenda 1" in reply.text
    assert meeting_state(rt) == before
    make(rt, CAROL, "ops")
    assert "Only" not in slack.command("/meeting", words, user=CAROL).text
    assert meeting_state(rt) != before


def test_anyone_may_add_to_an_agenda_and_the_organiser_is_told_in_chinese(slack, rt):
    slack.command("/meeting", "add Weekly sync every Monday 10am", user=BOB)
    assert "Added to the agenda of #1" in slack.command("/meeting", "agenda 1 Budget", user=ERIN).text
    assert "只有会议 #1 的创建者 <@U0BOB>" in slack.command("/meeting", "取消 1", user=DAVE).text
    assert "Cancelled meeting #1" in slack.command("/meeting", "cancel 1", user=BOB).text


# ---- workspace admins: Slack is asked again --------------------------------------------------------------------------

def asked_about(slack, user_id):
    return len([c for c in slack.stub.sent("users.info") if c.args["user"] == user_id])


def demote_alice(slack):
    """alice spoke a moment ago as an admin (her profile is cached); then Slack's admins demote her."""
    slack.command("/role", "", user=ALICE)
    slack.stub.people[ALICE]["is_admin"] = False


def roles_in(rt):
    with rt.db.session(read_only=True) as session:
        return sorted((r.user_id, r.role) for r in session.scalars(select(Role)))


def test_a_just_demoted_admin_may_not_grant_roles(slack, rt):
    demote_alice(slack)
    reply = slack.command("/role", "<@U0ALICE|alice> pm", user=ALICE)
    assert "只有工作区管理员和项目经理可以修改角色" in reply.text and roles_in(rt) == []
    assert slack.stub.sent("users.info")[-1].args["user"] == ALICE  # Slack was asked again, not the cache


def test_a_just_demoted_admin_may_not_purge(slack, rt):
    slack.command("/task", "Keep me", user=BOB)
    demote_alice(slack)
    assert "只有 Slack 工作区管理员" in slack.command("/teambot", "purge", user=ALICE).text
    slack.click("teambot.purge", "purge", user=ALICE)  # the question she was shown while still an admin
    assert "只有 Slack 工作区管理员" in last_note(slack) and len(task_state(rt)[0]) == 1


@pytest.mark.parametrize(("command", "words"), [
    ("/task", "settings due-time 18:00"), ("/digest", "preview"), ("/digest", "off"), ("/digest", "now"),
    ("/report", "kpi"), ("/report", "export tasks"),
])
def test_a_just_demoted_admin_is_no_manager(slack, rt, command, words):
    demote_alice(slack)
    before = task_state(rt)
    reply = slack.command(command, words, user=ALICE)
    assert "只有管理者" in reply.text or "仅面向管理者" in reply.text
    slack.deliver()
    assert task_state(rt) == before and slack.stub.sent("chat.postMessage") == []
    with rt.db.session(read_only=True) as session:
        workspace = session.get(Workspace, "T0TEAM")
        assert workspace is None or (workspace.default_due_time, workspace.digest_enabled) == ("17:00", True)


def test_a_just_demoted_admin_may_not_change_other_peoples_work(slack, rt):
    the_task(slack)
    slack.command("/meeting", "add Weekly sync every Monday 10am", user=DAVE)
    demote_alice(slack)
    before = task_state(rt), meeting_state(rt)
    assert refused(slack.command("/task", "delete 1", user=ALICE).text)
    assert refused(slack.command("/task", "done 1", user=ALICE).text)
    assert refused(slack.command("/meeting", "cancel 1", user=ALICE).text)
    assert (task_state(rt), meeting_state(rt)) == before


def test_a_just_demoted_admin_may_not_run_a_standup(slack, rt):
    demote_alice(slack)
    assert "只有项目经理、工作区管理员" in slack.command("/standup", "setup every weekday at 9:30", user=ALICE).text
    with rt.db.session(read_only=True) as session:
        assert session.scalar(select(func.count()).select_from(Standup)) == 0
    assert slack.stub.sent("conversations.members") == []


def test_an_admin_who_still_is_one_may_act_as_one(slack, rt):
    the_task(slack)
    slack.command("/role", "", user=ALICE)
    asked = asked_about(slack, ALICE)
    assert "现在是项目经理" in slack.command("/role", "<@U0BOB|bob> pm", user=ALICE).text
    slack.command("/task", "done 1", user=ALICE)
    assert task_state(rt)[0][0][4] == "done"
    assert asked_about(slack, ALICE) == asked + 2  # once per privileged action, never from the cache


def test_slack_is_not_asked_when_a_role_already_allows_it(slack, rt):
    the_task(slack)
    make(rt, ALICE, "pm")
    slack.command("/role", "", user=ALICE)
    asked = asked_about(slack, ALICE)
    slack.command("/role", "<@U0BOB|bob> ops", user=ALICE)
    slack.command("/task", "done 1", user=ALICE)
    slack.command("/digest", "preview", user=ALICE)
    assert asked_about(slack, ALICE) == asked and ("U0BOB", "ops") in roles_in(rt)
    assert task_state(rt)[0][0][4] == "done"


def test_when_slack_cannot_confirm_an_admin_nothing_is_done(slack, rt):
    slack.command("/task", "Keep me", user=BOB)
    slack.command("/role", "", user=ALICE)
    slack.stub.error("users.info", "fatal_error", count=3)
    reply = slack.command("/role", "<@U0BOB|bob> pm", user=ALICE)
    assert "Slack 暂时没有确认你是工作区管理员" in reply.text and roles_in(rt) == []
    slack.click("teambot.purge", "purge", user=ALICE)
    assert "Slack 暂时没有确认" in last_note(slack) and len(task_state(rt)[0]) == 1
    assert "Slack 暂时没有确认" in slack.command("/task", "settings due-time 18:00", user=ALICE).text
    slack.stub.reset()
    assert "现在是项目经理" in slack.command("/role", "<@U0BOB|bob> pm", user=ALICE).text  # Slack answers again
