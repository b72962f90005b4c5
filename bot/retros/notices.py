"""What a retro's channel is told: that a retro started (how to add items, when it closes), at close its summary,
and anonymous items that were still held in another process when it closed. All are written in the language and
zone of the person who started it; the first two once each."""

from __future__ import annotations

from bot.core.notify import Notice, Rendered
from bot.core.people import Person
from bot.retros import views
from bot.retros.store import Board
from storage.models import Retro


def started(retro: Retro) -> Notice:
    def render(reader: Person) -> Rendered:
        return views.announcement(retro, reader.locale, reader.tz)

    return Notice(retro.channel_id, render, dedupe_key=f"retro:{retro.id}:started", reader_id=retro.creator_id)


def summary(retro: Retro, board: Board, *, automatic: bool) -> Notice:
    def render(reader: Person) -> Rendered:
        return views.summary(retro, board, reader.locale, reader.tz, automatic=automatic)

    return Notice(retro.channel_id, render, dedupe_key=f"retro:{retro.id}:summary", reader_id=retro.creator_id)


def late_items(retro: Retro, items: list[tuple[str, str]]) -> Notice:
    """(kind, text) of anonymous items given before the close but written after the summary was posted."""

    def render(reader: Person) -> Rendered:
        return views.late_items(retro, items, reader.locale)

    return Notice(retro.channel_id, render, reader_id=retro.creator_id)
