"""Reading what people type after `/change`: the subcommand words, the list scopes, and a request's impact.

A request is `<what and why> [impact: …]`. `impact:` / `Impact：` / `影响：` anywhere splits it (the first one wins);
else the bare word `impact` does (the last one with words on both sides). Chinese needs the colon: 影响 is an everyday
verb ("这次变更不会影响用户" has no impact part).
"""

from __future__ import annotations

import re

from bot.core.subcommands import Subcommands

SUBCOMMANDS = Subcommands({
    "list": ("ls", "列表"),
    "approve": ("批准", "同意"),
    "reject": ("拒绝", "驳回"),
})
LIST_WORDS = {"": "pending", "pending": "pending", "open": "pending", "待审批": "pending", "all": "all", "全部": "all"}

_IMPACT_COLON = re.compile(r"(?<![\w-])impact\s*[:：]|影响\s*[:：]", re.I)
_IMPACT_WORD = re.compile(r"(?<![\w-])impact(?![\w-])", re.I)
_TRIM = " \t\r\n-–—:：,;，；"


def parse_request(text: str) -> tuple[str, str]:
    """`Move the deploy window to Thursday impact: on-call moves` → (what and why, impact)."""
    match = _IMPACT_COLON.search(text)
    if match is None:
        # words on both sides: something not trimmed before it and after it (found once, not per `impact`)
        first = len(text) - len(text.lstrip(_TRIM))
        last = len(text.rstrip(_TRIM))
        words = [m for m in _IMPACT_WORD.finditer(text) if first < m.start() and m.end() < last]
        match = words[-1] if words else None
    if match is None:
        return text.strip(), ""
    return text[:match.start()].strip(_TRIM), text[match.end():].strip(_TRIM)


def list_scope(text: str) -> str | None:
    """`pending` (the default) or `all`, in English or Chinese; None for anything else."""
    return LIST_WORDS.get(text.strip().lower())
