"""Reading what people type for tasks: the subcommand words, and the parts of a task in free text.

Slack sends mentions escaped (`<@U123|bob>`, should_escape on the command); the first person mentioned owns the
task, later ones watch it. The deadline phrase, the reminder lead and the mentions are taken out of the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time

from bot.core import tokens
from bot.core.errors import UserError
from bot.core.mrkdwn import plain
from bot.core.subcommands import Subcommands
from bot.tasks.rules import LIST_SCOPES
from bot.text.deadlines import Deadline, split_deadline

SUBCOMMANDS = Subcommands({
    "list": ("ls", "列表", "清单"),
    "done": ("完成",),
    "reopen": ("重新打开", "重开"),
    "assign": ("分配", "指派"),
    "due": ("截止", "改期"),
    "snooze": ("推迟", "延后"),
    "sub": ("subtask", "子任务"),
    "block": ("阻塞", "受阻"),
    "progress": ("进度",),
    "edit": ("编辑", "修改"),
    "delete": ("删除",),
    "settings": ("config", "设置"),
})

TASK_KEYWORD = re.compile(r"^\s*(?:task|todo|任务|待办)\s*[:：]?\s*", re.I)
SLACK_SEQUENCE = re.compile(r"<[^<>]*>")  # links and the like: an address is not a person
PLAIN_MENTION = re.compile(r"(?<![\w<])@([A-Za-z0-9._-]{1,40})")
REMIND = re.compile(r"\bremind(?:\s+me)?\s+(\d{1,4})\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?)\s+before\b"
                    r"|提前\s*(\d{1,4})\s*(分钟|小时|天)\s*提醒", re.I)
PROGRESS = re.compile(r"(\d{1,3})\s*%?")  # on stripped text: `\s*%?\s*` at the end would backtrack quadratically
SETTINGS_DUE = re.compile(r"(?:due-time|due_time|time|截止时间)\s+(\d{1,2}):(\d{2})")
SETTINGS_LEAD = re.compile(r"(?:remind|提醒)\s+(\d{1,5})\s*(m|min|h)?")
BROADCASTS = {"channel", "here", "everyone"}
CLEAR_WORDS = {"none", "clear", "no", "无", "清除"}
LIST_WORDS = {"mine": "mine", "我的": "mine", "overdue": "overdue", "逾期": "overdue", "done": "done",
              "完成": "done", "已完成": "done", "all": "all", "全部": "all"}


@dataclass(frozen=True)
class TaskText:
    title: str
    owner_id: str | None = None
    watcher_ids: tuple[str, ...] = ()
    deadline: Deadline | None = None
    not_understood: str | None = None
    remind_minutes: int | None = None
    unknown_mentions: tuple[str, ...] = field(default=())


def parse_task_text(text: str, *, now: datetime, tz: str, default_time: time) -> TaskText:
    """Split free text into the parts of a task; never raises."""
    text = (text or "").replace("\u00a0", " ")
    people = tokens.users(text)
    rest = tokens.CHANNEL.sub(" ", tokens.without_users(text))
    unknown = tuple(dict.fromkeys(name for name in PLAIN_MENTION.findall(SLACK_SEQUENCE.sub(" ", rest))
                                  if name.lower() not in BROADCASTS))
    remind_minutes = None
    match = REMIND.search(rest)
    if match:
        remind_minutes = _minutes(match)
        rest = rest[: match.start()] + " " + rest[match.end():]
    split = split_deadline(" ".join(plain(rest).split()), now=now, tz=tz, default_time=default_time)
    return TaskText(
        title=split.title.strip(" \t:;,-—，。：；"),
        owner_id=people[0] if people else None,
        watcher_ids=tuple(people[1:]),
        deadline=split.deadline,
        not_understood=split.not_understood,
        remind_minutes=remind_minutes,
        unknown_mentions=unknown,
    )


@dataclass(frozen=True)
class ListScope:
    """Whose tasks `/task list …` asks for: a scope word, a person or a channel."""

    scope: str
    user_id: str | None = None
    channel_id: str | None = None


def list_scope(text: str) -> ListScope:
    """`mine` (the default) · `overdue` · `done` · `all` · `@user` · `#channel` (public or private)."""
    found = tokens.read(text)
    if found.user:
        return ListScope("user", user_id=found.user)
    if found.channel:
        return ListScope("channel", channel_id=found.channel)
    scope = LIST_WORDS.get(text.strip().lower(), "mine")
    return ListScope(scope if scope in LIST_SCOPES else "mine")


def progress(text: str) -> int | None:
    match = PROGRESS.fullmatch(text.strip())
    return int(match.group(1)) if match else None


def clears(text: str) -> bool:
    """`/task due 12 none`: the deadline is taken away."""
    return text.strip().lower() in CLEAR_WORDS


@dataclass(frozen=True)
class SettingsChange:
    due_time: time | None = None
    lead_minutes: int | None = None

    @property
    def empty(self) -> bool:
        return self.due_time is None and self.lead_minutes is None


def settings_change(text: str) -> SettingsChange:
    """`due-time 18:00 remind 30m`; an impossible time of day is a UserError."""
    due_match, lead_match = SETTINGS_DUE.search(text), SETTINGS_LEAD.search(text)
    due_time = lead = None
    if due_match:
        hour, minute = int(due_match.group(1)), int(due_match.group(2))
        if hour > 23 or minute > 59:
            raise UserError("task.settings.bad_time")
        due_time = time(hour, minute)
    if lead_match:
        lead = int(lead_match.group(1)) * (60 if (lead_match.group(2) or "m") == "h" else 1)
    return SettingsChange(due_time, lead)


def without_task_keyword(text: str) -> tuple[bool, str]:
    """`task: renew the cert` → (True, "renew the cert"); text without the keyword → (False, text)."""
    match = TASK_KEYWORD.match(text)
    return (True, text[match.end():]) if match else (False, text)


def _minutes(match: re.Match[str]) -> int:
    amount = int(match.group(1) or match.group(3))
    unit = (match.group(2) or match.group(4)).lower()
    if unit.startswith("h") or unit == "小时":
        return amount * 60
    if unit.startswith("d") or unit == "天":
        return amount * 24 * 60
    return amount
