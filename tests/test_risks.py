"""Risks through the wire: signed Slack payloads in, what Slack would receive out.

The clock is fixed at Tuesday 2026-11-24 09:00 UTC: 04:00 for bob (New York), 17:00 for alice and dave (Shanghai),
10:00 for carol (Berlin), 01:00 for erin (Los Angeles). "next Friday" is Friday 4 December for all of them.
Alice is a workspace admin (so she may always act as a manager); roles are rows inserted directly.
"""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.core.errors import UserError
from bot.risks import rules
from storage.models import Reminder, Risk, Role

DEC4_9AM_BERLIN = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
DEC4_9AM_SHANGHAI = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)


def stamp(when: datetime) -> str:
    return f"<!date^{int(when.timestamp())}^"


def risks_in(rt, team="T0TEAM"):
    with rt.db.session(read_only=True) as session:
        return list(session.scalars(select(Risk).where(Risk.team_id == team).order_by(Risk.number)))


def give_role(rt, user_id, role="pm", team="T0TEAM"):
    with rt.db.session() as session:
        session.add(Role(team_id=team, user_id=user_id, role=role, granted_by="U0ALICE",
                         granted_at=datetime(2026, 1, 1, tzinfo=UTC)))


def dms(slack, user_id, containing=""):
    return [c for c in slack.stub.sent("chat.postMessage") if c.args["channel"] == user_id and containing in c.text()]


def escalations(slack):
    return [c for c in slack.stub.sent("chat.postMessage") if "risk.ack" in c.text()]


def view_of(call):
    view = call.args["view"]
    return view if isinstance(view, dict) else json.loads(view)


def elements(view):
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def heat_cells(reply_text: str) -> dict[tuple[int, int], int]:
    """(likelihood, impact) -> count, read back from the heat map's rows (`I5   🟨0   🟧0 …`)."""
    cells = {}
    for impact, row in re.findall(r"I([1-5]) +((?:[🟩🟨🟧🟥]\d+ *){5})", reply_text):
        for likelihood, count in enumerate(re.findall(r"[🟩🟨🟧🟥](\d+)", row), start=1):
            cells[(likelihood, int(impact))] = int(count)
    return cells


def heat_rows(reply) -> list[str]:
    """The heat map's monospace lines: the column header, then impact 5 down to 1."""
    [grid] = [b["text"]["text"] for b in reply.json["blocks"] if "```" in b.get("text", {}).get("text", "")]
    return grid.split("```")[1].strip("\n").split("\n")


# ---- creating -----------------------------------------------------------------------------------------------------

def test_a_risk_with_every_field_in_english(slack, rt):
    reply = slack.command("/risk", "Vendor may miss the API deadline L3 I3 category:technical strategy:mitigate "
                                   "owner <@U0CAROL|carol> review next Friday", user="U0BOB")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    text = reply.text
    assert "Risk recorded" in text and "*#1* Vendor may miss the API deadline" in text
    assert "score *9* medium" in text and "L3×I3" in text and "technical" in text and "mitigate" in text
    assert "owner <@U0CAROL>" in text
    assert stamp(DEC4_9AM_BERLIN) in text  # a date alone: 09:00 in the owner's zone, echoed at once
    [risk] = risks_in(rt)
    assert (risk.description, risk.likelihood, risk.impact, risk.score, risk.category, risk.strategy) == (
        "Vendor may miss the API deadline", 3, 3, 9, "technical", "mitigate")
    assert (risk.owner_id, risk.creator_id, risk.channel_id, risk.status) == ("U0CAROL", "U0BOB", "C0GENERAL", "open")
    assert risk.review_at == DEC4_9AM_BERLIN and risk.reviewed_at == risk.created_at
    assert risk.escalated_at is None  # medium: nobody is paged

    slack.deliver()
    [told] = slack.stub.sent("chat.postMessage")
    assert told.args["channel"] == "U0CAROL" and "made you the owner" in told.text() and "<@U0BOB>" in told.text()


def test_a_risk_in_chinese(slack, rt):
    reply = slack.command("/risk", "服务器可能宕机 可能性:2 影响2 类别:运营 缓解 负责人 <@U0DAVE|dave> 复查 下周五",
                          user="U0ALICE")
    assert "已记录风险" in reply.text and "分值 *4* 低" in reply.text and "运营" in reply.text and "缓解" in reply.text
    [risk] = risks_in(rt)
    assert (risk.description, risk.likelihood, risk.impact, risk.category, risk.strategy, risk.owner_id) == (
        "服务器可能宕机", 2, 2, "operational", "mitigate", "U0DAVE")
    assert risk.review_at == DEC4_9AM_SHANGHAI
    slack.deliver()
    [told] = dms(slack, "U0DAVE")
    assert "指定你为一个风险的负责人" in told.text()  # dave reads Chinese


def test_the_owner_defaults_to_the_creator_and_other_mentions_stay_in_the_description(slack, rt):
    slack.command("/risk", "<@U0ERIN|erin> may leave before launch L2 I4", user="U0BOB")
    [risk] = risks_in(rt)
    assert risk.owner_id == "U0BOB" and risk.description == "@erin may leave before launch"
    slack.deliver()
    assert slack.stub.sent("chat.postMessage") == []  # nobody to tell: bob owns what he raised, and it is medium


def test_help_and_empty_text_show_usage(slack):
    for text in ("", "help"):
        reply = slack.command("/risk", text)
        assert "/risk list" in reply.text and "likelihood × impact" in reply.text
    assert "可能性" in slack.command("/risk", "帮助", user="U0ALICE").text


# ---- the assessment modal -----------------------------------------------------------------------------------------

def test_without_likelihood_or_impact_a_prefilled_form_opens_and_submitting_it_records_the_risk(slack, rt):
    give_role(rt, "U0CAROL", "ops")
    reply = slack.command("/risk", "Data centre move may slip I4 category:operational strategy:transfer "
                                   "owner <@U0CAROL|carol> review Dec 4", user="U0BOB")
    assert "opened a form" in reply.text and "L4 I5" in reply.text  # says what happens, and how without the form
    assert risks_in(rt) == []
    [opened] = slack.stub.sent("views.open")
    view = view_of(opened)
    assert view["callback_id"] == "risk.create" and len(view["title"]["text"]) <= 24
    fields = elements(view)
    assert fields["description"]["initial_value"] == "Data centre move may slip"
    assert "initial_option" not in fields["likelihood"] and fields["impact"]["initial_option"]["value"] == "4"
    assert [o["value"] for o in fields["likelihood"]["options"]] == ["1", "2", "3", "4", "5"]
    assert fields["likelihood"]["options"][3]["text"]["text"] == "4 · Likely"
    assert fields["category"]["initial_option"]["value"] == "operational"
    assert fields["strategy"]["initial_option"]["value"] == "transfer"
    assert fields["owner"]["initial_user"] == "U0CAROL" and fields["review"]["initial_value"] == "2026-12-04"
    assert json.loads(view["private_metadata"]) == {"channel": "C0GENERAL"}

    state = {block: {"type": "static_select", "selected_option": element.get("initial_option")}
             for block, element in fields.items() if element["type"] == "static_select"}
    state["likelihood"] = {"type": "static_select", "selected_option": {"value": "5"}}
    state.update(description={"value": "Data centre move may slip"}, review={"value": "2026-12-04"},
                 owner={"type": "users_select", "selected_user": "U0CAROL"})
    submitted = slack.submit("risk.create", state, private_metadata=view["private_metadata"], user="U0BOB")
    assert submitted.status == 200 and submitted.body in ("", "{}")
    [risk] = risks_in(rt)
    assert (risk.likelihood, risk.impact, risk.score, risk.category, risk.strategy, risk.owner_id) == (
        5, 4, 20, "operational", "transfer", "U0CAROL")
    assert risk.channel_id == "C0GENERAL" and risk.review_at == DEC4_9AM_BERLIN  # read in bob's zone, 09:00 carol's
    slack.deliver()
    [confirmation] = dms(slack, "U0BOB")
    assert "Risk recorded" in confirmation.text() and "Escalated to <@U0CAROL>" in confirmation.text()
    assert len(dms(slack, "U0CAROL", "risk.ack")) == 1


def test_the_form_speaks_the_users_language(slack, rt):
    slack.command("/risk", "数据迁移可能失败 可能性3", user="U0ALICE")
    view = view_of(slack.stub.sent("views.open")[0])
    fields = elements(view)
    assert view["title"]["text"] == "评估风险" and fields["likelihood"]["initial_option"]["value"] == "3"
    assert fields["impact"]["options"][4]["text"]["text"] == "5 · 严重"


def test_the_form_refuses_what_it_cannot_use(slack, rt):
    reply = slack.submit("risk.create", {"description": {"value": "  "},
                                         "likelihood": {"type": "static_select", "selected_option": None},
                                         "impact": {"type": "static_select", "selected_option": {"value": "3"}},
                                         "review": {"value": "when pigs fly"}})
    errors = reply.json["errors"]
    assert reply.json["response_action"] == "errors" and set(errors) == {"description", "likelihood", "review"}
    assert "1 to 5" in errors["likelihood"] and "next Friday" in errors["review"]
    past = slack.submit("risk.create", {"description": {"value": "x"},
                                        "likelihood": {"type": "static_select", "selected_option": {"value": "3"}},
                                        "impact": {"type": "static_select", "selected_option": {"value": "3"}},
                                        "review": {"value": "2025-01-01"}})
    assert "already passed" in past.json["errors"]["review"]
    assert risks_in(rt) == []


def test_when_the_form_cannot_open_the_reply_says_how_to_type_it(slack, rt):
    slack.stub.error("views.open", "expired_trigger_id")
    reply = slack.command("/risk", "Key supplier may go bankrupt")
    assert "could not open the form" in reply.text and "L4 I5" in reply.text and "Nothing was saved" in reply.text
    assert risks_in(rt) == []


# ---- assessing ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Outage L0 I3", "Outage L6 I3", "Outage L9 I3", "Outage L3 I6",
                                  "Outage likelihood:7 impact:2", "Outage L2 impact 0", "Outage L4.5 I2"])
def test_levels_outside_one_to_five_are_refused_and_nothing_is_stored(slack, rt, text):
    reply = slack.command("/risk", text)
    assert "from 1 to 5" in reply.text and "Nothing was saved" in reply.text
    assert risks_in(rt) == [] and slack.stub.sent("views.open") == []


def test_out_of_range_in_chinese(slack, rt):
    reply = slack.command("/risk", "服务器宕机 可能性7 影响2", user="U0DAVE")
    assert "可能性须为 1 到 5 的整数" in reply.text and "7" in reply.text
    assert risks_in(rt) == []


def test_unknown_category_strategy_or_owner_is_refused(slack, rt):
    assert "technical, market" in slack.command("/risk", "Outage L2 I2 category:weather").text
    assert "avoid, transfer, mitigate, accept" in slack.command("/risk", "Outage L2 I2 strategy:pray").text
    assert "could not find @nobody" in slack.command("/risk", "Outage L2 I2 owner @nobody").text
    assert "already passed" in slack.command("/risk", "Outage L2 I2 review 2025-12-01").text
    assert risks_in(rt) == []


def test_an_unreadable_review_date_is_named_and_the_risk_kept(slack, rt):
    reply = slack.command("/risk", "Outage L2 I2 review: blorpday")
    assert "did not understand “blorpday” as a review date" in reply.text
    assert risks_in(rt)[0].review_at is None


# ---- escalation ---------------------------------------------------------------------------------------------------

def test_high_and_critical_risks_go_to_the_pms_in_their_language(slack, rt):
    give_role(rt, "U0DAVE", "pm")
    give_role(rt, "U0BOB", "pm")
    give_role(rt, "U0CAROL", "ops")
    reply = slack.command("/risk", "Payment provider may drop us L4 I5 category:financial", user="U0ERIN")
    assert "score *20* critical" in reply.text and "Escalated to <@U0BOB>, <@U0DAVE>" in reply.text
    slack.deliver()
    to_dave, to_bob = dms(slack, "U0DAVE", "risk.ack"), dms(slack, "U0BOB", "risk.ack")
    assert len(to_dave) == len(to_bob) == 1 and dms(slack, "U0CAROL") == []  # not operational: PMs only
    assert "<@U0ERIN> 提出了一个严重风险" in to_dave[0].text() and "确认" in to_dave[0].text()
    assert "<@U0ERIN> raised a critical risk" in to_bob[0].text() and "Acknowledge" in to_bob[0].text()
    assert "分值 *20* 严重" in to_dave[0].text()
    assert risks_in(rt)[0].escalated_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    slack.command("/risk", "Minor typo in docs L2 I2", user="U0ERIN")
    slack.command("/risk", "Medium thing L3 I3", user="U0ERIN")
    slack.deliver()
    assert len(escalations(slack)) == 2  # low and medium are not escalated


def test_operational_risks_also_go_to_the_ops_managers(slack, rt):
    give_role(rt, "U0DAVE", "pm")
    give_role(rt, "U0CAROL", "ops")
    slack.command("/risk", "Warehouse staff shortage over the holidays L4 I3 category:operational", user="U0ERIN")
    slack.deliver()
    assert {c.args["channel"] for c in escalations(slack)} == {"U0DAVE", "U0CAROL"}
    assert "score *12* high" in dms(slack, "U0CAROL", "risk.ack")[0].text()


def test_with_nobody_to_tell_the_creator_learns_how_to_name_a_pm(slack, rt):
    reply = slack.command("/risk", "Single point of failure in auth L5 I5", user="U0BOB")
    assert "no project manager to tell" in reply.text and "/role @someone pm" in reply.text
    slack.deliver()
    assert slack.stub.sent("chat.postMessage") == []
    assert risks_in(rt)[0].escalated_at is None
    zh = slack.command("/risk", "认证单点故障 可能性5 影响5", user="U0DAVE")
    assert "/role @某人 pm" in zh.text


def test_only_a_manager_may_acknowledge_and_the_message_updates_in_place(slack, rt):
    give_role(rt, "U0BOB", "pm")
    slack.command("/risk", "Certificate expires during the freeze L4 I4", user="U0ERIN")
    slack.deliver()
    [page] = dms(slack, "U0BOB", "risk.ack")
    [ack_button] = [e for b in json.loads(page.text())["blocks"] if b["type"] == "actions" for e in b["elements"]]

    slack.click(ack_button["action_id"], ack_button["value"], user="U0CAROL", channel="D0CAROL")
    [refusal] = slack.stub.sent("response_url")
    assert refusal.args["replace_original"] in (False, "false") and "Only project or operations managers" in \
        json.dumps(refusal.args)
    assert risks_in(rt)[0].acknowledged_by is None

    slack.click(ack_button["action_id"], ack_button["value"], user="U0BOB", channel="D0BOB")
    update = slack.stub.sent("response_url")[-1]
    assert update.args["replace_original"] in (True, "true")
    assert "Acknowledged by <@U0BOB>" in json.dumps(update.args) and "risk.ack" not in json.dumps(update.args)
    risk = risks_in(rt)[0]
    assert risk.acknowledged_by == "U0BOB" and risk.acknowledged_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    slack.deliver()
    assert len(dms(slack, "U0ERIN", "<@U0BOB> acknowledged risk #1")) == 1  # the creator hears it was seen

    slack.click("risk.ack", "1", user="U0ALICE")  # a workspace admin may too; the first acknowledgement stands
    assert risks_in(rt)[0].acknowledged_by == "U0BOB"
    assert "已于" in json.dumps(slack.stub.sent("response_url")[-1].args, ensure_ascii=False)


# ---- listing ------------------------------------------------------------------------------------------------------

def test_list_ranks_by_score_then_newest_with_a_heat_map(slack, rt, clock):
    for text in ("Tiny L1 I1", "Medium one L2 I3", "Critical older L4 I5", "High one L3 I4",
                 "Critical newer L5 I4", "High two L3 I4", "Closed one L3 I4"):
        slack.command("/risk", text)
        clock.advance(minutes=1)
    slack.command("/risk", "close 7 went away")
    reply = slack.command("/risk", "list")
    text = reply.text
    order = ["Critical newer", "Critical older", "High two", "High one", "Medium one", "Tiny"]
    assert [text.index(name) for name in order] == sorted(text.index(name) for name in order)
    assert "Closed one" not in text and "Open risks (6)" in text
    cells = heat_cells(text)
    assert len(cells) == 25 and sum(cells.values()) == 6
    assert cells[(3, 4)] == 2 and cells[(4, 5)] == 1 and cells[(5, 4)] == 1 and cells[(2, 3)] == 1
    assert cells[(1, 1)] == 1 and cells[(5, 5)] == 0
    grid = heat_rows(reply)
    assert grid[0].split() == ["L1", "L2", "L3", "L4", "L5"]
    assert grid[1].split() == ["I5", "🟨0", "🟧0", "🟧0", "🟥1", "🟥0"]  # each cell its band's colour and count
    assert grid[2].split() == ["I4", "🟩0", "🟨0", "🟧2", "🟧0", "🟥1"]
    assert grid[5].split() == ["I1", "🟩1", "🟩0", "🟩0", "🟩0", "🟨0"]

    everything = slack.command("/risk", "list all").text
    assert "Closed one" in everything and "All risks (7)" in everything and heat_cells(everything)[(3, 4)] == 3


def test_list_mine_and_in_chinese(slack, rt):
    slack.command("/risk", "Bob's own L2 I2", user="U0BOB")
    slack.command("/risk", "Carol's L2 I2 owner <@U0CAROL|carol>", user="U0BOB")
    slack.command("/risk", "Erin's L2 I2", user="U0ERIN")
    mine = slack.command("/risk", "list mine", user="U0CAROL").text
    assert "Carol's" in mine and "Bob's own" not in mine and "Erin's" not in mine
    zh = slack.command("/risk", "list", user="U0ALICE").text
    assert "未关闭的风险（3）" in zh and "热力图" in zh
    assert "这里没有风险" in slack.command("/risk", "list mine", user="U0DAVE").text


def test_a_long_register_stays_within_slack_limits(slack, rt):
    with rt.db.session() as session:
        for n in range(1, 41):
            now = datetime(2026, 11, 20, tzinfo=UTC) + timedelta(minutes=n)
            session.add(Risk(team_id="T0TEAM", number=n, description=f"Risk {n} " + "x" * 900, likelihood=n % 5 + 1,
                             impact=3, score=(n % 5 + 1) * 3, creator_id="U0BOB", owner_id="U0BOB", status="open",
                             reviewed_at=now, created_at=now, updated_at=now))
    reply = slack.command("/risk", "list")
    blocks = reply.json["blocks"]
    assert len(blocks) <= 50 and "…and 20 more" in reply.text and "Open risks (40)" in reply.text
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert sum(heat_cells(reply.text).values()) == 40


# ---- updating and closing -----------------------------------------------------------------------------------------

def test_update_recomputes_counts_as_a_review_and_escalates_when_the_band_rises(slack, rt, clock):
    give_role(rt, "U0DAVE", "pm")
    slack.command("/risk", "Key engineer may leave L2 I2", user="U0BOB")
    clock.advance(days=3)
    reply = slack.command("/risk", "update 1 L4 I4 strategy:mitigate", user="U0BOB")
    assert "Risk #1 updated" in reply.text and "score *16* high" in reply.text
    assert "Escalated to <@U0DAVE>" in reply.text
    risk = risks_in(rt)[0]
    assert (risk.score, risk.strategy, risk.reviewed_at) == (16, "mitigate", clock.now())
    assert risk.description == "Key engineer may leave"  # nothing left over: the description stays
    slack.deliver()
    [raised] = escalations(slack)
    assert raised.args["channel"] == "U0DAVE" and "上调为高" in raised.text()

    clock.advance(hours=1)
    slack.command("/risk", "update 1 I5", user="U0BOB")  # high → critical: told again
    slack.command("/risk", "update 1 I4", user="U0BOB")  # critical → high: not
    slack.command("/risk", "update 1 Key engineer has resigned", user="U0BOB")
    slack.deliver()
    assert len(escalations(slack)) == 2
    assert risks_in(rt)[0].description == "Key engineer has resigned"
    assert "What should change" in slack.command("/risk", "update 1", user="U0BOB").text
    assert "nothing changed" in slack.command("/risk", "update 1 review blorpday", user="U0BOB").text
    assert "from 1 to 5" in slack.command("/risk", "update 1 L8", user="U0BOB").text
    assert risks_in(rt)[0].likelihood == 4


def test_close_records_the_outcome(slack, rt, clock):
    slack.command("/risk", "Vendor may miss the deadline L3 I3")
    assert "How did risk #1 end" in slack.command("/risk", "close 1").text
    clock.advance(days=2)
    reply = slack.command("/risk", "close 1 Vendor delivered on time &amp; under budget")
    assert "Risk #1 closed" in reply.text and "Vendor delivered on time &amp; under budget" in reply.text
    risk = risks_in(rt)[0]
    assert (risk.status, risk.outcome, risk.closed_at) == ("closed", "Vendor delivered on time & under budget",
                                                           clock.now())
    assert "is closed" in slack.command("/risk", "update 1 L1").text
    assert "is closed" in slack.command("/risk", "close 1 again").text


def test_a_risk_needs_a_description_and_list_needs_a_known_scope(slack, rt):
    assert "needs a description" in slack.command("/risk", "L4 I5").text
    reply = slack.command("/risk", "list closed")
    assert "I don't know `/risk list closed`" in reply.text and "/risk list [open|all|mine]" in reply.text
    assert risks_in(rt) == [] and slack.stub.sent("views.open") == []


def test_an_unknown_number_is_named(slack, rt):
    assert "no risk #9 in this workspace" in slack.command("/risk", "update 9 L2").text
    assert "no risk #9 in this workspace" in slack.command("/risk", "close #9 done").text
    assert "Which risk?" in slack.command("/risk", "close").text
    assert "本工作区没有风险 #9" in slack.command("/risk", "close 9 完成", user="U0ALICE").text


def test_a_description_starting_with_a_subcommand_word_is_still_a_risk(slack, rt):
    slack.command("/risk", "Update to Python 3.13 may break the build L3 I4")
    slack.command("/risk", "list of vendors may be incomplete L1 I2")
    assert [r.description for r in risks_in(rt)] == ["Update to Python 3.13 may break the build",
                                                     "list of vendors may be incomplete"]


def test_only_the_creator_the_owner_or_a_manager_may_change_a_risk(slack, rt):
    give_role(rt, "U0DAVE", "ops")
    slack.command("/risk", "Budget overrun L2 I3 owner <@U0CAROL|carol>", user="U0BOB")
    refused = slack.command("/risk", "update 1 L3", user="U0ERIN")
    assert "Only the creator, the owner or a manager" in refused.text
    assert "Only the creator" in slack.command("/risk", "close 1 nope", user="U0ERIN").text
    assert risks_in(rt)[0].likelihood == 2
    # the creator, the owner, an ops manager, a workspace admin
    for user, likelihood in (("U0BOB", 3), ("U0CAROL", 4), ("U0DAVE", 1), ("U0ALICE", 2)):
        slack.command("/risk", f"update 1 L{likelihood}", user=user)
        assert risks_in(rt)[0].likelihood == likelihood
    assert "closed" in slack.command("/risk", "close 1 resolved", user="U0CAROL").text


# ---- review reminders ---------------------------------------------------------------------------------------------

def test_the_owner_is_reminded_at_nine_on_the_review_date_once(slack, rt, clock):
    slack.command("/risk", "Vendor may miss the deadline L3 I3 owner <@U0CAROL|carol> review next Friday",
                  user="U0BOB")
    slack.deliver()
    slack.stub.reset()
    clock.current = DEC4_9AM_BERLIN - timedelta(minutes=1)
    assert slack.tick() == 0
    clock.current = DEC4_9AM_BERLIN
    assert slack.tick() == 1
    [reminder] = slack.stub.sent("chat.postMessage")
    assert reminder.args["channel"] == "U0CAROL" and "Time to review risk #1" in reminder.text()
    assert "/risk update 1" in reminder.text() and "risk.reviewed" in reminder.text()
    clock.advance(minutes=5)
    assert slack.tick() == 0
    assert len(slack.stub.sent("chat.postMessage")) == 1

    slack.click("risk.reviewed", "1", user="U0CAROL", channel="D0CAROL")
    assert risks_in(rt)[0].reviewed_at == clock.now()
    assert "marked as reviewed" in json.dumps(slack.stub.sent("response_url")[-1].args)
    slack.click("risk.reviewed", "1", user="U0ERIN")
    assert "Only the creator" in json.dumps(slack.stub.sent("response_url")[-1].args)


def test_a_review_time_given_is_kept_to_the_minute(slack, rt, clock):
    slack.command("/risk", "Launch risk L2 I2 review 2026-12-04 15:00", user="U0BOB")
    at = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)  # 15:00 in New York
    assert risks_in(rt)[0].review_at == at
    clock.current = at - timedelta(seconds=1)
    assert slack.tick() == 0
    clock.current = at
    assert slack.tick() == 1 and dms(slack, "U0BOB", "Time to review")


def test_a_moved_review_date_moves_the_reminder_and_closing_cancels_it(slack, rt, clock):
    slack.command("/risk", "Vendor may miss the deadline L3 I3 owner <@U0CAROL|carol> review next Friday",
                  user="U0BOB")
    slack.command("/risk", "update 1 review Dec 7", user="U0BOB")
    dec7 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert risks_in(rt)[0].review_at == dec7
    with rt.db.session(read_only=True) as session:
        assert [r.due_at.replace(tzinfo=UTC) if r.due_at.tzinfo is None else r.due_at
                for r in session.scalars(select(Reminder).where(Reminder.kind == "risk.review"))] == [dec7]
    slack.deliver()
    slack.stub.reset()
    clock.current = DEC4_9AM_BERLIN
    slack.tick()
    assert slack.stub.sent("chat.postMessage") == []
    slack.command("/risk", "update 1 owner <@U0ERIN|erin>", user="U0BOB")  # a new owner is reminded instead
    slack.command("/risk", "close 1 Vendor delivered", user="U0BOB")
    slack.deliver()
    slack.stub.reset()
    clock.current = dec7
    slack.tick()
    assert slack.stub.sent("chat.postMessage") == []


def test_a_new_owner_is_reminded_at_nine_in_their_own_zone(slack, rt, clock):
    slack.command("/risk", "Vendor may miss the deadline L3 I3 owner <@U0CAROL|carol> review next Friday",
                  user="U0BOB")
    slack.command("/risk", "update 1 owner <@U0ERIN|erin>", user="U0BOB")
    dec4_9am_la = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    assert risks_in(rt)[0].review_at == dec4_9am_la  # a day follows its owner; a time to the minute would stay
    slack.deliver()
    assert len(dms(slack, "U0ERIN", "made you the owner")) == 1
    slack.stub.reset()
    clock.current = DEC4_9AM_BERLIN
    slack.tick()
    clock.current = dec4_9am_la
    slack.tick()
    assert [c.args["channel"] for c in slack.stub.sent("chat.postMessage")] == ["U0ERIN"]


def test_review_none_clears_the_date_and_its_reminder(slack, rt, clock):
    slack.command("/risk", "Vendor may miss the deadline L3 I3 review next Friday", user="U0BOB")
    slack.command("/risk", "update 1 review none", user="U0BOB")
    assert risks_in(rt)[0].review_at is None
    clock.current = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)
    slack.tick()
    assert slack.stub.sent("chat.postMessage") == []


# ---- isolation and escaping ---------------------------------------------------------------------------------------

def test_workspaces_are_isolated(slack, rt):
    slack.command("/risk", "Secret merger may leak L3 I5", team="T0TEAM")
    assert "no risk #1" in slack.command("/risk", "update 1 L1", team="T0OTHER").text
    assert "no risk #1" in slack.command("/risk", "close 1 gone", team="T0OTHER").text
    assert "Secret merger" not in slack.command("/risk", "list all", team="T0OTHER").text
    slack.click("risk.ack", "1", user="U0ALICE", team="T0OTHER")
    assert "本工作区没有风险 #1" in slack.stub.sent("response_url")[-1].args["text"]  # alice reads Chinese
    assert risks_in(rt)[0].acknowledged_by is None
    slack.command("/risk", "Their own risk L1 I1", team="T0OTHER")
    assert [r.number for r in risks_in(rt, "T0OTHER")] == [1]
    assert risks_in(rt)[0].likelihood == 3


def test_user_text_never_pings_or_renders(slack, rt):
    give_role(rt, "U0BOB", "pm")
    reply = slack.command("/risk", "<!channel> &amp; <!here> &lt;b&gt;boom&lt;/b&gt; <!subteam^S0DEVS|@devs> L5 I5",
                          user="U0ERIN")
    slack.command("/risk", "close 1 <!everyone> fixed &lt;i&gt;it&lt;/i&gt;", user="U0ERIN")
    slack.command("/risk", "Harmless <!channel> L1 I1", user="U0ERIN")
    slack.command("/risk", "Another <!here>", user="U0ERIN")  # the form is prefilled with plain text
    slack.deliver()
    everything = reply.body + slack.command("/risk", "list all").body + "".join(c.text() for c in slack.stub.sent())
    for live in ("<!channel>", "<!here>", "<!everyone>", "<!subteam", "<b>", "<i>"):
        assert live not in everything
    risk = risks_in(rt)[0]
    assert risk.description == "@channel & @here <b>boom</b> @devs" and risk.outcome == "@everyone fixed <i>it</i>"
    assert "@channel &amp; @here &lt;b&gt;boom&lt;/b&gt; @devs" in reply.json["text"]
    assert elements(view_of(slack.stub.sent("views.open")[0]))["description"]["initial_value"] == "Another @here"


# ---- the words people type ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("chinese", "english"), [
    ("列表", "list"), ("列表 未关闭", "list open"), ("列表 全部", "list all"), ("列表 我的", "list mine"),
    ("list 全部", "list all"), ("ls 我的", "list mine"),
])
def test_list_in_chinese_lists_what_list_lists(slack, rt, chinese, english):
    slack.command("/risk", "Bob's own L2 I2", user="U0BOB")
    slack.command("/risk", "Erin's L4 I4", user="U0ERIN")
    slack.command("/risk", "Erin's closed one L1 I1", user="U0ERIN")
    slack.command("/risk", "close 3 gone", user="U0ERIN")
    for user in ("U0BOB", "U0ALICE"):
        assert slack.command("/risk", chinese, user=user).json == slack.command("/risk", english, user=user).json


@pytest.mark.parametrize(("typed", "headline", "field", "value"), [
    ("update 1 L4 I4", "Risk #1 updated", "score", 16),
    ("更新 1 可能性4 影响4", "Risk #1 updated", "score", 16),
    ("修改 1 L4 影响4", "Risk #1 updated", "score", 16),
    ("更新 1 复查 无", "Risk #1 updated", "review_at", None),  # as help says in Chinese
    ("close 1 it passed", "Risk #1 closed", "status", "closed"),
    ("关闭 1 供应商按时交付", "Risk #1 closed", "status", "closed"),
])
def test_every_word_of_update_and_close(slack, rt, typed, headline, field, value):
    slack.command("/risk", "Vendor may slip L2 I2 review next Friday")
    assert headline in slack.command("/risk", typed).text
    assert getattr(risks_in(rt)[0], field) == value
    word = typed.split()[0]
    assert "Which risk?" in slack.command("/risk", word).text  # the word alone: which one?
    assert "哪个风险" in slack.command("/risk", word, user="U0ALICE").text


@pytest.mark.parametrize("text", ["更新 依赖可能破坏构建 L3 I4", "修改 需求可能来不及 L3 I4",
                                  "关闭 机房可能导致停机 L3 I4", "Close the gap before the audit L3 I4"])
def test_a_subcommand_word_without_a_number_starts_a_risk(slack, rt, text):
    reply = slack.command("/risk", text, user="U0DAVE")
    assert "已记录风险" in reply.text
    assert risks_in(rt)[0].description == text.removesuffix(" L3 I4")


def test_help_names_the_chinese_words(slack):
    text = slack.command("/risk", "help").json["text"]
    assert "`列表` list" in text and "`更新/修改` update" in text and "`关闭` close" in text
    assert "/risk 列表 [未关闭|全部|我的]" in slack.command("/risk", "帮助", user="U0ALICE").json["text"]


# ---- private channels ---------------------------------------------------------------------------------------------

def test_a_risk_raised_in_a_private_channel_belongs_to_it_like_a_public_one(slack, rt):
    slack.command("/risk", "Secret vendor trouble L2 I2 owner <@U0CAROL|carol>", channel="G0PRIVATE")
    slack.command("/risk", "Audit may find gaps in <#G0AUDIT|audit> I3", channel="G0PRIVATE")
    view = view_of(slack.stub.sent("views.open")[0])
    assert json.loads(view["private_metadata"]) == {"channel": "G0PRIVATE"}
    assert elements(view)["description"]["initial_value"] == "Audit may find gaps in #audit"
    slack.submit("risk.create", {"description": {"value": "Audit may find gaps in #audit"},
                                 "likelihood": {"type": "static_select", "selected_option": {"value": "2"}},
                                 "impact": {"type": "static_select", "selected_option": {"value": "3"}}},
                 private_metadata=view["private_metadata"])
    assert [(r.channel_id, r.owner_id) for r in risks_in(rt)] == [("G0PRIVATE", "U0CAROL"), ("G0PRIVATE", "U0BOB")]


# ---- buttons ------------------------------------------------------------------------------------------------------

def test_a_refused_acknowledgement_names_the_risk_and_a_forged_button_is_stale(slack, rt):
    give_role(rt, "U0BOB", "pm")
    slack.command("/risk", "Certificate expires during the freeze L4 I4", user="U0ERIN")
    slack.click("risk.ack", "1", user="U0CAROL")
    refusal = json.dumps(slack.stub.sent("response_url")[-1].args)
    assert "acknowledge risk #1." in refusal and "{number}" not in refusal
    slack.click("risk.ack", "1; DROP TABLE risks", user="U0BOB")
    slack.click("risk.reviewed", "<!channel>", user="U0ERIN")
    for stale in slack.stub.sent("response_url")[-2:]:
        assert "no longer matches" in stale.args["text"] and stale.args["replace_original"] in (False, "false")
    assert risks_in(rt)[0].acknowledged_by is None


# ---- the rules ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("score", "band"), [(1, "low"), (4, "low"), (5, "medium"), (6, "medium"), (9, "medium"),
                                             (10, "high"), (12, "high"), (16, "high"), (20, "critical"),
                                             (25, "critical")])
def test_bands(score, band):
    assert rules.band_of(score) == band


@pytest.mark.parametrize(("score", "was", "escalated"), [
    (4, None, False), (9, None, False), (10, None, True), (16, None, True), (25, None, True),  # new risks
    (16, 4, True), (16, 9, True), (20, 16, True),  # rising into high, high into critical
    (16, 12, False), (16, 20, False), (9, 20, False), (25, 25, False),  # same band, or falling
])
def test_when_a_risk_goes_to_the_managers(score, was, escalated):
    assert rules.escalates(score, was=was) is escalated


@pytest.mark.parametrize(("category", "topic"), [("operational", "risk.operational"), ("technical", "risk"),
                                                 ("financial", "risk"), (None, "risk")])
def test_who_hears_about_which_category(category, topic):
    assert rules.escalation_topic(category) == topic


@pytest.mark.parametrize(("actor", "owner", "manager", "allowed"), [
    ("U0BOB", "U0CAROL", False, True),  # the creator
    ("U0CAROL", "U0CAROL", False, True),  # the owner
    ("U0DAVE", "U0CAROL", True, True),  # a manager
    ("U0ERIN", "U0CAROL", False, False),  # anyone else
    ("U0ERIN", None, False, False),
])
def test_who_may_change_a_risk(actor, owner, manager, allowed):
    assert rules.may_change(actor, creator_id="U0BOB", owner_id=owner, actor_is_manager=manager) is allowed


@pytest.mark.parametrize(("review_at", "old_tz", "new_tz", "moved_to"), [
    (DEC4_9AM_BERLIN, "Europe/Berlin", "America/Los_Angeles", datetime(2026, 12, 4, 17, 0, tzinfo=UTC)),  # a day
    (DEC4_9AM_BERLIN, "Europe/Berlin", "Asia/Shanghai", DEC4_9AM_SHANGHAI),
    (datetime(2026, 12, 4, 14, 0, tzinfo=UTC), "Europe/Berlin", "Asia/Shanghai",
     datetime(2026, 12, 4, 14, 0, tzinfo=UTC)),  # 15:00 given to the minute stays
])
def test_a_review_day_follows_its_new_owner(review_at, old_tz, new_tz, moved_to):
    assert rules.follow_owner(review_at, old_tz, new_tz) == moved_to


@pytest.mark.parametrize(("day", "tz", "at"), [
    (datetime(2026, 12, 4).date(), "Europe/Berlin", DEC4_9AM_BERLIN),
    (datetime(2026, 12, 4).date(), "Asia/Shanghai", DEC4_9AM_SHANGHAI),
    (datetime(2027, 7, 1).date(), "Europe/Berlin", datetime(2027, 7, 1, 7, 0, tzinfo=UTC)),  # summer time
])
def test_a_review_day_is_nine_in_the_owners_zone(day, tz, at):
    assert rules.review_day_at(day, tz) == at


@pytest.mark.parametrize(("review_at", "reminded"), [
    (DEC4_9AM_BERLIN, DEC4_9AM_BERLIN),
    (datetime(2026, 11, 24, 8, 0, tzinfo=UTC), datetime(2026, 11, 24, 9, 0, tzinfo=UTC)),  # past today: at once
])
def test_when_the_owner_is_reminded(review_at, reminded):
    assert rules.reminded_at(review_at, datetime(2026, 11, 24, 9, 0, tzinfo=UTC)) == reminded


@pytest.mark.parametrize(("check", "value", "key", "values"), [
    (rules.description, "", "risk.no_description", {}),
    (rules.description, "  ", "risk.no_description", {}),
    (rules.description, "x" * 1001, "risk.description_too_long", {"limit": 1000, "length": 1001}),
    (lambda v: rules.outcome(v, 3), " ", "risk.close_needs_outcome", {"number": 3}),
    (lambda v: rules.outcome(v, 3), "y" * 1001, "risk.outcome_too_long", {"limit": 1000, "length": 1001}),
    (lambda v: rules.level(v, "risk.impact_out_of_range"), 6, "risk.impact_out_of_range", {"value": "6"}),
    (lambda v: rules.level(v, "risk.impact_out_of_range"), None, "risk.impact_out_of_range", {"value": "None"}),
    (rules.category, "<b>weather</b>", "risk.bad_category", {"word": "&lt;b&gt;weather&lt;/b&gt;"}),
    (rules.strategy, "pray", "risk.bad_strategy", {"word": "pray"}),
])
def test_what_a_risk_may_not_hold(check, value, key, values):
    with pytest.raises(UserError) as refused:
        check(value)
    assert (refused.value.key, refused.value.values) == (key, values)


@pytest.mark.parametrize(("check", "value", "kept"), [
    (rules.description, "  Vendor may slip ", "Vendor may slip"), (rules.description, "x" * 1000, "x" * 1000),
    (lambda v: rules.outcome(v, 3), " done ", "done"), (lambda v: rules.level(v, "k"), 5, 5),
    (rules.category, None, None), (rules.category, "legal", "legal"), (rules.strategy, "accept", "accept"),
])
def test_what_a_risk_may_hold(check, value, kept):
    assert check(value) == kept
