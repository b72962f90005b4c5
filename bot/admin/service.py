"""Deleting everything a workspace left with us: every row of every table that carries its `team_id` — tasks,
history, meetings, risks, feedback, roles, profiles, queued messages, the installation and its tokens."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from storage.models import Base


def purge_workspace(session: Session, team_id: str) -> dict[str, int]:
    """Rows deleted per table. Children first, so foreign keys are never in the way."""
    deleted = {}
    for table in reversed(Base.metadata.sorted_tables):
        if "team_id" in table.c:
            count = session.execute(delete(table).where(table.c.team_id == team_id)).rowcount or 0
            if count:
                deleted[table.name] = count
    return deleted
