"""`/lesson <text> [#tags]`, `/lesson search <words>`, `/lesson list [#tag]`: replies only the asker sees."""

from __future__ import annotations

from typing import Any

from bot.core.errors import UserError
from bot.core.mrkdwn import escape, plain
from bot.lessons import service as lessons
from bot.lessons import views
from handlers.legacy_kit import Ctx, ephemeral, is_help, split_command

SEARCH_WORDS = {"search", "find", "搜索", "查找"}
LIST_WORDS = {"list", "ls", "列表"}


def register(app) -> None:  # noqa: ANN001
    app.command("/lesson")(lesson_command)


def lesson_command(ack, command, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    text = command.get("text") or ""
    word, rest = split_command(text)
    if is_help(word):
        return ack(**ephemeral(ctx.t("help.lesson")))
    if word in SEARCH_WORDS:
        return ack(**_search(ctx, rest))
    listed = plain(rest).strip()
    if word in LIST_WORDS and (not listed or (listed.startswith("#") and len(listed.split()) == 1)):
        return ack(**_list(ctx, listed))
    ack(**_save(ctx, text))


def _save(ctx: Ctx, text: str) -> dict[str, Any]:
    try:
        with ctx.rt.db.session() as session:
            lesson = lessons.add(session, ctx.team_id, ctx.user_id, lessons.parse(text), ctx.channel_id, ctx.now())
            tags = " ".join("#" + escape(tag) for tag in lesson.tags)
            return ephemeral(ctx.t("lesson.saved", number=lesson.number, tags=f" ({tags})" if tags else ""))
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))


def _search(ctx: Ctx, query: str) -> dict[str, Any]:
    try:
        with ctx.rt.db.session(read_only=True) as session:
            found = lessons.search(session, ctx.team_id, query)
            shown = "“" + escape(" ".join(plain(query).split())[:100]) + "”"
            return ephemeral(*views.results(found, ctx.t("lesson.search_title", query=shown),
                                            ctx.t("lesson.search_none"), ctx.locale, ctx.tz,
                                            note=ctx.t("lesson.search_note", limit=lessons.SEARCH_LIMIT)))
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))


def _list(ctx: Ctx, rest: str) -> dict[str, Any]:
    tag = rest.lstrip("#").lower() or None
    with ctx.rt.db.session(read_only=True) as session:
        found, more = lessons.listing(session, ctx.team_id, tag)
        title = ctx.t("lesson.list_title_tag", tag=escape(tag)) if tag else ctx.t("lesson.list_title")
        note = ctx.t("lesson.list_more", shown=len(found)) if more else None
        return ephemeral(*views.results(found, title, ctx.t("lesson.list_empty"), ctx.locale, ctx.tz, note=note))
