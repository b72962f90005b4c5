"""Lessons, one unit of work per call: save one, search them, list the newest. Callers (handlers/lessons.py) pass a
`Caller` and plain text; nobody is told about a lesson, it waits to be found (and shows in the weekly digest).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.caller import Caller
from bot.lessons import fulltext, parse, rules, store
from bot.lessons.parse import Parsed
from storage.models import Lesson


@dataclass(frozen=True)
class Listing:
    lessons: list[Lesson]
    tag: str | None
    more: bool  # older ones exist beyond the list


def save(caller: Caller, text: str) -> Lesson:
    """`Verify on staging before every deploy #deploy`: a lesson of the channel it was typed in."""
    parsed = parse.lesson(text)
    with caller.writing() as session:
        return add(session, caller.team_id, caller.user_id, parsed, caller.channel_id, caller.now)


def search(caller: Caller, query: str) -> list[Lesson]:
    """The workspace's lessons containing every word of `query`, best first (at most rules.SEARCH_LIMIT)."""
    terms = rules.check_query(fulltext.query_terms(query))
    with caller.reading() as session:
        return store.search(session, caller.team_id, terms)


def listing(caller: Caller, scope: parse.ListScope) -> Listing:
    """The newest lessons, all or those with one tag."""
    with caller.reading() as session:
        found, more = store.newest(session, caller.team_id, scope.tag)
    return Listing(found, scope.tag, more)


# ---- inside another feature's transaction: bot.retros saves an item to improve as a lesson, once ----------------

def add(session: Session, team_id: str, author_id: str, parsed: Parsed, channel_id: str | None,
        now: datetime) -> Lesson:
    """A lesson within the caller's transaction; `save` is this for a person's own text."""
    rules.check_text(parsed.text)
    return store.insert(session, team_id, author_id, parsed.text, parsed.tags, channel_id, now)

