"""`/standup setup|now|report|skip|pause|resume|history`, the Answer button and form, blocker → task, and the plain
DM answer (asked first by the DM router, handlers/messages.py).

Each listener acks, translates the payload, calls bot.standups inside one session, and renders. This is the one
place that asks Slack who is in a channel (`conversations.members`, then each person's profile, bots left out):
the clock cannot, so the list is fetched here on `setup`, `now` and `resume`, before the write transaction, and
handed to the core, which stores it on the run.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.core import outbox
from bot.core.errors import UserError
from bot.core.mrkdwn import channel as channel_mention
from bot.core.mrkdwn import date_token, escape, mention, plain
from bot.core.tokens import USER as USER_MENTION
from bot.standups import service as standups
from bot.standups import views
from handlers import kit
from handlers.legacy_kit import Ctx, ephemeral, is_help, split_command

log = logging.getLogger(__name__)

MAX_MEMBER_PAGES = 10  # 2,000 members: more than any standup needs
NOT_PEOPLE = {"USLACKBOT"}
CHANNEL_TOKEN = re.compile(r"(<#[CG][A-Z0-9]+(?:\|[^>]*)?>)")


def register(app) -> None:  # noqa: ANN001
    app.command("/standup")(standup_command)
    app.action(views.ANSWER)(on_answer_button)
    app.action(views.BLOCKER_TASK)(on_blocker_button)
    app.view(views.ANSWER)(on_answer_submitted)


# ---- /standup ---------------------------------------------------------------------------------------------------

def standup_command(ack, command, context, client) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    word, rest = split_command(command.get("text"))
    if is_help(word):
        return ack(**ephemeral(ctx.t("help.standup")))
    handler = WORDS.get(word)
    if handler is None:
        unknown = ctx.t("unknown_subcommand", command="standup", word=escape(plain(word)[:30]))
        return ack(**ephemeral(unknown + "\n" + ctx.t("help.standup")))
    try:
        ack(**handler(ctx, rest, client, context.bot_user_id))
    except UserError as err:
        ack(**ephemeral(ctx.t(err.key, **err.values)))


def _setup(ctx: Ctx, rest: str, client, bot_user_id: str | None) -> dict[str, Any]:  # noqa: ANN001
    now = ctx.now()
    request = standups.parse_setup(_readable(rest), now=now, tz=ctx.tz, default_channel=ctx.channel_id)
    with ctx.rt.db.session(read_only=True) as session:  # refuse before asking Slack anything
        existing = standups.in_channel(session, ctx.team_id, request.channel_id)
        standups.require_runner(session, ctx.team_id, ctx.user_id, is_admin=ctx.person.is_admin, standup=existing)
    roster, error = fetch_roster(ctx, client, request.channel_id, bot_user_id)
    with ctx.rt.db.session() as session:
        standup, run = standups.setup(session, ctx.team_id, ctx.user_id, request, tz=ctx.tz, roster=roster or [],
                                      now=now, actor_is_admin=ctx.person.is_admin)
        firsts = []
        if run is not None:
            firsts = sorted(((user, standups.prompt_at(standup, run.run_date, tz))
                             for user, tz in standups.zones(session, standup, run.members).items()),
                            key=lambda pair: (pair[1], pair[0]))
    headline = ctx.t("standup.updated" if existing else "standup.set_up")
    return ephemeral(*views.setup_card(standup, run, firsts, ctx.locale, ctx.tz, headline=headline,
                                       note=_roster_note(ctx, request.channel_id, error)))


def _now(ctx: Ctx, rest: str, client, bot_user_id: str | None) -> dict[str, Any]:  # noqa: ANN001
    with ctx.rt.db.session(read_only=True) as session:
        standup = standups.resolve(session, ctx.team_id, ctx.channel_id, rest)
        standups.require_runner(session, ctx.team_id, ctx.user_id, is_admin=ctx.person.is_admin, standup=standup)
        channel_id = standup.channel_id
    roster, error = fetch_roster(ctx, client, channel_id, bot_user_id)
    with ctx.rt.db.session() as session:
        standup = standups.resolve(session, ctx.team_id, ctx.channel_id, rest)
        prompted = standups.prompt_now(session, ctx.team_id, ctx.user_id, standup, roster=roster or None,
                                       now=ctx.now(), actor_is_admin=ctx.person.is_admin)
    text = ctx.t("standup.prompted_now", asked=prompted.asked, skipping=prompted.skipping,
                 channel=channel_mention(channel_id), when=date_token(prompted.run.report_due_at, ctx.tz))
    note = _roster_note(ctx, channel_id, error)
    return ephemeral(text + ("\n" + note if note else ""))


def _report(ctx: Ctx, rest: str, client, bot_user_id: str | None) -> dict[str, Any]:  # noqa: ANN001
    with ctx.rt.db.session() as session:
        standup = standups.resolve(session, ctx.team_id, ctx.channel_id, rest)
        standups.report_now(session, ctx.team_id, ctx.user_id, standup, ctx.now(), actor_is_admin=ctx.person.is_admin)
    return ephemeral(ctx.t("standup.reported_now", channel=channel_mention(standup.channel_id)))


def _pause(ctx: Ctx, rest: str, client, bot_user_id: str | None) -> dict[str, Any]:  # noqa: ANN001
    with ctx.rt.db.session() as session:
        standup = standups.resolve(session, ctx.team_id, ctx.channel_id, rest)
        standups.pause(session, ctx.team_id, ctx.user_id, standup, actor_is_admin=ctx.person.is_admin)
    return ephemeral(ctx.t("standup.paused", number=standup.number, channel=channel_mention(standup.channel_id)))


def _resume(ctx: Ctx, rest: str, client, bot_user_id: str | None) -> dict[str, Any]:  # noqa: ANN001
    with ctx.rt.db.session(read_only=True) as session:
        standup = standups.resolve(session, ctx.team_id, ctx.channel_id, rest)
        standups.require_runner(session, ctx.team_id, ctx.user_id, is_admin=ctx.person.is_admin, standup=standup)
        if standup.status == "active":
            raise UserError("standup.not_paused", number=standup.number)
        channel_id = standup.channel_id
    roster, error = fetch_roster(ctx, client, channel_id, bot_user_id)
    with ctx.rt.db.session() as session:
        standup = standups.resolve(session, ctx.team_id, ctx.channel_id, rest)
        standups.resume(session, ctx.team_id, ctx.user_id, standup, roster=roster or None, now=ctx.now(),
                        actor_is_admin=ctx.person.is_admin)
    note = _roster_note(ctx, channel_id, error)
    text = ctx.t("standup.resumed", number=standup.number, channel=channel_mention(channel_id))
    return ephemeral(text + ("\n" + note if note else ""))


def _skip(ctx: Ctx, rest: str, client, bot_user_id: str | None) -> dict[str, Any]:  # noqa: ANN001
    phrase = plain(standups.CHANNEL.sub(" ", rest)).strip()
    with ctx.rt.db.session() as session:
        standup = standups.resolve(session, ctx.team_id, ctx.channel_id, rest)
        until = standups.skip(session, ctx.team_id, ctx.user_id, standup, phrase, tz=ctx.tz, now=ctx.now())
    where = channel_mention(standup.channel_id)
    if until is None:
        return ephemeral(ctx.t("standup.skip_off", channel=where))
    key = "standup.skip_until" if phrase else "standup.skip_next"
    return ephemeral(ctx.t(key, channel=where, when=date_token(until, ctx.tz)))


def _history(ctx: Ctx, rest: str, client, bot_user_id: str | None) -> dict[str, Any]:  # noqa: ANN001
    who = USER_MENTION.search(rest)
    user_id = who.group(1) if who else ctx.user_id
    with ctx.rt.db.session(read_only=True) as session:
        standup = standups.resolve(session, ctx.team_id, ctx.channel_id, USER_MENTION.sub(" ", rest))
        rows = standups.history(session, standup, user_id, ctx.user_id)
    return ephemeral(*views.history(standup, user_id, rows, standups.questions_of(standup, ctx.locale), ctx.locale))


WORDS = {"setup": _setup, "set": _setup, "create": _setup, "设置": _setup, "now": _now, "现在": _now,
         "report": _report, "汇总": _report, "pause": _pause, "暂停": _pause, "resume": _resume, "恢复": _resume,
         "skip": _skip, "跳过": _skip, "请假": _skip, "history": _history, "历史": _history}


# ---- who is in the channel --------------------------------------------------------------------------------------

def fetch_roster(ctx: Ctx, client, channel_id: str, bot_user_id: str | None) -> tuple[list[str], str | None]:  # noqa: ANN001
    """The channel's human members (profiles refreshed, so the clock knows their zone and language), or ([], the
    Slack error) when Slack would not say."""
    found: list[str] = []
    cursor = None
    try:
        for _ in range(MAX_MEMBER_PAGES):
            page = client.conversations_members(channel=channel_id, limit=200, cursor=cursor)
            found += [m for m in page.get("members") or [] if isinstance(m, str)]
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
    except SlackApiError as exc:
        return [], str(exc.response.get("error") or "error")[:60]
    except (SlackRequestError, OSError) as exc:
        return [], exc.__class__.__name__
    humans = []
    for user_id in dict.fromkeys(found):
        if user_id in NOT_PEOPLE or user_id == bot_user_id:
            continue
        if not ctx.rt.people.get(ctx.rt.db, ctx.team_id, user_id, ctx.now()).is_bot:
            humans.append(user_id)
    return humans, None if humans else "no members"


def _roster_note(ctx: Ctx, channel_id: str, error: str | None) -> str | None:
    if error is None:
        return None
    return ctx.t("standup.roster_failed", channel=channel_mention(channel_id), error=escape(error))


# ---- answering ----------------------------------------------------------------------------------------------------

def on_answer_button(ack, body, context, respond, client) -> None:  # noqa: ANN001
    """Answer / Edit answer: the form, prefilled with what was given so far."""
    ack()
    ctx = Ctx.of(context)
    run_id = _int(body["actions"][0].get("value"))
    try:
        with ctx.rt.db.session(read_only=True) as session:
            standup, run, row = standups.answer_row(session, ctx.team_id, run_id, ctx.user_id)
            if run.reported_at is not None:
                raise UserError("standup.already_reported")
    except UserError as err:
        return respond(replace_original=False, **ephemeral(ctx.t(err.key, **err.values)))
    view = views.answer_modal(standup, run, standups.questions_of(standup, ctx.locale), row.answers, ctx.locale,
                              private_metadata=json.dumps({"run": run.id}))
    client.views_open(trigger_id=body["trigger_id"], view=view)
    return None


def on_answer_submitted(ack, view, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    run_id = _int(json.loads(view.get("private_metadata") or "{}").get("run"))
    state = view["state"]["values"]
    answers = [(state.get(f"q{i}", {}).get(f"q{i}", {}).get("value") or "")
               for i in range(standups.MAX_QUESTIONS) if f"q{i}" in state]
    now = ctx.now()
    try:
        with ctx.rt.db.session() as session:
            standup, run, row = standups.record_answers(session, ctx.team_id, run_id, ctx.user_id, answers, now)
            _confirm(ctx, session, standup, run, row.answers, "standup.recorded", ctx.user_id)
    except UserError as err:
        return ack(response_action="errors", errors={"q0": ctx.t(err.key, **err.values)})
    return ack()


def on_dm(ctx: kit.Ctx, text: str) -> kit.Reply | None:
    """A plain DM right after an unanswered prompt is the answer (the router in handlers/messages.py asks here
    before it makes the DM a task)."""
    word, _ = split_command(text)
    if is_help(word):
        return None
    with ctx.caller.writing() as session:
        found = standups.take_dm_answer(session, ctx.team_id, ctx.user_id, plain(text), ctx.now)
        if found is None:
            return None
        standup, run, row = found
        headline = ctx.t("standup.dm_recorded", channel=channel_mention(standup.channel_id),
                         day=views.day(run.run_date, ctx.locale))
        return kit.ephemeral(*views.recorded(standup, run, standups.questions_of(standup, ctx.locale),
                                             row.answers or [], ctx.locale, ctx.tz, headline=headline))


def _confirm(ctx: Ctx, session, standup, run, answers, key: str, channel_id: str) -> None:  # noqa: ANN001
    headline = ctx.t(key, channel=channel_mention(standup.channel_id), day=views.day(run.run_date, ctx.locale))
    text, blocks = views.recorded(standup, run, standups.questions_of(standup, ctx.locale), answers or [],
                                  ctx.locale, ctx.tz, headline=headline)
    outbox.post(session, ctx.team_id, channel_id, text, ctx.now(), blocks=blocks)


# ---- blockers become tasks ----------------------------------------------------------------------------------------

def on_blocker_button(ack, body, context, respond, client) -> None:  # noqa: ANN001
    """Make it a task: owned by the member who wrote the blocker, linked to the report; the report then shows the
    task's number instead of the button. Once per blocker, whoever clicks."""
    ack()
    ctx = Ctx.of(context)
    run_word, _, member_id = str(body["actions"][0].get("value") or "").partition(":")
    container = body.get("container") or {}
    channel_id = container.get("channel_id") or (body.get("channel") or {}).get("id")
    message_ts = container.get("message_ts")
    permalink = _permalink(client, channel_id, message_ts)
    try:
        with ctx.rt.db.session() as session:
            task, created = standups.blocker_to_task(session, ctx.team_id, _int(run_word), member_id, ctx.user_id,
                                                     ctx.now(), permalink=permalink, report_channel=channel_id,
                                                     report_ts=message_ts)
    except UserError as err:
        return respond(replace_original=False, **ephemeral(ctx.t(err.key, **err.values)))
    key = "standup.task_created" if created else "standup.task_exists"
    return respond(replace_original=False, **ephemeral(ctx.t(key, number=task.number, owner=mention(task.owner_id))))


def _permalink(client, channel_id: str | None, message_ts: str | None) -> str | None:  # noqa: ANN001
    if not channel_id or not message_ts:
        return None
    try:
        return client.chat_getPermalink(channel=channel_id, message_ts=message_ts).get("permalink")
    except (SlackApiError, SlackRequestError, OSError):  # the task is still useful without the link
        return None


# ---- shared -------------------------------------------------------------------------------------------------------

def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _readable(text: str) -> str:
    """Plain text for the grammar, keeping `<#C…>` channel tokens for the `in #channel` option."""
    parts = CHANNEL_TOKEN.split(text)
    return "".join(part if i % 2 else plain(part) for i, part in enumerate(parts))
