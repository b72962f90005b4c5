"""The digest's settings and schedule in the caller's session. Never commits: the service, the clock and `/role`
(a new manager gets the next digest) call these inside their own unit of work.

Each delivery is a reminder row whose dedupe key is team + recipient + the local date of the delivery, so any
number of clocks, restarts or re-plans send it once. A daily plan row keeps the schedule in step with who the
managers are; changing roles or settings plans again at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core import people, reminders
from bot.digest import rules
from bot.roles import store as roles
from bot.tasks.store import workspace
from storage.models import Workspace


@dataclass(frozen=True)
class Change:
    """What a manager changes about the team's digest; what is left at None stays as it is."""

    rule: dict[str, Any] | None = None
    enabled: bool | None = None
    channel_id: str | None = None
    channel_tz: str | None = None  # the zone of whoever chose the channel: the channel's delivery time
    clear_channel: bool = False


def configure(session: Session, team_id: str, now: datetime, change: Change) -> Workspace:
    """Apply the change and plan the deliveries again."""
    ws = workspace(session, team_id, now)
    if change.rule is not None:
        ws.digest_rule = change.rule
    if change.enabled is not None:
        ws.digest_enabled = change.enabled
    if change.channel_id is not None:
        ws.digest_channel, ws.digest_channel_tz = change.channel_id, change.channel_tz
    if change.clear_channel:
        ws.digest_channel = ws.digest_channel_tz = None
    session.flush()
    replan(session, team_id, now)
    return ws


def plan(session: Session, team_id: str, now: datetime) -> None:
    """Schedule every manager's next digest (and the channel's), and tomorrow's re-plan. Idempotent."""
    ws = workspace(session, team_id, now)
    tomorrow = rules.next_replan(now)
    reminders.schedule(session, team_id, "digest.plan", tomorrow, f"digest-plan:{team_id}:{tomorrow.date()}")
    if not ws.digest_enabled:
        return
    rule = rules.rule_of(ws.digest_rule)
    for user_id in roles.recipients(session, team_id, "digest"):
        tz = people.stored(session, team_id, user_id).tz
        at = rules.next_send(rule, tz, now)
        reminders.schedule(session, team_id, "digest.send", at, f"digest:{team_id}:{user_id}:{_local_day(at, tz)}",
                           recipient_id=user_id)
    if ws.digest_channel:
        tz = channel_tz(session, ws)
        at = rules.next_send(rule, tz, now)
        reminders.schedule(session, team_id, "digest.channel", at,
                           f"digest:{team_id}:channel:{ws.digest_channel}:{_local_day(at, tz)}")


def replan(session: Session, team_id: str, now: datetime) -> None:
    """The schedule, the recipients or the channel changed: drop what is pending and plan again."""
    reminders.cancel_kind(session, team_id, "digest.")
    session.flush()
    plan(session, team_id, now)


def channel_tz(session: Session, ws: Workspace) -> str:
    """The zone the channel's digest is timed and written in: its chooser's, else the team's default zone."""
    return ws.digest_channel_tz or people.stored(session, ws.team_id, "").tz


def _local_day(at: datetime, tz: str) -> str:
    return at.astimezone(ZoneInfo(tz)).date().isoformat()
