"""Reading what people type after `/retro`: the subcommand words (the kinds of items among them), an item with its
anonymity marker, and a retro's name with its `until` date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.mrkdwn import plain
from bot.core.privacy import ANONYMITY_WORDS
from bot.core.subcommands import Subcommands
from bot.retros.rules import KINDS

SUBCOMMANDS = Subcommands({
    "start": ("new", "open", "开始", "发起", "新建"),
    "went-well": ("went_well", "wentwell", "well", "good", "做得好", "好"),
    "improve": ("improvement", "improvements", "改进", "待改进", "需改进"),
    "idea": ("ideas", "想法", "点子", "建议"),
    "show": ("board", "view", "看板", "查看", "显示"),
    "action": ("todo", "行动", "行动项"),
    "close": ("end", "finish", "结束", "关闭"),
})

UNTIL = re.compile(r"(?:(?:^|\s)(?:until|till)\s+|\s*(?:截止(?:到|至|于)?|直到)\s*)(?P<when>\S.*)$", re.I)


def kind_of(word: str) -> str | None:
    """`improve`, `Idea:`, `改进` … → the kind; None for any other word."""
    name = SUBCOMMANDS.find(word.rstrip(":：,，"))
    return name if name in KINDS else None


def marked_anonymous(words: list[str]) -> bool:
    return any(word.lower() in ANONYMITY_WORDS for word in words)


@dataclass(frozen=True)
class ItemText:
    kind: str
    anonymous: bool
    text: str


def item(raw: str) -> ItemText | None:
    """`improve …`, `anonymous improve …`, `improve anon …` (and 改进 / 匿名 …) → the item; None when the first two
    words name no kind. The anonymity marker counts among the first two words only — the very rule by which the
    middleware decided, before anything else, not to look the person up (bot.core.privacy)."""
    words = (raw or "").split()
    head = words[:2]
    anonymous = marked_anonymous(head)
    kinds = [(i, kind) for i, kind in enumerate(map(kind_of, head)) if kind]
    if not kinds:
        return None
    position, kind = kinds[0]
    if position == 1 and not anonymous:
        return None  # `something improve …` is not an item
    rest = [w for i, w in enumerate(words) if i != position and not (i < 2 and marked_anonymous([w]))]
    return ItemText(kind, anonymous, " ".join(plain(" ".join(rest)).split()))


@dataclass(frozen=True)
class StartText:
    name: str
    until: str | None  # the date phrase after `until` / `截止`, read in the starter's zone by the service


def start(raw: str) -> StartText:
    """`Sprint 12 until Friday 4pm` → ("Sprint 12", "Friday 4pm"); `第12迭代回顾 截止 周五` alike."""
    text = " ".join(plain(raw).split())
    until = None
    match = UNTIL.search(text)
    if match:
        until = match.group("when").strip()
        text = text[:match.start()].strip()
    return StartText(text.strip(" -:,;—，：；"), until)
