"""`/digest now|preview|schedule|channel|off|on`: managers see delivery KPIs without asking anyone.

Each subcommand translates what was typed, calls bot.digest.service (which checks who may) and renders the result.
"""

from __future__ import annotations

from slack_bolt import App

from bot.core.mrkdwn import channel, date_token
from bot.digest import parse, service, views
from handlers.kit import Command, Ctx, Reply, ephemeral

COMMAND = Command("/digest", parse.SUBCOMMANDS, help_key="help.digest")


def register(app: App) -> None:
    COMMAND.register(app)


@COMMAND.on("now")
def now(ctx: Ctx, _: str) -> Reply:
    service.send_now(ctx.caller)
    return ctx.say("digest.sent_now")


@COMMAND.on("preview")
def preview(ctx: Ctx, _: str) -> Reply:
    return ephemeral(*views.digest(service.preview(ctx.caller), ctx.tz, ctx.locale))


@COMMAND.on("schedule")
def schedule(ctx: Ctx, rest: str) -> Reply:
    settings = service.schedule(ctx.caller, rest)
    return ctx.say("digest.scheduled", when=date_token(settings.next_at, ctx.tz))


@COMMAND.on("channel")
def choose_channel(ctx: Ctx, rest: str) -> Reply:
    settings = service.choose_channel(ctx.caller, parse.channel_choice(rest))
    if settings.channel_id is None:
        return ctx.say("digest.channel_off")
    return ctx.say("digest.channel_set", channel=channel(settings.channel_id))


@COMMAND.on("off")
def turn_off(ctx: Ctx, _: str) -> Reply:
    service.turn(ctx.caller, on=False)
    return ctx.say("digest.turned_off")


@COMMAND.on("on")
def turn_on(ctx: Ctx, _: str) -> Reply:
    service.turn(ctx.caller, on=True)
    return ctx.say("digest.turned_on")
