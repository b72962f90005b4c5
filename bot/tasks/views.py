"""Block Kit for tasks: the card, list pages, the create/edit modal, the delete question, App Home. Pure dicts.

All user text goes through `escape` (or `clip`, which escapes first and clips after, so a block stays within
Slack's limits); people are mentioned from stored ids; times are `<!date^…>` tokens so each reader sees their own
zone. Action and callback ids are named here once and used by handlers/tasks.py.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.core import blocks as bk
from bot.core.blocks import Block
from bot.core.i18n import t
from bot.core.mrkdwn import clip, date_token, escape, fit, mention
from storage.models import Task

DONE, REOPEN, SNOOZE, EDIT = "task.done", "task.reopen", "task.snooze", "task.edit"
DELETE, KEEP = "task.delete_confirm", "task.delete_cancel"
PAGE, NEW = "task.page", "task.new"
FROM_MESSAGE = "task.from_message"          # the message shortcut's callback id
CREATE_MODAL, EDIT_MODAL = "task.create", "task.edit"
HOME_SHOWN = 10
NOTE_WORDS = 300   # characters of the words a note repeats (not understood, unknown names)

Rendered = tuple[str, list[Block]]


def status_badge(task: Task, now: datetime, locale: str) -> str:
    if task.status == "done":
        return t("task.badge.done", locale)
    if task.status == "blocked":
        return t("task.badge.blocked", locale)
    if task.due_at is not None and task.due_at < now:
        return t("task.badge.overdue", locale)
    return ""


def due_text(task: Task, tz: str, locale: str) -> str:
    if task.due_at is None:
        return t("task.no_deadline", locale)
    return date_token(task.due_at, tz, with_time=True)


def task_line(task: Task, now: datetime, tz: str, locale: str, subtasks: tuple[int, int] | None = None) -> str:
    """`*#12* Title · @owner · <deadline> · badge · 2/3 subtasks · 40%`"""
    parts = [f"*#{task.number}* {escape(task.title)}", mention(task.owner_id), due_text(task, tz, locale)]
    badge = status_badge(task, now, locale)
    if badge:
        parts.append(badge)
    if subtasks and subtasks[1]:
        parts.append(t("task.subtasks", locale, done=subtasks[0], total=subtasks[1]))
    if task.progress and task.status != "done":
        parts.append(f"{task.progress}%")
    return " · ".join(parts)


def done_button(task: Task, locale: str) -> Block:
    return bk.button(t("btn.done", locale), DONE, str(task.number))


def task_actions(task: Task, locale: str) -> Block:
    value = str(task.number)
    if task.status == "done":
        elements = [bk.button(t("btn.reopen", locale), REOPEN, value)]
    else:
        elements = [bk.button(t("btn.done", locale), DONE, value, "primary"),
                    bk.button(t("btn.edit", locale), EDIT, value)]
        if task.due_at is not None:
            elements.append(bk.button(t("btn.snooze", locale), SNOOZE, value))
    return bk.actions(*elements, block_id=f"task-{task.number}")


def task_card(task: Task, now: datetime, tz: str, locale: str, *, headline: str,
              notes: list[str] | None = None, subtasks: tuple[int, int] | None = None) -> Rendered:
    """A message about one task: a headline, the task's line, its description, notes, and its buttons. A headline
    that carries long user text (a block reason) gives way before the task's line does."""
    line = task_line(task, now, tz, locale, subtasks)
    headline = fit(headline, bk.SECTION_TEXT - len(line) - 1)
    card: list[Block] = [bk.section(f"{headline}\n{line}")]
    if task.description:
        card.append(bk.context(clip(task.description, bk.CONTEXT_TEXT)))
    if notes:
        card.append(bk.context("\n".join(notes)))
    card.append(task_actions(task, locale))
    return f"{headline} {line}", card


def created_card(task: Task, now: datetime, tz: str, locale: str, *, headline: str,
                 not_understood: str | None = None, unknown_mentions: tuple[str, ...] = (),
                 parent: tuple[int, int, int] | None = None) -> Rendered:
    """The creator's confirmation, the same for every path that creates a task from text: the card echoes the
    deadline (so a misreading shows at once) and says which words were not understood and whom it could not find."""
    notes = []
    if not_understood:
        notes.append(t("task.not_understood", locale, words=clip(not_understood, NOTE_WORDS), number=task.number))
    if unknown_mentions:
        names = clip(", ".join("@" + name for name in unknown_mentions), NOTE_WORDS)
        notes.append(t("task.unknown_mentions", locale, names=names, number=task.number))
    if parent:
        number, done, total = parent
        notes.append(t("task.parent_progress", locale, number=number, done=done, total=total))
    return task_card(task, now, tz, locale, headline=headline, notes=notes)


def task_list(listing: Any, now: datetime, tz: str, locale: str, *, title: str, scope_value: str) -> Rendered:
    """A page of tasks with a Done button each, and Previous / Next when there are more pages."""
    if not listing.tasks:
        text = t("task.list.empty", locale)
        return text, [bk.section(f"*{title}*\n{text}")]
    page: list[Block] = [bk.section(f"*{title}*")]
    for task in listing.tasks:
        line = task_line(task, now, tz, locale, listing.subtasks.get(task.id))
        page.append(bk.section(line, accessory=done_button(task, locale) if task.status != "done" else None))
    if listing.pages > 1:
        page.append(bk.context(t("task.list.page", locale, page=listing.page, pages=listing.pages)))
        nav = []
        if listing.page > 1:
            nav.append(bk.button(t("btn.prev", locale), PAGE, f"{scope_value}|{listing.page - 1}"))
        if listing.page < listing.pages:
            nav.append(bk.button(t("btn.next", locale), PAGE, f"{scope_value}|{listing.page + 1}"))
        page.append(bk.actions(*nav))
    fallback = "\n".join(task_line(task, now, tz, locale) for task in listing.tasks)
    return f"{title}\n{fallback}", page


def task_modal(locale: str, *, callback_id: str, heading: str, submit: str, title: str = "",
               owner_id: str | None = None, due_at: datetime | None = None, description: str = "",
               meta: dict[str, Any] | None = None) -> Block:
    """The create/edit modal: title, owner, deadline picker (shown in the reader's zone by Slack), description."""
    owner: Block = {"type": "users_select", "action_id": "owner"}
    if owner_id:
        owner["initial_user"] = owner_id
    due: Block = {"type": "datetimepicker", "action_id": "due"}
    if due_at is not None:
        due["initial_date_time"] = int(due_at.timestamp())
    return bk.modal(callback_id, heading, [
        bk.field("title", t("modal.title", locale), bk.text_input("title", initial=title, max_length=300)),
        bk.field("owner", t("modal.owner", locale), owner, optional=True),
        bk.field("due", t("modal.due", locale), due, optional=True),
        bk.field("description", t("modal.description", locale),
                 bk.text_input("description", initial=description, multiline=True, max_length=3000), optional=True),
    ], submit=submit, close=t("btn.cancel", locale), private_metadata=json.dumps(meta or {}))


def confirm_delete(task: Task, now: datetime, tz: str, locale: str) -> Rendered:
    question = t("task.delete.confirm", locale, number=task.number)
    return question, [
        bk.section(f"{question}\n{task_line(task, now, tz, locale)}"),
        bk.actions(bk.button(t("btn.delete", locale), DELETE, str(task.number), "danger"),
                   bk.button(t("btn.cancel", locale), KEEP, str(task.number))),
    ]


def home(sections: list[tuple[str, list[Task]]], now: datetime, tz: str, locale: str,
         team_counts: tuple[int, int] | None) -> Block:
    """App Home: the viewer's open tasks by urgency, what they gave others, and (managers) the team's counts."""
    view: list[Block] = [bk.header(t("home.title", locale)),
                         bk.actions(bk.button(t("btn.new_task", locale), NEW, "home", "primary"))]
    if team_counts is not None:
        view.append(bk.context(t("home.team", locale, open=team_counts[0], overdue=team_counts[1])))
    for key, tasks in sections:
        view += [bk.divider(), bk.section(f"*{t(key, locale)}*")]
        if not tasks:
            view.append(bk.context(t("home.none", locale)))
        for task in tasks[:HOME_SHOWN]:
            view.append(bk.section(task_line(task, now, tz, locale), accessory=done_button(task, locale)))
        if len(tasks) > HOME_SHOWN:
            view.append(bk.context(t("home.more", locale, count=len(tasks) - HOME_SHOWN)))
    return {"type": "home", "blocks": view[:100]}


def overdue_summary(tasks: list[Task], now: datetime, tz: str, locale: str) -> Rendered:
    """The 09:00 DM listing an owner's overdue tasks, each with a Done button."""
    lines = [task_line(task, now, tz, locale) for task in tasks[:20]]
    heading = t("task.summary.heading", locale, count=len(tasks))
    summary: list[Block] = [bk.section(f"*{heading}*")]
    summary += [bk.section(line, accessory=done_button(task, locale))
                for line, task in zip(lines, tasks, strict=False)]
    return heading + "\n" + "\n".join(lines), summary
