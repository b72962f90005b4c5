"""`/task`, task @mentions and DMs: ack fast, translate, call bot.tasks, render."""

from __future__ import annotations

import re
from typing import Any

from bot import outbox, tasks
from bot.i18n import t
from bot.mrkdwn import escape, mention
from bot.tasktext import USER_MENTION
from bot.views import tasks as views
from handlers.kit import Ctx, ephemeral, is_help, split_command

TASK_KEYWORD = re.compile(r"^\s*(?:task|todo|任务|待办)\s*[:：]?\s*", re.I)
LIST_SCOPES = {"mine", "overdue", "done", "all"}


def register(app) -> None:  # noqa: ANN001
    app.command("/task")(task_command)
    app.event("app_mention")(on_mention)
    app.event("message")(on_message)
    app.action("task.page")(on_page)


# ---- /task ------------------------------------------------------------------------------------------------------

def task_command(ack, command, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    word, rest = split_command(command.get("text"))
    if is_help(word):
        return ack(**ephemeral(ctx.t("help.task")))
    if word in ("list", "ls", "列表"):
        return ack(**list_reply(ctx, rest, page=1))
    ack(**create_reply(ctx, command.get("text") or "", source="command"))


def create_reply(ctx: Ctx, text: str, *, source: str, thread_ts: str | None = None) -> dict[str, Any]:
    """Create a task from text and return the creator's confirmation; the owner is told by DM (via the outbox)."""
    owner_ids = USER_MENTION.findall(text)
    owner = ctx.rt.people.get(ctx.rt.db, ctx.team_id, owner_ids[0], ctx.now()) if owner_ids else None
    now = ctx.now()
    try:
        with ctx.rt.db.session() as session:
            created = tasks.create_from_text(session, ctx.team_id, ctx.user_id, ctx.tz, text, now,
                                             channel_id=ctx.channel_id, source=source)
            task = created.task
            if owner is not None and owner.user_id != ctx.user_id:
                headline = t("task.assigned_to_you", owner.locale, creator=mention(ctx.user_id))
                dm_text, dm_blocks = views.task_card(task, now, owner.tz, owner.locale, headline=headline)
                outbox.post(session, ctx.team_id, owner.user_id, dm_text, now, blocks=dm_blocks,
                            dedupe_key=f"task:{task.id}:assigned:{owner.user_id}:{task.number}")
    except tasks.TaskError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    notes = []
    if created.not_understood:
        notes.append(ctx.t("task.not_understood", words=escape(created.not_understood), number=task.number))
    if created.unknown_mentions:
        names = ", ".join("@" + escape(name) for name in created.unknown_mentions)
        notes.append(ctx.t("task.unknown_mentions", names=names, number=task.number))
    text_out, blocks = views.task_card(task, now, ctx.tz, ctx.locale, headline=ctx.t("task.created"),
                                       note="\n".join(notes) or None)
    return ephemeral(text_out, blocks)


def list_reply(ctx: Ctx, rest: str, *, page: int) -> dict[str, Any]:
    scope, user_id, channel_id, title = _scope(ctx, rest)
    with ctx.rt.db.session(read_only=True) as session:
        listing = tasks.list_tasks(session, ctx.team_id, scope=scope, viewer_id=ctx.user_id, now=ctx.now(),
                                   user_id=user_id, channel_id=channel_id, page=page)
    text, blocks = views.task_list(listing, ctx.now(), ctx.tz, ctx.locale, title=title, scope_value=rest or "mine")
    return ephemeral(text, blocks)


def _scope(ctx: Ctx, rest: str) -> tuple[str, str | None, str | None, str]:
    word = rest.strip().lower()
    user = USER_MENTION.search(rest)
    channel = re.search(r"<#(C[A-Z0-9]+)(?:\|[^>]*)?>", rest)
    if user:
        return "user", user.group(1), None, ctx.t("task.list.title.user", who=mention(user.group(1)))
    if channel:
        return "channel", None, channel.group(1), ctx.t("task.list.title.channel", where=f"<#{channel.group(1)}>")
    scope = word if word in LIST_SCOPES else "mine"
    return scope, None, None, ctx.t(f"task.list.title.{scope}")


def on_page(ack, body, context, respond) -> None:  # noqa: ANN001
    ack()
    ctx = Ctx.of(context)
    scope, _, page = body["actions"][0]["value"].rpartition("|")
    respond(replace_original=True, **list_reply(ctx, scope, page=int(page) if page.isdigit() else 1))


# ---- mentions and DMs -------------------------------------------------------------------------------------------

def on_mention(event, context, ack) -> None:  # noqa: ANN001
    """`@teambot task: renew the TLS cert @carol by Friday` → a task, confirmed in the thread."""
    ack()
    ctx = Ctx.of(context)
    text = _without_bot(event.get("text") or "", context.bot_user_id)
    thread_ts = event.get("thread_ts") or event.get("ts")
    match = TASK_KEYWORD.match(text)
    if match is None:
        reply = ctx.t("mention.hint")
    else:
        reply = create_reply(ctx, text[match.end():], source="mention")
    _post(ctx, event["channel"], reply if isinstance(reply, dict) else {"text": reply}, thread_ts)


def on_message(event, context, ack) -> None:  # noqa: ANN001
    """Plain text in a DM to the bot creates a task for the sender; other messages (channels, edits, bots) are
    acknowledged and ignored so Slack does not retry them."""
    ack()
    if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
        return
    ctx = Ctx.of(context)
    text = (event.get("text") or "").strip()
    word, _ = split_command(text)
    reply = ephemeral(ctx.t("dm.help")) if is_help(word) else create_reply(ctx, TASK_KEYWORD.sub("", text),
                                                                            source="dm")
    _post(ctx, event["channel"], reply, None)


def _post(ctx: Ctx, channel: str, reply: dict[str, Any], thread_ts: str | None) -> None:
    with ctx.rt.db.session() as session:
        outbox.post(session, ctx.team_id, channel, reply["text"], ctx.now(), blocks=reply.get("blocks"),
                    thread_ts=thread_ts)


def _without_bot(text: str, bot_user_id: str | None) -> str:
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return " ".join(text.split())
