"""`/teambot purge`: a workspace admin deletes everything teambot keeps about the workspace (asks first).

The command and the button both go through bot.admin.service, which checks that the person is a workspace admin.
"""

from __future__ import annotations

from slack_bolt import App

from bot.admin import parse, service, views
from handlers.kit import Click, Command, Ctx, Reply, ephemeral, on_click, replace

COMMAND = Command("/teambot", parse.SUBCOMMANDS, help_key="help.teambot")


def register(app: App) -> None:
    COMMAND.register(app)
    on_click(app, views.PURGE)(on_purge_confirmed)
    on_click(app, views.KEEP)(on_keep)


@COMMAND.on("purge")
def purge(ctx: Ctx, _: str) -> Reply:
    """Ask first; the button does it."""
    service.require_admin(ctx.caller)
    return ephemeral(*views.confirm_purge(ctx.locale))


def on_purge_confirmed(ctx: Ctx, click: Click) -> Reply:
    purged = service.purge(ctx.caller)
    return replace(ctx.say("admin.purged", rows=purged.rows))


def on_keep(ctx: Ctx, click: Click) -> Reply:
    return replace(ctx.say("admin.kept"))
