"""Who is asking, where and when: what every service call works with besides its own arguments.

`Env` is built once per process by the composition root (bot/runtime.py) and handed to Bolt's context and to the
clock. `Caller` is one person's request: a service's public function takes it, opens its own unit of work with
`writing()` or `reading()`, and never sees Slack payloads. `now` is fixed for the whole request, so every row a
request writes carries the same instant, and tests inject the clock.

A request that is an Events API delivery carries it (`delivery`): the first transaction of the request that writes
anything records it (bot.core.events), so the record commits with the effect, whichever service writes first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import events
from bot.core.i18n import t
from bot.core.people import Directory, Person
from storage.db import Database


@dataclass(frozen=True)
class Env:
    """The process's shared services: the database, the people directory and the clock."""

    db: Database
    people: Directory
    clock: Callable[[], datetime]
    forget_installation: Callable[[str], None] = field(default=lambda team_id: None)

    def now(self) -> datetime:
        return self.clock()


@dataclass(frozen=True)
class Caller:
    """One person's request, as the core sees it (no Slack payload in sight)."""

    env: Env
    team_id: str
    person: Person
    channel_id: str | None
    now: datetime
    delivery: events.Delivery | None = None

    @classmethod
    def of(cls, env: Env, team_id: str, person: Person, channel_id: str | None = None,
           delivery: events.Delivery | None = None) -> Caller:
        return cls(env=env, team_id=team_id, person=person, channel_id=channel_id, now=env.now(), delivery=delivery)

    @property
    def user_id(self) -> str:
        return self.person.user_id

    @property
    def tz(self) -> str:
        return self.person.tz

    @property
    def locale(self) -> str:
        return self.person.locale

    @property
    def is_admin(self) -> bool:
        return self.person.is_admin

    def t(self, key: str, **values: object) -> str:
        """A catalogue message in the caller's language."""
        return t(key, self.locale, **values)

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """The request's write transaction: commits on success, rolls back on any error. The first one of an Events
        API delivery that writes anything records the delivery too, and raises `events.AlreadyHandled` (having
        written nothing) when another delivery of the same event got there first."""
        with self.env.db.session() as session:
            delivery = self.delivery if self.delivery is not None and not self.delivery.recorded else None
            wrote = events.watch(session) if delivery is not None else lambda: False
            yield session
            if delivery is not None and wrote():
                events.record(session, delivery, self.now)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only look (no write lock on SQLite)."""
        with self.env.db.session(read_only=True) as session:
            yield session

    def know(self, user_ids: Iterable[str | None]) -> None:
        """Refresh the profiles of people about to be told something *before* the write transaction, so they read
        it in their own language and zone and no network call happens while the write lock is held."""
        for user_id in dict.fromkeys(u for u in user_ids if u and u != self.user_id):
            self.env.people.get(self.env.db, self.team_id, user_id, self.now)
