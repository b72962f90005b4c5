"""Reading what people type for lessons: the subcommand words, the tags in a lesson, and whether `/lesson list …`
asks for a list at all (`/lesson list #ops` does; `/lesson list of things to avoid` is a lesson).

Everything here reads plain text (bot.core.mrkdwn.plain of what Slack sent), so a channel token `<#C1|ops>` has
become `#ops` — a tag, like any `#word`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.subcommands import Subcommands
from bot.lessons.rules import MAX_TAGS

SUBCOMMANDS = Subcommands({
    "search": ("find", "搜索", "查找"),
    "list": ("ls", "列表"),
})

TAG = re.compile(r"(?<![\w&])#([^\s#<>]{1,30})")
TAG_TRAILING = ".,;:!?，。；：！？"  # `#process.` at the end of a sentence is the tag `process`


@dataclass(frozen=True)
class Parsed:
    """A lesson's text without its tags, and the tags (lower-cased, each once, at most MAX_TAGS)."""

    text: str
    tags: tuple[str, ...]


def lesson(text: str) -> Parsed:
    """`Deploy on Mondays only #release #Ops.` → ("Deploy on Mondays only", ("release", "ops"))."""
    tags = dict.fromkeys(tag.lower().rstrip(TAG_TRAILING) for tag in TAG.findall(text))
    words = " ".join(TAG.sub(" ", text).split())
    return Parsed(words, tuple(tag for tag in tags if tag)[:MAX_TAGS])


@dataclass(frozen=True)
class ListScope:
    tag: str | None  # None: every lesson


def list_scope(text: str) -> ListScope | None:
    """What follows `/lesson list`: nothing (every lesson) or one `#tag`; anything else is None — the whole text is
    a lesson that happens to start with "list"."""
    text = text.strip()
    if not text:
        return ListScope(None)
    if text.startswith("#") and len(text.split()) == 1:
        return ListScope(text.lstrip("#").lower() or None)
    return None
