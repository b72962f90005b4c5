"""Who is speaking: time zone, locale and admin flags from Slack's `users.info`, cached.

Every request needs the speaker's zone (deadlines) and locale (language). Asking Slack each time would add a Web
API round trip to every ack, so profiles are kept in memory for a while and in the `members` table, which is also
what the clock reads when it writes to someone outside a request. A right is another matter: a cached admin flag
may belong to someone demoted minutes ago, so privileged actions ask Slack again (`Directory.fresh`, used through
bot.roles.admins).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db import Database, conflict_insert
from storage.models import Member

CACHE_TTL = timedelta(minutes=10)
_default_tz = ["UTC"]


def set_default_timezone(tz: str) -> None:
    """DEFAULT_TIMEZONE, for people whose Slack profile has no zone (set once by the runtime)."""
    _default_tz[0] = tz

UsersInfo = Callable[[str, str], dict[str, Any] | None]


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    tz: str
    locale: str
    is_admin: bool = False
    is_bot: bool = False

    @classmethod
    def unknown(cls, user_id: str, tz: str) -> Person:
        return cls(user_id=user_id, name=user_id, tz=tz, locale="en-US")


def valid_tz(tz: str | None, default: str) -> str:
    if tz:
        try:
            ZoneInfo(tz)
            return tz
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return default


class Directory:
    """Profiles by (team, user): memory first, then Slack, then the last stored copy, then defaults."""

    def __init__(self, default_tz: str, users_info: UsersInfo, users_info_now: UsersInfo | None = None) -> None:
        self.default_tz = default_tz
        self._users_info = users_info
        self._users_info_now = users_info_now or users_info
        self._cache: dict[tuple[str, str], tuple[datetime, Person]] = {}
        self._lock = threading.Lock()

    def get(self, db: Database, team_id: str, user_id: str, now: datetime) -> Person:
        key = (team_id, user_id)
        with self._lock:
            hit = self._cache.get(key)
        if hit and now - hit[0] < CACHE_TTL:
            return hit[1]
        profile = self._users_info(team_id, user_id)
        if profile is not None:
            person = self._from_profile(user_id, profile)
            with db.session() as session:
                remember(session, team_id, person, now)
        else:
            with db.session(read_only=True) as session:
                person = stored(session, team_id, user_id, self.default_tz)
        with self._lock:
            self._cache[key] = (now, person)
        return person

    def fresh(self, db: Database, team_id: str, user_id: str, now: datetime) -> Person | None:
        """Slack's answer right now, whatever the cache holds: for privileged actions, where a cached admin flag
        could belong to someone just demoted. `users_info_now` is the runtime's quick call (a short timeout, no
        retries: someone is waiting for their reply). None when Slack cannot answer, so the caller refuses instead of
        trusting the cache. What Slack says replaces the cached and stored profile."""
        try:
            profile = self._users_info_now(team_id, user_id)
        except OSError:  # a timeout or a refused connection: Slack did not answer
            profile = None
        if profile is None:
            return None
        person = self._from_profile(user_id, profile)
        with db.session() as session:
            remember(session, team_id, person, now)
        with self._lock:
            self._cache[(team_id, user_id)] = (now, person)
        return person

    def peek(self, db: Database, team_id: str, user_id: str) -> Person:
        """What we already know — memory, then the stored row — with no call to Slack and no write."""
        with self._lock:
            hit = self._cache.get((team_id, user_id))
        if hit:
            return hit[1]
        with db.session(read_only=True) as session:
            return stored(session, team_id, user_id, self.default_tz)

    def _from_profile(self, user_id: str, profile: dict[str, Any]) -> Person:
        name = (profile.get("profile") or {}).get("display_name") or profile.get("name") or user_id
        return Person(
            user_id=user_id,
            name=name,
            tz=valid_tz(profile.get("tz"), self.default_tz),
            locale=profile.get("locale") or "en-US",
            is_admin=bool(profile.get("is_admin") or profile.get("is_owner")),
            is_bot=bool(profile.get("is_bot")),
        )


def remember(session: Session, team_id: str, person: Person, now: datetime) -> None:
    """Upsert the profile: first requests from one person may arrive at once, in several processes."""
    values = {"team_id": team_id, "user_id": person.user_id, "name": person.name, "tz": person.tz,
              "locale": person.locale, "is_admin": person.is_admin, "is_bot": person.is_bot,
              # the day only: an exact time would say when this person was last active
              "refreshed_at": now.replace(hour=0, minute=0, second=0, microsecond=0)}
    stmt = conflict_insert(session, Member).values(**values)
    session.execute(stmt.on_conflict_do_update(
        index_elements=["team_id", "user_id"],
        set_={key: stmt.excluded[key] for key in values if key not in ("team_id", "user_id")}))


def stored(session: Session, team_id: str, user_id: str, default_tz: str | None = None) -> Person:
    """What we last heard from Slack about a person (no network: usable inside a transaction and by the clock)."""
    default_tz = default_tz or _default_tz[0]
    member = session.scalar(select(Member).where(Member.team_id == team_id, Member.user_id == user_id))
    if member is None:
        return Person.unknown(user_id, default_tz)
    return Person(user_id=user_id, name=member.name or user_id, tz=valid_tz(member.tz, default_tz),
                  locale=member.locale or "en-US", is_admin=member.is_admin, is_bot=member.is_bot)
