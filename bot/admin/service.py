"""`/teambot purge`: a Slack workspace admin deletes everything teambot keeps about the workspace.

Only admins and owners may, and it is checked twice: before the question is asked, and again when the button is
pressed (anyone who can see the question could press it). `purge_workspace` is also what `python -m bot purge`
runs inside its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.admin.store import purge_workspace
from bot.core.caller import Caller
from bot.core.errors import UserError


@dataclass(frozen=True)
class Purged:
    rows: int


def require_admin(caller: Caller) -> None:
    if not caller.is_admin:
        raise UserError("admin.admins_only")


def purge(caller: Caller) -> Purged:
    """Delete it all in one transaction, then forget the workspace's cached installation (its tokens are gone)."""
    require_admin(caller)
    with caller.writing() as session:
        deleted = purge_workspace(session, caller.team_id)
    caller.env.forget_installation(caller.team_id)
    return Purged(rows=sum(deleted.values()))
