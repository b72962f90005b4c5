"""What the clock does for the digest: deliver each manager's digest and the channel's, plan the deliveries again
every day (and after each one), and render the chart when the outbox uploads it.

A delivery checks again that it is still wanted (the digest is on, the recipient still a manager, the channel still
chosen); a stale one is "obsolete" and the schedule is planned again all the same.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.core import people, reminders
from bot.core.files import renderer
from bot.digest import charts, delivery, kpi, store
from bot.roles import store as roles
from storage.db import Database
from storage.models import Reminder, Workspace


def _plan_again(session: Session, reminder: Reminder, now: datetime) -> None:
    store.plan(session, reminder.team_id, now)


@reminders.kind("digest.send", on_skip=_plan_again)
def to_manager(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    ws = session.get(Workspace, reminder.team_id)
    if (ws is not None and not ws.digest_enabled) or reminder.recipient_id not in roles.recipients(
            session, reminder.team_id, "digest"):
        return "obsolete"
    person = people.stored(session, reminder.team_id, reminder.recipient_id)
    delivery.send(session, reminder.team_id, reminder.recipient_id, reminder.due_at, person.tz, person.locale, now,
                  dedupe_key=f"reminder:{reminder.id}")
    store.plan(session, reminder.team_id, reminder.due_at + timedelta(minutes=1))
    return None


@reminders.kind("digest.channel", on_skip=_plan_again)
def to_channel(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    """The channel's copy is written in English: a channel has no language of its own."""
    ws = session.get(Workspace, reminder.team_id)
    if ws is None or not ws.digest_enabled or not ws.digest_channel:
        return "obsolete"
    delivery.send(session, reminder.team_id, ws.digest_channel, reminder.due_at, store.channel_tz(session, ws), "en",
                  now, dedupe_key=f"reminder:{reminder.id}")
    store.plan(session, reminder.team_id, reminder.due_at + timedelta(minutes=1))
    return None


@reminders.kind("digest.plan", on_skip=_plan_again)
def replan_daily(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    store.plan(session, reminder.team_id, now)
    return None


@renderer(delivery.CHART)
def digest_chart(db: Database, spec: dict[str, Any]) -> bytes:
    with db.session(read_only=True) as session:
        report = kpi.report(session, spec["team_id"], datetime.fromisoformat(spec["start"]),
                            datetime.fromisoformat(spec["end"]))
    return charts.render(report, spec.get("locale", "en"))
