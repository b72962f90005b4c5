"""Tasks from Slack: `/task …`, @mentions, DMs, the "Create task" message shortcut, buttons, modals, App Home.

Each listener acks, translates the payload, calls bot.tasks inside one session, and renders. People other than
the asker are told through the outbox, in their own language and zone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot import outbox, people, roles, tasks
from bot.errors import UserError
from bot.i18n import t
from bot.mrkdwn import escape, mention, plain
from bot.numbers import parse_number
from bot.tasktext import USER_MENTION, parse_task_text
from bot.text.deadlines import parse_deadline
from bot.views import tasks as views
from handlers.kit import Ctx, ephemeral, is_help, split_command
from handlers.standups import took_dm_answer
from storage.models import Task

TASK_KEYWORD = re.compile(r"^\s*(?:task|todo|任务|待办)\s*[:：]?\s*", re.I)
LIST_SCOPES = {"mine", "overdue", "done", "all"}
CLEAR_WORDS = {"none", "clear", "no", "无", "清除"}


def register(app) -> None:  # noqa: ANN001
    app.command("/task")(task_command)
    app.event("app_mention")(on_mention)
    app.event("message")(on_message)
    app.event("app_home_opened")(on_home_opened)
    app.shortcut("task.from_message")(on_message_shortcut)
    app.action("task.page")(on_page)
    app.action("task.new")(on_new_button)
    for action in ("task.done", "task.reopen", "task.snooze", "task.edit", "task.delete_confirm",
                   "task.delete_cancel"):
        app.action(action)(on_task_button)
    app.view("task.edit")(on_edit_submitted)
    app.view("task.create")(on_create_submitted)


# ---- /task ------------------------------------------------------------------------------------------------------

def task_command(ack, command, context, client) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    word, rest = split_command(command.get("text"))
    if is_help(word):
        return ack(**ephemeral(ctx.t("help.task")))
    if word in ("list", "ls"):
        return ack(**list_reply(ctx, rest, page=1))
    if word in ("settings", "config"):
        return ack(**settings_reply(ctx, rest))
    if word in SUBCOMMANDS or word == "edit":
        number_word, _, argument = rest.partition(" ")
        number = parse_number(number_word)
        if number is None:
            return ack(**ephemeral(ctx.t("task.needs_number", word=word)))
        if word == "edit":
            error = open_edit_modal(ctx, client, number, command.get("trigger_id"))
            return ack(**error) if error else ack()
        return ack(**SUBCOMMANDS[word](ctx, number, argument.strip()))
    ack(**create_reply(ctx, command.get("text") or "", source="command"))


def create_reply(ctx: Ctx, text: str, *, source: str, parent_number: int | None = None) -> dict[str, Any]:
    """Create a task from text; returns the creator's confirmation. The owner is told by DM via the outbox."""
    if not text.strip():
        return ephemeral(ctx.t("task.no_title"))
    owner_ids = USER_MENTION.findall(text)
    ctx.know(owner_ids[:1])  # the owner's zone and language, before the write transaction
    now = ctx.now()
    headline = ctx.t("task.created") if parent_number is None else ctx.t("task.sub_created", parent=parent_number)
    try:
        with ctx.rt.db.session() as session:
            created = tasks.create_from_text(session, ctx.team_id, ctx.user_id, ctx.tz, text, now,
                                             channel_id=ctx.channel_id, source=source, parent_number=parent_number)
            return announce_created(ctx, session, created, now, headline,
                                    extra_note=_parent_progress(session, ctx, created.task))
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))


def announce_created(ctx: Ctx, session, created: tasks.Created, now: datetime, headline: str, *,  # noqa: ANN001
                     extra_note: str | None = None) -> dict[str, Any]:
    """Tell a new task's owner (when it is someone else) and render the creator's confirmation: the same for every
    path that creates a task from text (command, mention, DM, subtask, retro action)."""
    task = created.task
    if task.owner_id != ctx.user_id:
        _tell(ctx, session, task, (task.owner_id,), "task.assigned_to_you",
              dedupe=f"task:{task.id}:assigned:{task.owner_id}")
    notes = []
    if created.not_understood:
        notes.append(ctx.t("task.not_understood", words=escape(created.not_understood), number=task.number))
    if created.unknown_mentions:
        names = ", ".join("@" + escape(name) for name in created.unknown_mentions)
        notes.append(ctx.t("task.unknown_mentions", names=names, number=task.number))
    if extra_note:
        notes.append(extra_note)
    return ephemeral(*views.task_card(task, now, ctx.tz, ctx.locale, headline=headline, note="\n".join(notes) or None))


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


# ---- subcommands on one task ------------------------------------------------------------------------------------

def _done(ctx: Ctx, number: int, _: str) -> dict[str, Any]:
    return _change(ctx, lambda s, now: tasks.complete(s, ctx.team_id, number, ctx.user_id, now),
                   "task.done_headline", notify_key="task.done_by", number=number)


def _reopen(ctx: Ctx, number: int, _: str) -> dict[str, Any]:
    return _change(ctx, lambda s, now: tasks.reopen(s, ctx.team_id, number, ctx.user_id, now),
                   "task.reopened_headline", notify_key="task.reopened_by", number=number)


def _assign(ctx: Ctx, number: int, argument: str) -> dict[str, Any]:
    owners = USER_MENTION.findall(argument)
    if not owners:
        return ephemeral(ctx.t("task.assign_needs_person", number=number))
    ctx.know(owners[:1])
    return _change(ctx, lambda s, now: tasks.assign(s, ctx.team_id, number, ctx.user_id, owners[0], now),
                   "task.assigned_headline", notify_key="task.assigned_to_you")


def _due(ctx: Ctx, number: int, argument: str) -> dict[str, Any]:
    argument = plain(argument).strip()
    if not argument:
        return ephemeral(ctx.t("task.due_needs_phrase", number=number))
    if argument.lower() in CLEAR_WORDS:
        due, date_only = None, False
    else:
        with ctx.rt.db.session(read_only=True) as session:
            default_time = tasks.default_due_time(session, ctx.team_id)
        deadline = parse_deadline(argument, now=ctx.now(), tz=ctx.tz, default_time=default_time)
        if deadline is None:
            return ephemeral(ctx.t("task.due_not_understood", words=escape(argument)))
        due, date_only = deadline.due, deadline.date_only
    return _change(ctx, lambda s, now: tasks.set_due(s, ctx.team_id, number, ctx.user_id, due, date_only, now),
                   "task.due_headline", notify_key="task.due_changed_by", number=number)


def _sub(ctx: Ctx, number: int, argument: str) -> dict[str, Any]:
    return create_reply(ctx, argument, source="command", parent_number=number)


def _block(ctx: Ctx, number: int, argument: str) -> dict[str, Any]:
    argument = plain(argument)
    reply = _change(ctx, lambda s, now: tasks.block(s, ctx.team_id, number, ctx.user_id, argument, now),
                    "task.blocked_headline", notify_key="task.blocked_escalation", number=number,
                    reason=escape(argument))
    with ctx.rt.db.session(read_only=True) as session:
        has_pm = bool(roles.holders(session, ctx.team_id, roles.PM))
    if not has_pm and reply.get("blocks"):
        reply["blocks"].insert(-1, {"type": "context", "elements": [{"type": "mrkdwn",
                                                                       "text": ctx.t("task.no_pm")}]})
    return reply


def _progress(ctx: Ctx, number: int, argument: str) -> dict[str, Any]:
    match = re.fullmatch(r"\s*(\d{1,3})\s*%?\s*", argument)
    if not match:
        return ephemeral(ctx.t("task.bad_progress"))
    percent = int(match.group(1))
    if percent == 100:
        return _done(ctx, number, "")
    return _change(ctx, lambda s, now: tasks.set_progress(s, ctx.team_id, number, ctx.user_id, percent, now),
                   "task.progress_headline")


def _delete(ctx: Ctx, number: int, _: str) -> dict[str, Any]:
    """Ask first; the Delete button does it (and checks who may)."""
    try:
        with ctx.rt.db.session(read_only=True) as session:
            task = tasks.get(session, ctx.team_id, number)
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    return ephemeral(*views.confirm_delete(task, ctx.now(), ctx.tz, ctx.locale))


def _snooze(ctx: Ctx, number: int, _: str) -> dict[str, Any]:
    return _change(ctx, lambda s, now: tasks.snooze(s, ctx.team_id, number, ctx.user_id, now, ctx.tz),
                   "task.due_headline", notify_key="task.due_changed_by", number=number)


def _really_delete(ctx: Ctx, number: int, _: str) -> dict[str, Any]:
    try:
        with ctx.rt.db.session() as session:
            change = tasks.delete(session, ctx.team_id, number, ctx.user_id, ctx.now(),
                                  actor_is_admin=ctx.person.is_admin)
            title = change.task.title
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    return ephemeral(ctx.t("task.deleted", number=number, title=escape(title)))


SUBCOMMANDS: dict[str, Callable[[Ctx, int, str], dict[str, Any]]] = {
    "done": _done, "reopen": _reopen, "assign": _assign, "due": _due, "sub": _sub, "block": _block,
    "progress": _progress, "delete": _delete, "snooze": _snooze,
}


def _change(ctx: Ctx, apply: Callable, headline_key: str, *, notify_key: str | None = None,
            number: int | None = None, **values: object) -> dict[str, Any]:
    """Run one change in one transaction, tell the people it concerns, and render the asker's card."""
    if notify_key and number is not None:
        _know_people_around(ctx, number)
    now = ctx.now()
    try:
        with ctx.rt.db.session() as session:
            change: tasks.Change = apply(session, now)
            if notify_key and change.notify:
                _tell(ctx, session, change.task, change.notify, notify_key, **values)
            subtasks = tasks.subtask_progress(session, ctx.team_id, [change.task.id]).get(change.task.id)
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    headline = ctx.t(headline_key, number=change.task.number)
    return ephemeral(*views.task_card(change.task, now, ctx.tz, ctx.locale, headline=headline, subtasks=subtasks))


def _know_people_around(ctx: Ctx, number: int) -> None:
    """Fetch (or refresh from cache) the profiles of everyone a change may notify — owner, creator, project
    managers — before the write transaction, so notices are in their language and zone without any network call
    while the write lock is held."""
    with ctx.rt.db.session(read_only=True) as session:
        task = session.scalar(select(Task).where(Task.team_id == ctx.team_id, Task.number == number))
        people_ids = ([task.owner_id, task.creator_id] if task else []) + roles.holders(session, ctx.team_id,
                                                                                        roles.PM)
    ctx.know(people_ids)


def _tell(ctx: Ctx, session, task, recipients, key: str, dedupe: str | None = None, **values: object) -> None:  # noqa: ANN001
    """DM each recipient a card about `task`, in their own language and zone (what we last heard from Slack)."""
    now = ctx.now()
    for user_id in dict.fromkeys(recipients):
        if not user_id or user_id == ctx.user_id:
            continue
        person = people.stored(session, ctx.team_id, user_id)
        headline = t(key, person.locale, actor=mention(ctx.user_id), creator=mention(ctx.user_id),
                     number=task.number, **values)
        text, blocks = views.task_card(task, now, person.tz, person.locale, headline=headline)
        outbox.post(session, ctx.team_id, user_id, text, now, blocks=blocks, dedupe_key=dedupe)


def _parent_progress(session, ctx: Ctx, task) -> str | None:  # noqa: ANN001
    if task.parent_id is None:
        return None
    parent = session.get(type(task), task.parent_id)
    done, total = tasks.subtask_progress(session, ctx.team_id, [parent.id]).get(parent.id, (0, 0))
    return ctx.t("task.parent_progress", number=parent.number, done=done, total=total)


def settings_reply(ctx: Ctx, rest: str) -> dict[str, Any]:
    """`/task settings [due-time 18:00] [remind 30m]`: team defaults; managers and admins may change them."""
    due_match = re.search(r"(?:due-time|due_time|time)\s+(\d{1,2}):(\d{2})", rest)
    lead_match = re.search(r"remind\s+(\d{1,5})\s*(m|min|h)?", rest)
    with ctx.rt.db.session() as session:
        if due_match or lead_match:
            if not roles.is_manager(session, ctx.team_id, ctx.user_id, is_admin=ctx.person.is_admin):
                return ephemeral(ctx.t("task.settings.not_allowed"))
            due_time = None
            if due_match:
                hour, minute = int(due_match.group(1)), int(due_match.group(2))
                if hour > 23 or minute > 59:
                    return ephemeral(ctx.t("task.settings.bad_time"))
                due_time = datetime(2000, 1, 1, hour, minute, tzinfo=UTC).time()
            lead = None
            if lead_match:
                lead = int(lead_match.group(1)) * (60 if (lead_match.group(2) or "m") == "h" else 1)
            try:
                row = tasks.set_team_defaults(session, ctx.team_id, ctx.now(), due_time=due_time, lead_minutes=lead)
            except UserError as err:
                return ephemeral(ctx.t(err.key, **err.values))
        else:
            row = tasks.workspace(session, ctx.team_id, ctx.now())
        return ephemeral(ctx.t("task.settings.show", due_time=row.default_due_time, lead=row.reminder_lead_minutes))


# ---- buttons, modals, shortcut ----------------------------------------------------------------------------------

BUTTONS = {"task.done": _done, "task.reopen": _reopen, "task.snooze": _snooze,
           "task.delete_confirm": _really_delete}


def on_task_button(ack, body, context, respond, client) -> None:  # noqa: ANN001
    ack()
    ctx = Ctx.of(context)
    action = body["actions"][0]
    number = parse_number(action.get("value", ""))
    if number is None:
        return
    if action["action_id"] == "task.edit":
        error = open_edit_modal(ctx, client, number, body.get("trigger_id"))
        return respond(replace_original=False, **error) if error else None
    if action["action_id"] == "task.delete_cancel":
        return respond(replace_original=True, **ephemeral(ctx.t("task.delete.cancelled", number=number)))
    reply = BUTTONS[action["action_id"]](ctx, number, "")
    if body.get("container", {}).get("type") == "view":  # App Home: refresh it rather than reply
        return publish_home(ctx, client)
    respond(replace_original=True, **reply)


def on_page(ack, body, context, respond) -> None:  # noqa: ANN001
    ack()
    ctx = Ctx.of(context)
    scope, _, page = body["actions"][0]["value"].rpartition("|")
    respond(replace_original=True, **list_reply(ctx, scope, page=int(page) if page.isdigit() else 1))


def open_edit_modal(ctx: Ctx, client, number: int, trigger_id: str | None) -> dict[str, Any] | None:  # noqa: ANN001
    """Open the edit modal; returns an ephemeral error reply instead when there is no such task."""
    try:
        with ctx.rt.db.session(read_only=True) as session:
            task = tasks.get(session, ctx.team_id, number)
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    view = views.task_modal(ctx.locale, callback_id="task.edit", heading=ctx.t("modal.edit_heading",
                            number=number), submit=ctx.t("btn.save"), title=task.title, owner_id=task.owner_id,
                            due_at=task.due_at, description=task.description,
                            private_metadata=json.dumps({"number": number}))
    client.views_open(trigger_id=trigger_id, view=view)
    return None


def on_new_button(ack, body, context, client) -> None:  # noqa: ANN001
    ack()
    ctx = Ctx.of(context)
    client.views_open(trigger_id=body["trigger_id"], view=views.task_modal(
        ctx.locale, callback_id="task.create", heading=ctx.t("modal.create_heading"), submit=ctx.t("btn.create"),
        owner_id=ctx.user_id, private_metadata=json.dumps({"source": "home"})))


def on_message_shortcut(ack, shortcut, context, client) -> None:  # noqa: ANN001
    """"Create task" on any message: a modal prefilled from the message, linked back to it."""
    ack()
    ctx = Ctx.of(context)
    message = shortcut.get("message") or {}
    channel = (shortcut.get("channel") or {}).get("id")
    text = message.get("text") or ""
    permalink = None
    try:
        permalink = client.chat_getPermalink(channel=channel, message_ts=message.get("ts")).get("permalink")
    except Exception:  # noqa: BLE001 - the task is still useful without the link
        permalink = None
    with ctx.rt.db.session(read_only=True) as session:
        default_time = tasks.default_due_time(session, ctx.team_id)
    parsed = parse_task_text(text, now=ctx.now(), tz=ctx.tz, default_time=default_time)
    title = (parsed.title.splitlines() or [""])[0][:300]
    client.views_open(trigger_id=shortcut["trigger_id"], view=views.task_modal(
        ctx.locale, callback_id="task.create", heading=ctx.t("modal.create_heading"), submit=ctx.t("btn.create"),
        title=title, owner_id=parsed.owner_id or ctx.user_id,
        due_at=parsed.deadline.due if parsed.deadline else None, description=plain(text)[:3000],
        private_metadata=json.dumps({"channel": channel, "permalink": permalink, "source": "shortcut"})))


def _modal_values(view: dict[str, Any]) -> dict[str, Any]:
    state = view["state"]["values"]
    due = state.get("due", {}).get("due", {}).get("selected_date_time")
    return {
        "title": (state["title"]["title"].get("value") or "").strip(),
        "owner_id": state.get("owner", {}).get("owner", {}).get("selected_user"),
        "due_at": datetime.fromtimestamp(int(due), UTC) if due else None,
        "description": (state.get("description", {}).get("description", {}).get("value") or "").strip(),
    }


def on_create_submitted(ack, view, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    values = _modal_values(view)
    meta = json.loads(view.get("private_metadata") or "{}")
    ctx.know([values["owner_id"]])
    now = ctx.now()
    try:
        with ctx.rt.db.session() as session:
            task = tasks.create(session, ctx.team_id, ctx.user_id, tasks.Draft(
                title=values["title"], owner_id=values["owner_id"], due_at=values["due_at"],
                description=values["description"], channel_id=meta.get("channel"), permalink=meta.get("permalink"),
                source=meta.get("source", "modal")), now)
            _tell(ctx, session, task, (task.owner_id,), "task.assigned_to_you",
                  dedupe=f"task:{task.id}:assigned:{task.owner_id}")
            text, blocks = views.task_card(task, now, ctx.tz, ctx.locale, headline=ctx.t("task.created"))
            outbox.post(session, ctx.team_id, ctx.user_id, text, now, blocks=blocks)
    except UserError as err:
        return ack(response_action="errors", errors={_error_block(err.key): ctx.t(err.key, **err.values)})
    ack()


def on_edit_submitted(ack, view, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    values = _modal_values(view)
    number = json.loads(view.get("private_metadata") or "{}").get("number")
    ctx.know([values["owner_id"]])
    now = ctx.now()
    try:
        with ctx.rt.db.session() as session:
            change = tasks.edit(session, ctx.team_id, int(number), ctx.user_id, now, title=values["title"],
                                description=values["description"], owner_id=values["owner_id"],
                                due_at=values["due_at"])
            _tell(ctx, session, change.task, change.notify, "task.assigned_to_you")
            text, blocks = views.task_card(change.task, now, ctx.tz, ctx.locale,
                                           headline=ctx.t("task.edited_headline", number=number))
            outbox.post(session, ctx.team_id, ctx.user_id, text, now, blocks=blocks)
    except UserError as err:
        return ack(response_action="errors", errors={_error_block(err.key): ctx.t(err.key, **err.values)})
    ack()


def _error_block(key: str) -> str:
    return "description" if "description" in key else "title"


# ---- mentions, DMs, App Home ------------------------------------------------------------------------------------

def on_mention(event, context, ack) -> None:  # noqa: ANN001
    """`@teambot task: renew the TLS cert @carol by Friday` → a task, confirmed in the thread."""
    ack()
    ctx = Ctx.of(context)
    text = _without_bot(event.get("text") or "", context.bot_user_id)
    thread_ts = event.get("thread_ts") or event.get("ts")
    match = TASK_KEYWORD.match(text)
    reply = create_reply(ctx, text[match.end():], source="mention") if match else {"text": ctx.t("mention.hint")}
    _post(ctx, event["channel"], reply, thread_ts)


def on_message(event, context, ack) -> None:  # noqa: ANN001
    """Plain text in a DM to the bot creates a task for the sender (unless it answers a standup prompt); other
    messages (channels, edits, bots) are acknowledged and ignored so Slack does not retry them."""
    ack()
    if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
        return
    ctx = Ctx.of(context)
    text = (event.get("text") or "").strip()
    word, _ = split_command(text)
    if not is_help(word) and took_dm_answer(ctx, event["channel"], text):  # a standup answer, not a task
        return
    reply = ephemeral(ctx.t("dm.help")) if is_help(word) else create_reply(ctx, TASK_KEYWORD.sub("", text),
                                                                            source="dm")
    _post(ctx, event["channel"], reply, None)


def on_home_opened(event, context, ack, client) -> None:  # noqa: ANN001
    ack()
    if event.get("tab", "home") != "home":
        return
    publish_home(Ctx.of(context), client)


def publish_home(ctx: Ctx, client) -> None:  # noqa: ANN001
    now = ctx.now()
    with ctx.rt.db.session(read_only=True) as session:
        manager = roles.is_manager(session, ctx.team_id, ctx.user_id, is_admin=ctx.person.is_admin)
        home = tasks.home(session, ctx.team_id, ctx.user_id, now, ctx.tz, manager=manager)
    sections = [(ctx.t("home.overdue"), home.overdue), (ctx.t("home.today"), home.today),
                (ctx.t("home.this_week"), home.this_week), (ctx.t("home.later"), home.later),
                (ctx.t("home.given"), home.given)]
    client.views_publish(user_id=ctx.user_id, view=views.home(sections, now, ctx.tz, ctx.locale, home.team_counts))


def _post(ctx: Ctx, channel: str, reply: dict[str, Any], thread_ts: str | None) -> None:
    with ctx.rt.db.session() as session:
        outbox.post(session, ctx.team_id, channel, reply["text"], ctx.now(), blocks=reply.get("blocks"),
                    thread_ts=thread_ts)


def _without_bot(text: str, bot_user_id: str | None) -> str:
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return " ".join(text.split())
