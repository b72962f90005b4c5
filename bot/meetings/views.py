"""Block Kit for meetings: the card (a meeting with its next occurrences), the list, the channel reminder and how it
lays out an agenda.

Times are date tokens, so each reader sees their own zone; titles and agenda items are escaped; mentions come only
from stored ids. Meetings have no buttons or modals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.blocks import Block, context, section
from bot.core.i18n import t
from bot.core.mrkdwn import channel, clip, date_token, escape, mention
from bot.meetings import rules
from bot.meetings.service import Listed
from bot.text.describe import describe
from bot.text.recurrence import Recurrence
from storage.models import AgendaItem, Meeting

LISTED = 40      # meetings in a list (a title block and one section each: within Slack's 50 blocks)


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


@dataclass(frozen=True)
class AgendaLayout:
    """What one reminder shows of an agenda: `pages` (a section's text each), made of its first `shown` items; the
    `kept` others wait for the next reminder (the clock clears only what was shown)."""

    pages: tuple[str, ...]
    shown: int
    kept: int


def agenda_layout(items: Sequence[AgendaItem]) -> AgendaLayout:
    """The agenda's lines (`• item (@author)`, each within a page) laid out by rules.agenda_pages. Language-free, so
    the clock knows what is shown before the reminder is rendered for its reader."""
    limit = rules.AGENDA_PAGE - rules.AGENDA_LINE_EXTRA
    lines = [f"• {clip(item.text, limit)} ({mention(item.author_id)})" for item in items]
    pages = rules.agenda_pages([len(line) for line in lines])
    shown = sum(len(page) for page in pages)
    return AgendaLayout(tuple("\n".join(lines[i] for i in page) for page in pages), shown, len(items) - shown)


def reminder(meeting: Meeting, agenda: AgendaLayout, locale: str, *, late: bool) -> tuple[str, list[Block]]:
    """The channel reminder: title, time token, agenda (with who added each item), and how many items wait for the
    next reminder when not all of them fit."""
    assert meeting.next_at is not None
    heading = t("meeting.reminder", locale, title=escape(meeting.title), when=date_token(meeting.next_at, meeting.tz))
    if late:
        heading += " " + t("reminder.late", locale)
    blocks = [section(heading)]
    if agenda.pages:
        first, *rest = agenda.pages
        blocks += [section(f"*{t('meeting.agenda', locale)}*\n{first}"), *(section(page) for page in rest)]
    if agenda.kept:
        blocks.append(context(t("meeting.agenda_kept", locale, count=agenda.kept, number=meeting.number)))
    elif not agenda.pages:
        blocks.append(context(t("meeting.no_agenda", locale, number=meeting.number)))
    return heading, blocks
