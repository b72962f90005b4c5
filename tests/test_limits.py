"""Slack's limits, through the wire: what the outside review found over them now reaches Slack within them.

Slack refuses a whole message when one block breaks Block Kit's limits (a section's text is at most 3,000
characters), and escaping lengthens text (`&` is `&amp;`), so user text is escaped first and clipped after, never
inside an entity. The stand-in (tests/slack_stub.py) refuses what Slack refuses, so `stub.refused()` lists every
call Slack would have refused; `reply_problems` checks an HTTP ack the same way.

Slack sends `&`, `<` and `>` in slash command text as `&amp;`, `&lt;`, `&gt;`, so the tests type them that way.
"""

import json
import re
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError

from bot.changes import views as changes
from bot.core import blocks as bk
from bot.core.mrkdwn import escape
from bot.lessons import views as lessons
from bot.risks import views as risks
from bot.standups import views as standups
from bot.standups.rules import Entry
from bot.tasks import views as tasks
from storage.models import ChangeRequest, Lesson, Risk, Role, Standup, StandupRun, Task
from tests.slack_stub import block_problems, refusal, reply_problems, view_problems

AMP, LT = "&amp;", "&lt;"  # one `&`, one `<`, as Slack types them into a slash command


def make(rt, user_id, role="pm"):
    with rt.db.session() as session:
        session.add(Role(team_id="T0TEAM", user_id=user_id, role=role, granted_by="U0ALICE",
                         granted_at=datetime(2026, 1, 1, tzinfo=UTC)))


def dms_to(slack, user_id):
    return [c for c in slack.stub.sent("chat.postMessage") if c.args["channel"] == user_id]


def opened_view(slack):
    view = slack.stub.sent("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def within_limits(slack, *replies):
    """Nothing Slack would refuse: no Web API call, no response_url post, no ack."""
    assert [(c.method, c.refused) for c in slack.stub.refused()] == []
    for reply in replies:
        assert reply_problems(reply.body) == []
    return True


# ---- the cases the review measured --------------------------------------------------------------------------------

def test_800_angle_brackets_in_a_task_description_reach_both_dms_within_limits(slack, rt):
    slack.submit("task.create", {"title": {"value": "Fix the parser"}, "owner": {"selected_user": "U0CAROL"},
                                 "description": {"value": "<" * 800}}, private_metadata="{}")
    assert slack.deliver() == 2  # the submitter's card and the new owner's DM
    assert within_limits(slack)
    for call in dms_to(slack, "U0BOB") + dms_to(slack, "U0CAROL"):
        shown = json.dumps(call.args["blocks"])
        assert "&lt;" * 500 in shown and "<<" not in shown and "&l…" not in shown


def test_a_task_description_of_3000_ampersands_keeps_its_card_and_buttons(slack, rt):
    """Seen at 14,500 characters: the whole card was refused, so the owner never heard of the task."""
    slack.submit("task.create", {"title": {"value": "R&D budget"}, "owner": {"selected_user": "U0CAROL"},
                                 "description": {"value": "&" * 3000}}, private_metadata="{}")
    slack.deliver()
    assert within_limits(slack)
    [owner_dm] = dms_to(slack, "U0CAROL")
    blocks = owner_dm.args["blocks"]
    assert any(b["type"] == "actions" for b in blocks) and "R&amp;D budget" in json.dumps(blocks)
    assert reply_problems(slack.command("/task", "list @carol", user="U0CAROL").body) == []


def test_a_2990_character_block_reason_reaches_the_pm(slack, rt):
    """Seen: the PM escalation was refused, so a blocked task went unnoticed."""
    make(rt, "U0ALICE")
    slack.command("/task", "Ship the release <@U0BOB|bob> tomorrow", user="U0BOB")
    reply = slack.command("/task", "block 1 " + AMP * 2990, user="U0BOB")
    slack.deliver()
    assert within_limits(slack, reply)
    [escalation] = [c for c in dms_to(slack, "U0ALICE") if "rotating_light" in c.text()]
    shown = json.dumps(escalation.args["blocks"])
    assert "*#1* Ship the release" in shown and "&amp;" * 400 in shown  # the task's line survives the long reason


def test_a_critical_risk_of_1000_ampersands_reaches_the_pms(slack, rt):
    """Seen at 5,053 characters: the critical-risk DM was refused."""
    make(rt, "U0ALICE")
    reply = slack.command("/risk", AMP * 1000 + " L5 I5", user="U0BOB")
    slack.deliver()
    assert within_limits(slack, reply)
    [escalation] = dms_to(slack, "U0ALICE")
    assert "risk.ack" in escalation.text() and "&amp;" * 200 in escalation.text()


def test_closing_a_risk_with_an_outcome_of_1000_ampersands_answers_within_limits(slack, rt):
    """Seen at 5,066 characters: the `/risk close` reply was refused."""
    slack.command("/risk", "Vendor may slip L2 I2", user="U0BOB")
    reply = slack.command("/risk", "close 1 " + AMP * 1000, user="U0BOB")
    assert "closed" in reply.text and within_limits(slack, reply)


def test_a_change_with_3000_angle_brackets_everywhere_reaches_the_pm(slack, rt):
    make(rt, "U0ALICE")
    reply = slack.command("/change", LT * 2990 + " impact: " + LT * 2990, user="U0BOB")
    slack.deliver()
    assert within_limits(slack, reply)
    [review] = dms_to(slack, "U0ALICE")
    assert "change.approve" in review.text()


def test_a_lesson_of_3000_ampersands_is_listed_and_found_within_limits(slack, rt):
    assert "saved" in slack.command("/lesson", AMP * 2980 + " stage first", user="U0BOB").text
    listed = slack.command("/lesson", "list", user="U0BOB")
    found = slack.command("/lesson", "search stage", user="U0BOB")
    assert within_limits(slack, listed, found) and "&amp;" * 300 in found.text


def test_standup_answers_of_3000_ampersands_reach_the_channel_within_limits(slack, rt):
    make(rt, "U0BOB")
    slack.command("/standup", "setup every weekday at 9:30", user="U0BOB")
    slack.command("/standup", "now", user="U0BOB")
    slack.deliver()
    for prompt in slack.stub.sent("chat.postMessage"):
        user = prompt.args["channel"]
        [run] = [e["value"] for b in prompt.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
        slack.click("standup.answer", run, user=user, channel="D" + user[1:])
        form = opened_view(slack)
        answers = {f"q{i}": {"value": "&" * 3000} for i in range(3)}
        assert reply_problems(slack.submit("standup.answer", answers, private_metadata=form["private_metadata"],
                                           user=user).body) == []
    history = slack.command("/standup", "history", user="U0CAROL")
    slack.command("/standup", "report", user="U0BOB")
    slack.deliver()
    assert within_limits(slack, history)
    [report] = [c for c in slack.stub.sent("chat.postMessage") if c.args["channel"] == "C0GENERAL"]
    assert "&amp;" * 200 in report.text()


# ---- every view, worst case ---------------------------------------------------------------------------------------

def test_section_and_context_guard_what_a_view_builds_without_cutting_an_entity():
    """The last line of defence, under every view: a section or a context element never exceeds Slack's 3,000
    characters, and is never cut inside `&amp;`, a mention or a date token."""
    built = "*#1* " + escape("&" * 1000) + " <@U0BOB> " + escape("<" * 400) + " <!date^1800000000^{date}|x>"
    section, context = bk.section(built), bk.context(built, "", built)
    assert block_problems([section, context]) == []
    for text in [section["text"]["text"], *(e["text"] for e in context["elements"])]:
        assert len(text) <= 3000 and text.endswith("…")
        kept = text[:-1]
        assert kept.count("&") == kept.count("&amp;") + kept.count("&lt;") and kept.count("<") == kept.count(">")
    assert bk.header("x" * 200)["text"]["text"].endswith("…")
    assert block_problems([bk.header("x" * 200)]) == []


WORST = "&" * 3000  # the longest user text anything accepts, each character five once escaped
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def worst_task(number=1, **overrides):
    values = {"id": number, "team_id": "T0TEAM", "number": number, "title": "&" * 300, "description": WORST,
              "owner_id": "U0BOB", "creator_id": "U0CAROL", "status": "open", "due_at": NOW, "progress": 40,
              "blocked_reason": WORST, "created_at": NOW, "updated_at": NOW}
    return Task(**dict(values, **overrides))


def worst_risk(**overrides):
    values = {"team_id": "T0TEAM", "number": 1, "description": "&" * 1000, "likelihood": 5, "impact": 5,
              "score": 25, "category": "technical", "strategy": "mitigate", "owner_id": "U0BOB",
              "creator_id": "U0CAROL", "status": "closed", "review_at": NOW, "outcome": "&" * 1000,
              "acknowledged_by": "U0ALICE", "acknowledged_at": NOW, "reviewed_at": NOW, "created_at": NOW}
    return Risk(**dict(values, **overrides))


def worst_change(status="rejected"):
    return ChangeRequest(team_id="T0TEAM", number=1, text=WORST, impact=WORST, requester_id="U0BOB",
                         channel_id="C0GENERAL", status=status, decided_by="U0ALICE", decided_at=NOW, reason=WORST,
                         created_at=NOW)


def worst_standup():
    standup = Standup(id=1, team_id="T0TEAM", number=1, channel_id="C0GENERAL", creator_id="U0BOB",
                      rule={"freq": "weekly", "hour": 9, "minute": 30, "weekdays": [0, 1, 2, 3, 4]}, tz="UTC",
                      questions=["&" * 150] * 6, report_after_minutes=120, created_at=NOW)
    return standup, StandupRun(id=1, team_id="T0TEAM", standup_id=1, run_date=NOW.date(), members=[],
                               report_due_at=NOW)


def task_views():
    task, done = worst_task(), worst_task(2, status="done")
    headline = ":rotating_light: <@U0BOB> is blocked on #1: " + escape(WORST)
    listing = SimpleNamespace(tasks=[worst_task(n) for n in range(1, 11)], subtasks={}, page=1, pages=3)
    yield "card", tasks.task_card(task, NOW, "UTC", "en", headline=headline, notes=[escape(WORST)] * 3)
    yield "created", tasks.created_card(task, NOW, "UTC", "en", headline="Task created", not_understood=WORST,
                                        unknown_mentions=("&" * 80,) * 40, parent=(1, 1, 2))
    yield "list", tasks.task_list(listing, NOW, "UTC", "en", title="Tasks", scope_value="mine")
    yield "delete", tasks.confirm_delete(done, NOW, "UTC", "en")
    yield "summary", tasks.overdue_summary([worst_task(n) for n in range(1, 30)], NOW, "UTC", "en")
    yield "home", ("", tasks.home([("home.overdue", [worst_task(n) for n in range(1, 30)])] * 5, NOW, "UTC", "en",
                                  (10, 3)))
    yield "modal", ("", tasks.task_modal("en", callback_id="task.edit", heading="Edit task #12345", submit="Save",
                                          title="&" * 300, owner_id="U0BOB", due_at=NOW, description=WORST))


def risk_views():
    risk = worst_risk()
    yield "card", risks.card(risk, "UTC", "en", headline="x" * 3000, notes=[escape(WORST)] * 2)
    yield "escalation", risks.escalation(worst_risk(status="open", acknowledged_by=None), "UTC", "en",
                                         headline="Critical")
    yield "review", risks.review_reminder(risk, "UTC", "en", headline="Review")
    yield "list", risks.listing([risk] * 60, 80, {(5, 5): 80}, "UTC", "en", title="Risks")


def change_views():
    change = worst_change()
    yield "filed", changes.filed(worst_change("pending"), ("U0ALICE",) * 20, "en", "UTC")
    yield "approver", changes.for_approver(worst_change("pending"), "en", "UTC")
    yield "requester", changes.for_requester(change, "en", "UTC")
    yield "stale", changes.stale_card(change, "en", "UTC")
    yield "modal", ("", changes.decision_modal(change, "en", approve=False, private_metadata="{}"))
    yield "list", changes.listing([change] * 40, 80, "en", "UTC", scope="all")


def lesson_views():
    found = [Lesson(number=n, text=WORST, tags=["&" * 40] * 10, author_id="U0BOB", channel_id="C0GENERAL",
                    created_at=NOW) for n in range(1, 21)]
    yield "search", lessons.search_results(found, WORST, "en", "UTC")
    yield "list", lessons.listing(SimpleNamespace(lessons=found, tag="&" * 40, more=True), "en", "UTC")


def standup_views():
    standup, run = worst_standup()
    asked = standup.questions
    answered = [Entry(f"U{n:04d}", [WORST] * 6, WORST, None) for n in range(40)]
    yield "prompt", standups.prompt(standup, run, asked, "en", "UTC", late=True)
    yield "modal", ("", standups.answer_modal(standup, run, asked, [WORST] * 6, "en"))
    yield "recorded", standups.recorded(standup, run, asked, [WORST] * 6, "en", "UTC", headline="Recorded")
    yield "report", standups.report(standup, run, answered, asked=60, asked_questions=asked, blocker_index=5,
                                    locale="en")
    yield "setup", standups.setup_card(standup, run, [(f"U{n:04d}", NOW) for n in range(60)], "en", "UTC",
                                       headline="Set up", note=escape(WORST))
    yield "history", standups.history(standup, "U0BOB", [(run, [WORST] * 6)] * 60, asked, "en")


@pytest.mark.parametrize("views", [task_views, risk_views, change_views, lesson_views, standup_views])
def test_every_view_stays_within_slacks_limits_at_its_worst(views):
    """Each view of tasks, risks, changes, lessons and standups, fed the longest user text each accepts, all of it
    characters that escaping lengthens: nothing Slack would refuse, and no entity cut in half."""
    for name, (text, shown) in views():
        surface = shown["type"] if isinstance(shown, dict) else "message"
        problems = view_problems(shown) if isinstance(shown, dict) else block_problems(shown)
        assert problems == [], (views.__name__, name, problems[:3])
        assert len(text) <= bk.MESSAGE_TEXT and not re.search(r"&[#\w]*…", json.dumps(shown)), (name, surface)


# ---- the stand-in refuses what Slack refuses ----------------------------------------------------------------------

def section(chars):
    return {"type": "section", "text": {"type": "mrkdwn", "text": "x" * chars}}


def button(text="Go", action_id="a", value="v"):
    return {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": text},
                                             "action_id": action_id, "value": value}]}


@pytest.mark.parametrize(("blocks", "refused"), [
    ([section(3000)], False),
    ([section(3001)], True),
    ([section(0)], True),
    ([section(1)] * 50, False),
    ([section(1)] * 51, True),
    ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "x"}] * 10}], False),
    ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "x"}] * 11}], True),
    ([{"type": "context", "elements": []}], True),
    ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "x" * 3001}]}], True),
    ([button("x" * 75)], False),
    ([button("x" * 76)], True),
    ([button(action_id="a" * 256)], True),
    ([button(value="v" * 2001)], True),
    ([dict(section(1), block_id="b" * 256)], True),
    ([{"type": "header", "text": {"type": "plain_text", "text": "x" * 150}}], False),
    ([{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}], True),
    ([{"type": "header", "text": {"type": "mrkdwn", "text": "x"}}], True),
    ([{"type": "section", "text": {"type": "markdown", "text": "x"}}], True),
    ([{"type": "actions", "elements": []}], True),
    ([{"type": "input", "label": {"type": "plain_text", "text": "x"}, "element": {"type": "plain_text_input"}}],
     True),  # not in a message
    ([{"type": "divider"}], False),
])
def test_the_stub_refuses_blocks_as_slack_does(blocks, refused):
    assert bool(block_problems(blocks)) is refused


def test_the_stub_refuses_messages_and_views_as_slack_does():
    assert refusal("chat.postMessage", {"channel": "C1", "text": "x" * 40_000}) is None
    assert refusal("chat.postMessage", {"channel": "C1", "text": "x" * 40_001})[0] == "msg_too_long"
    assert refusal("chat.postMessage", {"channel": "C1"})[0] == "no_text"
    assert refusal("chat.update", {"channel": "C1", "ts": "1.1", "text": "x", "blocks": [section(3001)]})[0] == \
        "invalid_blocks"
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "x" * 24}, "blocks": [section(1)] * 100}
    assert view_problems(modal) == []
    assert view_problems(dict(modal, title={"type": "plain_text", "text": "x" * 25}))
    assert view_problems(dict(modal, blocks=[section(1)] * 101))
    assert view_problems(dict(modal, private_metadata="m" * 3001))
    assert refusal("views.open", {"view": json.dumps(dict(modal, blocks=[section(3001)]))})[0] == "invalid_arguments"
    assert reply_problems(json.dumps({"response_type": "ephemeral", "text": "ok", "blocks": [section(3001)]}))
    assert reply_problems(json.dumps({"response_action": "update", "view": dict(modal, title=None)}))
    assert reply_problems("") == [] and reply_problems(json.dumps({"response_action": "clear"})) == []


def test_the_stub_answers_a_refused_call_and_a_refused_response_url_as_slack_does(slack):
    slack.stub.expect_refusals()
    client = slack.rt.sending_client_for("T0TEAM")
    with pytest.raises(SlackApiError) as refused_call:
        client.api_call("chat.postMessage", json={"channel": "C1", "text": "x", "blocks": [section(3001)]})
    assert refused_call.value.response["error"] == "invalid_blocks"
    [call] = slack.stub.refused()
    assert call.refused == "invalid_blocks"
    request = urllib.request.Request(slack.response_url(), data=json.dumps({"blocks": [section(3001)]}).encode(),
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)  # noqa: S310 - the loopback stand-in
    assert refused.value.code == 400


def test_the_stub_adds_latency_and_meets_slacks_rates_with_429s(slack):
    client = slack.rt.sending_client_for("T0TEAM")
    slack.stub.latency(0.2)
    started = time.monotonic()
    client.api_call("chat.postMessage", json={"channel": "C1", "text": "slow"})
    assert time.monotonic() - started >= 0.2
    slack.stub.latency(0)
    slack.stub.ratelimit("chat.postMessage", per_channel_per_s=1)
    client.api_call("chat.postMessage", json={"channel": "C2", "text": "first"})
    with pytest.raises(SlackApiError) as limited:
        client.api_call("chat.postMessage", json={"channel": "C2", "text": "second, in the same second"})
    assert limited.value.response.status_code == 429 and limited.value.response.headers["Retry-After"] == "1"
    client.api_call("chat.postMessage", json={"channel": "C3", "text": "another channel"})
