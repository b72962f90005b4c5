"""Anonymous retro items between the moment they are given and their ten-minute boundary: in memory only.

At the boundary (bot.core.privacy.BoundaryTimer) everything the process holds is written in one transaction, in
random order, and only then shows on the board. Closing a retro writes this process's held items for it first, in
the closing transaction, so the summary has them. Items another process held for a retro that has closed since are
still written at that process's boundary, and the retro's channel is told about them then: nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import notify
from bot.core.privacy import Pen, shuffled
from bot.retros import notices, rules, store
from storage.db import Database
from storage.models import Retro


@dataclass(frozen=True)
class Post:
    """What an anonymous item keeps until it is written: no author, no moment."""

    team_id: str
    retro_id: int
    kind: str
    text: str


def write_in(session: Session, posts: list[Post], now: datetime, *, closing: Retro | None = None) -> None:
    """Write `posts` in random order. Posts for a retro that has closed meanwhile (other than the one `closing`)
    are told to its channel; posts for a retro that is gone (a purged workspace) go with it."""
    late: dict[int, tuple[Retro, list[Post]]] = {}
    for post in shuffled(posts):
        retro = session.get(Retro, post.retro_id)
        if retro is None or retro.team_id != post.team_id:
            continue
        store.add_anonymous_item(session, retro, post.kind, post.text)
        if retro.status != "open" and retro is not closing:
            late.setdefault(retro.id, (retro, []))[1].append(post)
    for retro, posts_after in late.values():
        notify.tell(session, retro.team_id, [notices.late_items(retro, [(p.kind, p.text) for p in posts_after])], now)


def write(db: Database, posts: list[Post], now: datetime, at_boundary: bool) -> None:
    if posts:
        with db.session() as session:
            write_in(session, posts, now)


def write_for_close(session: Session, retro: Retro, now: datetime) -> None:
    """This process's held items for a retro about to be summarised, written in the closing transaction."""
    write_in(session, HELD.take_in(session, lambda post: post.retro_id == retro.id), now, closing=retro)


HELD: Pen[Post] = Pen(rules.ANONYMOUS_BOUNDARY, write)
