"""The rules of retros, on plain values: the kinds of items, what a name and an item may be, who may close, which
items may become lessons, and how the board is ordered. No database, no Slack: table-driven tests cover them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.errors import UserError

KINDS = ("went-well", "improve", "idea")  # also the order of the board and the summary
MAX_NAME = 200
MAX_TEXT = 3000
ANONYMOUS_PER_HOUR = 20
# Anonymous items are held in memory and written — shown on the board — only at these fixed boundaries (and at the
# retro's close), in random order, so when one appears says nothing about who was typing then (bot.core.privacy).
ANONYMOUS_BOUNDARY = timedelta(minutes=10)
LESSON_KIND = "improve"
LESSON_TAG = "retro"


def checked_name(name: str) -> str:
    if not name:
        raise UserError("retro.no_name")
    if len(name) > MAX_NAME:
        raise UserError("retro.name_too_long", limit=MAX_NAME, length=len(name))
    return name


def checked_item(text: str) -> str:
    if not text:
        raise UserError("retro.item_empty")
    if len(text) > MAX_TEXT:
        raise UserError("retro.item_too_long", limit=MAX_TEXT, length=len(text))
    return text


def may_close(actor_id: str, *, creator_id: str, actor_is_manager: bool) -> bool:
    """The person who started it, managers and workspace admins."""
    return actor_id == creator_id or actor_is_manager


def may_vote(status: str) -> bool:
    """Votes are final once the retro is closed."""
    return status == "open"


def may_become_lesson(kind: str) -> bool:
    return kind == LESSON_KIND


def board_order(kind: str, votes: int, text: str, ref: str) -> tuple[int, int, str, str, str]:
    """By kind, then most votes, then text — never by when an item was written, which could point at its author."""
    rank = KINDS.index(kind) if kind in KINDS else len(KINDS)
    return rank, -votes, text.casefold(), text, ref


def close_key(retro_id: int, until: datetime | None) -> str:
    """The once-only key of a retro's closing on the clock; a retro whose `until` moved has a new one."""
    return f"retro:{retro_id}:close:{int(until.timestamp())}" if until else f"retro:{retro_id}:close"
