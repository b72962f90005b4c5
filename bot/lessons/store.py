"""Lessons in the database: reading and writing rows inside a session the caller owns (never committing).

Search runs on `lessons.search_text` (bot.lessons.fulltext says how it is filled): every term must match (AND),
ranked by bm25 on SQLite's FTS5 table and ts_rank on PostgreSQL. Terms reach the database only as quoted FTS5
strings or inside one bound `plainto_tsquery` parameter, so nothing a person types is ever query syntax.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot.core.numbers import next_number
from bot.lessons import rules
from bot.lessons.fulltext import search_text_of
from storage.models import Lesson

PAGE = 200  # rows read at a time while picking out a tag's lessons

_POSTGRES_SEARCH = text(
    "SELECT id FROM lessons "
    "WHERE team_id = :team AND to_tsvector('simple', search_text) @@ plainto_tsquery('simple', :q) "
    "ORDER BY ts_rank(to_tsvector('simple', search_text), plainto_tsquery('simple', :q)) DESC, "
    "created_at DESC, id DESC LIMIT :limit")
_SQLITE_SEARCH = text(
    "SELECT lessons.id FROM lessons_fts JOIN lessons ON lessons.id = lessons_fts.rowid "
    "WHERE lessons_fts MATCH :q AND lessons.team_id = :team "
    "ORDER BY bm25(lessons_fts), lessons.created_at DESC, lessons.id DESC LIMIT :limit")


def insert(session: Session, team_id: str, author_id: str, lesson_text: str, tags: Sequence[str],
           channel_id: str | None, now: datetime) -> Lesson:
    """A new lesson, numbered, with its search terms."""
    lesson = Lesson(team_id=team_id, number=next_number(session, team_id, "lesson"), text=lesson_text,
                    tags=list(tags), author_id=author_id, channel_id=channel_id,
                    search_text=search_text_of(lesson_text, tags), created_at=now)
    session.add(lesson)
    session.flush()
    return lesson


def same_text(session: Session, team_id: str, channel_id: str | None, lesson_text: str) -> Lesson | None:
    """A lesson with exactly this text from this channel (saving a retro item twice finds the first one)."""
    query = select(Lesson).where(Lesson.team_id == team_id, Lesson.text == lesson_text)
    query = query.where(Lesson.channel_id.is_(None) if channel_id is None else Lesson.channel_id == channel_id)
    return session.scalars(query.order_by(Lesson.number).limit(1)).first()


def search(session: Session, team_id: str, terms: Sequence[str], limit: int = rules.SEARCH_LIMIT) -> list[Lesson]:
    """The best `limit` lessons of this workspace containing every term, best first."""
    if session.get_bind().dialect.name == "postgresql":
        ids = session.scalars(_POSTGRES_SEARCH, {"team": team_id, "q": " ".join(terms), "limit": limit}).all()
    else:
        match = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
        ids = session.scalars(_SQLITE_SEARCH, {"team": team_id, "q": match, "limit": limit}).all()
    if not ids:
        return []
    found = {lesson.id: lesson for lesson in session.scalars(select(Lesson).where(Lesson.team_id == team_id,
                                                                                  Lesson.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def newest(session: Session, team_id: str, tag: str | None, limit: int = rules.LIST_LIMIT) -> tuple[list[Lesson],
                                                                                                 bool]:
    """Newest first, only those tagged `tag` (None: all); returns (up to `limit` lessons, whether there are more).
    Tags live in a JSON list, so tagged lessons are picked out page by page rather than by a dialect-specific
    query."""
    query = select(Lesson).where(Lesson.team_id == team_id).order_by(Lesson.created_at.desc(), Lesson.number.desc())
    shown: list[Lesson] = []
    offset = 0
    while True:
        page = list(session.scalars(query.limit(PAGE).offset(offset)))
        for lesson in page:
            if rules.listed(lesson.tags, tag):
                if len(shown) == limit:
                    return shown, True
                shown.append(lesson)
        if len(page) < PAGE:
            return shown, False
        offset += PAGE
