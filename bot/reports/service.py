"""`/report`, one unit of work per call: a CSV export to the asker's DM and the delivery KPIs of a period. Both are
for managers (PMs, ops managers) and workspace admins; the check comes first, before anything typed is judged, and
an admin's status is confirmed with Slack for it (bot.roles.admins).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import outbox
from bot.core.caller import Caller
from bot.core.errors import UserError
from bot.digest import kpi
from bot.reports import rules
from bot.reports.exports import CSV
from bot.reports.parse import ExportRequest, kpi_period
from bot.roles import admins
from bot.roles import store as roles
from bot.tasks.store import team_defaults
from bot.text.deadlines import parse_deadline


@dataclass(frozen=True)
class Export:
    what: str
    since: datetime | None
    told: tuple[str, ...]  # the asker: the file goes to their DM


def export(caller: Caller, request: ExportRequest) -> Export:
    """Queue the CSV for the caller's DM; it is made when sent (bot.reports.jobs), with times in their zone."""
    admin = admins.as_manager(caller)
    with caller.reading() as session:
        _require_manager(session, caller, admin)
        if request.what is None:
            raise UserError("report.unknown_export")
        default_time = team_defaults(session, caller.team_id).due_time
    since = None
    if request.since:
        deadline = parse_deadline(request.since, now=caller.now, tz=caller.tz, default_time=default_time)
        if deadline is None:
            raise UserError("report.since_not_understood")
        since = rules.in_the_past(deadline.due, caller.now)
    with caller.writing() as session:
        outbox.upload(session, caller.team_id, caller.user_id, caller.now, render=CSV,
                      spec={"team_id": caller.team_id, "what": request.what,
                            "since": since.isoformat() if since else None, "tz": caller.tz},
                      filename=f"teambot-{request.what}-{caller.now:%Y%m%d}.csv",
                      title=caller.t("report.export_title", what=request.what))
    return Export(request.what, since, told=(caller.user_id,))


def kpi_report(caller: Caller, words: str) -> kpi.Report:
    """The delivery KPIs for `this week`, `last month` … (default: the last seven days), in the caller's zone."""
    admin = admins.as_manager(caller)
    with caller.reading() as session:
        _require_manager(session, caller, admin)
        start, end = kpi_period(words, caller.now, caller.tz)
        return kpi.report(session, caller.team_id, start, end)


def _require_manager(session: Session, caller: Caller, admin: bool) -> None:
    """`admin`: the caller's workspace-admin status as Slack confirmed it (bot.roles.admins.as_manager)."""
    roles.require_manager(session, caller.team_id, caller.user_id, is_admin=admin, key="report.managers_only")
