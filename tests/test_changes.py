"""Change requests through the wire: signed Slack payloads in, what Slack would receive out.

The clock is fixed at Tuesday 2026-11-24 09:00 UTC. alice (workspace admin) and dave read Chinese; bob, carol and
erin read English. Nobody is a project manager until a test names one.
"""

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.changes import parse, rules
from bot.changes import service as changes
from bot.core.caller import Caller
from bot.core.errors import UserError
from bot.core.people import Person
from storage.models import ChangeRequest, Role

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def stamp(when: datetime) -> str:
    return f"<!date^{int(when.timestamp())}^"


def make_pm(rt, user_id, team="T0TEAM"):
    with rt.db.session() as session:
        session.add(Role(team_id=team, user_id=user_id, role="pm", granted_by="U0ALICE",
                         granted_at=datetime(2026, 1, 1, tzinfo=UTC)))


def caller(rt, user_id, channel_id=None, team="T0TEAM"):
    """Someone calling the service directly, as a listener would."""
    return Caller.of(rt.env, team, Person(user_id, user_id, "UTC", "en-US"), channel_id)


def requests_in(rt, team="T0TEAM"):
    with rt.db.session(read_only=True) as session:
        return list(session.scalars(select(ChangeRequest).where(ChangeRequest.team_id == team)
                                    .order_by(ChangeRequest.number)))


def dms(slack, user):
    return [c for c in slack.stub.sent("chat.postMessage") if c.args["channel"] == user]


def buttons(call):
    blocks = call.args["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return {e["action_id"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]}


def opened_view(slack):
    view = slack.stub.sent("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def approve(slack, number, *, user, reason="", action="change.approve"):
    """A PM presses a button on their DM, then submits the reason modal it opened."""
    slack.click(action, str(number), user=user)
    view = opened_view(slack)
    return slack.submit("change.decide", {"reason": {"value": reason}}, private_metadata=view["private_metadata"],
                        user=user)


def last_response(slack):
    return slack.stub.sent("response_url")[-1]


# ---- filing -------------------------------------------------------------------------------------------------------

def test_a_request_goes_to_each_pm_in_their_own_language_and_only_to_them(slack, rt):
    make_pm(rt, "U0ALICE")
    make_pm(rt, "U0CAROL")
    reply = slack.command("/change", "Move the deploy window to Thursday because of the release freeze "
                                     "impact: on-call shifts move by one day", user="U0BOB", channel="C0OPS")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    assert "Change request #1 filed" in reply.text and "Impact" in reply.text
    assert "Sent to <@U0ALICE>, <@U0CAROL> for approval" in reply.text
    assert "change.approve" not in reply.text  # the requester cannot approve from their own reply
    [change] = requests_in(rt)
    assert (change.number, change.text, change.impact, change.requester_id, change.channel_id, change.status) == (
        1, "Move the deploy window to Thursday because of the release freeze", "on-call shifts move by one day",
        "U0BOB", "C0OPS", "pending")
    assert change.created_at == NOW and change.decided_by is None

    assert slack.deliver() == 2
    assert {c.args["channel"] for c in slack.stub.sent("chat.postMessage")} == {"U0ALICE", "U0CAROL"}
    [to_alice], [to_carol] = dms(slack, "U0ALICE"), dms(slack, "U0CAROL")
    assert "请你审批变更请求 #1" in to_alice.text() and "批准" in to_alice.text() and "<@U0BOB>" in to_alice.text()
    assert "asks for your approval of change request #1" in to_carol.text()
    assert buttons(to_carol) == {"change.approve": "1", "change.reject": "1"}
    assert "on-call shifts move by one day" in to_carol.text()


def test_a_chinese_request_with_its_impact(slack, rt):
    make_pm(rt, "U0CAROL")
    reply = slack.command("/change", "因发布冻结，把上线窗口改到周四 影响：值班顺延一天", user="U0DAVE")
    assert "已提交变更请求 #1" in reply.text and "已发送给 <@U0CAROL> 审批" in reply.text
    [change] = requests_in(rt)
    assert (change.text, change.impact) == ("因发布冻结，把上线窗口改到周四", "值班顺延一天")
    slack.deliver()
    [to_carol] = dms(slack, "U0CAROL")
    assert "asks for your approval" in to_carol.text()  # carol reads English whoever asked


def test_with_no_pm_the_request_is_kept_and_the_reply_says_how_to_name_one(slack, rt):
    reply = slack.command("/change", "Rotate the database credentials", user="U0BOB")
    assert "Nobody can approve it yet" in reply.text and "/role @someone pm" in reply.text
    assert "/change approve 1" in reply.text
    [change] = requests_in(rt)
    assert change.status == "pending"
    assert slack.deliver() == 0
    zh = slack.command("/change", "轮换数据库密码", user="U0DAVE")
    assert "还没有指定项目经理" in zh.text and "/role @某人 pm" in zh.text
    # once a PM is named, they can decide it from the command line
    make_pm(rt, "U0CAROL")
    assert "You approved change request #1" in slack.command("/change", "approve 1", user="U0CAROL").text
    assert requests_in(rt)[0].status == "approved"


@pytest.mark.parametrize("typed, what, impact", [
    ("Upgrade Postgres to 16", "Upgrade Postgres to 16", ""),
    ("Upgrade Postgres to 16 impact: 5 minutes of downtime", "Upgrade Postgres to 16", "5 minutes of downtime"),
    ("Upgrade Postgres to 16 Impact 5 minutes of downtime", "Upgrade Postgres to 16", "5 minutes of downtime"),
    ("Upgrade Postgres to 16 - impact - 5 minutes of downtime", "Upgrade Postgres to 16", "5 minutes of downtime"),
    ("Reduce the impact of outages impact: a new alert", "Reduce the impact of outages", "a new alert"),
    ("Ship the high-impact fix now", "Ship the high-impact fix now", ""),
    ("Minimise the performance impact", "Minimise the performance impact", ""),
    ("Cut the impacts of deploys", "Cut the impacts of deploys", ""),
    ("升级数据库 影响：停机5分钟", "升级数据库", "停机5分钟"),
    ("升级数据库会影响报表 影响: 停机5分钟", "升级数据库会影响报表", "停机5分钟"),
    ("这次变更不会影响用户", "这次变更不会影响用户", ""),
])
def test_what_is_the_impact(typed, what, impact):
    assert changes.parse_request(typed) == (what, impact)


def test_too_long_is_refused_clearly_and_nothing_is_stored(slack, rt):
    reply = slack.command("/change", "x" * 3001)
    assert "3001 characters" in reply.text and "3000" in reply.text and "Nothing was saved" in reply.text
    assert "没有保存任何内容" in slack.command("/change", "变" * 3001, user="U0DAVE").text
    assert "What should change" in slack.command("/change", "impact: everything").text
    assert requests_in(rt) == []
    # at the limit it is kept, and even text that escaping lengthens fits Slack's blocks
    make_pm(rt, "U0CAROL")
    reply = slack.command("/change", "&amp;" * 3000)
    assert reply.json["response_type"] == "ephemeral" and len(requests_in(rt)[0].text) == 3000
    slack.deliver()
    for blocks in (reply.json["blocks"], json.loads(json.dumps(dms(slack, "U0CAROL")[0].args["blocks"]))):
        assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")


def test_help_and_empty_text_show_usage(slack, rt):
    assert "/change list [pending|all]" in slack.command("/change", "help").json["text"]
    assert "/change" in slack.command("/change", "").json["text"]
    assert "需审批的变更请求" in slack.command("/change", "help", user="U0ALICE").json["text"]
    assert requests_in(rt) == []


# ---- deciding -----------------------------------------------------------------------------------------------------

def test_approve_opens_a_modal_and_the_decision_is_recorded_told_and_announced(slack, rt, clock):
    make_pm(rt, "U0CAROL")
    slack.command("/change", "Switch the CDN to Fastly impact: 10 minutes of cache misses", user="U0BOB",
                  channel="C0OPS")
    slack.deliver()
    slack.stub.reset()
    clock.advance(hours=2)

    slack.click("change.approve", "1", user="U0CAROL")
    view = opened_view(slack)
    assert view["callback_id"] == "change.decide" and "Approve #1" in view["title"]["text"]
    [reason_block] = [b for b in view["blocks"] if b["type"] == "input"]
    assert reason_block["block_id"] == "reason" and reason_block["optional"] is True
    assert "Switch the CDN to Fastly" in json.dumps(view)
    assert requests_in(rt)[0].status == "pending"  # nothing is decided until the modal is submitted

    reply = slack.submit("change.decide", {"reason": {"value": "Go ahead after 18:00"}},
                         private_metadata=view["private_metadata"], user="U0CAROL")
    assert reply.status == 200 and reply.body in ("", "{}")
    [change] = requests_in(rt)
    assert (change.status, change.decided_by, change.decided_at, change.reason) == (
        "approved", "U0CAROL", NOW + timedelta(hours=2), "Go ahead after 18:00")

    update = last_response(slack)  # carol's DM card, updated in place
    assert update.args["replace_original"] in (True, "true")
    assert "You approved change request #1" in update.text() and "change.approve" not in update.text()

    assert slack.deliver() == 2
    [told] = dms(slack, "U0BOB")
    assert "<@U0CAROL> approved your change request #1" in told.text() and "Go ahead after 18:00" in told.text()
    assert stamp(NOW + timedelta(hours=2)) in told.text()
    [announced] = dms(slack, "C0OPS")
    assert "Heads-up: change request #1 from <@U0BOB> was approved by <@U0CAROL>" in announced.text()
    assert "Switch the CDN to Fastly" in announced.text() and "10 minutes of cache misses" in announced.text()


def test_a_change_asked_for_in_a_dm_is_not_announced_there(slack, rt):
    make_pm(rt, "U0CAROL")
    slack.command("/change", "Rename the staging cluster", user="U0BOB", channel="D0BOBCAROL")
    slack.command("/change", "approve 1 fine", user="U0CAROL")
    slack.deliver()
    assert [c.args["channel"] for c in slack.stub.sent("chat.postMessage")] == ["U0CAROL", "U0BOB"]


def test_a_rejection_needs_a_reason_and_is_not_announced(slack, rt):
    make_pm(rt, "U0ALICE")
    slack.command("/change", "Drop support for IE11", user="U0BOB", channel="C0DEV")
    slack.deliver()
    slack.stub.reset()

    slack.click("change.reject", "1", user="U0ALICE")
    view = opened_view(slack)
    assert "拒绝 #1" in view["title"]["text"]
    [reason_block] = [b for b in view["blocks"] if b["type"] == "input"]
    assert reason_block["optional"] is False
    empty = slack.submit("change.decide", {"reason": {"value": "   "}}, private_metadata=view["private_metadata"],
                         user="U0ALICE")
    assert empty.json["response_action"] == "errors" and "需要填写理由" in empty.json["errors"]["reason"]
    assert requests_in(rt)[0].status == "pending"

    done = slack.submit("change.decide", {"reason": {"value": "Two customers still use it"}},
                        private_metadata=view["private_metadata"], user="U0ALICE")
    assert done.body in ("", "{}")
    [change] = requests_in(rt)
    assert (change.status, change.decided_by, change.reason) == ("rejected", "U0ALICE", "Two customers still use it")
    assert "你已拒绝变更请求 #1" in last_response(slack).text()
    slack.deliver()
    [told] = [c for c in slack.stub.sent("chat.postMessage")]
    assert told.args["channel"] == "U0BOB" and "rejected your change request #1" in told.text()
    assert "Two customers still use it" in told.text()
    assert "已由 <@U0ALICE>" in slack.command("/change", "reject 1", user="U0ALICE").text  # already rejected
    slack.command("/change", "Drop support for Safari 12", user="U0BOB")
    assert "需要填写理由" in slack.command("/change", "reject 2", user="U0ALICE").text
    assert requests_in(rt)[1].status == "pending"


def test_only_a_pm_may_decide_at_the_button_at_the_submission_and_in_the_core(slack, rt):
    make_pm(rt, "U0CAROL")
    slack.command("/change", "Turn off the legacy VPN", user="U0BOB")
    slack.click("change.approve", "1", user="U0CAROL")
    meta = opened_view(slack)["private_metadata"]
    slack.stub.reset()

    for user in ("U0ERIN", "U0ALICE", "U0BOB"):  # a member, a workspace admin who is no PM, the requester
        assert slack.click("change.approve", "1", user=user).status == 200
        refusal = last_response(slack)
        assert "Only a project manager" in refusal.text() or "只有项目经理" in refusal.text()
        assert refusal.args["replace_original"] in (False, "false")
    assert slack.stub.sent("views.open") == []

    forged = slack.submit("change.decide", {"reason": {"value": "sure"}}, private_metadata=meta, user="U0ERIN")
    assert "Only a project manager" in forged.json["errors"]["reason"]
    assert "Only a project manager" in slack.command("/change", "approve 1", user="U0ERIN").text
    with pytest.raises(UserError) as refused:
        changes.decide(caller(rt, "U0ERIN"), 1, True, "")
    assert refused.value.key == "change.not_pm"
    assert requests_in(rt)[0].status == "pending" and requests_in(rt)[0].decided_by is None
    slack.deliver()
    assert dms(slack, "U0BOB") == []


def test_the_first_decision_wins_and_later_ones_say_who_and_when(slack, rt, clock):
    make_pm(rt, "U0ALICE")
    make_pm(rt, "U0CAROL")
    slack.command("/change", "Enable two-factor login for everyone", user="U0BOB")
    # both PMs open the modal before either decides
    slack.click("change.reject", "1", user="U0ALICE")
    alices = opened_view(slack)["private_metadata"]
    clock.advance(minutes=5)
    approve(slack, 1, user="U0CAROL", reason="Long overdue")
    decided_at = NOW + timedelta(minutes=5)
    clock.advance(minutes=5)

    late = slack.submit("change.decide", {"reason": {"value": "Not this quarter"}}, private_metadata=alices,
                        user="U0ALICE")
    assert late.body in ("", "{}")  # the modal closes ...
    card = last_response(slack)  # ... and alice's card says who decided first, and when
    assert card.args["replace_original"] in (True, "true")
    assert "已由 <@U0CAROL>" in card.text() and stamp(decided_at) in card.text() and "未做任何修改" in card.text()
    assert "change.reject" not in card.text()

    slack.click("change.approve", "1", user="U0ALICE")  # a click on the stale card says the same, in place
    again = last_response(slack)
    assert again.args["replace_original"] in (True, "true") and "已由 <@U0CAROL>" in again.text()
    assert stamp(decided_at) in again.text()
    assert "already approved by <@U0CAROL>" in slack.command("/change", "reject 1 nope", user="U0CAROL").text

    [change] = requests_in(rt)
    assert (change.status, change.decided_by, change.decided_at, change.reason) == (
        "approved", "U0CAROL", decided_at, "Long overdue")
    slack.deliver()
    assert len(dms(slack, "U0BOB")) == 1  # the requester hears one decision


def test_pms_deciding_at_the_same_moment_cannot_both_win(rt):
    pms = ("U0ALICE", "U0CAROL", "U0DAVE", "U0ERIN")
    for pm in pms:
        make_pm(rt, pm)
    changes.file_request(caller(rt, "U0BOB", "C0OPS"), "Move the office network to the new ISP")
    start, outcomes = threading.Barrier(len(pms)), []

    def decide(pm: str) -> None:
        start.wait()
        decided = changes.decide(caller(rt, pm), 1, pm in ("U0ALICE", "U0DAVE"), "my call")
        outcomes.append("decided" if decided.first else f"change.already_{decided.change.status}")

    threads = [threading.Thread(target=decide, args=(pm,)) for pm in pms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("decided") == 1
    assert all(o.startswith("change.already_") for o in outcomes if o != "decided")
    [change] = requests_in(rt)
    assert change.decided_by in pms and change.status == ("approved" if change.decided_by in ("U0ALICE", "U0DAVE")
                                                            else "rejected")


# ---- listing ------------------------------------------------------------------------------------------------------

def test_list_shows_pending_by_default_and_all_newest_first(slack, rt):
    make_pm(rt, "U0CAROL")
    slack.command("/change", "First change", user="U0BOB")
    slack.command("/change", "Second change", user="U0ERIN")
    slack.command("/change", "Third change", user="U0BOB")
    slack.command("/change", "approve 1", user="U0CAROL")
    slack.command("/change", "reject 3 not now", user="U0CAROL")

    pending = slack.command("/change", "list", user="U0DAVE")
    assert "待审批的变更请求" in pending.text and "Second change" in pending.text
    assert "First change" not in pending.text and "Third change" not in pending.text
    assert len(slack.command("/change", "list pending").json["blocks"]) == 2  # the title and #2

    everything = slack.command("/change", "list all", user="U0ERIN").text
    assert everything.index("Third change") < everything.index("Second change") < everything.index("First change")
    assert "rejected" in everything and "approved" in everything and "pending" in everything
    assert "Approved by <@U0CAROL>" in everything and "Rejected by <@U0CAROL>" in everything
    assert "requested by <@U0ERIN>" in everything

    assert "`pending`" in slack.command("/change", "list nonsense").text
    slack.command("/change", "approve 2", user="U0CAROL")
    assert "No change request is waiting" in slack.command("/change", "list").text


def test_a_long_list_stays_within_slack_limits(slack, rt):
    for i in range(1, 56):
        slack.command("/change", f"Change number {i}")
    reply = slack.command("/change", "list")
    blocks = reply.json["blocks"]
    assert len(blocks) <= 50 and "and 15 more" in reply.text
    shown = [b["text"]["text"].rsplit("\n", 1)[-1] for b in blocks if b["type"] == "section"][1:]
    assert len(shown) == 40 and shown[0] == "Change number 55" and shown[-1] == "Change number 16"


# ---- safety -------------------------------------------------------------------------------------------------------

def test_workspaces_are_isolated_even_with_a_forged_button_value(slack, rt):
    make_pm(rt, "U0CAROL")
    make_pm(rt, "U0DAVE", team="T0OTHER")
    slack.command("/change", "Secret migration plan", user="U0BOB", team="T0TEAM")
    slack.click("change.approve", "1", user="U0CAROL")
    meta = opened_view(slack)["private_metadata"]
    slack.stub.reset()

    slack.click("change.approve", "1", user="U0DAVE", team="T0OTHER")
    assert "本工作区没有变更请求 #1" in last_response(slack).text() and slack.stub.sent("views.open") == []
    forged = slack.submit("change.decide", {"reason": {"value": "ok"}}, private_metadata=meta, user="U0DAVE",
                          team="T0OTHER")
    assert "本工作区没有变更请求 #1" in forged.json["errors"]["reason"]
    assert "本工作区没有变更请求 #1" in slack.command("/change", "approve 1", user="U0DAVE", team="T0OTHER").text
    assert "Secret migration plan" not in slack.command("/change", "list all", user="U0DAVE", team="T0OTHER").text
    assert requests_in(rt)[0].status == "pending"

    slack.command("/change", "Their own plan", user="U0DAVE", team="T0OTHER")
    assert [c.number for c in requests_in(rt, "T0OTHER")] == [1]
    slack.command("/change", "approve 1", user="U0DAVE", team="T0OTHER")
    assert requests_in(rt, "T0OTHER")[0].status == "approved" and requests_in(rt)[0].status == "pending"


def test_request_text_is_shown_as_text_and_never_pings_anyone(slack, rt):
    make_pm(rt, "U0CAROL")
    # what Slack sends for "@channel & @here <b>now</b> @carol <!everyone> impact: @here gets <!channel>"
    reply = slack.command("/change", "<!channel> &amp; <!here> &lt;b&gt;now&lt;/b&gt; <@U0CAROL|carol> "
                                     "&lt;!everyone&gt; impact: <!here> gets &lt;!channel&gt;",
                          user="U0BOB", channel="C0OPS")
    [change] = requests_in(rt)
    assert change.text == "@channel & @here <b>now</b> @carol <!everyone>"  # stored as typed, plain
    assert change.impact == "@here gets <!channel>"
    approve(slack, 1, user="U0CAROL", reason="<!channel> ok & <b>go</b>")
    slack.deliver()
    everything = reply.body + "".join(c.text() for c in slack.stub.sent())
    for live in ("<!channel>", "<!here>", "<!everyone>", "<b>"):
        assert live not in everything
    [announced] = dms(slack, "C0OPS")
    assert "@channel &amp; @here &lt;b&gt;now&lt;/b&gt; @carol &lt;!everyone&gt;" in announced.text()
    assert "@here gets &lt;!channel&gt;" in announced.text()
    [told] = dms(slack, "U0BOB")
    assert "&lt;!channel&gt; ok &amp; &lt;b&gt;go&lt;/b&gt;" in told.text()


# ---- the words people type ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("chinese", "english"), [
    ("列表", "list"), ("列表 待审批", "list pending"), ("列表 全部", "list all"), ("ls 全部", "list all"),
    ("list 待审批", "list"), ("列表 whatever", "list nonsense"),
])
def test_list_in_chinese_lists_what_list_lists(slack, rt, chinese, english):
    make_pm(rt, "U0CAROL")
    slack.command("/change", "First change", user="U0BOB")
    slack.command("/change", "Second change", user="U0ERIN")
    slack.command("/change", "approve 1", user="U0CAROL")
    for user in ("U0BOB", "U0ALICE"):
        assert slack.command("/change", chinese, user=user).json == slack.command("/change", english, user=user).json


@pytest.mark.parametrize(("typed", "status", "reason"), [
    ("批准 1", "approved", None), ("同意 1 没问题", "approved", "没问题"), ("approve 1 fine", "approved", "fine"),
    ("拒绝 1 时机不对", "rejected", "时机不对"), ("驳回 1 先做评估", "rejected", "先做评估"),
    ("reject 1 not now", "rejected", "not now"),
])
def test_every_word_of_approve_and_reject(slack, rt, typed, status, reason):
    make_pm(rt, "U0ALICE")
    slack.command("/change", "Rotate the database credentials", user="U0BOB")
    reply = slack.command("/change", typed, user="U0ALICE")
    assert f"你已{'批准' if status == 'approved' else '拒绝'}变更请求 #1" in reply.text
    [change] = requests_in(rt)
    assert (change.status, change.decided_by, change.reason) == (status, "U0ALICE", reason)
    word = typed.split()[0]
    assert f"哪个变更请求？例如 `/change {word} 3`" in slack.command("/change", word, user="U0ALICE").text
    assert f"Which change request? e.g. `/change {word} 3`" in slack.command("/change", f"{word} x").text


def test_a_rejection_in_chinese_needs_a_reason_too(slack, rt):
    make_pm(rt, "U0ALICE")
    slack.command("/change", "Rotate the database credentials", user="U0BOB")
    assert "需要填写理由" in slack.command("/change", "驳回 1", user="U0ALICE").text
    assert requests_in(rt)[0].status == "pending"


def test_help_names_the_chinese_words(slack):
    text = slack.command("/change", "help").json["text"]
    assert "`列表` list" in text and "`批准/同意` approve" in text and "`拒绝/驳回` reject" in text
    assert "/change 批准 3 [原因]" in slack.command("/change", "帮助", user="U0ALICE").json["text"]


# ---- private channels ---------------------------------------------------------------------------------------------

def test_a_change_asked_for_in_a_private_channel_is_announced_there(slack, rt):
    make_pm(rt, "U0CAROL")
    slack.command("/change", "Move the release to <#G0RELEASE|release> impact: QA retests", user="U0BOB",
                  channel="G0PRIVATE")
    assert "in <#G0PRIVATE>" in slack.command("/change", "list").text
    approve(slack, 1, user="U0CAROL", reason="ok")
    slack.deliver()
    [announced] = dms(slack, "G0PRIVATE")
    assert "was approved by <@U0CAROL>" in announced.text() and "Move the release to #release" in announced.text()


# ---- buttons and the modal ----------------------------------------------------------------------------------------

def test_a_forged_button_or_modal_changes_nothing(slack, rt):
    make_pm(rt, "U0CAROL")
    slack.command("/change", "Turn off the legacy VPN", user="U0BOB")
    slack.click("change.approve", "one", user="U0CAROL")
    assert "no longer matches" in last_response(slack).text() and slack.stub.sent("views.open") == []
    forged = slack.submit("change.decide", {"reason": {"value": "ok"}}, private_metadata='{"number": "1"}',
                          user="U0CAROL")
    assert "no longer matches" in forged.json["errors"]["reason"]
    assert requests_in(rt)[0].status == "pending"


def test_a_decision_is_recorded_even_when_the_card_cannot_be_updated(slack, rt):
    make_pm(rt, "U0CAROL")
    slack.command("/change", "Turn off the legacy VPN", user="U0BOB")
    meta = json.dumps({"number": 1, "approve": True, "response_url": "http://127.0.0.1:9/gone"})
    reply = slack.submit("change.decide", {"reason": {"value": ""}}, private_metadata=meta, user="U0CAROL")
    assert reply.status == 200 and reply.body in ("", "{}")
    assert requests_in(rt)[0].status == "approved"


# ---- the rules ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "impact", "key", "values"), [
    ("", "", "change.no_text", {}),
    ("  ", "downtime", "change.no_text", {}),
    ("x" * 3001, "", "change.too_long", {"limit": 3000, "length": 3001}),
    ("x", "y" * 3001, "change.impact_too_long", {"limit": 3000, "length": 3001}),
])
def test_what_a_request_may_not_be(text, impact, key, values):
    with pytest.raises(UserError) as refused:
        rules.request(text, impact)
    assert (refused.value.key, refused.value.values) == (key, values)


@pytest.mark.parametrize(("text", "impact", "kept"), [
    (" Upgrade ", "", ("Upgrade", "")), ("x" * 3000, " y ", ("x" * 3000, "y")),
])
def test_what_a_request_may_be(text, impact, kept):
    assert rules.request(text, impact) == kept


@pytest.mark.parametrize(("reason", "approve", "outcome"), [
    ("", True, ""), ("  fine ", True, "fine"), ("not now", False, "not now"),
    ("", False, ("change.reason_required", {"number": 7})), ("   ", False, ("change.reason_required", {"number": 7})),
    ("z" * 3001, True, ("change.reason_too_long", {"limit": 3000, "length": 3001})),
])
def test_a_rejection_needs_a_reason(reason, approve, outcome):
    if isinstance(outcome, str):
        assert rules.reason(reason, approve=approve, number=7) == outcome
        return
    with pytest.raises(UserError) as refused:
        rules.reason(reason, approve=approve, number=7)
    assert (refused.value.key, refused.value.values) == outcome


@pytest.mark.parametrize(("approve", "status"), [(True, "approved"), (False, "rejected")])
def test_a_decision_is_a_status(approve, status):
    assert rules.decision(approve) == status


@pytest.mark.parametrize(("status", "channel", "announced"), [
    ("approved", "C0OPS", "C0OPS"), ("approved", "G0PRIVATE", "G0PRIVATE"),  # public and private alike
    ("approved", "D0BOBCAROL", None), ("approved", None, None),  # a DM is no channel
    ("rejected", "C0OPS", None), ("pending", "C0OPS", None),
])
def test_where_a_decision_is_announced(status, channel, announced):
    assert rules.announced_in(status, channel) == announced


@pytest.mark.parametrize(("typed", "scope"), [
    ("", "pending"), ("pending", "pending"), ("open", "pending"), ("待审批", "pending"), (" ALL ", "all"),
    ("全部", "all"), ("nonsense", None), ("mine", None),
])
def test_list_scopes(typed, scope):
    assert parse.list_scope(typed) == scope
