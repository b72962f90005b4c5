"""The one way a change tells people.

A service decides who is told (it knows what happened); it hands `Notice`s to `tell`, which renders each one in its
reader's language and zone (what we last heard from Slack, no network call) and writes it to the outbox in the same
transaction as the change. A rolled-back change tells nobody; a committed one is delivered even if Slack is down.
The service's result carries the ids `tell` returned, so the asker's reply can say who was told.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.core import outbox, people
from bot.core.caller import Caller
from bot.core.i18n import t
from bot.core.people import Person

Rendered = tuple[str, list[dict[str, Any]] | None]
Render = Callable[[Person], Rendered]


@dataclass(frozen=True)
class Notice:
    """One message: to a person (their DM with the app) or to a channel.

    `reader_id` says whose language and zone a channel message is written in (by default the recipient's own);
    `dedupe_key` makes the message happen once however often the change is retried or raced; `thread_key` is a
    catalogue message posted in the message's own thread once Slack has given it a `ts` (a meeting's notes thread).
    """

    to: str
    render: Render
    dedupe_key: str | None = None
    reader_id: str | None = None
    thread_ts: str | None = None
    thread_key: str | None = None


def tell(session: Session, team_id: str, notices: Iterable[Notice], now: datetime, *,
         skip: str | None = None) -> tuple[str, ...]:
    """Queue every notice (none to `skip`, usually the person who made the change: they see it in their reply).
    Returns who was told, each once, in order."""
    told: list[str] = []
    for notice in notices:
        if not notice.to or notice.to == skip:
            continue
        reader = people.stored(session, team_id, notice.reader_id or notice.to)
        text, blocks = notice.render(reader)
        thread = [t(notice.thread_key, reader.locale)] if notice.thread_key else None
        outbox.post(session, team_id, notice.to, text, now, blocks=blocks, thread_ts=notice.thread_ts,
                    dedupe_key=notice.dedupe_key, then_in_thread=thread)
        told.append(notice.to)
    return tuple(dict.fromkeys(told))


def update(session: Session, team_id: str, channel: str, ts: str, rendered: Rendered, now: datetime) -> None:
    """Edit a message teambot posted (`chat.update`), through the outbox like everything else it says: a report
    whose blocker became a task shows the task instead of the button."""
    text, blocks = rendered
    payload: dict[str, Any] = {"channel": channel, "ts": ts, "text": text}
    if blocks:
        payload["blocks"] = blocks
    outbox.enqueue(session, team_id, "chat.update", payload, now)


def reply(caller: Caller, channel: str, text: str, blocks: list[dict[str, Any]] | None = None, *,
          thread_ts: str | None = None) -> None:
    """Answer a DM or a mention where it was written, through the outbox (one unit of work)."""
    with caller.writing() as session:
        outbox.post(session, caller.team_id, channel, text, caller.now, blocks=blocks, thread_ts=thread_ts)
