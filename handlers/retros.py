"""Retros from Slack: `/retro start|went-well|improve|idea|show|action|close` and the Vote / Save as lesson buttons.

An anonymous item reaches this module with a person the middleware did not look up (bot/app.py,
bot.core.privacy); this module passes it to the service and logs, stores and forwards nothing about who sent it.
The service only holds it in memory, so the reply says when it will show on the board.
A request marked anonymous never runs a subcommand that would act under the person's name.
"""

from __future__ import annotations

from slack_bolt import App

from bot.core import privacy
from bot.core.errors import UserError
from bot.core.mrkdwn import channel, date_token, escape, inline, plain
from bot.retros import parse, rules, service, views
from bot.tasks import views as task_views
from handlers.kit import Click, Command, Ctx, PlainText, Reply, Subcommand, beside, ephemeral, on_click, replace

COMMAND = Command("/retro", parse.SUBCOMMANDS, help_key="help.retro")


def register(app: App) -> None:
    COMMAND.register(app)
    on_click(app, views.VOTE)(on_vote)
    on_click(app, views.SAVE_AS_LESSON)(on_save_lesson)


def named(handler: Subcommand) -> Subcommand:
    """A subcommand that acts as the person who asks. Text marked anonymous (`/retro start anon …`) is read as an
    item instead — which it is not, so the person is asked for a kind and nothing is kept: the middleware has not
    looked them up, and nothing may happen under their name."""

    def run(ctx: Ctx, rest: str) -> Reply | None:
        if parse.marked_anonymous(rest.split()[:1]):
            raise PlainText
        return handler(ctx, rest)

    return run


# ---- items --------------------------------------------------------------------------------------------------------

@COMMAND.otherwise
def add_item(ctx: Ctx, text: str) -> Reply:
    """`/retro anonymous improve …`, `/retro Idea: …`: an item, whatever its words' order; anything else is not
    understood."""
    item = parse.item(text)
    if item is None:
        if privacy.asks_anonymity(COMMAND.name, text):  # a marker but no kind: say so, keep nothing
            raise UserError("retro.anonymous_needs_kind")
        unknown = ctx.t("unknown_subcommand", command="retro", word=escape(plain(text)[:60]))
        return ephemeral(unknown + "\n" + COMMAND.help(ctx))
    added = service.add_item(ctx.caller, item)
    shown = {"number": added.retro.number, "name": inline(added.retro.name),
             "kind": views.kind_label(added.kind, ctx.locale)}
    if added.shows_at is not None:
        return ctx.say("retro.added_anonymous", when=date_token(added.shows_at, ctx.tz), **shown)
    return ctx.say("retro.added", **shown)


def _item_of(kind: str) -> Subcommand:
    """`/retro improve …` (`改进 …`, `improve anon …`): the kind's word matched; the rest is read like any item."""

    def add(ctx: Ctx, rest: str) -> Reply:
        return add_item(ctx, f"{kind} {rest}")

    return add


for kind in rules.KINDS:
    COMMAND.on(kind)(_item_of(kind))


# ---- the retro ----------------------------------------------------------------------------------------------------

@COMMAND.on("start")
@named
def start(ctx: Ctx, rest: str) -> Reply:
    retro = service.start(ctx.caller, rest).retro
    return ctx.say("retro.started", number=retro.number, name=inline(retro.name),
                   channel=channel(retro.channel_id))


@COMMAND.on("show")
@named
def show(ctx: Ctx, _: str) -> Reply:
    shown = service.board(ctx.caller)
    return ephemeral(*views.board(shown.retro, shown.board, ctx.locale, ctx.tz))


@COMMAND.on("action")
@named
def action(ctx: Ctx, rest: str) -> Reply:
    added = service.add_action(ctx.caller, rest)
    created = added.created
    return ephemeral(*task_views.created_card(
        created.task, ctx.now, ctx.tz, ctx.locale, headline=ctx.t("retro.action_created", number=added.retro.number),
        not_understood=created.not_understood, unknown_mentions=created.unknown_mentions))


@COMMAND.on("close")
@named
def close(ctx: Ctx, _: str) -> Reply:
    retro = service.close(ctx.caller).retro
    return ctx.say("retro.closed", number=retro.number, name=inline(retro.name),
                   channel=channel(retro.channel_id))


# ---- buttons ------------------------------------------------------------------------------------------------------

def on_vote(ctx: Ctx, click: Click) -> Reply:
    """Vote (or take the vote back); the clicker's board is replaced by the new counts."""
    shown = service.vote(ctx.caller, click.value)
    return replace(ephemeral(*views.board(shown.retro, shown.board, ctx.locale, ctx.tz)))


def on_save_lesson(ctx: Ctx, click: Click) -> Reply:
    """An item to improve becomes a lesson; the clicker is the one who saved it."""
    saved = service.save_as_lesson(ctx.caller, click.value)
    return beside(ctx.say("retro.lesson_saved" if saved.created else "retro.lesson_exists",
                          number=saved.lesson.number))
