"""Block Kit for meetings: the confirmation with the next occurrences, the list, the channel reminder."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.i18n import t
from bot.core.mrkdwn import channel, date_token, escape, mention
from bot.text.describe import describe
from bot.text.recurrence import Recurrence
from storage.models import AgendaItem, Meeting

Block = dict[str, Any]


def headline_line(meeting: Meeting, locale: str) -> str:
    rule = describe(Recurrence.from_dict(meeting.rule), locale)
    return f"*#{meeting.number}* {escape(meeting.title)} · {channel(meeting.channel_id)} · {escape(rule)}"


def card(meeting: Meeting, upcoming: list[datetime], tz: str, locale: str, *, headline: str,
         agenda: list[AgendaItem] | None = None) -> tuple[str, list[Block]]:
    """A meeting with its next occurrences as date tokens (so a misread recurrence shows at once)."""
    when = "\n".join(f"• {date_token(at, tz)}" for at in upcoming) or t("meeting.no_more", locale)
    body = f"{headline}\n{headline_line(meeting, locale)}\n{t('meeting.next', locale)}\n{when}"
    blocks: list[Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": body}}]
    context = t("meeting.reminded_before", locale, minutes=meeting.remind_minutes)
    if agenda:
        context += " · " + t("meeting.agenda_count", locale, count=len(agenda))
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
    return f"{headline} {headline_line(meeting, locale)}", blocks


def listing(meetings: list[tuple[Meeting, int]], tz: str, locale: str) -> tuple[str, list[Block]]:
    if not meetings:
        text = t("meeting.list.empty", locale)
        return text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    title = t("meeting.list.title", locale)
    blocks: list[Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*"}}]
    lines = []
    for meeting, agenda_count in meetings[:40]:
        nxt = date_token(meeting.next_at, tz) if meeting.next_at else t("meeting.no_more", locale)
        line = f"{headline_line(meeting, locale)}\n{t('meeting.next_one', locale)} {nxt}"
        if agenda_count:
            line += " · " + t("meeting.agenda_count", locale, count=agenda_count)
        lines.append(line)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": line}})
    return "\n".join(lines), blocks


def reminder(meeting: Meeting, items: list[AgendaItem], locale: str, *, late: bool) -> tuple[str, list[Block]]:
    """The channel reminder: title, time token, agenda (with who added each item)."""
    assert meeting.next_at is not None
    when = date_token(meeting.next_at, meeting.tz)
    heading = t("meeting.reminder", locale, title=escape(meeting.title), when=when)
    if late:
        heading += " " + t("reminder.late", locale)
    blocks: list[Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": heading}}]
    if items:
        agenda = "\n".join(f"• {escape(item.text)} ({mention(item.author_id)})" for item in items[:30])
        blocks.append({"type": "section", "text": {"type": "mrkdwn",
                                                   "text": f"*{t('meeting.agenda', locale)}*\n{agenda}"[:2900]}})
    else:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": t(
            "meeting.no_agenda", locale, number=meeting.number)}]})
    return heading, blocks
