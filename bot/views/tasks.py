"""Block Kit for tasks: the confirmation card, list pages, reminders. Pure dict factories.

All user text goes through `escape`; people are mentioned from stored ids; times are `<!date^…>` tokens.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.i18n import t
from bot.mrkdwn import date_token, escape, mention
from storage.models import Task

Block = dict[str, Any]


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
    parts = [f"*#{task.number}* {escape(task.title)}", mention(task.owner_id), due_text(task, tz, locale)]
    badge = status_badge(task, now, locale)
    if badge:
        parts.append(badge)
    if subtasks and subtasks[1]:
        parts.append(t("task.subtasks", locale, done=subtasks[0], total=subtasks[1]))
    if task.progress and task.status != "done":
        parts.append(f"{task.progress}%")
    return " · ".join(parts)


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    block: Block = {"type": "button", "text": {"type": "plain_text", "text": text, "emoji": True},
                    "action_id": action_id, "value": value}
    if style:
        block["style"] = style
    return block


def task_actions(task: Task, locale: str) -> Block:
    value = str(task.number)
    if task.status == "done":
        elements = [button(t("btn.reopen", locale), "task.reopen", value)]
    else:
        elements = [button(t("btn.done", locale), "task.done", value, "primary"),
                    button(t("btn.edit", locale), "task.edit", value),
                    button(t("btn.snooze", locale), "task.snooze", value)]
    return {"type": "actions", "block_id": f"task-{task.number}", "elements": elements}


def task_card(task: Task, now: datetime, tz: str, locale: str, *, headline: str,
              note: str | None = None, subtasks: tuple[int, int] | None = None) -> tuple[str, list[Block]]:
    """A message about one task: a headline, the task's line, an optional note, and its buttons."""
    line = task_line(task, now, tz, locale, subtasks)
    text = f"{headline}\n{line}"
    blocks: list[Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    if task.description:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(task.description[:2900])}]})
    if note:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    blocks.append(task_actions(task, locale))
    return f"{headline} {line}", blocks


def task_list(listing, now: datetime, tz: str, locale: str, *, title: str, scope_value: str) -> tuple[str, list[Block]]:  # noqa: ANN001
    if not listing.tasks:
        text = t("task.list.empty", locale)
        return text, [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*\n{text}"}}]
    blocks: list[Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*"}}]
    for task in listing.tasks:
        line = task_line(task, now, tz, locale, listing.subtasks.get(task.id))
        section: Block = {"type": "section", "text": {"type": "mrkdwn", "text": line}}
        if task.status != "done":
            section["accessory"] = button(t("btn.done", locale), "task.done", str(task.number))
        blocks.append(section)
    if listing.pages > 1:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": t(
            "task.list.page", locale, page=listing.page, pages=listing.pages)}]})
        nav = []
        if listing.page > 1:
            nav.append(button(t("btn.prev", locale), "task.page", f"{scope_value}|{listing.page - 1}"))
        if listing.page < listing.pages:
            nav.append(button(t("btn.next", locale), "task.page", f"{scope_value}|{listing.page + 1}"))
        blocks.append({"type": "actions", "elements": nav})
    fallback = "\n".join(task_line(task, now, tz, locale) for task in listing.tasks)
    return f"{title}\n{fallback}", blocks
