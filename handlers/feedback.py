"""Feedback from Slack: `/feedback [anonymous] <text> [#tags]`, `/feedback list|addressed|reply` and the
managers' Reply / Mark addressed buttons and reply form.

An anonymous submission reaches this module with a person the middleware did not look up (bot/app.py,
bot.core.privacy); this module passes it to the service and logs, stores and forwards nothing about who sent it.
The service only holds it in memory, so the reply says when it will be written and delivered, not its number.
"""

from __future__ import annotations

from slack_bolt import App

from bot.core.mrkdwn import date_token, escape
from bot.feedback import parse, service, views
from handlers.kit import Click, Command, Ctx, Form, Reply, beside, ephemeral, on_click, on_submit

COMMAND = Command("/feedback", parse.SUBCOMMANDS, help_key="help.feedback")


def register(app: App) -> None:
    COMMAND.register(app)
    on_click(app, views.ADDRESS)(on_address)
    on_click(app, views.REPLY)(on_reply_button)
    on_submit(app, views.REPLY_MODAL, field_of=lambda _key: views.REPLY_FIELD)(on_reply_submitted)


@COMMAND.otherwise
def submit(ctx: Ctx, text: str) -> Reply:
    """Any other text is feedback; the confirmation is the ephemeral response itself, stored nowhere."""
    submitted = service.submit(ctx.caller, text)
    if isinstance(submitted, service.Held):
        return ctx.say("feedback.thanks_anonymous", tags=views.tags(submitted.tags),
                       when=date_token(submitted.delivery, ctx.tz))
    return ctx.say("feedback.thanks", ref=views.label(submitted.item), tags=views.tags(submitted.item.tags))


@COMMAND.on("list")
def list_feedback(ctx: Ctx, rest: str) -> Reply:
    scope = parse.list_scope(rest)
    if scope.tag:
        title = ctx.t("feedback.list.title_tag", tag=escape(scope.tag))
    else:
        title = ctx.t(f"feedback.list.title_{scope.scope}")
    return ephemeral(*views.listing(service.listing(ctx.caller, scope), ctx.locale, title))


@COMMAND.on("addressed")
def address(ctx: Ctx, ref: str) -> Reply:
    return ctx.say("feedback.addressed", ref=views.label(service.address(ctx.caller, ref).item))


@COMMAND.on("reply")
def reply(ctx: Ctx, rest: str) -> Reply:
    ref, text = parse.ref_and_text(rest)
    return ctx.say("feedback.replied", ref=views.label(service.reply(ctx.caller, ref, text).item))


def on_address(ctx: Ctx, click: Click) -> Reply:
    return beside(address(ctx, click.value))


def on_reply_button(ctx: Ctx, click: Click) -> None:
    service.reply_target(ctx.caller, click.value)
    ctx.open_modal(views.reply_modal(click.value, ctx.locale))


def on_reply_submitted(ctx: Ctx, form: Form) -> None:
    service.reply(ctx.caller, str(form.meta.get("ref") or ""), form.text(views.REPLY_FIELD))
