"""`/role @user pm|ops|member`, `/role remove @user pm`, `/role list`, `/role` (yours and what each role does).

Each subcommand translates what was typed, calls bot.roles.service (which checks who may and tells the people
concerned) and renders the result.
"""

from __future__ import annotations

from slack_bolt import App

from bot.core.mrkdwn import escape
from bot.roles import parse, service, views
from handlers.kit import Command, Ctx, Reply, ephemeral

COMMAND = Command("/role", parse.SUBCOMMANDS, help_key="help.role")


def register(app: App) -> None:
    COMMAND.register(app)


@COMMAND.when_empty
def mine(ctx: Ctx, _: str) -> Reply:
    held = service.mine(ctx.caller)
    return ephemeral(views.mine(held.roles, held.is_admin, ctx.locale))


@COMMAND.on("list")
def everyone(ctx: Ctx, _: str) -> Reply:
    return ephemeral(views.everyone(service.everyone(ctx.caller), ctx.locale))


@COMMAND.otherwise
def grant(ctx: Ctx, text: str) -> Reply:
    return _change(ctx, text, removing=False)


@COMMAND.on("remove")
def revoke(ctx: Ctx, rest: str) -> Reply:
    return _change(ctx, rest, removing=True)


def _change(ctx: Ctx, text: str, *, removing: bool) -> Reply:
    change = parse.role_change(text)
    if change.problem:  # what was wrong, then how it is done
        words = ", ".join(escape(word) for word in change.unknown)
        return ephemeral(ctx.t(change.problem, words=words) + "\n" + COMMAND.help(ctx))
    apply = service.revoke if removing else service.grant
    changed = apply(ctx.caller, change.user_ids, change.roles)
    return ephemeral("\n".join(views.outcome(o.user_id, o.role, removing=changed.removed, changed=o.changed,
                                             locale=ctx.locale) for o in changed.outcomes))
