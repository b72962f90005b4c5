"""The rules of lessons, on plain values: what a lesson's text may be, how many tags it keeps, when a search has
something to look for, and which lessons a tagged list shows. No database, no Slack: table-driven tests cover them.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.errors import UserError

MAX_TEXT = 3000
MAX_TAGS = 10
SEARCH_LIMIT = 10   # results of a search, best first
LIST_LIMIT = 20     # lessons in a list, newest first


def check_text(text: str) -> str:
    if not text:
        raise UserError("lesson.empty")
    if len(text) > MAX_TEXT:
        raise UserError("lesson.too_long", limit=MAX_TEXT, length=len(text))
    return text


def check_query(terms: Sequence[str]) -> Sequence[str]:
    """A search needs at least one word (FTS syntax and punctuation alone are nothing to look for)."""
    if not terms:
        raise UserError("lesson.search_empty")
    return terms


def listed(tags: Sequence[str] | None, tag: str | None) -> bool:
    """Whether a lesson with `tags` belongs in a list of `tag` (None: every lesson does)."""
    return tag is None or tag in (tags or ())
