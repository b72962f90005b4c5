"""Lessons learned: a text, tags, who saved it, in which channel and when — and full-text search to find it again.

Neither SQLite's FTS5 (unicode61) nor PostgreSQL's `simple` configuration can split Chinese into words, so this
module fills `lessons.search_text` itself: lower-cased words, and runs of Chinese (CJK) characters as overlapping
character pairs (经验教训 → 经验 验教 教训; a lone character stays itself). Migration 0006 indexes that column
(an FTS5 external-content table kept in sync by triggers on SQLite, a GIN index on PostgreSQL). A query is tokenised
the same way and every term must match (AND), ranked by bm25 / ts_rank. Terms reach the database only as quoted
FTS5 strings or inside one bound `plainto_tsquery` parameter, so FTS syntax a person types (`"`, `*`, `-`, `OR`,
`NEAR`, `:`) is plain text and can never break the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot.core.errors import UserError
from bot.core.mrkdwn import plain
from bot.core.numbers import next_number
from storage.models import Lesson

MAX_TEXT = 3000
MAX_TAGS = 10
MAX_QUERY_TERMS = 32
SEARCH_LIMIT = 10
LIST_LIMIT = 20
TAG = re.compile(r"(?<![\w&])#([^\s#<>]{1,30})")
_CJK = ("\u3040-\u30ff"  # kana
        "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
        "\uac00-\ud7af"  # Hangul
        "\U00020000-\U0002fa1f")
TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>(?:(?![{_CJK}])[^\W_])+)")


@dataclass(frozen=True)
class Parsed:
    text: str
    tags: tuple[str, ...]


def parse(raw: str) -> Parsed:
    """`Deploy on Mondays only #release #ops` → the text without the tags, tags lower-cased (at most ten)."""
    body = plain(raw or "")
    tags = tuple(dict.fromkeys(tag.lower().rstrip(".,;:!?，。；：！？") for tag in TAG.findall(body)))
    words = " ".join(TAG.sub(" ", body).split())
    return Parsed(words, tuple(tag for tag in tags if tag)[:MAX_TAGS])


def tokens(raw: str) -> list[str]:
    """Search terms of a text: lower-cased words; CJK runs as overlapping pairs (a single character stays)."""
    found: list[str] = []
    for match in TOKEN.finditer((raw or "").lower()):
        run = match.group("cjk")
        if run is None:
            found.append(match.group("word"))
        elif len(run) == 1:
            found.append(run)
        else:
            found.extend(run[i:i + 2] for i in range(len(run) - 1))
    return found


def search_text_of(lesson_text: str, tags: tuple[str, ...] | list[str]) -> str:
    """What the full-text index sees: the text's terms, then the tags' terms."""
    return " ".join(tokens(lesson_text) + tokens(" ".join(tags)))


def add(session: Session, team_id: str, author_id: str, parsed: Parsed, channel_id: str | None,
        now: datetime) -> Lesson:
    if not parsed.text:
        raise UserError("lesson.empty")
    if len(parsed.text) > MAX_TEXT:
        raise UserError("lesson.too_long", limit=MAX_TEXT, length=len(parsed.text))
    lesson = Lesson(team_id=team_id, number=next_number(session, team_id, "lesson"), text=parsed.text,
                    tags=list(parsed.tags), author_id=author_id, channel_id=channel_id,
                    search_text=search_text_of(parsed.text, parsed.tags), created_at=now)
    session.add(lesson)
    session.flush()
    return lesson


def same_text(session: Session, team_id: str, channel_id: str | None, lesson_text: str) -> Lesson | None:
    """A lesson with exactly this text from this channel (saving a retro item twice finds the first one)."""
    query = select(Lesson).where(Lesson.team_id == team_id, Lesson.text == lesson_text)
    query = query.where(Lesson.channel_id.is_(None) if channel_id is None else Lesson.channel_id == channel_id)
    return session.scalars(query.order_by(Lesson.number).limit(1)).first()


def query_terms(query: str) -> list[str]:
    """The terms of a search, deduplicated, at most MAX_QUERY_TERMS; empty when there is nothing to look for."""
    return list(dict.fromkeys(tokens(plain(query or ""))))[:MAX_QUERY_TERMS]


def search(session: Session, team_id: str, query: str, limit: int = SEARCH_LIMIT) -> list[Lesson]:
    """The best `limit` lessons of this workspace containing every term of `query`, best first."""
    terms = query_terms(query)
    if not terms:
        raise UserError("lesson.search_empty")
    if session.get_bind().dialect.name == "postgresql":
        ids = session.scalars(text(
            "SELECT id FROM lessons "
            "WHERE team_id = :team AND to_tsvector('simple', search_text) @@ plainto_tsquery('simple', :q) "
            "ORDER BY ts_rank(to_tsvector('simple', search_text), plainto_tsquery('simple', :q)) DESC, "
            "created_at DESC, id DESC LIMIT :limit"), {"team": team_id, "q": " ".join(terms), "limit": limit}).all()
    else:
        match = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
        ids = session.scalars(text(
            "SELECT lessons.id FROM lessons_fts JOIN lessons ON lessons.id = lessons_fts.rowid "
            "WHERE lessons_fts MATCH :q AND lessons.team_id = :team "
            "ORDER BY bm25(lessons_fts), lessons.created_at DESC, lessons.id DESC LIMIT :limit"),
            {"team": team_id, "q": match, "limit": limit}).all()
    if not ids:
        return []
    found = {lesson.id: lesson for lesson in session.scalars(select(Lesson).where(Lesson.team_id == team_id,
                                                                                  Lesson.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def listing(session: Session, team_id: str, tag: str | None = None, limit: int = LIST_LIMIT,
            page_size: int = 200) -> tuple[list[Lesson], bool]:
    """Newest first, optionally only those tagged `tag`; returns (up to `limit` lessons, whether there are more).
    Tags live in a JSON list, so tagged lessons are picked out page by page rather than by a dialect-specific query."""
    tag = (tag or "").lstrip("#").lower() or None
    query = select(Lesson).where(Lesson.team_id == team_id).order_by(Lesson.created_at.desc(), Lesson.number.desc())
    shown: list[Lesson] = []
    offset = 0
    while True:
        page = list(session.scalars(query.limit(page_size).offset(offset)))
        for lesson in page:
            if tag is None or tag in (lesson.tags or []):
                if len(shown) == limit:
                    return shown, True
                shown.append(lesson)
        if len(page) < page_size:
            return shown, False
        offset += page_size


def created_between(session: Session, team_id: str, start: datetime, end: datetime) -> list[Lesson]:
    """Lessons saved in [start, end), oldest first — for the digest."""
    return list(session.scalars(select(Lesson).where(Lesson.team_id == team_id, Lesson.created_at >= start,
                                                     Lesson.created_at < end)
                                .order_by(Lesson.created_at, Lesson.number)))
