"""Block Kit for lessons: one section per lesson (text, tags, who saved it, where, the day), for search results
and the newest-first list. At most 22 blocks, well within Slack's 50."""

from __future__ import annotations

from typing import Any

from bot.core.i18n import t
from bot.core.mrkdwn import channel, date_token, escape, mention
from storage.models import Lesson

Block = dict[str, Any]
TEXT_CHARS = 2000


def line(lesson: Lesson, locale: str, tz: str) -> str:
    body = escape(lesson.text)
    if len(body) > TEXT_CHARS:  # shorten the text, not its escaped form (never cut `&amp;` in half)
        cut = len(lesson.text)
        while len(escape(lesson.text[:cut])) > TEXT_CHARS - 1:
            cut = cut * 4 // 5
        body = escape(lesson.text[:cut]) + "…"
    details = []
    if lesson.tags:
        details.append(" ".join("`#" + escape(tag) + "`" for tag in lesson.tags))
    details.append(t("lesson.saved_by", locale, who=mention(lesson.author_id)))
    if lesson.channel_id:
        details.append(t("lesson.in_channel", locale, channel=channel(lesson.channel_id)))
    details.append(date_token(lesson.created_at, tz, with_time=False))
    return f"*#{lesson.number}* {body}\n" + " · ".join(details)


def results(found: list[Lesson], title: str, empty: str, locale: str, tz: str, *,
            note: str | None = None) -> tuple[str, list[Block]]:
    if not found:
        return f"{title}\n{empty}", [_section(f"*{title}*\n{empty}")]
    blocks: list[Block] = [_section(f"*{title}*")]
    blocks.extend(_section(line(lesson, locale, tz)) for lesson in found)
    if note:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    text = title + "\n" + "\n".join(f"#{lesson.number} {escape(lesson.text[:200])}" for lesson in found)
    return text[:3000], blocks


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}
