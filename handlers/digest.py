"""`/digest now|preview|schedule|channel|off|on` — managers see delivery KPIs without asking anyone."""

from __future__ import annotations

import re
from typing import Any

from bot.core.errors import UserError
from bot.core.mrkdwn import channel as channel_mention
from bot.core.mrkdwn import date_token, escape, plain
from bot.digest import service as digest
from bot.digest.kpi import including
from bot.roles import store as roles
from handlers.legacy_kit import Ctx, ephemeral, is_help, split_command

CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")


def register(app) -> None:  # noqa: ANN001
    app.command("/digest")(digest_command)


def digest_command(ack, command, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    word, rest = split_command(command.get("text"))
    if is_help(word):
        return ack(**ephemeral(ctx.t("help.digest")))
    handler = {"now": _now, "preview": _preview, "schedule": _schedule, "channel": _channel, "off": _off,
               "on": _on}.get(word)
    if handler is None:
        return ack(**ephemeral(ctx.t("digest.unknown", word=escape(plain(word)[:30])) + "\n" + ctx.t("help.digest")))
    try:
        ack(**handler(ctx, rest))
    except UserError as err:
        ack(**ephemeral(ctx.t(err.key, **err.values)))


def _require_manager(ctx: Ctx) -> None:
    with ctx.rt.db.session(read_only=True) as session:
        roles.require_manager(session, ctx.team_id, ctx.user_id, is_admin=ctx.person.is_admin,
                              key="digest.managers_only")


def _now(ctx: Ctx, _: str) -> dict[str, Any]:
    _require_manager(ctx)
    with ctx.rt.db.session() as session:
        digest.send(session, ctx.team_id, ctx.user_id, including(ctx.now()), ctx.tz, ctx.locale, ctx.now())
    return ephemeral(ctx.t("digest.sent_now"))


def _preview(ctx: Ctx, _: str) -> dict[str, Any]:
    _require_manager(ctx)
    with ctx.rt.db.session(read_only=True) as session:
        text, blocks, _report = digest.compose(session, ctx.team_id, including(ctx.now()), ctx.tz, ctx.locale)
    return ephemeral(text, blocks)


def _schedule(ctx: Ctx, rest: str) -> dict[str, Any]:
    rule = digest.parse_schedule(rest, now=ctx.now(), tz=ctx.tz)
    with ctx.rt.db.session() as session:
        digest.configure(session, ctx.team_id, ctx.user_id, ctx.now(), actor_is_admin=ctx.person.is_admin,
                         rule=rule, enabled=True)
    return ephemeral(ctx.t("digest.scheduled", when=date_token(digest.next_send(rule, ctx.tz, ctx.now()), ctx.tz)))


def _channel(ctx: Ctx, rest: str) -> dict[str, Any]:
    match = CHANNEL.search(rest)
    with ctx.rt.db.session() as session:
        if rest.strip().lower() in ("off", "none", "关闭"):
            digest.configure(session, ctx.team_id, ctx.user_id, ctx.now(), actor_is_admin=ctx.person.is_admin,
                             clear_channel=True)
            return ephemeral(ctx.t("digest.channel_off"))
        if match is None:
            return ephemeral(ctx.t("digest.channel_usage"))
        digest.configure(session, ctx.team_id, ctx.user_id, ctx.now(), actor_is_admin=ctx.person.is_admin,
                         channel=match.group(1), channel_tz=ctx.tz)
    return ephemeral(ctx.t("digest.channel_set", channel=channel_mention(match.group(1))))


def _off(ctx: Ctx, _: str) -> dict[str, Any]:
    with ctx.rt.db.session() as session:
        digest.configure(session, ctx.team_id, ctx.user_id, ctx.now(), actor_is_admin=ctx.person.is_admin,
                         enabled=False)
    return ephemeral(ctx.t("digest.turned_off"))


def _on(ctx: Ctx, _: str) -> dict[str, Any]:
    with ctx.rt.db.session() as session:
        digest.configure(session, ctx.team_id, ctx.user_id, ctx.now(), actor_is_admin=ctx.person.is_admin,
                         enabled=True)
    return ephemeral(ctx.t("digest.turned_on"))
