"""What keeps anonymous submissions anonymous, in one place.

The threat: someone who later holds the database files, its backups, its WAL and the logs must not be able to tell
*when* an anonymous post was given, because the moment, set beside named rows written just before and after it,
points at whoever was active then. So at the moment of posting nothing is written anywhere:

- An anonymous request is recognised from the command text *before* anything looks the person up, so its request
  neither calls `users.info` nor writes their profile row (bot/app.py).
- The post is held in the memory of the process that received it (`Pen`) until a fixed boundary of its feature;
  there the process writes everything it holds in one transaction, in random order, numbered only then
  (`BoundaryTimer`). Its rows, ids, numbers, counters, WAL frames and PostgreSQL `xmin` all say "written at that
  boundary", which every post of the window shares. A graceful shutdown writes what is held as one batch, at
  shutdown time; a crash loses it: that is the price of writing nothing at the moment of posting.
- Anonymous posts are rate-limited in memory only, under an HMAC of the user id keyed with a random secret that is
  replaced every day: the counts are never stored, never logged, and cannot be joined to any text.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import random
import secrets
import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, SessionTransaction

from bot.features import anonymous_commands, modules
from storage.db import Database

log = logging.getLogger(__name__)

ANONYMITY_WORDS = {"anonymous", "anon", "anonymously", "匿名"}
RETRY = timedelta(seconds=30)  # the timer looks at least this often, so a boundary missed in an outage is retried
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeout)


def asks_anonymity(command: str | None, text: str | None) -> bool:
    """`/feedback anonymous …`, `/retro improve anon …`: the marker is one of the first two words."""
    if command not in anonymous_commands():
        return False
    return any(word.lower() in ANONYMITY_WORDS for word in (text or "").split()[:2])


class AnonymousRateLimit:
    """At most `limit` anonymous posts per person per rolling hour, counted under a daily-rotating keyed hash."""

    def __init__(self, limit: int = 10, window: timedelta = timedelta(hours=1)) -> None:
        self.limit, self.window = limit, window
        self._lock = threading.Lock()
        self._day: date | None = None
        self._key = b""
        self._seen: dict[str, list[datetime]] = defaultdict(list)

    def allow(self, team_id: str, user_id: str, now: datetime) -> bool:
        with self._lock:
            if self._day != now.date():  # a new day: a new key, and yesterday's counts are gone
                self._day, self._key, self._seen = now.date(), secrets.token_bytes(32), defaultdict(list)
            token = hmac.new(self._key, f"{team_id}:{user_id}".encode(), hashlib.sha256).hexdigest()
            recent = [at for at in self._seen[token] if now - at < self.window]
            if len(recent) >= self.limit:
                self._seen[token] = recent
                return False
            self._seen[token] = [*recent, now]
            return True


# ---- holding posts until a boundary --------------------------------------------------------------------------------

class Post(Protocol):
    @property
    def team_id(self) -> str: ...


P = TypeVar("P", bound=Post)
# (database, posts, now, at_boundary): write the posts in one transaction; at a boundary, also do what the feature
# does there (feedback: the managers' delivery); at shutdown (`at_boundary` False), only write.
Write = Callable[[Database, list[P], datetime, bool], None]
Held = list[tuple[P, datetime]]  # each post with the boundary it waits for


def next_boundary(now: datetime, step: timedelta) -> datetime:
    """The first multiple of `step` (counted from midnight UTC) strictly after `now`."""
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + step * ((now - midnight) // step + 1)


def shuffled(posts: list[P]) -> list[P]:
    """The order a batch is written in: random (a system source), so ids and numbers say nothing of who was first."""
    order = list(posts)
    random.SystemRandom().shuffle(order)
    return order


class Pen(Generic[P]):
    """Anonymous posts of one feature, held in this process's memory until the feature's next boundary.

    Posts are kept per database (by its write engine: a process has one, the tests many) with the boundary each
    waits for — neither who gave it nor when.
    """

    def __init__(self, every: timedelta, write: Write[P]) -> None:
        self.every, self.write = every, write
        self._lock = threading.Lock()
        self._held: dict[Engine, Held[P]] = defaultdict(list)
        PENS.append(self)

    def hold(self, engine: Engine, post: P, now: datetime) -> datetime:
        """Keep `post` until its boundary, which is returned (the poster is told when it will show)."""
        due = next_boundary(now, self.every)
        with self._lock:
            self._held[engine].append((post, due))
        return due

    def take(self, engine: Engine, *, due_by: datetime | None = None,
             which: Callable[[P], bool] = lambda post: True) -> Held[P]:
        """Remove and return the posts matching `which` (and, with `due_by`, whose boundary has come)."""
        with self._lock:
            taken: Held[P] = []
            kept: Held[P] = []
            for entry in self._held.get(engine, []):
                post, due = entry
                (taken if which(post) and (due_by is None or due <= due_by) else kept).append(entry)
            self._held[engine] = kept
        return taken

    def take_in(self, session: Session, which: Callable[[P], bool]) -> list[P]:
        """Posts to write in `session`'s transaction (a write session): they are held again unless it commits."""
        engine = session.get_bind()
        assert isinstance(engine, Engine)
        session.connection()  # begin the transaction whose end decides
        taken = self.take(engine, which=which)
        if taken:
            committed: list[bool] = []

            def on_commit(_session: Session) -> None:
                committed.append(True)

            def on_end(_session: Session, transaction: SessionTransaction) -> None:
                if transaction.parent is None and not committed:
                    self.give_back(engine, taken)

            event.listen(session, "after_commit", on_commit)
            event.listen(session, "after_transaction_end", on_end)
        return [post for post, _ in taken]

    def give_back(self, engine: Engine, held: Held[P]) -> None:
        """Posts that could not be written are held again, each for the boundary it was waiting for."""
        with self._lock:
            self._held[engine].extend(held)

    def due(self, engine: Engine, now: datetime) -> bool:
        with self._lock:
            return any(due <= now for _, due in self._held.get(engine, []))

    def forget_team(self, team_id: str) -> None:
        with self._lock:
            for engine, held in self._held.items():
                self._held[engine] = [(post, due) for post, due in held if post.team_id != team_id]


PENS: list[Pen[Any]] = []


def forget_team(team_id: str) -> None:
    """A purged workspace's held posts are dropped too, or the next boundary would write them back."""
    for pen in PENS:
        pen.forget_team(team_id)


class BoundaryTimer:
    """The process's boundary timer: at each pen's boundary (and whenever posts it holds are due) it hands the pen's
    due posts to their feature to write — the feature's work at a boundary runs even with none (feedback delivers
    what is still undelivered). Every process that takes requests runs one; each writes only what it holds.

    `tick` is the whole of it (tests call it at an injected time); `start` runs it in a thread, `stop` ends the thread
    and writes everything still held as one batch, at shutdown time."""

    def __init__(self, db: Database, now: Callable[[], datetime]) -> None:
        modules("bot.{name}.held")  # each feature that holds anonymous posts makes its pen there
        self.db, self.now = db, now
        started = now()
        self._done = {pen: next_boundary(started, pen.every) - pen.every for pen in PENS}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="anonymous-boundaries", daemon=True)

    def start(self) -> BoundaryTimer:
        self._thread.start()
        return self

    def tick(self) -> None:
        now = self.now()
        for pen in PENS:
            boundary = next_boundary(now, pen.every) - pen.every
            if boundary <= self._done.setdefault(pen, boundary) and not pen.due(self.db.engine, now):
                continue
            held = pen.take(self.db.engine, due_by=now)
            try:
                self._write(pen, [post for post, _ in held], now, at_boundary=True)
            except DATABASE_DOWN:  # hold them and try again shortly
                pen.give_back(self.db.engine, held)
                log.warning("the database is unavailable at an anonymity boundary; trying again shortly")
                continue
            self._done[pen] = boundary

    def stop(self, timeout: float = 10.0) -> None:
        if self._thread.is_alive():
            self._stop.set()
            self._thread.join(timeout)
        now = self.now()
        for pen in PENS:
            posts = [post for post, _ in pen.take(self.db.engine)]
            if not posts:
                continue
            try:
                self._write(pen, posts, now, at_boundary=False)
            except DATABASE_DOWN:  # nothing more can be done: the process is ending
                log.error("the database is unavailable at shutdown: %d held anonymous posts are lost", len(posts))

    def _write(self, pen: Pen[Any], posts: list[Any], now: datetime, *, at_boundary: bool) -> None:
        """The batch in one transaction. If the database refuses it (other than by being unavailable), each post
        goes in a transaction of its own — still now, in random order — and the ones refused are dropped: one bad
        post must not hold the rest hostage (then the boundary's own work runs once, after them). Only counts and
        the error's class are logged: its message would quote the text."""
        try:
            pen.write(self.db, posts, now, at_boundary)
        except DATABASE_DOWN:
            raise
        except Exception as exc:  # noqa: BLE001
            lost = 0
            for post in shuffled(posts):
                try:
                    pen.write(self.db, [post], now, False)
                except Exception:  # noqa: BLE001
                    lost += 1
            if at_boundary:  # what the feature does at its boundary, once
                pen.write(self.db, [], now, True)
            log.error("an anonymous batch was refused (%s); %d of its %d posts could not be written and were "
                      "dropped", exc.__class__.__name__, lost, len(posts))

    def _run(self) -> None:
        while not self._stop.wait(self._pause()):
            self.tick()

    def _pause(self) -> float:
        now = self.now()
        until = min([next_boundary(now, pen.every) - now for pen in PENS] + [RETRY])
        return until.total_seconds() + 0.01
