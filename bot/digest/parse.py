"""Reading what managers type after `/digest`: the subcommand words, a delivery time, and a channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core import tokens
from bot.core.errors import UserError
from bot.core.subcommands import Subcommands
from bot.text.rules import parse_meeting

SUBCOMMANDS = Subcommands({
    "now": ("立即", "现在"),
    "preview": ("预览",),
    "schedule": ("定时", "计划"),
    "channel": ("频道",),
    "off": ("关闭", "停用"),
    "on": ("开启", "启用"),
})

NO_CHANNEL_WORDS = {"off", "none", "关闭"}


def parse_schedule(text: str, *, now: datetime, tz: str) -> dict[str, Any]:
    """`every Friday 4pm`, `每周五下午4点`, `weekdays 9:30` → weekdays/hour/minute (the zone is each reader's)."""
    parsed = parse_meeting("digest " + text, now=now, tz=tz)
    if parsed is None or parsed[1].freq not in ("weekly", "daily") or parsed[1].interval != 1:
        raise UserError("digest.schedule_not_understood")
    rule = parsed[1]
    weekdays = list(rule.weekdays) if rule.freq == "weekly" else list(range(7))
    return {"weekdays": weekdays, "hour": rule.hour, "minute": rule.minute}


@dataclass(frozen=True)
class ChannelChoice:
    """Where the digest is also posted: a channel, or none any more."""

    channel_id: str | None


def channel_choice(text: str) -> ChannelChoice:
    """`#leads` (public or private) or `off`; anything else is a UserError showing the usage."""
    if text.strip().lower() in NO_CHANNEL_WORDS:
        return ChannelChoice(None)
    channel_id = tokens.first_channel(text)
    if channel_id is None:
        raise UserError("digest.channel_usage")
    return ChannelChoice(channel_id)
