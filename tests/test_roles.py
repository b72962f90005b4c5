"""Roles through the wire: who may grant (workspace admins, PMs), who may not, and who is told."""

from sqlalchemy import select

from storage.models import Role


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
