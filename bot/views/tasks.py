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
                    button(t("btn.edit", locale), "task.edit", value)]
        if task.due_at is not None:
            elements.append(button(t("btn.snooze", locale), "task.snooze", value))
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


def task_modal(locale: str, *, callback_id: str, heading: str, submit: str, title: str = "",
               owner_id: str | None = None, due_at: datetime | None = None, description: str = "",
               private_metadata: str = "") -> dict[str, Any]:
    """The create/edit modal: title, owner, deadline picker (shown in the reader's zone by Slack), description."""
    title_input: Block = {"type": "plain_text_input", "action_id": "title", "max_length": 300}
    if title:
        title_input["initial_value"] = title[:300]
    owner_input: Block = {"type": "users_select", "action_id": "owner"}
    if owner_id:
        owner_input["initial_user"] = owner_id
    due_input: Block = {"type": "datetimepicker", "action_id": "due"}
    if due_at is not None:
        due_input["initial_date_time"] = int(due_at.timestamp())
    description_input: Block = {"type": "plain_text_input", "action_id": "description", "multiline": True,
                                "max_length": 3000}
    if description:
        description_input["initial_value"] = description[:3000]
    return {
        "type": "modal", "callback_id": callback_id, "private_metadata": private_metadata,
        "title": {"type": "plain_text", "text": heading[:24]},
        "submit": {"type": "plain_text", "text": submit[:24]},
        "close": {"type": "plain_text", "text": t("btn.cancel", locale)},
        "blocks": [
            {"type": "input", "block_id": "title", "label": _plain(t("modal.title", locale)), "element": title_input},
            {"type": "input", "block_id": "owner", "optional": True, "label": _plain(t("modal.owner", locale)),
             "element": owner_input},
            {"type": "input", "block_id": "due", "optional": True, "label": _plain(t("modal.due", locale)),
             "element": due_input},
            {"type": "input", "block_id": "description", "optional": True,
             "label": _plain(t("modal.description", locale)), "element": description_input},
        ],
    }


def confirm_delete(task: Task, now: datetime, tz: str, locale: str) -> tuple[str, list[Block]]:
    question = t("task.delete.confirm", locale, number=task.number)
    return question, [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"{question}\n{task_line(task, now, tz, locale)}"}},
        {"type": "actions", "elements": [
            button(t("btn.delete", locale), "task.delete_confirm", str(task.number), "danger"),
            button(t("btn.cancel", locale), "task.delete_cancel", str(task.number)),
        ]},
    ]


def home(sections: list[tuple[str, list[Task]]], now: datetime, tz: str, locale: str,
         team_counts: tuple[int, int] | None) -> dict[str, Any]:
    """App Home: the viewer's open tasks by urgency, what they gave others, and (managers) the team's counts."""
    blocks: list[Block] = [
        {"type": "header", "text": _plain(t("home.title", locale))},
        {"type": "actions", "elements": [button(t("btn.new_task", locale), "task.new", "home", "primary")]},
    ]
    if team_counts is not None:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": t(
            "home.team", locale, open=team_counts[0], overdue=team_counts[1])}]})
    for heading, tasks in sections:
        blocks.append({"type": "divider"})
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*{heading}*"}})
        if not tasks:
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": t("home.none", locale)}]})
        for task in tasks[:10]:
            section: Block = {"type": "section", "text": {"type": "mrkdwn", "text": task_line(task, now, tz, locale)}}
            section["accessory"] = button(t("btn.done", locale), "task.done", str(task.number))
            blocks.append(section)
        if len(tasks) > 10:
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": t(
                "home.more", locale, count=len(tasks) - 10)}]})
    return {"type": "home", "blocks": blocks[:100]}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}
