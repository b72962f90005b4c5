"""`/meeting add|list|cancel|skip|edit|agenda`: ack with the result; the clock does the reminding."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.core.errors import UserError
from bot.core.mrkdwn import date_token, escape, plain
from bot.core.numbers import parse_number
from bot.meetings import service as meetings
from bot.meetings import views
from handlers.legacy_kit import Ctx, ephemeral, is_help, split_command
from storage.models import AgendaItem


def register(app) -> None:  # noqa: ANN001
    app.command("/meeting")(meeting_command)


def meeting_command(ack, command, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    word, rest = split_command(command.get("text"))
    if is_help(word):
        return ack(**ephemeral(ctx.t("help.meeting")))
    if word in ("add", "new", "create"):
        return ack(**_add(ctx, rest))
    if word in ("list", "ls"):
        return ack(**_list(ctx))
    if word in ("cancel", "skip", "edit", "agenda"):
        number_word, _, argument = rest.partition(" ")
        number = parse_number(number_word)
        if number is None:
            return ack(**ephemeral(ctx.t("meeting.needs_number", word=word)))
        return ack(**_ONE[word](ctx, number, argument.strip()))
    ack(**_add(ctx, command.get("text") or ""))  # `/meeting Weekly sync every Monday 10am` means add


def _add(ctx: Ctx, rest: str) -> dict[str, Any]:
    now = ctx.now()
    try:
        with ctx.rt.db.session() as session:
            meeting = meetings.create(session, ctx.team_id, ctx.user_id, _readable(rest), tz=ctx.tz,
                                      default_channel=ctx.channel_id or ctx.user_id, now=now)
            upcoming = meetings.upcoming(meeting)
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    return ephemeral(*views.card(meeting, upcoming, ctx.tz, ctx.locale, headline=ctx.t("meeting.created")))


def _list(ctx: Ctx) -> dict[str, Any]:
    with ctx.rt.db.session(read_only=True) as session:
        found = meetings.active(session, ctx.team_id)
        counts = dict(session.execute(
            select(AgendaItem.meeting_id, func.count()).where(AgendaItem.team_id == ctx.team_id,
                                                              AgendaItem.used_at.is_(None))
            .group_by(AgendaItem.meeting_id)).all())
    return ephemeral(*views.listing([(m, counts.get(m.id, 0)) for m in found], ctx.tz, ctx.locale))


def _cancel(ctx: Ctx, number: int, _: str) -> dict[str, Any]:
    return _one(ctx, lambda s: meetings.cancel(s, ctx.team_id, number, ctx.now()),
                lambda m: ephemeral(ctx.t("meeting.cancelled", number=m.number, title=escape(m.title))))


def _skip(ctx: Ctx, number: int, _: str) -> dict[str, Any]:
    def render(result) -> dict[str, Any]:  # noqa: ANN001
        meeting, skipped = result
        return ephemeral(*views.card(meeting, meetings.upcoming(meeting), ctx.tz, ctx.locale,
                                     headline=ctx.t("meeting.skipped", when=date_token(skipped, ctx.tz))))

    return _one(ctx, lambda s: meetings.skip_next(s, ctx.team_id, number, ctx.now()), render)


def _edit(ctx: Ctx, number: int, argument: str) -> dict[str, Any]:
    return _one(ctx, lambda s: meetings.edit(s, ctx.team_id, number, _readable(argument), tz=ctx.tz, now=ctx.now()),
                lambda m: ephemeral(*views.card(m, meetings.upcoming(m), ctx.tz, ctx.locale,
                                                headline=ctx.t("meeting.updated", number=m.number))))


def _agenda(ctx: Ctx, number: int, argument: str) -> dict[str, Any]:
    def apply(session):  # noqa: ANN001, ANN202
        meeting = meetings.add_agenda(session, ctx.team_id, number, ctx.user_id, plain(argument), ctx.now())
        return meeting, meetings.agenda(session, meeting), meetings.upcoming(meeting, 1)

    def render(result) -> dict[str, Any]:  # noqa: ANN001
        meeting, items, upcoming = result
        return ephemeral(*views.card(meeting, upcoming, ctx.tz, ctx.locale, agenda=items,
                                     headline=ctx.t("meeting.agenda_added", number=meeting.number)))

    return _one(ctx, apply, render)


_ONE = {"cancel": _cancel, "skip": _skip, "edit": _edit, "agenda": _agenda}


def _one(ctx: Ctx, apply, render) -> dict[str, Any]:  # noqa: ANN001
    try:
        with ctx.rt.db.session() as session:
            return render(apply(session))
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))


def _readable(text: str) -> str:
    """Plain text for the grammar, keeping `<#C…>` channel tokens for the `in #channel` option."""
    parts = []
    for piece in text.split(" "):
        parts.append(piece if piece.startswith("<#") else plain(piece))
    return " ".join(parts)
