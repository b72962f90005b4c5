"""What keeps anonymous submissions anonymous, in one place.

An anonymous request is recognised from the command text *before* anything looks the person up, so its request
neither calls `users.info` nor writes their profile row (either would record, at that moment, who was active).
Anonymous posts are rate-limited in memory only, under an HMAC of the user id keyed with a random secret that is
replaced every day: the counts are never stored, never logged, and cannot be joined to any text.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections import defaultdict
from datetime import date, datetime, timedelta

from bot.features import anonymous_commands

ANONYMITY_WORDS = {"anonymous", "anon", "anonymously", "匿名"}


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
