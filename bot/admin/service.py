"""`/teambot purge`: a Slack workspace admin deletes everything teambot keeps about the workspace.

Only admins and owners may, and it is checked twice: before the question is asked, and again when the button is
pressed (anyone who can see the question could press it). Both times Slack is asked afresh (bot.roles.admins): a
cached admin flag may belong to someone demoted minutes ago. `purge_workspace` is also what `python -m bot purge`
runs inside its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.admin.store import purge_workspace
from bot.core import privacy
from bot.core.caller import Caller
from bot.core.errors import UserError
from bot.roles import admins


@dataclass(frozen=True)
class Purged:
    rows: int


def require_admin(caller: Caller) -> None:
    if not admins.confirmed(caller):
        raise UserError("admin.admins_only")


def purge(caller: Caller) -> Purged:
    """Delete it all in one transaction, then forget the workspace's cached installation (its tokens are gone) and
    the anonymous posts this process still holds for it (or its next boundary would write them back)."""
    require_admin(caller)
    with caller.writing() as session:
        deleted = purge_workspace(session, caller.team_id)
    caller.env.forget_installation(caller.team_id)
    privacy.forget_team(caller.team_id)
    return Purged(rows=sum(deleted.values()))
