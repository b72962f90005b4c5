"""Block Kit for lessons: one section per lesson (text, tags, who saved it, where, the day), for search results
and the newest-first list. At most 22 blocks, well within Slack's 50; user text is escaped first and clipped after
(`clip`, `inline`), so a section stays within Slack's 3,000 characters."""

from __future__ import annotations

from bot.core.blocks import Block, context, section
from bot.core.i18n import t
from bot.core.mrkdwn import channel, clip, date_token, escape, fit, inline, mention
from bot.lessons import rules
from bot.lessons.service import Listing
from storage.models import Lesson

TEXT_CHARS = 2000    # of a lesson's text in its section
QUERY_CHARS = 100    # of the query repeated in the title
PREVIEW_CHARS = 200  # of each lesson in the notification text
NOTIFICATION_CHARS = 3000


def saved(lesson: Lesson, locale: str) -> str:
    tags = " ".join("#" + escape(tag) for tag in lesson.tags)
    return t("lesson.saved", locale, number=lesson.number, tags=f" ({tags})" if tags else "")


def search_results(found: list[Lesson], query: str, locale: str, tz: str) -> tuple[str, list[Block]]:
    shown = "“" + inline(query, QUERY_CHARS) + "”"
    return _results(found, t("lesson.search_title", locale, query=shown), t("lesson.search_none", locale), locale, tz,
                    note=t("lesson.search_note", locale, limit=rules.SEARCH_LIMIT))


def listing(listed: Listing, locale: str, tz: str) -> tuple[str, list[Block]]:
    if listed.tag:
        title = t("lesson.list_title_tag", locale, tag=escape(listed.tag))
    else:
        title = t("lesson.list_title", locale)
    note = t("lesson.list_more", locale, shown=len(listed.lessons)) if listed.more else None
    return _results(listed.lessons, title, t("lesson.list_empty", locale), locale, tz, note=note)


def line(lesson: Lesson, locale: str, tz: str) -> str:
    details = []
    if lesson.tags:
        details.append(" ".join("`#" + escape(tag) + "`" for tag in lesson.tags))
    details.append(t("lesson.saved_by", locale, who=mention(lesson.author_id)))
    if lesson.channel_id:
        details.append(t("lesson.in_channel", locale, channel=channel(lesson.channel_id)))
    details.append(date_token(lesson.created_at, tz, with_time=False))
    return f"*#{lesson.number}* {clip(lesson.text, TEXT_CHARS)}\n" + " · ".join(details)


def _results(found: list[Lesson], title: str, empty: str, locale: str, tz: str, *,
             note: str | None = None) -> tuple[str, list[Block]]:
    if not found:
        return f"{title}\n{empty}", [section(f"*{title}*\n{empty}")]
    blocks = [section(f"*{title}*"), *(section(line(lesson, locale, tz)) for lesson in found)]
    if note:
        blocks.append(context(note))
    text = title + "\n" + "\n".join(f"#{lesson.number} {inline(lesson.text, PREVIEW_CHARS)}" for lesson in found)
    return fit(text, NOTIFICATION_CHARS), blocks
