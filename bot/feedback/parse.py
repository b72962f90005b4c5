"""Reading what people type after `/feedback`: the subcommand words, the feedback itself (the anonymity marker and
the tags), the list scope, and references to items (`12`, `#12`, `A3`, `#A3`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.mrkdwn import plain
from bot.core.privacy import ANONYMITY_WORDS
from bot.core.subcommands import Subcommands

# Only words nobody starts a piece of feedback with: anything else typed after /feedback is feedback.
SUBCOMMANDS = Subcommands({
    "list": ("列表",),
    "addressed": ("address", "done", "已处理"),
    "reply": ("回复",),
})

TAG = re.compile(r"(?<![\w&])#([^\s#<>]{1,30})")
REF = re.compile(r"#?(A)?(\d{1,9})", re.I)
LIST_SCOPES = {"open": "open", "未处理": "open", "all": "all", "全部": "all"}


@dataclass(frozen=True)
class Parsed:
    anonymous: bool
    text: str
    tags: tuple[str, ...]


def parse(text: str) -> Parsed:
    """`anonymous … #tools #process` → anonymous, the text without the marker, tags lower-cased (free tags kept).
    The marker counts among the first two words only: the very rule by which the middleware decided, before
    anything else, not to look the person up (bot.core.privacy)."""
    words = (text or "").split()
    anonymous = any(word.lower() in ANONYMITY_WORDS for word in words[:2])
    if anonymous:
        words = [w for i, w in enumerate(words) if not (i < 2 and w.lower() in ANONYMITY_WORDS)]
    body = plain(" ".join(words))
    tags = tuple(dict.fromkeys(tag.lower().rstrip(".,;:!?，。") for tag in TAG.findall(body)))
    body = " ".join(TAG.sub(" ", body).split()) or body.strip()
    return Parsed(anonymous, body, tuple(tag for tag in tags if tag))


@dataclass(frozen=True)
class ListScope:
    """`/feedback list [open|all|#tag]`: a tag lists every item carrying it, addressed or not."""

    scope: str = "open"
    tag: str | None = None


def list_scope(text: str) -> ListScope:
    word = text.strip().lower()
    if word.startswith("#") and len(word) > 1:
        return ListScope("all", word[1:])
    return ListScope(LIST_SCOPES.get(word, "open"))


@dataclass(frozen=True)
class Ref:
    anonymous: bool
    number: int


def ref(text: str) -> Ref | None:
    """`12`, `#12` (named) or `A3`, `#A3` (anonymous); None for anything else."""
    match = REF.fullmatch((text or "").strip())
    return Ref(bool(match.group(1)), int(match.group(2))) if match else None


def ref_and_text(text: str) -> tuple[str, str]:
    """`12 Thanks, we will shorten it.` → ("12", "Thanks, we will shorten it.")"""
    first, _, rest = text.partition(" ")
    return first, rest
