"""`/teambot purge`: a workspace admin deletes everything teambot keeps about the workspace (asks first)."""

from __future__ import annotations

from bot.admin.service import purge_workspace
from handlers.legacy_kit import Ctx, ephemeral, is_help, split_command


def register(app) -> None:  # noqa: ANN001
    app.command("/teambot")(teambot_command)
    app.action("teambot.purge")(on_purge_confirmed)
    app.action("teambot.keep")(on_keep)


def teambot_command(ack, command, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    word, _ = split_command(command.get("text"))
    if word != "purge" or is_help(word):
        return ack(**ephemeral(ctx.t("help.teambot")))
    if not ctx.person.is_admin:
        return ack(**ephemeral(ctx.t("admin.admins_only")))
    question = ctx.t("admin.purge_confirm")
    ack(**ephemeral(question, [
        {"type": "section", "text": {"type": "mrkdwn", "text": question}},
        {"type": "actions", "elements": [
            {"type": "button", "style": "danger", "action_id": "teambot.purge", "value": "purge",
             "text": {"type": "plain_text", "text": ctx.t("admin.purge_button")}},
            {"type": "button", "action_id": "teambot.keep", "value": "keep",
             "text": {"type": "plain_text", "text": ctx.t("btn.cancel")}},
        ]},
    ]))


def on_purge_confirmed(ack, context, respond) -> None:  # noqa: ANN001
    ack()
    ctx = Ctx.of(context)
    if not ctx.person.is_admin:  # checked again: the button could be pressed by anyone who sees it
        return respond(replace_original=False, **ephemeral(ctx.t("admin.admins_only")))
    with ctx.rt.db.session() as session:
        deleted = purge_workspace(session, ctx.team_id)
    ctx.rt.forget_installation(ctx.team_id)
    respond(replace_original=True, **ephemeral(ctx.t("admin.purged", rows=sum(deleted.values()))))


def on_keep(ack, context, respond) -> None:  # noqa: ANN001
    ack()
    respond(replace_original=True, **ephemeral(Ctx.of(context).t("admin.kept")))
