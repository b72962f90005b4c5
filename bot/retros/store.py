"""Retros in the database, inside a session the caller owns (never committed here).

Named items (`RetroItem`) keep their author and time. Anonymous items (`AnonymousRetroItem`) live in a table of
their own with no author and no time at all, written only at a boundary in a batch (bot.retros.held);
`add_anonymous_item` is not even handed the author or the moment. Items are referred to as `n12` (a named item's
id) or `a` and an anonymous item's opaque random ref (what a button carries: an id would tell the order anonymous
items were written in), always within one workspace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from bot.core import reminders
from bot.core.errors import UserError
from bot.core.numbers import next_number
from bot.retros import rules
from storage.db import INSERTS, affected
from storage.models import AnonymousRetroItem, Retro, RetroAction, RetroItem, RetroVote, Task

Item = RetroItem | AnonymousRetroItem
CLOSE_KIND = "retro.close"  # the clock closes a retro at its `until` (bot.retros.jobs)
REF = re.compile(r"n(\d{1,12})|a([A-Za-z0-9_-]{8,24})")


# ---- retros -------------------------------------------------------------------------------------------------------

def open_retro(session: Session, team_id: str, channel_id: str | None) -> Retro | None:
    return session.scalars(select(Retro).where(Retro.team_id == team_id, Retro.channel_id == (channel_id or ""),
                                               Retro.status == "open").order_by(Retro.number.desc())).first()


def open_in(session: Session, team_id: str, channel_id: str | None) -> Retro:
    retro = open_retro(session, team_id, channel_id)
    if retro is None:
        raise UserError("retro.none_open")
    return retro


def lock_channel(session: Session, team_id: str, channel_id: str) -> None:
    """One open retro per channel, even when two people start one at the same moment. SQLite's `BEGIN IMMEDIATE`
    already serialises writers; on PostgreSQL a transaction-scoped advisory lock per channel does."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"retro:{team_id}:{channel_id}"})


def add_retro(session: Session, team_id: str, name: str, channel_id: str, creator_id: str, until: datetime | None,
              now: datetime) -> Retro:
    """A new open retro; with `until`, the clock closes it then."""
    retro = Retro(team_id=team_id, number=next_number(session, team_id, "retro"), name=name, channel_id=channel_id,
                  creator_id=creator_id, until=until, status="open", created_at=now)
    session.add(retro)
    session.flush()
    if until is not None:
        reminders.schedule(session, team_id, CLOSE_KIND, until, close_key(retro), subject_id=retro.id)
    return retro


def close_key(retro: Retro) -> str:
    return rules.close_key(retro.id, retro.until)


def close_once(session: Session, retro: Retro, now: datetime) -> bool:
    """Close an open retro (a conditional UPDATE: a command and the clock at the same moment close it once) and drop
    its pending close on the clock. False when it was closed already."""
    won = affected(session, update(Retro).where(Retro.id == retro.id, Retro.status == "open")
                   .values(status="closed", closed_at=now))
    if won != 1:
        return False
    session.refresh(retro)
    reminders.cancel_pending(session, retro.team_id, "retro.", retro.id)
    return True


# ---- items, actions, votes ----------------------------------------------------------------------------------------

def add_named_item(session: Session, retro: Retro, kind: str, item_text: str, author_id: str,
                   now: datetime) -> RetroItem:
    row = RetroItem(team_id=retro.team_id, retro_id=retro.id, kind=kind, text=item_text, author_id=author_id,
                    created_at=now)
    session.add(row)
    session.flush()
    return row


def add_anonymous_item(session: Session, retro: Retro, kind: str, item_text: str) -> AnonymousRetroItem:
    """With an opaque random ref (storage.models.opaque_ref)."""
    row = AnonymousRetroItem(team_id=retro.team_id, retro_id=retro.id, kind=kind, text=item_text)
    session.add(row)
    return row


def link_action(session: Session, retro: Retro, task: Task) -> None:
    session.add(RetroAction(retro_id=retro.id, task_id=task.id, team_id=retro.team_id))


def find_item(session: Session, team_id: str, ref: str) -> tuple[Retro, Item]:
    """`n12` / `a<ref>` from a button, within this workspace only."""
    match = REF.fullmatch((ref or "").strip())
    row: Item | None = None
    if match and match.group(1):
        row = session.scalar(select(RetroItem).where(RetroItem.team_id == team_id,
                                                     RetroItem.id == int(match.group(1))))
    elif match:
        row = session.scalar(select(AnonymousRetroItem).where(AnonymousRetroItem.team_id == team_id,
                                                              AnonymousRetroItem.ref == match.group(2)))
    retro = session.scalar(select(Retro).where(Retro.team_id == team_id, Retro.id == row.retro_id)) if row else None
    if row is None or retro is None:
        raise UserError("retro.item_not_found")
    return retro, row


_VOTE = {name: insert(RetroVote).on_conflict_do_nothing() for name, insert in INSERTS.items()}


def toggle_vote(session: Session, retro: Retro, row: Item, user_id: str) -> None:
    """One vote per person per item: a first press votes, a second takes the vote back."""
    anonymous = isinstance(row, AnonymousRetroItem)
    taken_back = affected(session, delete(RetroVote).where(
        RetroVote.team_id == retro.team_id, RetroVote.retro_id == retro.id, RetroVote.anonymous == anonymous,
        RetroVote.item_id == row.id, RetroVote.user_id == user_id))
    if not taken_back:
        session.execute(_VOTE[session.get_bind().dialect.name], [{
            "team_id": retro.team_id, "retro_id": retro.id, "anonymous": anonymous, "item_id": row.id,
            "user_id": user_id}])


# ---- the board: items with votes, and actions ---------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    ref: str  # `n12` (named) or `a<opaque ref>` (anonymous): what a button carries
    kind: str
    text: str
    author_id: str | None  # None for anonymous items
    votes: int
    mine: bool  # the viewer voted for it


@dataclass(frozen=True)
class Board:
    entries: list[Entry]  # in rules.board_order: by kind, then votes, then text — never by time
    actions: list[Task]


def board(session: Session, retro: Retro, viewer_id: str | None = None) -> Board:
    counts: dict[tuple[bool, int], int] = {}
    for anonymous, item_id, count in session.execute(
            select(RetroVote.anonymous, RetroVote.item_id, func.count())
            .where(RetroVote.team_id == retro.team_id, RetroVote.retro_id == retro.id)
            .group_by(RetroVote.anonymous, RetroVote.item_id)):
        counts[(bool(anonymous), item_id)] = int(count)
    mine: set[tuple[bool, int]] = set()
    if viewer_id:
        mine = {(bool(a), i) for a, i in session.execute(
            select(RetroVote.anonymous, RetroVote.item_id).where(RetroVote.team_id == retro.team_id,
                                                                 RetroVote.retro_id == retro.id,
                                                                 RetroVote.user_id == viewer_id))}

    def entry(row: RetroItem | AnonymousRetroItem) -> Entry:
        anonymous = isinstance(row, AnonymousRetroItem)
        key = (anonymous, row.id)
        if isinstance(row, AnonymousRetroItem):
            ref, author_id = f"a{row.ref}", None
        else:
            ref, author_id = f"n{row.id}", row.author_id
        return Entry(ref=ref, kind=row.kind, text=row.text, author_id=author_id, votes=counts.get(key, 0),
                     mine=key in mine)

    named = session.scalars(select(RetroItem).where(RetroItem.team_id == retro.team_id,
                                                    RetroItem.retro_id == retro.id))
    unnamed = session.scalars(select(AnonymousRetroItem).where(AnonymousRetroItem.team_id == retro.team_id,
                                                               AnonymousRetroItem.retro_id == retro.id))
    entries = [entry(row) for row in [*named, *unnamed]]
    entries.sort(key=lambda e: rules.board_order(e.kind, e.votes, e.text, e.ref))
    actions = list(session.scalars(
        select(Task).join(RetroAction, RetroAction.task_id == Task.id)
        .where(RetroAction.team_id == retro.team_id, RetroAction.retro_id == retro.id, Task.status != "deleted")
        .order_by(Task.number)))
    return Board(entries, actions)
