"""Short ids people type (`#12`): one sequence per workspace and kind, atomic under concurrency, never reused."""

from __future__ import annotations

import re

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import Counter

NUMBER = re.compile(r"^#?(\d{1,9})$")


def next_number(session: Session, team_id: str, kind: str) -> int:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(Counter).values(team_id=team_id, kind=kind, value=1)
    stmt = stmt.on_conflict_do_update(index_elements=["team_id", "kind"], set_={"value": Counter.value + 1})
    return session.execute(stmt.returning(Counter.value)).scalar_one()


def parse_number(word: str) -> int | None:
    """`12` or `#12` → 12; anything else → None."""
    match = NUMBER.match((word or "").strip())
    return int(match.group(1)) if match else None
