"""Block Kit for meetings: the card (a meeting with its next occurrences), the list, the channel reminder.

Times are date tokens, so each reader sees their own zone; titles and agenda items are escaped; mentions come only
from stored ids. Meetings have no buttons or modals.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.blocks import Block, context, section
from bot.core.i18n import t
from bot.core.mrkdwn import channel, date_token, escape, mention
from bot.meetings.service import Listed
from bot.text.describe import describe
from bot.text.recurrence import Recurrence
from storage.models import AgendaItem, Meeting

LISTED = 40      # meetings in a list (a title block and one section each: within Slack's 50 blocks)
AGENDA_SHOWN = 30
AGENDA_CHARS = 2900


def headline_line(meeting: Meeting, locale: str) -> str:
    """`#3 Weekly sync · #ops · every Monday at 10:00`."""
    rule = describe(Recurrence.from_dict(meeting.rule), locale)
    return f"*#{meeting.number}* {escape(meeting.title)} · {channel(meeting.channel_id)} · {escape(rule)}"


def card(meeting: Meeting, upcoming: tuple[datetime, ...], tz: str, locale: str, *, headline: str,
         agenda: tuple[AgendaItem, ...] = ()) -> tuple[str, list[Block]]:
    """A meeting with its next occurrences (so a misread recurrence shows at once)."""
    when = "\n".join(f"• {date_token(at, tz)}" for at in upcoming) or t("meeting.no_more", locale)
    body = f"{headline}\n{headline_line(meeting, locale)}\n{t('meeting.next', locale)}\n{when}"
    small_print = t("meeting.reminded_before", locale, minutes=meeting.remind_minutes)
    if agenda:
        small_print += " · " + t("meeting.agenda_count", locale, count=len(agenda))
    return f"{headline} {headline_line(meeting, locale)}", [section(body), context(small_print)]


def listing(meetings: list[Listed], tz: str, locale: str) -> tuple[str, list[Block]]:
    if not meetings:
        text = t("meeting.list.empty", locale)
        return text, [section(text)]
    blocks = [section(f"*{t('meeting.list.title', locale)}*")]
    lines = []
    for listed in meetings[:LISTED]:
        meeting = listed.meeting
        upcoming = date_token(meeting.next_at, tz) if meeting.next_at else t("meeting.no_more", locale)
        line = f"{headline_line(meeting, locale)}\n{t('meeting.next_one', locale)} {upcoming}"
        if listed.agenda_count:
            line += " · " + t("meeting.agenda_count", locale, count=listed.agenda_count)
        lines.append(line)
        blocks.append(section(line))
    return "\n".join(lines), blocks


def reminder(meeting: Meeting, items: list[AgendaItem], locale: str, *, late: bool) -> tuple[str, list[Block]]:
    """The channel reminder: title, time token, agenda (with who added each item)."""
    assert meeting.next_at is not None
    heading = t("meeting.reminder", locale, title=escape(meeting.title), when=date_token(meeting.next_at, meeting.tz))
    if late:
        heading += " " + t("reminder.late", locale)
    if items:
        agenda = "\n".join(f"• {escape(item.text)} ({mention(item.author_id)})" for item in items[:AGENDA_SHOWN])
        below = section(f"*{t('meeting.agenda', locale)}*\n{agenda}"[:AGENDA_CHARS])
    else:
        below = context(t("meeting.no_agenda", locale, number=meeting.number))
    return heading, [section(heading), below]
