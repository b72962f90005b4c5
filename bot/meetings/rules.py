"""The rules of meetings, on plain values: what a title, an agenda item and a reminder lead may be, when a
meeting's reminder goes out and which occurrences a card shows. No database, no Slack: table-driven tests cover them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.errors import UserError
from bot.text.recurrence import Recurrence, occurrences

MAX_TITLE = 300
MAX_AGENDA_ITEM = 500
MAX_REMIND_MINUTES = 24 * 60
DEFAULT_REMIND_MINUTES = 10
SHOWN_OCCURRENCES = 3  # on a card: enough to see at once whether a recurrence was misread
AGENDA_CARD_OCCURRENCES = 1  # after adding an item: the meeting it will be discussed at
ACTIVE, CANCELLED, ENDED = "active", "cancelled", "ended"
HELD, SKIPPED, MISSED = "held", "skipped", "missed"


def check_title(title: str) -> str:
    if not title:
        raise UserError("meeting.no_title")
    if len(title) > MAX_TITLE:
        raise UserError("meeting.title_too_long", limit=MAX_TITLE, length=len(title))
    return title


def check_remind(minutes: int | None) -> int | None:
    """None (not said) passes; a lead is 0 (at the start) to a day before."""
    if minutes is not None and not 0 <= minutes <= MAX_REMIND_MINUTES:
        raise UserError("meeting.bad_remind", limit=MAX_REMIND_MINUTES)
    return minutes


def agenda_item(text: str, number: int) -> str:
    """One line, single spaces, within the limit; `number` is the meeting's, for the hint when nothing was said."""
    text = " ".join(text.split())
    if not text:
        raise UserError("meeting.agenda_needs_text", number=number)
    if len(text) > MAX_AGENDA_ITEM:
        raise UserError("meeting.agenda_too_long", limit=MAX_AGENDA_ITEM, length=len(text))
    return text


def upcoming(next_at: datetime | None, rule: Recurrence, count: int = SHOWN_OCCURRENCES) -> list[datetime]:
    """The stored next occurrence and the ones after it (so a skip is already taken into account)."""
    if next_at is None:
        return []
    return [next_at, *occurrences(rule, next_at, count - 1)]


def reminder_at(next_at: datetime, remind_minutes: int) -> datetime:
    return next_at - timedelta(minutes=remind_minutes)


def reminder_key(meeting_id: int, next_at: datetime) -> str:
    """One reminder per meeting and occurrence: a reminder whose key no longer matches the meeting's next
    occurrence belongs to one that was skipped or rescheduled."""
    return f"meeting:{meeting_id}:{int(next_at.timestamp())}"
