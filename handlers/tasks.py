"""Tasks from Slack: `/task …`, its buttons and modals, the "Create task" message shortcut, App Home, and what DMs
and mentions mean for tasks (handlers/messages.py routes them here).

Each listener translates the payload, calls bot.tasks.service and renders the result; who is told is the service's
business.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.core import tokens
from bot.core.errors import UserError
from bot.core.i18n import t
from bot.core.mrkdwn import channel, escape, mention, plain
from bot.core.people import Person
from bot.tasks import parse, service, views
from bot.tasks.service import Changed, Created
from handlers.kit import Click, Command, Ctx, Form, Reply, ephemeral, for_channel, is_help, on_click, on_submit, replace

COMMAND = Command("/task", parse.SUBCOMMANDS, help_key="help.task", number_key="task.needs_number")


def register(app: App) -> None:
    COMMAND.register(app)
    app.event("app_home_opened")(on_home_opened)
    app.shortcut(views.FROM_MESSAGE)(on_message_shortcut)
    on_click(app, views.DONE, views.REOPEN, views.SNOOZE, views.DELETE)(on_task_button)
    on_click(app, views.EDIT)(on_edit_button)
    on_click(app, views.KEEP)(on_keep_button)
    on_click(app, views.PAGE)(on_page)
    on_click(app, views.NEW)(on_new_button)
    on_submit(app, views.CREATE_MODAL, field_of=_field_of)(on_create_submitted)
    on_submit(app, views.EDIT_MODAL, field_of=_field_of)(on_edit_submitted)


# ---- /task --------------------------------------------------------------------------------------------------------

@COMMAND.otherwise
def create(ctx: Ctx, text: str) -> Reply:
    return created_reply(ctx, service.create_from_text(ctx.caller, text, source="command"))


def created_reply(ctx: Ctx, created: Created) -> Reply:
    """The creator's confirmation of a task made from text (the command, a subtask, a DM, a mention)."""
    headline = ctx.t("task.sub_created", parent=created.parent[0]) if created.parent else ctx.t("task.created")
    return ephemeral(*views.created_card(created.task, ctx.now, ctx.tz, ctx.locale, headline=headline,
                                         not_understood=created.not_understood,
                                         unknown_mentions=created.unknown_mentions, parent=created.parent))


@COMMAND.on("list")
def list_tasks(ctx: Ctx, rest: str, page: int = 1) -> Reply:
    scope = parse.list_scope(rest)
    if scope.user_id:
        title = ctx.t("task.list.title.user", who=mention(scope.user_id))
    elif scope.channel_id:
        title = ctx.t("task.list.title.channel", where=channel(scope.channel_id))
    else:
        title = ctx.t(f"task.list.title.{scope.scope}")
    listing = service.listing(ctx.caller, scope, page=page)
    return ephemeral(*views.task_list(listing, ctx.now, ctx.tz, ctx.locale, title=title, scope_value=rest or "mine"))


def _card(ctx: Ctx, changed: Changed, headline_key: str, reader: Person | None = None) -> Reply:
    """The task's card for the asker or, when it is shared in a channel, for its `reader`."""
    reader = reader or ctx.person
    headline = t(headline_key, reader.locale, number=changed.task.number)
    notes = [t("task.no_pm", reader.locale)] if changed.no_pm else None
    return ephemeral(*views.task_card(changed.task, ctx.now, reader.tz, reader.locale, headline=headline,
                                      subtasks=changed.subtasks, notes=notes))


@COMMAND.on("done", numbered=True)
def done(ctx: Ctx, number: int, _: str = "") -> Reply:
    return _card(ctx, service.complete(ctx.caller, number), "task.done_headline")


@COMMAND.on("reopen", numbered=True)
def reopen(ctx: Ctx, number: int, _: str = "") -> Reply:
    return _card(ctx, service.reopen(ctx.caller, number), "task.reopened_headline")


@COMMAND.on("assign", numbered=True)
def assign(ctx: Ctx, number: int, argument: str) -> Reply:
    owner = tokens.first_user(argument)
    if owner is None:
        raise UserError("task.assign_needs_person", number=number)
    return _card(ctx, service.assign(ctx.caller, number, owner), "task.assigned_headline")


@COMMAND.on("due", numbered=True)
def due(ctx: Ctx, number: int, argument: str) -> Reply:
    return _card(ctx, service.set_due(ctx.caller, number, plain(argument)), "task.due_headline")


@COMMAND.on("snooze", numbered=True)
def snooze(ctx: Ctx, number: int, _: str = "") -> Reply:
    return _card(ctx, service.snooze(ctx.caller, number), "task.due_headline")


@COMMAND.on("sub", numbered=True)
def subtask(ctx: Ctx, number: int, argument: str) -> Reply:
    return created_reply(ctx, service.create_from_text(ctx.caller, argument, source="command",
                                                       parent_number=number))


@COMMAND.on("block", numbered=True)
def block(ctx: Ctx, number: int, argument: str) -> Reply:
    return _card(ctx, service.block(ctx.caller, number, plain(argument)), "task.blocked_headline")


@COMMAND.on("progress", numbered=True)
def progress(ctx: Ctx, number: int, argument: str) -> Reply:
    percent = parse.progress(argument)
    if percent is None:
        raise UserError("task.bad_progress")
    headline = "task.done_headline" if percent == 100 else "task.progress_headline"
    return _card(ctx, service.set_progress(ctx.caller, number, percent), headline)


@COMMAND.on("delete", numbered=True)
def delete(ctx: Ctx, number: int, _: str = "") -> Reply:
    """Ask first; the Delete button does it (and checks who may)."""
    return ephemeral(*views.confirm_delete(service.get(ctx.caller, number), ctx.now, ctx.tz, ctx.locale))


@COMMAND.on("edit", numbered=True)
def edit(ctx: Ctx, number: int, _: str = "") -> Reply | None:
    task = service.get(ctx.caller, number)
    ctx.open_modal(views.task_modal(
        ctx.locale, callback_id=views.EDIT_MODAL, heading=ctx.t("modal.edit_heading", number=number),
        submit=ctx.t("btn.save"), title=task.title, owner_id=task.owner_id, due_at=task.due_at,
        description=task.description, meta={"number": number}))
    return None


@COMMAND.on("settings")
def settings(ctx: Ctx, rest: str) -> Reply:
    """`/task settings [due-time 18:00] [remind 30m]`: team defaults; managers and admins may change them."""
    row = service.settings(ctx.caller, parse.settings_change(rest))
    return ctx.say("task.settings.show", due_time=row.default_due_time, lead=row.reminder_lead_minutes)


# ---- buttons, modals, the shortcut ----------------------------------------------------------------------------------

BUTTONS = {views.DONE: (service.complete, "task.done_headline"),
           views.REOPEN: (service.reopen, "task.reopened_headline"),
           views.SNOOZE: (service.snooze, "task.due_headline")}


def on_task_button(ctx: Ctx, click: Click) -> Reply | None:
    """Done / Reopen / Snooze / Delete on a card, a list or App Home: the card is updated in place (App Home is
    published again instead). A card shared in a channel (a mention's reply) stays in the language it was posted
    in, its creator's, whoever clicks."""
    number = click.number
    if click.action_id == views.DELETE:
        task = service.delete(ctx.caller, number)
        reader = ctx.reader(task.creator_id) if click.shared else ctx.person
        reply = ephemeral(t("task.deleted", reader.locale, number=number, title=escape(task.title)))
    else:
        change, headline = BUTTONS[click.action_id]
        changed = change(ctx.caller, number)
        reply = _card(ctx, changed, headline, ctx.reader(changed.task.creator_id) if click.shared else None)
    if click.in_view:
        publish_home(ctx)
        return None
    return for_channel(reply) if click.shared else replace(reply)


def on_edit_button(ctx: Ctx, click: Click) -> Reply | None:
    return edit(ctx, click.number)


def on_keep_button(ctx: Ctx, click: Click) -> Reply:
    return replace(ctx.say("task.delete.cancelled", number=click.number))


def on_page(ctx: Ctx, click: Click) -> Reply:
    scope, _, page = click.value.rpartition("|")
    return replace(list_tasks(ctx, scope, page=int(page) if page.isdigit() else 1))


def on_new_button(ctx: Ctx, click: Click) -> None:
    ctx.open_modal(views.task_modal(ctx.locale, callback_id=views.CREATE_MODAL, heading=ctx.t("modal.create_heading"),
                                    submit=ctx.t("btn.create"), owner_id=ctx.user_id, meta={"source": "home"}))


def on_message_shortcut(ack: Ack, shortcut: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """"Create task" on any message: a modal prefilled from the message, linked back to it."""
    ack()
    ctx = Ctx.of(context, client, shortcut.get("trigger_id"))
    message = shortcut.get("message") or {}
    channel_id = ctx.channel_id
    text = message.get("text") or ""
    permalink = None
    if channel_id and message.get("ts"):
        try:
            permalink = client.chat_getPermalink(channel=channel_id, message_ts=message["ts"]).get("permalink")
        except (SlackApiError, SlackRequestError, OSError):  # the task is still useful without the link
            permalink = None
    parsed = service.draft_from_message(ctx.caller, text)
    ctx.open_modal(views.task_modal(
        ctx.locale, callback_id=views.CREATE_MODAL, heading=ctx.t("modal.create_heading"), submit=ctx.t("btn.create"),
        title=(parsed.title.splitlines() or [""])[0][:300], owner_id=parsed.owner_id or ctx.user_id,
        due_at=parsed.deadline.due if parsed.deadline else None, description=plain(text)[:3000],
        meta={"channel": channel_id, "permalink": permalink, "source": "shortcut"}))


def on_create_submitted(ctx: Ctx, form: Form) -> None:
    service.create_from_form(ctx.caller, title=form.text("title"), owner_id=form.user("owner"),
                             due_at=form.moment("due"), description=form.text("description"),
                             channel_id=form.meta.get("channel"), permalink=form.meta.get("permalink"),
                             source=str(form.meta.get("source") or "modal"))


def on_edit_submitted(ctx: Ctx, form: Form) -> None:
    number = form.meta.get("number")
    if not isinstance(number, int):
        raise UserError("stale_button")
    service.edit(ctx.caller, number, title=form.text("title"), description=form.text("description"),
                 owner_id=form.user("owner"), due_at=form.moment("due"))


def _field_of(key: str) -> str:
    return "description" if "description" in key else "title"


# ---- App Home, DMs and mentions -------------------------------------------------------------------------------------

def on_home_opened(event: dict[str, Any], context: BoltContext, ack: Ack, client: WebClient) -> None:
    ack()
    if event.get("tab", "home") == "home":
        publish_home(Ctx.of(context, client))


HOME_SECTIONS = (("home.overdue", "overdue"), ("home.today", "today"), ("home.this_week", "this_week"),
                 ("home.later", "later"), ("home.given", "given"))


def publish_home(ctx: Ctx) -> None:
    home = service.home(ctx.caller)
    sections = [(key, getattr(home, name)) for key, name in HOME_SECTIONS]
    assert ctx.client is not None
    ctx.client.views_publish(user_id=ctx.user_id, view=views.home(sections, ctx.now, ctx.tz, ctx.locale,
                                                                  home.team_counts))


def on_dm(ctx: Ctx, text: str) -> Reply:
    """Plain text in a DM to the bot is a task for the sender (`help` says so)."""
    if is_help(text.strip().split(" ", 1)[0].lower() if text.strip() else ""):
        return ctx.say("dm.help")
    _, title = parse.without_task_keyword(text)
    return created_reply(ctx, service.create_from_text(ctx.caller, title, source="dm"))


def on_mention(ctx: Ctx, text: str) -> Reply:
    """`@teambot task: renew the TLS cert @carol by Friday` → a task (the router answers in the thread)."""
    is_task, title = parse.without_task_keyword(text)
    if not is_task:
        return {"text": ctx.t("mention.hint")}
    return created_reply(ctx, service.create_from_text(ctx.caller, title, source="mention"))
