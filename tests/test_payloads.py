"""Payloads Slack really sends, and payloads it never would: signed requests in, what Slack would receive out.

Bots and webhooks are ignored everywhere; a DM with a file, a thread broadcast and a reply in a DM thread are a
person's words; a click on a card shared in a channel never rewrites it in the clicker's language, and a problem
with the click is told to the clicker alone; org-wide installs that do not say which workspace are refused
clearly; a signed body of a shape Slack never sends is a 4xx, never a 5xx or a traceback.
"""

import copy
import json
import logging
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select

from bot import web
from storage.models import Task
from tests.conftest import SECRET, fixture
from tests.slack_stub import TEAM
from tests.test_server import call, signed


def tasks(rt):
    with rt.db.session(read_only=True) as session:
        return list(session.scalars(select(Task).order_by(Task.number)))


def count_tasks(rt) -> int:
    with rt.db.session(read_only=True) as session:
        return session.scalar(select(func.count()).select_from(Task))


def posts(slack):
    return slack.stub.sent("chat.postMessage")


# ---- bots and webhooks --------------------------------------------------------------------------------------------

def bot_event(slack, envelope: str, **event: Any):
    """An event as Slack sends it for a bot or an incoming webhook: `bot_id`, and often no `user` at all."""
    body = fixture(envelope)
    body["event"].pop("user")
    body["event"].update(event)
    return slack.send(json.dumps(body), "application/json")


def test_a_mention_by_a_bot_or_a_webhook_creates_nothing_and_gets_no_answer(slack, rt):
    reply = bot_event(slack, "app_mention.json", text="<@U0BOT> task: deploy the release", subtype="bot_message",
                      bot_id="B0HOOK", username="CI")
    assert reply.status == 200
    bot_event(slack, "app_mention.json", text="<@U0BOT> task: rotate the keys", bot_id="B0OTHER",
              user="U0OTHERBOT")  # another app's bot user, posting as itself
    bot_event(slack, "app_mention.json", text="<@U0BOT> task: a message with no author")
    assert count_tasks(rt) == 0
    slack.deliver()
    assert posts(slack) == []


def test_a_bot_message_in_a_dm_is_ignored(slack, rt):
    bot_event(slack, "message_im.json", text="call the landlord", subtype="bot_message", bot_id="B0HOOK")
    bot_event(slack, "message_im.json", text="call the landlord", bot_id="B0HOOK", user="U0OTHERBOT")
    assert count_tasks(rt) == 0


# ---- a person's words ---------------------------------------------------------------------------------------------

def test_a_dm_with_a_file_is_a_persons_words(slack, rt):
    slack.event({"text": "file the expense report tomorrow", "subtype": "file_share", "user": "U0BOB",
                 "channel": "D0BOB", "files": [{"id": "F0RECEIPT", "name": "receipt.pdf"}]},
                envelope="message_im.json")
    [task] = tasks(rt)
    assert (task.title, task.creator_id, task.owner_id) == ("file the expense report", "U0BOB", "U0BOB")
    slack.deliver()
    [reply] = posts(slack)
    assert reply.args["channel"] == "D0BOB" and "Task created" in reply.text()


def test_a_reply_in_a_dm_thread_is_answered_in_that_thread(slack, rt):
    slack.event({"text": "renew the passport", "user": "U0BOB", "channel": "D0BOB", "thread_ts": "1700000000.000100"},
                envelope="message_im.json")
    slack.event({"text": "book the dentist", "subtype": "thread_broadcast", "user": "U0BOB", "channel": "D0BOB",
                 "thread_ts": "1700000000.000200"}, envelope="message_im.json")
    slack.dm("water the plants")  # a message at the top of the DM is answered at the top
    assert [t.title for t in tasks(rt)] == ["renew the passport", "book the dentist", "water the plants"]
    slack.deliver()
    assert [(p.args.get("thread_ts"), "Task created" in p.text()) for p in posts(slack)] == [
        ("1700000000.000100", True), ("1700000000.000200", True), (None, True)]


def test_edits_deletions_and_channel_chatter_are_not_a_persons_new_words(slack, rt):
    slack.event({"subtype": "message_changed", "channel": "D0BOB", "hidden": True,
                 "message": {"type": "message", "user": "U0BOB", "text": "call the landlord"}},
                envelope="message_im.json")
    slack.event({"subtype": "message_deleted", "channel": "D0BOB", "hidden": True,
                 "previous_message": {"type": "message", "user": "U0BOB", "text": "call the landlord"}},
                envelope="message_im.json")
    slack.event({"text": "lunch?", "user": "U0BOB", "channel": "C0GENERAL", "channel_type": "channel"},
                envelope="message_im.json")
    assert count_tasks(rt) == 0


# ---- cards shared in a channel ------------------------------------------------------------------------------------

def shared_card(slack) -> tuple[dict[str, Any], str]:
    """bob (English) gives dave (Chinese) a task by @mention: its card is posted in #general's thread, for all."""
    slack.mention("task: renew the TLS cert <@U0DAVE|dave> tomorrow 5pm", user="U0BOB")
    slack.deliver()
    [card] = [p for p in posts(slack) if p.args["channel"] == "C0GENERAL"]
    container = {"type": "message", "message_ts": "1764000000.000100", "channel_id": "C0GENERAL",
                 "is_ephemeral": False, "thread_ts": card.args.get("thread_ts")}
    slack.stub.reset()
    return container, "1"


def responses(slack):
    return [c.args for c in slack.stub.sent("response_url")]


def test_a_click_on_a_shared_card_keeps_it_in_the_channels_language(slack, rt):
    container, number = shared_card(slack)
    slack.click("task.done", number, user="U0DAVE", container=container)  # dave reads Chinese
    [update] = responses(slack)
    assert update["replace_original"] in (True, "true")
    shown = json.dumps(update, ensure_ascii=False)
    assert "#1 is done" in shown and "已完成" not in shown  # the channel reads bob's English, as when it was posted
    assert tasks(rt)[0].status == "done"


def test_a_problem_with_a_click_on_a_shared_card_is_told_to_the_clicker_alone(slack, rt):
    container, _ = shared_card(slack)
    slack.click("task.done", "#99", user="U0CAROL", container=container)
    slack.click("task.snooze", "forged", user="U0CAROL", container=container)
    refusals = responses(slack)
    assert len(refusals) == 2
    for refusal in refusals:
        assert refusal["replace_original"] in (False, "false") and refusal["response_type"] == "ephemeral"
    assert tasks(rt)[0].status == "open"


def test_a_replacement_that_was_not_written_for_the_channel_is_shown_to_the_clicker_alone(slack, rt):
    """Every feature's click handler goes through the kit: a card it re-renders for the clicker (in the clicker's
    language) replaces a card only the clicker sees, never one the whole channel shares."""
    from handlers.kit import Click, Ctx, ephemeral, on_click, replace

    def rerender_for_the_clicker(ctx: Ctx, click: Click):
        return replace(ephemeral(ctx.t("stale_button")))

    on_click(slack.app, "test.rerender")(rerender_for_the_clicker)
    shared = {"type": "message", "message_ts": "1.2", "channel_id": "C0GENERAL", "is_ephemeral": False}
    own = {"type": "message", "message_ts": "1.3", "channel_id": "C0GENERAL", "is_ephemeral": True}
    dm = {"type": "message", "message_ts": "1.4", "channel_id": "D0DAVE", "is_ephemeral": False}
    for container in (shared, own, dm):
        slack.click("test.rerender", "1", user="U0DAVE", container=container)
    assert [r["replace_original"] in (True, "true") for r in responses(slack)] == [False, True, True]


# ---- org-wide installs --------------------------------------------------------------------------------------------

def org_wide(body: dict[str, Any]) -> dict[str, Any]:
    body["authorizations"][0].update(team_id=None, enterprise_id="E0ORG", is_enterprise_install=True)
    body.update(enterprise_id="E0ORG", is_enterprise_install=True)
    return body


def test_an_org_wide_event_is_filed_under_the_workspace_it_happened_in(slack, rt):
    body = org_wide(fixture("app_mention.json"))
    body["event"].update(text="<@U0BOT> task: audit the licences", user="U0BOB", user_team=TEAM, team=TEAM)
    body.pop("team_id")
    assert slack.send(json.dumps(body), "application/json").status == 200
    dm = org_wide(fixture("message_im.json"))
    dm["event"].update(text="renew the lease", user="U0BOB", user_team=TEAM)
    dm.update(team_id=TEAM)
    assert slack.send(json.dumps(dm), "application/json").status == 200
    assert [(t.team_id, t.title) for t in tasks(rt)] == [(TEAM, "audit the licences"), (TEAM, "renew the lease")]


def test_a_click_from_an_org_wide_install_takes_the_team_of_the_user(slack, rt):
    slack.command("/task", "Draft the plan", user="U0BOB")
    payload = fixture("block_actions.json")
    payload.update(team=None, enterprise={"id": "E0ORG"}, is_enterprise_install=True,
                   user=dict(payload["user"], id="U0BOB", team_id=TEAM), response_url=slack.response_url())
    payload["actions"] = [dict(payload["actions"][0], action_id="task.done", value="1")]
    assert slack.interact(payload).status == 200
    assert tasks(rt)[0].status == "done"


def test_a_request_that_does_not_say_which_workspace_is_refused_clearly(slack, rt):
    body = org_wide(fixture("app_mention.json"))
    body["event"].update(text="<@U0BOT> task: audit the licences", user="U0BOB")
    body["event"].pop("team", None)
    body.pop("team_id")
    assert slack.send(json.dumps(body), "application/json").status == 200  # acknowledged: a retry would not help
    payload = fixture("view_submission.json")
    payload.update(team=None, user={"id": "U0DAVE", "name": "dave"})
    payload["view"] = dict(payload["view"], team_id=None, callback_id="task.create",
                           state={"values": {"title": {"title": {"type": "plain_text_input", "value": "x"}}}})
    reply = slack.interact(payload)
    assert reply.status == 200 and reply.json["response_action"] == "errors"
    assert "workspace" in reply.json["errors"]["title"] and "工作区" in reply.json["errors"]["title"]  # both: who?
    form = fixture("slash_command.json")
    form.update(team_id="", enterprise_id="E0ORG", is_enterprise_install="true", user_id="U0DAVE",
                text="Draft the plan", response_url=slack.response_url())
    reply = slack.send(urllib.parse.urlencode(form), "application/x-www-form-urlencoded")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral" and "工作区" in reply.text
    assert "nothing was saved" in reply.text
    assert count_tasks(rt) == 0


def test_the_manifest_keeps_org_wide_installs_off():
    manifest = yaml.safe_load((Path(__file__).resolve().parent.parent / "manifest.yml").read_text())
    assert manifest["settings"]["org_deploy_enabled"] is False


# ---- shapes Slack never sends -------------------------------------------------------------------------------------

def test_signed_bodies_of_shapes_slack_never_sends_are_4xx(slack, rt):
    no_actions = fixture("block_actions.json")
    no_actions["actions"] = []
    no_view_type = fixture("view_submission.json")
    del no_view_type["view"]["type"]
    null_event = fixture("app_mention.json")
    null_event["event"] = None
    for payload in (no_actions, no_view_type):
        assert slack.interact(payload).status == 400
    assert slack.send(json.dumps(null_event), "application/json").status == 400


ODD_VALUES = [None, [], {}, "", "x", 0, 1.5, True, [None], [{"k": "v"}], {"k": "v"}]
ENVELOPES = {"block_actions.json": "interact", "view_submission.json": "interact", "message_action.json": "interact",
             "app_mention.json": "event", "message_im.json": "event", "app_home_opened.json": "event"}


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        found += paths(child, (*prefix, key))
    return found


def mutated(body: dict[str, Any], path: tuple, value: Any) -> dict[str, Any]:
    body = copy.deepcopy(body)
    *parents, last = path
    holder = body
    for key in parents:
        holder = holder[key]
    if value is KeyError:
        del holder[last]
    else:
        holder[last] = value
    return body


def encoded(body: dict[str, Any], kind: str) -> tuple[bytes, str]:
    if kind == "interact":
        return urllib.parse.urlencode({"payload": json.dumps(body)}).encode(), "application/x-www-form-urlencoded"
    return json.dumps(body).encode(), "application/json"


@pytest.mark.parametrize("envelope", sorted(ENVELOPES))
def test_every_part_of_every_payload_may_be_odd_and_is_never_a_5xx_or_a_traceback(slack, rt, caplog, envelope):
    """Each value of each real-shaped payload replaced by something of another type (or removed), signed, and
    sent through the WSGI application `serve` runs."""
    caplog.set_level(logging.WARNING)
    wsgi = web.make_wsgi(slack.app, rt.db, signing_secret=SECRET)
    body = fixture(envelope)
    if "response_url" in body:
        body["response_url"] = slack.response_url()
    answered = 0
    for path in paths(body):
        for value in [*ODD_VALUES, KeyError]:
            raw, content_type = encoded(mutated(body, path, value), ENVELOPES[envelope])
            status, reply = call(wsgi, raw, signed(raw), content_type)
            assert status < 500, (path, value, reply[:200])
            answered += 1
    assert answered > 100
    problems = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not problems, [(r.name, r.getMessage()[:300], repr(r.exc_info and r.exc_info[1])) for r in problems[:5]]


def test_an_odd_slash_command_form_is_never_a_5xx(slack, rt, caplog):
    caplog.set_level(logging.WARNING)
    wsgi = web.make_wsgi(slack.app, rt.db, signing_secret=SECRET)
    form = dict(fixture("slash_command.json"), response_url=slack.response_url())
    for key in list(form):
        without = {k: v for k, v in form.items() if k != key}
        for odd in [dict(form, **{key: value}) for value in ("", "x" * 300, "\u0000", "%ff", "[]", "{}")] + [without]:
            raw = urllib.parse.urlencode(odd).encode()
            assert call(wsgi, raw, signed(raw))[0] < 500, (key, odd.get(key))
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
