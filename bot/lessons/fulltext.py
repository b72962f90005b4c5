"""How text becomes search terms, the same way for a lesson and for a query.

Neither SQLite's FTS5 (unicode61) nor PostgreSQL's `simple` configuration can split Chinese into words, so
`lessons.search_text` is filled here: lower-cased words, and runs of Chinese (CJK) characters as overlapping
character pairs (经验教训 → 经验 验教 教训; a lone character stays itself). Migration 0006 indexes that column
(an FTS5 external-content table kept in sync by triggers on SQLite, a GIN index on PostgreSQL), and a query is
tokenised the same way (bot.lessons.store runs it). Terms are made of letters and digits only, so FTS syntax a
person types (`"`, `*`, `-`, `:`) never reaches the database as syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_QUERY_TERMS = 32
_CJK = ("\u3040-\u30ff"  # kana
        "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
        "\uac00-\ud7af"  # Hangul
        "\U00020000-\U0002fa1f")
TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>(?:(?![{_CJK}])[^\W_])+)")


def tokens(text: str) -> list[str]:
    """Search terms of a text: lower-cased words; CJK runs as overlapping pairs (a single character stays)."""
    found: list[str] = []
    for match in TOKEN.finditer((text or "").lower()):
        run = match.group("cjk")
        if run is None:
            found.append(match.group("word"))
        elif len(run) == 1:
            found.append(run)
        else:
            found.extend(run[i:i + 2] for i in range(len(run) - 1))
    return found


def search_text_of(lesson_text: str, tags: Iterable[str]) -> str:
    """What the full-text index sees: the text's terms, then the tags' terms."""
    return " ".join(tokens(lesson_text) + tokens(" ".join(tags)))


def query_terms(query: str) -> list[str]:
    """The terms of a search, each once, at most MAX_QUERY_TERMS; empty when there is nothing to look for."""
    return list(dict.fromkeys(tokens(query)))[:MAX_QUERY_TERMS]
