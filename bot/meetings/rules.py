"""The rules of meetings, on plain values: what a title, an agenda item and a reminder lead may be, who may change a
meeting, how much one occurrence's agenda may hold and how a reminder lays it out, when a meeting's reminder goes
out and which occurrences a card shows. No database, no Slack: table-driven tests cover them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.blocks import SECTION_TEXT
from bot.core.errors import UserError
from bot.core.mrkdwn import escape
from bot.text.recurrence import Recurrence, occurrences

MAX_TITLE = 300
MAX_AGENDA_ITEM = 500
# One occurrence's agenda is what one reminder can show: Slack refuses a message whose blocks hold more than about
# 12,000 characters in all (`msg_blocks_too_long`), whatever each block's own limit. So at most 30 items and 6,000
# characters as the reminder shows them (`&`, `<`, `>` take several); with each line's bullet and author (LINE_EXTRA)
# that is at most 7,440 characters of agenda, leaving room for the heading (a title of up to 1,500 escaped
# characters and a date) within the message.
MAX_AGENDA_ITEMS = 30
MAX_AGENDA_CHARS = 6000
AGENDA_LINE_EXTRA = 48  # "• ", " (<@U…>)" and the line break around an item's text
REMINDER_AGENDA_CHARS = MAX_AGENDA_CHARS + MAX_AGENDA_ITEMS * AGENDA_LINE_EXTRA
AGENDA_PAGE = SECTION_TEXT - 100  # one section's worth, with room for the "Agenda" label
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


def agenda_chars(text: str) -> int:
    """An item's size as a reminder shows it (escaped): what the agenda's character limit counts."""
    return len(escape(text))


def check_agenda_room(number: int, open_items: Sequence[str], item: str) -> None:
    """`item` may join an occurrence's agenda that already holds `open_items` only if one reminder can still show
    them all; otherwise a UserError saying which limit, and that nothing was added."""
    if len(open_items) >= MAX_AGENDA_ITEMS:
        raise UserError("meeting.agenda_full", number=number, limit=MAX_AGENDA_ITEMS)
    used = sum(agenda_chars(text) for text in open_items)
    if used + agenda_chars(item) > MAX_AGENDA_CHARS:
        raise UserError("meeting.agenda_no_room", number=number, limit=MAX_AGENDA_CHARS,
                        left=MAX_AGENDA_CHARS - used, length=agenda_chars(item))


def agenda_pages(line_lengths: Sequence[int], *, page: int = AGENDA_PAGE, budget: int = REMINDER_AGENDA_CHARS,
                 most: int = MAX_AGENDA_ITEMS) -> list[list[int]]:
    """Which agenda lines (by index, in order) one reminder shows, packed into pages of at most `page` characters
    (one section each, lines joined by a line break), at most `most` lines and `budget` characters in all. It stops
    at the first line that does not fit — the rest wait for the next reminder, in their order, and are never
    cleared unseen."""
    pages: list[list[int]] = []
    size = total = 0
    for index, length in enumerate(line_lengths):
        if index >= most or total + length > budget or length > page:
            break
        if not pages or size + 1 + length > page:
            pages.append([])
            size = -1
        pages[-1].append(index)
        size += 1 + length
        total += length
    return pages


def may_change(actor_id: str, *, creator_id: str, actor_is_manager: bool) -> bool:
    """Editing, skipping and cancelling a meeting: whoever set it up, or a manager. A meeting is the whole channel's
    appointment, so one member may not move or drop it for everyone; anyone may add to its agenda, which is what
    the agenda is for."""
    return actor_id == creator_id or actor_is_manager


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
