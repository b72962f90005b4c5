"""Reading what people type for meetings: the subcommand words, and what `/meeting add|edit` text says.

Slack sends channels as `<#C123|ops>` (private ones also `<#G123|…>`); `in #ops` or `在 #ops` says where the
reminder goes (bot.core.tokens reads it, from the text as Slack sent it). The rest becomes plain text: the lead
(`remind 15 min before`, `提前15分钟提醒`) is taken out, and the grammar in bot.text.rules splits what is left into a
title and a recurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.core import tokens
from bot.core.mrkdwn import plain
from bot.core.subcommands import Subcommands
from bot.text.recurrence import Recurrence
from bot.text.rules import parse_meeting

SUBCOMMANDS = Subcommands({
    "add": ("new", "create", "添加", "新建"),
    "list": ("ls", "列表"),
    "cancel": ("取消",),
    "skip": ("跳过",),
    "edit": ("编辑", "修改"),
    "agenda": ("议程",),
})

# No `\s*` around it: the white space is folded after it is cut out, and a leading `\s*` run with `.search` would
# start again at every space of a long run (quadratic).
REMIND = re.compile(r"\bremind(?:\s+(?:us|me))?\s+(\d{1,4})\s*(?:m|min|mins|minutes?)\s+before\b"
                    r"|提前\s*(\d{1,4})\s*分钟(?:提醒)?", re.I)
TITLE_EDGES = " -:,;—，："  # what is left between a title and the recurrence after it


@dataclass(frozen=True)
class Options:
    """What `/meeting add|edit` text says besides the title and recurrence; `text` is the rest, as plain text."""

    text: str
    channel_id: str | None
    remind_minutes: int | None

    @property
    def empty(self) -> bool:
        return not (self.text or self.channel_id or self.remind_minutes is not None)


def options(text: str) -> Options:
    """`Ops review first Monday 10:00 in <#C1|ops> remind 30 min before` → ("Ops review first Monday 10:00", "C1",
    30). Never raises."""
    channel_id, rest = tokens.take_in_channel(text)
    rest = plain(rest)
    remind = None
    match = REMIND.search(rest)
    if match:
        remind = int(match.group(1) or match.group(2))
        rest = rest[: match.start()] + " " + rest[match.end():]
    return Options(" ".join(rest.split()), channel_id, remind)


def title_and_rule(text: str, *, now: datetime, tz: str) -> tuple[str, Recurrence] | None:
    """`Weekly sync every Monday 10am` → ("Weekly sync", weekly on Mondays at 10:00 in `tz`); None when the text
    names no time the grammar can read."""
    parsed = parse_meeting(text, now=now, tz=tz)
    if parsed is None:
        return None
    title, rule = parsed
    return title_of(title), rule


def title_of(text: str) -> str:
    return text.strip(TITLE_EDGES)
