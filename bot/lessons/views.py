"""Block Kit for lessons: one section per lesson (text, tags, who saved it, where, the day), for search results
and the newest-first list. At most 22 blocks, well within Slack's 50."""

from __future__ import annotations

from bot.core.blocks import SECTION_TEXT, Block, context, section
from bot.core.i18n import t
from bot.core.mrkdwn import channel, date_token, escape, mention
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
    shown = "“" + escape(" ".join(query.split())[:QUERY_CHARS]) + "”"
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
    return f"*#{lesson.number}* {_clipped(lesson.text)}\n" + " · ".join(details)


def _clipped(text: str) -> str:
    """The escaped text within TEXT_CHARS: the text is shortened, not its escaped form (never cut `&amp;` in half)."""
    body = escape(text)
    if len(body) <= TEXT_CHARS:
        return body
    cut = len(text)
    while len(escape(text[:cut])) > TEXT_CHARS - 1:
        cut = cut * 4 // 5
    return escape(text[:cut]) + "…"


def _results(found: list[Lesson], title: str, empty: str, locale: str, tz: str, *,
             note: str | None = None) -> tuple[str, list[Block]]:
    if not found:
        return f"{title}\n{empty}", [_section(f"*{title}*\n{empty}")]
    blocks = [_section(f"*{title}*"), *(_section(line(lesson, locale, tz)) for lesson in found)]
    if note:
        blocks.append(context(note))
    text = title + "\n" + "\n".join(f"#{lesson.number} {escape(lesson.text[:PREVIEW_CHARS])}" for lesson in found)
    return text[:NOTIFICATION_CHARS], blocks


def _section(text: str) -> Block:
    return section(text[:SECTION_TEXT])
