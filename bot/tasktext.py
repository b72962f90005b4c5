"""Reading what people type after `/task` (and in mentions, DMs): owner, watchers, deadline, reminder lead, title.

Slack sends mentions escaped (`<@U123|bob>`, should_escape on the command); the first person mentioned owns the
task, later ones watch it. The deadline phrase and the mentions are removed from the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time

from bot.mrkdwn import plain
from bot.text.deadlines import Deadline, split_deadline

USER_MENTION = re.compile(r"<@([UW][A-Z0-9]{2,31})(?:\|[^>]*)?>")
CHANNEL_MENTION = re.compile(r"<#(C[A-Z0-9]{2,31})(?:\|[^>]*)?>")
PLAIN_MENTION = re.compile(r"(?<![\w<])@([A-Za-z0-9._-]{1,40})")
REMIND = re.compile(r"\bremind(?:\s+me)?\s+(\d{1,4})\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?)\s+before\b"
                    r"|提前\s*(\d{1,4})\s*(分钟|小时|天)\s*提醒", re.I)
BROADCASTS = {"channel", "here", "everyone"}
MAX_TITLE = 300
MAX_DESCRIPTION = 3000


@dataclass(frozen=True)
class TaskText:
    title: str
    owner_id: str | None = None
    watcher_ids: tuple[str, ...] = ()
    channel_ids: tuple[str, ...] = ()
    deadline: Deadline | None = None
    not_understood: str | None = None
    remind_minutes: int | None = None
    unknown_mentions: tuple[str, ...] = field(default=())


def parse_task_text(text: str, *, now: datetime, tz: str, default_time: time) -> TaskText:
    """Split free text into the parts of a task; never raises."""
    text = (text or "").replace("\u00a0", " ")
    people = list(dict.fromkeys(USER_MENTION.findall(text)))
    channels = tuple(dict.fromkeys(CHANNEL_MENTION.findall(text)))
    rest = CHANNEL_MENTION.sub(" ", USER_MENTION.sub(" ", text))
    unknown = tuple(dict.fromkeys(name for name in PLAIN_MENTION.findall(re.sub(r"<[^<>]*>", " ", rest))
                                  if name.lower() not in BROADCASTS))
    remind_minutes = None
    match = REMIND.search(rest)
    if match:
        remind_minutes = _minutes(match)
        rest = rest[: match.start()] + " " + rest[match.end():]
    split = split_deadline(" ".join(plain(rest).split()), now=now, tz=tz, default_time=default_time)
    title = split.title.strip(" \t:;,-—，。：；")
    return TaskText(
        title=title,
        owner_id=people[0] if people else None,
        watcher_ids=tuple(people[1:]),
        channel_ids=channels,
        deadline=split.deadline,
        not_understood=split.not_understood,
        remind_minutes=remind_minutes,
        unknown_mentions=unknown,
    )


def _minutes(match: re.Match[str]) -> int:
    amount = int(match.group(1) or match.group(3))
    unit = (match.group(2) or match.group(4)).lower()
    if unit.startswith("h") or unit == "小时":
        return amount * 60
    if unit.startswith("d") or unit == "天":
        return amount * 24 * 60
    return amount
