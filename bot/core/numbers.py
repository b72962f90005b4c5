"""Short ids people type (`#12`): one sequence per workspace and kind, atomic under concurrency, never reused."""

from __future__ import annotations

import re

from sqlalchemy import bindparam
from sqlalchemy.orm import Session

from storage.db import INSERTS
from storage.models import Counter

NUMBER = re.compile(r"^#?(\d{1,9})$")


def _upsert(insert):  # noqa: ANN001, ANN202
    stmt = insert(Counter).values(team_id=bindparam("team_id"), kind=bindparam("kind"), value=1)
    return stmt.on_conflict_do_update(index_elements=["team_id", "kind"],
                                      set_={"value": Counter.value + 1}).returning(Counter.value)


# built once per dialect: INSERT … ON CONFLICT DO UPDATE SET value = value + 1 RETURNING value
_NEXT = {name: _upsert(insert) for name, insert in INSERTS.items()}


def next_number(session: Session, team_id: str, kind: str) -> int:
    stmt = _NEXT[session.get_bind().dialect.name]
    return session.execute(stmt, {"team_id": team_id, "kind": kind}).scalar_one()


def parse_number(word: str) -> int | None:
    """`12` or `#12` → 12; anything else → None."""
    match = NUMBER.match((word or "").strip())
    return int(match.group(1)) if match else None
