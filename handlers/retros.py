"""`/retro start|went-well|improve|idea|show|action|close` and the Vote / Save as lesson buttons.

For an anonymous item this handler never logs, stores or forwards who sent it: the person object it gets was looked
up without calling Slack or writing anything (bot/app.py, bot/privacy.py), the rate limit is counted in memory under
a keyed hash, and the confirmation is the ephemeral HTTP response itself.
"""

from __future__ import annotations

from typing import Any

from bot.core import privacy
from bot.core.errors import UserError
from bot.core.mrkdwn import channel, escape, plain
from bot.core.tokens import USER as USER_MENTION
from bot.retros import service as retros
from bot.retros import views
from bot.tasks import views as task_views
from handlers.legacy_kit import Ctx, ephemeral, is_help, split_command

ANONYMOUS_LIMIT = privacy.AnonymousRateLimit(limit=20)
START_WORDS = {"start", "new", "open", "开始", "发起"}
SHOW_WORDS = {"show", "board", "view", "看板", "查看"}
ACTION_WORDS = {"action", "todo", "行动", "行动项"}
CLOSE_WORDS = {"close", "end", "finish", "结束"}


def register(app) -> None:  # noqa: ANN001
    app.command("/retro")(retro_command)
    app.action("retro.vote")(on_vote)
    app.action("retro.lesson")(on_save_lesson)


def retro_command(ack, command, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    text = command.get("text") or ""
    word, rest = split_command(text)
    if is_help(word):
        return ack(**ephemeral(_usage(ctx)))
    item = retros.parse_item(text)
    if item is not None:
        return ack(**_add_item(ctx, item))
    if privacy.asks_anonymity("/retro", text):  # a marker but no kind: say so, keep nothing
        return ack(**ephemeral(ctx.t("retro.anonymous_needs_kind")))
    if word in START_WORDS:
        return ack(**_start(ctx, rest))
    if word in SHOW_WORDS:
        return ack(**_show(ctx))
    if word in ACTION_WORDS:
        return ack(**_action(ctx, rest))
    if word in CLOSE_WORDS:
        return ack(**_close(ctx))
    unknown = ctx.t("unknown_subcommand", command="retro", word=escape(plain(text)[:60]))
    ack(**ephemeral(unknown + "\n" + _usage(ctx)))


def _usage(ctx: Ctx) -> str:
    return ctx.t("help.retro") + "\n" + ctx.t("retro.help_more")


def _start(ctx: Ctx, rest: str) -> dict[str, Any]:
    try:
        with ctx.rt.db.session() as session:
            retro = retros.start(session, ctx.team_id, ctx.user_id, ctx.channel_id or ctx.user_id, rest, tz=ctx.tz,
                                 now=ctx.now())
            return ephemeral(ctx.t("retro.started", number=retro.number, name=views.inline(retro.name),
                                   channel=channel(retro.channel_id)))
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))


def _add_item(ctx: Ctx, item: retros.ItemText) -> dict[str, Any]:
    now = ctx.now()
    if item.anonymous and not ANONYMOUS_LIMIT.allow(ctx.team_id, ctx.user_id, now):
        return ephemeral(ctx.t("retro.slow_down"))
    try:
        with ctx.rt.db.session() as session:
            retro, _ = retros.add_item(session, ctx.team_id, ctx.channel_id, item,
                                       "" if item.anonymous else ctx.user_id, now)
            number, name = retro.number, views.inline(retro.name)
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    key = "retro.added_anonymous" if item.anonymous else "retro.added"
    return ephemeral(ctx.t(key, number=number, name=name, kind=views.kind_label(item.kind, ctx.locale)))


def _show(ctx: Ctx) -> dict[str, Any]:
    try:
        with ctx.rt.db.session(read_only=True) as session:
            retro = retros.open_in(session, ctx.team_id, ctx.channel_id)
            return ephemeral(*views.board(retro, retros.board(session, retro, ctx.user_id), ctx.locale, ctx.tz))
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))


def _action(ctx: Ctx, rest: str) -> dict[str, Any]:
    owners = USER_MENTION.findall(rest)
    ctx.know(owners[:1])
    now = ctx.now()
    try:
        with ctx.rt.db.session() as session:
            retro, created = retros.add_action(session, ctx.team_id, ctx.channel_id, ctx.user_id, rest, tz=ctx.tz,
                                               now=now)
            return ephemeral(*task_views.created_card(
                created.task, now, ctx.tz, ctx.locale, headline=ctx.t("retro.action_created", number=retro.number),
                not_understood=created.not_understood, unknown_mentions=created.unknown_mentions))
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))


def _close(ctx: Ctx) -> dict[str, Any]:
    try:
        with ctx.rt.db.session() as session:
            retro = retros.close(session, ctx.team_id, ctx.channel_id, ctx.user_id, ctx.now(),
                                 actor_is_admin=ctx.person.is_admin)
            return ephemeral(ctx.t("retro.closed", number=retro.number, name=views.inline(retro.name),
                                   channel=channel(retro.channel_id)))
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))


# ---- buttons ----------------------------------------------------------------------------------------------------

def on_vote(ack, body, context, respond) -> None:  # noqa: ANN001
    """Vote (or take the vote back), then show the clicker the board again with the new counts."""
    ack()
    ctx = Ctx.of(context)
    try:
        with ctx.rt.db.session() as session:
            retro = retros.toggle_vote(session, ctx.team_id, body["actions"][0].get("value", ""), ctx.user_id)
            reply = ephemeral(*views.board(retro, retros.board(session, retro, ctx.user_id), ctx.locale, ctx.tz))
    except UserError as err:
        return respond(replace_original=False, **ephemeral(ctx.t(err.key, **err.values)))
    respond(replace_original=True, **reply)


def on_save_lesson(ack, body, context, respond) -> None:  # noqa: ANN001
    """An item to improve becomes a lesson; the clicker is the one who saved it."""
    ack()
    ctx = Ctx.of(context)
    try:
        with ctx.rt.db.session() as session:
            lesson, created = retros.save_as_lesson(session, ctx.team_id, body["actions"][0].get("value", ""),
                                                    ctx.user_id, ctx.now())
            key = "retro.lesson_saved" if created else "retro.lesson_exists"
            reply = ephemeral(ctx.t(key, number=lesson.number))
    except UserError as err:
        reply = ephemeral(ctx.t(err.key, **err.values))
    respond(replace_original=False, **reply)
