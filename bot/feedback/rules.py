"""The rules of feedback, on plain values: how long it may be, which tag it gets by default, in which order the
managers read it, and when their deliveries go out. No database, no Slack: table-driven tests cover them.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.errors import UserError

MAX_TEXT = 3000
ANONYMOUS_PER_HOUR = 10
DEFAULT_TAG = "other"
# Named feedback reaches the managers within minutes (several at once arrive as one message); anonymous feedback
# is held in memory and written only at a fixed four-hourly boundary (00:00, 04:00 … UTC), together with the rest
# of its window, so neither the database nor the moment the managers' message arrives points at whoever was just
# active (bot.core.privacy).
NAMED_BATCH = timedelta(minutes=2)
ANONYMOUS_BATCH = timedelta(hours=4)


def checked_text(text: str, *, empty_key: str) -> str:
    """Feedback and replies alike: something to say, within the limit; nothing is saved otherwise."""
    if not text:
        raise UserError(empty_key)
    if len(text) > MAX_TEXT:
        raise UserError("feedback.too_long", limit=MAX_TEXT, length=len(text))
    return text


def tags_or_default(tags: tuple[str, ...]) -> list[str]:
    return list(tags) or [DEFAULT_TAG]


def newest_first(day: date, number: int, *, anonymous: bool) -> tuple[date, int]:
    """A sort key (used with reverse=True). Anonymous items are dated by day only and their numbers are a sequence
    of their own, so within a day they rank as 0: after the named ones, never interleaved with them by number."""
    return day, 0 if anonymous else number
