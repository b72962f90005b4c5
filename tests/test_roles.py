"""Roles through the wire: who may grant (workspace admins, PMs), who may not, and who is told. Also `/teambot
purge`, the other "who may" command: workspace admins only, asked first and checked again on the button."""

import json

import pytest
from sqlalchemy import func, select

from bot.roles import parse, rules
from storage.models import Role, Task


def roles_in(rt, team="T0TEAM"):
    with rt.db.session(read_only=True) as session:
        return sorted((r.user_id, r.role) for r in session.scalars(select(Role).where(Role.team_id == team)))


def test_a_workspace_admin_names_the_first_pm_and_the_pm_is_told(slack, rt):
    reply = slack.command("/role", "<@U0BOB|bob> pm", user="U0ALICE")  # alice is a workspace admin
    assert "现在是项目经理" in reply.text  # alice reads Chinese
    assert roles_in(rt) == [("U0BOB", "pm")]
    slack.deliver()
    [dm] = slack.stub.sent("chat.postMessage")
    assert dm.args["channel"] == "U0BOB" and "project manager" in dm.text() and "change requests" in dm.text()


def test_a_pm_may_grant_and_remove_roles(slack, rt):
    slack.command("/role", "<@U0BOB|bob> pm", user="U0ALICE")
    assert "is now operations manager" in slack.command("/role", "<@U0CAROL|carol> ops", user="U0BOB").text
    assert "already is" in slack.command("/role", "<@U0CAROL|carol> ops", user="U0BOB").text
    slack.command("/role", "<@U0ERIN|erin> <@U0DAVE|dave> member", user="U0BOB")
    assert ("U0DAVE", "member") in roles_in(rt) and ("U0ERIN", "member") in roles_in(rt)
    assert "no longer" in slack.command("/role", "remove <@U0CAROL|carol> ops", user="U0BOB").text
    assert ("U0CAROL", "ops") not in roles_in(rt)


def test_members_and_ops_managers_may_not_grant(slack, rt):
    slack.command("/role", "<@U0CAROL|carol> ops", user="U0ALICE")
    before = roles_in(rt)
    for user in ("U0ERIN", "U0CAROL"):  # a plain member, an ops manager
        reply = slack.command("/role", "<@U0ERIN|erin> pm", user=user)
        assert "Only workspace admins and project managers" in reply.text
        assert "Only workspace admins" in slack.command("/role", "remove <@U0CAROL|carol> ops", user=user).text
    assert roles_in(rt) == before


def test_chinese_role_names_and_bad_input(slack, rt):
    slack.command("/role", "<@U0DAVE|dave> 运营经理", user="U0ALICE")
    assert roles_in(rt) == [("U0DAVE", "ops")]
    assert "roles are pm, ops and member" in slack.command("/role", "<@U0DAVE|dave> boss", user="U0BOB").text
    assert "Who, and which role?" in slack.command("/role", "pm", user="U0BOB").text


def test_my_roles_explain_each_role_and_the_list_shows_everyone(slack, rt):
    slack.command("/role", "<@U0BOB|bob> pm", user="U0ALICE")
    mine = slack.command("/role", "", user="U0BOB").text
    assert "project manager" in mine and "feedback and operational risks" in mine and "weekly digest" in mine
    listing = slack.command("/role", "list", user="U0ERIN").text
    assert "<@U0BOB>" in listing
    assert "Nobody has a role yet" in slack.command("/role", "list", team="T0OTHER").text


def test_roles_are_per_workspace(slack, rt):
    slack.command("/role", "<@U0BOB|bob> pm", user="U0ALICE", team="T0TEAM")
    reply = slack.command("/role", "<@U0ERIN|erin> pm", user="U0BOB", team="T0OTHER")  # bob is no PM there
    assert "Only workspace admins" in reply.text and roles_in(rt, "T0OTHER") == []


def test_the_changed_person_is_told_in_their_own_language_and_the_actor_is_not(slack, rt):
    slack.command("/role", "<@U0DAVE|dave> <@U0ALICE|alice> pm", user="U0ALICE")  # alice names herself too
    slack.deliver()
    [dm] = slack.stub.sent("chat.postMessage")
    assert dm.args["channel"] == "U0DAVE" and "将你设为项目经理" in dm.text()  # dave reads Chinese
    slack.command("/role", "remove <@U0DAVE|dave> pm", user="U0ALICE")
    slack.command("/role", "remove <@U0DAVE|dave> pm", user="U0ALICE")  # he no longer has it: nobody is told
    slack.deliver()
    assert [c.args["channel"] for c in slack.stub.sent("chat.postMessage")] == ["U0DAVE", "U0DAVE"]
    assert "取消了你的项目经理角色" in slack.stub.sent("chat.postMessage")[-1].text()


def test_a_usage_problem_says_what_is_wrong_and_how_it_is_done(slack, rt):
    reply = slack.command("/role", "remove <@U0DAVE|dave>", user="U0ALICE").text
    assert "给谁、什么角色" in reply and "/role @某人 pm|ops|member" in reply and roles_in(rt) == []


# ---- every subcommand in English and Chinese ---------------------------------------------------------------------

LIST_WORDS = ["list", "LIST", "列表", "清单"]
REMOVE_WORDS = ["remove", "rm", "revoke", "移除", "删除"]


def test_the_word_lists_cover_every_subcommand():
    assert {word for words, _ in parse.SUBCOMMANDS.chinese() for word in words.split("/")} <= {
        *LIST_WORDS, *REMOVE_WORDS}


@pytest.mark.parametrize("word", LIST_WORDS)
def test_list_in_any_of_its_words(slack, rt, word):
    slack.command("/role", "<@U0BOB|bob> pm", user="U0ALICE")
    assert "<@U0BOB>" in slack.command("/role", word, user="U0ERIN").text


@pytest.mark.parametrize("word", REMOVE_WORDS)
def test_remove_in_any_of_its_words(slack, rt, word):
    slack.command("/role", "<@U0CAROL|carol> ops", user="U0ALICE")
    assert "不再是运营经理" in slack.command("/role", f"{word} <@U0CAROL|carol> 运营经理", user="U0ALICE").text
    assert roles_in(rt) == []


# ---- the rules, table-driven ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "role"), [
    ("pm", "pm"), ("PM", "pm"), (" Manager ", "pm"), ("project-manager", "pm"), ("项目经理", "pm"),
    ("ops", "ops"), ("operations", "ops"), ("运营", "ops"), ("运营经理", "ops"),
    ("member", "member"), ("成员", "member"), ("组员", "member"),
    ("boss", None), ("", None), ("list", None),
])
def test_role_names(word, role):
    assert rules.role_named(word) == role


@pytest.mark.parametrize(("is_admin", "is_pm", "may"), [(True, False, True), (False, True, True), (True, True, True),
                                                       (False, False, False)])
def test_who_may_change_roles(is_admin, is_pm, may):
    assert rules.may_change_roles(actor_is_admin=is_admin, actor_is_pm=is_pm) is may


@pytest.mark.parametrize(("text", "users", "roles", "problem"), [
    ("<@U0BOB|bob> pm", ("U0BOB",), ("pm",), None),
    ("pm <@U0BOB>", ("U0BOB",), ("pm",), None),
    ("<@U0BOB|bob> <@U0CAROL|carol> <@U0BOB|bob> pm 项目经理 ops", ("U0BOB", "U0CAROL"), ("pm", "ops"), None),
    ("<@U0BOB|bob>", ("U0BOB",), (), "role.usage"),
    ("pm", (), ("pm",), "role.usage"),
    ("", (), (), "role.usage"),
    ("<@U0BOB|bob> boss", ("U0BOB",), (), "role.unknown_role"),
    ("boss pm", (), ("pm",), "role.unknown_role"),
])
def test_reading_a_role_change(text, users, roles, problem):
    change = parse.role_change(text)
    assert (change.user_ids, change.roles, change.problem) == (users, roles, problem)


# ---- /teambot purge ----------------------------------------------------------------------------------------------

def tasks_kept(rt, team="T0TEAM"):
    with rt.db.session(read_only=True) as session:
        return session.scalar(select(func.count()).select_from(Task).where(Task.team_id == team))


def last_response(slack):
    return slack.stub.sent("response_url")[-1].args


@pytest.mark.parametrize("word", ["purge", "PURGE", "清除", "清空"])
def test_purge_asks_a_workspace_admin_first(slack, rt, word):
    slack.command("/task", "Keep me", user="U0BOB")
    asked = slack.command("/teambot", word, user="U0ALICE")
    buttons = [e["action_id"] for b in asked.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["teambot.purge", "teambot.keep"] and "全部删除" in asked.text
    assert "Only Slack workspace admins" in slack.command("/teambot", word, user="U0BOB").text
    assert tasks_kept(rt) == 1


def test_the_purge_button_checks_again_and_keep_deletes_nothing(slack, rt):
    slack.command("/task", "Keep me", user="U0BOB")
    slack.command("/task", "Elsewhere", user="U0BOB", team="T0OTHER")
    slack.click("teambot.purge", "purge", user="U0BOB")  # bob saw the question, but is no admin
    assert "Only Slack workspace admins" in json.dumps(last_response(slack))
    assert last_response(slack)["replace_original"] is False and tasks_kept(rt) == 1
    slack.click("teambot.keep", "keep", user="U0ALICE")
    assert "没有删除任何内容" in json.dumps(last_response(slack), ensure_ascii=False)
    assert last_response(slack)["replace_original"] is True and tasks_kept(rt) == 1
    slack.click("teambot.purge", "purge", user="U0ALICE")
    assert ":wastebasket:" in json.dumps(last_response(slack)) and last_response(slack)["replace_original"] is True
    assert tasks_kept(rt) == 0 and tasks_kept(rt, "T0OTHER") == 1


def test_teambot_explains_itself(slack):
    assert "/teambot purge" in slack.command("/teambot", "frobnicate", user="U0BOB").text
    assert "清除" in slack.command("/teambot", "help", user="U0BOB").text
