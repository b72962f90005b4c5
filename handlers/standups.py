"""Standups from Slack: `/standup setup|now|report|pause|resume|skip|history`, the Answer button and form, the
Make-it-a-task button on a report's blocker, and the plain DM answer (handlers/messages.py asks `on_dm` before it
makes a DM a task).

Each listener translates the payload, calls bot.standups.service and renders with bot.standups.views. This is the
one place that asks Slack who is in a channel (`conversations.members`): the service is handed that question as a
`ReadRoster` and decides when to ask it (after the permission check, before its write transaction), because only
a request can reach Slack's Web API and only the service knows when a request may.
"""

from __future__ import annotations

from slack_bolt import App
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.core import tokens
from bot.core.errors import UserError
from bot.core.mrkdwn import channel, date_token, escape, mention, plain
from bot.core.numbers import parse_number
from bot.standups import parse, service, views
from bot.standups.rules import MAX_QUESTIONS
from bot.standups.service import ReadRoster, Recorded, Roster
from handlers.kit import (
    Click,
    Command,
    Ctx,
    Form,
    Reply,
    beside,
    ephemeral,
    is_help,
    on_click,
    on_submit,
    split_command,
)

COMMAND = Command("/standup", parse.SUBCOMMANDS, help_key="help.standup")
MEMBERS_PER_PAGE = 200
MAX_MEMBER_PAGES = 10  # 2,000 members: more than any standup needs
NOT_PEOPLE = frozenset({"USLACKBOT"})


def register(app: App) -> None:
    COMMAND.register(app)
    on_click(app, views.ANSWER)(on_answer_button)
    on_click(app, views.BLOCKER_TASK)(on_blocker_button)
    on_submit(app, views.ANSWER_FORM, field_of=lambda key: "q0")(on_answer_submitted)  # shown on the first question


# ---- /standup -----------------------------------------------------------------------------------------------------

@COMMAND.on("setup")
def set_up(ctx: Ctx, rest: str) -> Reply:
    request = parse.setup_request(rest, now=ctx.now, tz=ctx.tz, default_channel=ctx.channel_id)
    done = service.setup(ctx.caller, request, read_roster(ctx))
    headline = ctx.t("standup.updated" if done.updated else "standup.set_up")
    note = _roster_note(ctx, done.standup.channel_id, done.roster_error)
    return ephemeral(*views.setup_card(done.standup, done.run, list(done.firsts), ctx.locale, ctx.tz,
                                       headline=headline, note=note))


@COMMAND.on("now")
def ask_now(ctx: Ctx, rest: str) -> Reply:
    prompted = service.prompt_now(ctx.caller, parse.named_channel(rest), read_roster(ctx))
    where = prompted.standup.channel_id
    assert prompted.run.report_due_at is not None  # `now` has just set it
    text = ctx.t("standup.prompted_now", asked=len(prompted.told), skipping=prompted.skipping, channel=channel(where),
                 when=date_token(prompted.run.report_due_at, ctx.tz))
    return ephemeral(_with_note(text, _roster_note(ctx, where, prompted.roster_error)))


@COMMAND.on("report")
def report_now(ctx: Ctx, rest: str) -> Reply:
    standup = service.report_now(ctx.caller, parse.named_channel(rest))
    return ctx.say("standup.reported_now", channel=channel(standup.channel_id))


@COMMAND.on("pause")
def pause(ctx: Ctx, rest: str) -> Reply:
    standup = service.pause(ctx.caller, parse.named_channel(rest))
    return ctx.say("standup.paused", number=standup.number, channel=channel(standup.channel_id))


@COMMAND.on("resume")
def resume(ctx: Ctx, rest: str) -> Reply:
    resumed = service.resume(ctx.caller, parse.named_channel(rest), read_roster(ctx))
    where = resumed.standup.channel_id
    text = ctx.t("standup.resumed", number=resumed.standup.number, channel=channel(where))
    return ephemeral(_with_note(text, _roster_note(ctx, where, resumed.roster_error)))


@COMMAND.on("skip")
def skip(ctx: Ctx, rest: str) -> Reply:
    skipped = service.skip(ctx.caller, parse.skip_request(rest))
    where = channel(skipped.standup.channel_id)
    if skipped.until is None:
        return ctx.say("standup.skip_off", channel=where)
    key = "standup.skip_next" if skipped.next_only else "standup.skip_until"
    return ctx.say(key, channel=where, when=date_token(skipped.until, ctx.tz))


@COMMAND.on("history")
def history(ctx: Ctx, rest: str) -> Reply:
    found = service.history(ctx.caller, parse.named_channel(rest), tokens.first_user(rest) or ctx.user_id)
    asked = views.questions(found.standup, ctx.locale)
    return ephemeral(*views.history(found.standup, found.user_id, found.runs, asked, ctx.locale))


# ---- who is in the channel ------------------------------------------------------------------------------------------

def read_roster(ctx: Ctx) -> ReadRoster:
    """How to ask Slack who is in a channel, for the service to call when it may: the members (not the bot, not
    Slackbot), or the Slack error that says why not."""
    client = ctx.client
    assert client is not None

    def read(channel_id: str) -> Roster:
        found: list[str] = []
        cursor = None
        try:
            for _ in range(MAX_MEMBER_PAGES):
                page = client.conversations_members(channel=channel_id, limit=MEMBERS_PER_PAGE, cursor=cursor)
                found += [member for member in page.get("members") or [] if isinstance(member, str)]
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except SlackApiError as exc:
            return Roster(error=str(exc.response.get("error") or "error")[:60])
        except (SlackRequestError, OSError) as exc:
            return Roster(error=exc.__class__.__name__)
        return Roster(tuple(user for user in dict.fromkeys(found)
                            if user not in NOT_PEOPLE and user != ctx.bot_user_id))

    return read


def _roster_note(ctx: Ctx, channel_id: str, error: str | None) -> str | None:
    if error is None:
        return None
    return ctx.t("standup.roster_failed", channel=channel(channel_id), error=escape(error))


def _with_note(text: str, note: str | None) -> str:
    return f"{text}\n{note}" if note else text


# ---- answering ------------------------------------------------------------------------------------------------------

def on_answer_button(ctx: Ctx, click: Click) -> None:
    """Answer / Edit answer: the form, prefilled with what was given so far."""
    answering = service.answer_form(ctx.caller, click.number)
    ctx.open_modal(views.answer_modal(answering.standup, answering.run, views.questions(answering.standup, ctx.locale),
                                      answering.answers, ctx.locale))


def on_answer_submitted(ctx: Ctx, form: Form) -> None:
    run_id = parse_number(str(form.meta.get("run", "")))
    if run_id is None:
        raise UserError("stale_button")
    answers = [form.text(f"q{i}") for i in range(MAX_QUESTIONS) if form.has(f"q{i}")]
    service.record_answers(ctx.caller, run_id, answers)


def on_dm(ctx: Ctx, text: str) -> Reply | None:
    """A plain DM right after an unanswered prompt is the answer; anything else is for the next reader."""
    word, _ = split_command(text)
    if is_help(word):
        return None
    recorded = service.take_dm_answer(ctx.caller, plain(text))
    return None if recorded is None else _recorded(ctx, recorded)


def _recorded(ctx: Ctx, recorded: Recorded) -> Reply:
    headline = ctx.t("standup.dm_recorded", channel=channel(recorded.standup.channel_id),
                     day=views.day(recorded.run.run_date, ctx.locale))
    return ephemeral(*views.recorded(recorded.standup, recorded.run, views.questions(recorded.standup, ctx.locale),
                                     recorded.answers, ctx.locale, ctx.tz, headline=headline))


# ---- blockers become tasks ------------------------------------------------------------------------------------------

def on_blocker_button(ctx: Ctx, click: Click) -> Reply:
    """Make it a task: owned by the member who wrote the blocker, linked to the report. Once per blocker, whoever
    clicks; the answer is a note beside the report."""
    run_id, member_id = parse.blocker_button(click.value)
    made = service.blocker_to_task(ctx.caller, run_id, member_id, permalink=_permalink(ctx, click),
                                   report_channel=click.channel_id, report_ts=click.message_ts)
    key = "standup.task_created" if made.created else "standup.task_exists"
    return beside(ctx.say(key, number=made.task.number, owner=mention(made.task.owner_id)))


def _permalink(ctx: Ctx, click: Click) -> str | None:
    if not click.channel_id or not click.message_ts or ctx.client is None:
        return None
    try:
        return ctx.client.chat_getPermalink(channel=click.channel_id, message_ts=click.message_ts).get("permalink")
    except (SlackApiError, SlackRequestError, OSError):  # the task is still useful without the link
        return None
