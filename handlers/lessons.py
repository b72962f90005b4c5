"""Lessons from Slack: `/lesson <text> [#tags]` saves one, `/lesson search <words>` finds them, `/lesson list
[#tag]` shows the newest. Replies only the asker sees; each subcommand calls bot.lessons.service and renders with
bot.lessons.views."""

from __future__ import annotations

from slack_bolt import App

from bot.core.mrkdwn import plain
from bot.lessons import parse, service, views
from handlers.kit import Command, Ctx, PlainText, Reply, ephemeral

COMMAND = Command("/lesson", parse.SUBCOMMANDS, help_key="help.lesson")


def register(app: App) -> None:
    COMMAND.register(app)


@COMMAND.otherwise
def save(ctx: Ctx, text: str) -> Reply:
    return ephemeral(views.saved(service.save(ctx.caller, plain(text)), ctx.locale))


@COMMAND.on("search")
def search(ctx: Ctx, query: str) -> Reply:
    query = plain(query)
    return ephemeral(*views.search_results(service.search(ctx.caller, query), query, ctx.locale, ctx.tz))


@COMMAND.on("list")
def list_lessons(ctx: Ctx, rest: str) -> Reply:
    """`/lesson list` and `/lesson list #ops` list; `/lesson list of things to avoid` is a lesson."""
    scope = parse.list_scope(plain(rest))
    if scope is None:
        raise PlainText
    return ephemeral(*views.listing(service.listing(ctx.caller, scope), ctx.locale, ctx.tz))
