"""Meetings from Slack: `/meeting add|list|cancel|skip|edit|agenda`, and plain text (`/meeting Weekly sync every
Monday 10am`) meaning add. Each subcommand calls bot.meetings.service and renders with bot.meetings.views; the
clock does the reminding (bot.meetings.jobs)."""

from __future__ import annotations

from slack_bolt import App

from bot.core.mrkdwn import date_token, escape, plain
from bot.meetings import parse, service, views
from bot.meetings.service import Shown
from handlers.kit import Command, Ctx, Reply, ephemeral

COMMAND = Command("/meeting", parse.SUBCOMMANDS, help_key="help.meeting", number_key="meeting.needs_number")


def register(app: App) -> None:
    COMMAND.register(app)


def _card(ctx: Ctx, shown: Shown, headline: str) -> Reply:
    return ephemeral(*views.card(shown.meeting, shown.upcoming, ctx.tz, ctx.locale, headline=headline,
                                 agenda=shown.agenda))


@COMMAND.on("add")
def add(ctx: Ctx, text: str) -> Reply:
    return _card(ctx, service.create(ctx.caller, text), ctx.t("meeting.created"))


@COMMAND.otherwise
def add_from_plain_text(ctx: Ctx, text: str) -> Reply:
    """`/meeting Weekly sync every Monday 10am` means add."""
    return add(ctx, text)


@COMMAND.on("list")
def list_meetings(ctx: Ctx, _: str = "") -> Reply:
    return ephemeral(*views.listing(service.listing(ctx.caller), ctx.tz, ctx.locale))


@COMMAND.on("cancel", numbered=True)
def cancel(ctx: Ctx, number: int, _: str = "") -> Reply:
    meeting = service.cancel(ctx.caller, number)
    return ctx.say("meeting.cancelled", number=meeting.number, title=escape(meeting.title))


@COMMAND.on("skip", numbered=True)
def skip(ctx: Ctx, number: int, _: str = "") -> Reply:
    skipped = service.skip(ctx.caller, number)
    return _card(ctx, skipped.shown, ctx.t("meeting.skipped", when=date_token(skipped.when, ctx.tz)))


@COMMAND.on("edit", numbered=True)
def edit(ctx: Ctx, number: int, text: str) -> Reply:
    return _card(ctx, service.edit(ctx.caller, number, text), ctx.t("meeting.updated", number=number))


@COMMAND.on("agenda", numbered=True)
def agenda(ctx: Ctx, number: int, text: str) -> Reply:
    shown = service.add_agenda(ctx.caller, number, plain(text))
    return _card(ctx, shown, ctx.t("meeting.agenda_added", number=number))
