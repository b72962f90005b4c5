"""`/feedback [anonymous] <text> [#tags]`, `/feedback list|addressed|reply` and the managers' buttons.

For an anonymous submission this handler never logs, stores or forwards who sent it: the person object it gets
was looked up without calling Slack or writing anything (see bot/app.py and bot/privacy.py).
"""

from __future__ import annotations

from typing import Any

from bot.core.errors import UserError
from bot.core.mrkdwn import escape
from bot.core.privacy import AnonymousRateLimit
from bot.feedback import service as feedback
from bot.feedback import views
from handlers.legacy_kit import Ctx, ephemeral, is_help, split_command

ANONYMOUS_LIMIT = AnonymousRateLimit(limit=10)
LIST_SCOPES = {"open", "all"}


def register(app) -> None:  # noqa: ANN001
    app.command("/feedback")(feedback_command)
    app.action("feedback.address")(on_address)
    app.action("feedback.reply")(on_reply_button)
    app.view("feedback.reply")(on_reply_submitted)


def feedback_command(ack, command, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    word, rest = split_command(command.get("text"))
    if is_help(word):
        return ack(**ephemeral(ctx.t("help.feedback")))
    if word == "list":
        return ack(**_list(ctx, rest.strip().lower()))
    if word in ("addressed", "address", "done"):
        return ack(**_address(ctx, rest.strip()))
    if word == "reply":
        ref, _, text = rest.partition(" ")
        return ack(**_reply(ctx, ref, text))
    ack(**_submit(ctx, command.get("text") or ""))


def _submit(ctx: Ctx, text: str) -> dict[str, Any]:
    parsed = feedback.parse(text)
    now = ctx.now()
    if parsed.anonymous and not ANONYMOUS_LIMIT.allow(ctx.team_id, ctx.user_id, now):
        return ephemeral(ctx.t("feedback.slow_down"))
    try:
        with ctx.rt.db.session() as session:
            item = feedback.submit(session, ctx.team_id, "" if parsed.anonymous else ctx.user_id, parsed, now)
            label = feedback.label(item)
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    key = "feedback.thanks_anonymous" if parsed.anonymous else "feedback.thanks"
    tags = " ".join("#" + escape(tag) for tag in item.tags)
    return ephemeral(ctx.t(key, ref=label, tags=tags))


def _list(ctx: Ctx, rest: str) -> dict[str, Any]:
    scope = rest if rest in LIST_SCOPES else "open"
    tag = rest[1:] if rest.startswith("#") else None
    try:
        with ctx.rt.db.session(read_only=True) as session:
            items = feedback.listing(session, ctx.team_id, ctx.user_id, actor_is_admin=ctx.person.is_admin,
                                     scope="all" if tag else scope, tag=tag)
            title = ctx.t("feedback.list.title_tag", tag=escape(tag)) if tag else ctx.t(f"feedback.list.title_{scope}")
            return ephemeral(*views.listing(items, ctx.locale, title))
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))


def _address(ctx: Ctx, ref: str) -> dict[str, Any]:
    try:
        with ctx.rt.db.session() as session:
            item = feedback.address(session, ctx.team_id, ref, ctx.user_id, ctx.now(),
                                    actor_is_admin=ctx.person.is_admin)
            return ephemeral(ctx.t("feedback.addressed", ref=feedback.label(item)))
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))


def _reply(ctx: Ctx, ref: str, text: str) -> dict[str, Any]:
    try:
        with ctx.rt.db.session() as session:
            item = feedback.reply(session, ctx.team_id, ref, ctx.user_id, text, ctx.now(),
                                  actor_is_admin=ctx.person.is_admin)
            return ephemeral(ctx.t("feedback.replied", ref=feedback.label(item)))
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))


def on_address(ack, body, context, respond) -> None:  # noqa: ANN001
    ack()
    respond(replace_original=False, **_address(Ctx.of(context), body["actions"][0].get("value", "")))


def on_reply_button(ack, body, context, client, respond) -> None:  # noqa: ANN001
    ack()
    ctx = Ctx.of(context)
    ref = body["actions"][0].get("value", "")
    try:
        with ctx.rt.db.session(read_only=True) as session:
            feedback.listing(session, ctx.team_id, ctx.user_id, actor_is_admin=ctx.person.is_admin)  # permission
            feedback.find(session, ctx.team_id, ref)
    except UserError as err:
        return respond(replace_original=False, **ephemeral(ctx.t(err.key, **err.values)))
    client.views_open(trigger_id=body["trigger_id"], view=views.reply_modal(ref, ctx.locale))


def on_reply_submitted(ack, view, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    text = (view["state"]["values"].get("reply", {}).get("reply", {}).get("value") or "").strip()
    try:
        with ctx.rt.db.session() as session:
            feedback.reply(session, ctx.team_id, view.get("private_metadata", ""), ctx.user_id, text, ctx.now(),
                           actor_is_admin=ctx.person.is_admin)
    except UserError as err:
        return ack(response_action="errors", errors={"reply": ctx.t(err.key, **err.values)})
    ack()
