"""Anonymous feedback between the moment it is given and its four-hourly boundary: in this process's memory only.

At the boundary (bot.core.privacy.BoundaryTimer) everything the process holds is written in one transaction, in
random order and numbered then, and the managers' delivery is queued in that same transaction — together with
whatever earlier deliveries left undelivered, of either kind. At a graceful shutdown what is held is written
without a delivery: the next boundary, in whichever process, delivers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.core.privacy import Pen, shuffled
from bot.feedback import jobs, rules, store
from storage.db import Database
from storage.models import AnonymousFeedback, Feedback


@dataclass(frozen=True)
class Post:
    """What an anonymous post keeps until it is written: no author, no moment, the day only."""

    team_id: str
    text: str
    tags: tuple[str, ...]
    given_on: date


def write(db: Database, posts: list[Post], now: datetime, at_boundary: bool) -> None:
    with db.session() as session:
        with session.no_autoflush:  # numbered one by one, inserted together
            for post in shuffled(posts):
                store.add_anonymous(session, post.team_id, post.text, list(post.tags), post.given_on)
        if at_boundary:
            for team_id in store.teams_waiting(session, now):
                for model in (AnonymousFeedback, Feedback):
                    jobs.deliver(session, team_id, model, now)


HELD: Pen[Post] = Pen(rules.ANONYMOUS_BATCH, write)
