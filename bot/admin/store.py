"""Deleting everything a workspace left with us: every row of every table that carries its `team_id` — tasks,
history, meetings, risks, feedback, roles, profiles, queued messages, the installation and its tokens. In the
caller's session; `python -m bot purge` calls it too."""

from __future__ import annotations

from typing import cast

from sqlalchemy import CursorResult, delete
from sqlalchemy.orm import Session

from storage.models import Base


def purge_workspace(session: Session, team_id: str) -> dict[str, int]:
    """Rows deleted per table. Children first, so foreign keys are never in the way."""
    deleted = {}
    for table in reversed(Base.metadata.sorted_tables):
        if "team_id" in table.c:
            result = cast(CursorResult, session.execute(delete(table).where(table.c.team_id == team_id)))
            count = result.rowcount or 0
            if count:
                deleted[table.name] = count
    return deleted
