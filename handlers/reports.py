"""`/report export tasks|risks|feedback|changes [since <date>]` and `/report kpi [this week|last month]`.

Each subcommand translates what was typed, calls bot.reports.service (which checks who may) and renders the result.
"""

from __future__ import annotations

from slack_bolt import App

from bot.core.mrkdwn import plain
from bot.reports import parse, service, views
from handlers.kit import Command, Ctx, Reply, ephemeral

COMMAND = Command("/report", parse.SUBCOMMANDS, help_key="help.report")


def register(app: App) -> None:
    COMMAND.register(app)


@COMMAND.on("export")
def export(ctx: Ctx, rest: str) -> Reply:
    queued = service.export(ctx.caller, parse.export_request(plain(rest)))
    return ctx.say("report.export_on_its_way", what=queued.what)


@COMMAND.on("kpi")
def kpi(ctx: Ctx, rest: str) -> Reply:
    return ephemeral(*views.kpi(service.kpi_report(ctx.caller, plain(rest)), ctx.tz, ctx.locale))
