"""The weekly digest: by DM to every manager at the team's digest time in *their own* zone (default Monday 09:00),
optionally also to a channel, exactly once per recipient and period.

Each delivery is a reminder row whose dedupe key is team + recipient + the local date of the period's end, so
any number of clocks, restarts or re-plans send it once. A daily plan row keeps the schedule in step with who the
managers are; changing roles or settings plans again at once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core import outbox, people, reminders
from bot.core.errors import UserError
from bot.core.i18n import t
from bot.digest import kpi, views
from bot.digest.charts import alt_text
from bot.roles import store as roles
from bot.tasks.store import workspace
from bot.text.recurrence import Recurrence, next_occurrence
from bot.text.rules import parse_meeting
from storage.models import Reminder, Workspace

PERIOD = timedelta(days=7)
DEFAULT_RULE = {"weekdays": [0], "hour": 9, "minute": 0}


def rule_of(ws: Workspace) -> dict:
    return ws.digest_rule or DEFAULT_RULE


def next_send(rule: dict, tz: str, after: datetime) -> datetime:
    recurrence = Recurrence(freq="weekly", hour=rule["hour"], minute=rule["minute"], tz=tz,
                            weekdays=tuple(rule["weekdays"]))
    found = next_occurrence(recurrence, after)
    assert found is not None
    return found


def parse_schedule(text: str, *, now: datetime, tz: str) -> dict:
    """`every Friday 4pm`, `每周五下午4点`, `weekdays 9:30` → weekdays/hour/minute (the zone is each reader's)."""
    parsed = parse_meeting("digest " + text, now=now, tz=tz)
    if parsed is None or parsed[1].freq not in ("weekly", "daily") or parsed[1].interval != 1:
        raise UserError("digest.schedule_not_understood")
    rule = parsed[1]
    weekdays = list(rule.weekdays) if rule.freq == "weekly" else list(range(7))
    return {"weekdays": weekdays, "hour": rule.hour, "minute": rule.minute}


def plan(session: Session, team_id: str, now: datetime) -> None:
    """Schedule every manager's next digest (and the channel's), and tomorrow's re-plan. Idempotent."""
    ws = workspace(session, team_id, now)
    session.add(ws)
    tomorrow = (now.astimezone(UTC) + timedelta(days=1)).replace(hour=0, minute=5, second=0, microsecond=0)
    reminders.schedule(session, team_id, "digest.plan", tomorrow, f"digest-plan:{team_id}:{tomorrow.date()}")
    if not ws.digest_enabled:
        return
    rule = rule_of(ws)
    for user_id in roles.recipients(session, team_id, "digest"):
        tz = people.stored(session, team_id, user_id).tz
        at = next_send(rule, tz, now)
        day = at.astimezone(ZoneInfo(tz)).date()
        reminders.schedule(session, team_id, "digest.send", at, f"digest:{team_id}:{user_id}:{day}",
                           recipient_id=user_id)
    if ws.digest_channel:
        tz = ws.digest_channel_tz or people.stored(session, team_id, "").tz
        at = next_send(rule, tz, now)
        reminders.schedule(session, team_id, "digest.channel", at,
                           f"digest:{team_id}:channel:{ws.digest_channel}:{at.astimezone(ZoneInfo(tz)).date()}")


def replan(session: Session, team_id: str, now: datetime) -> None:
    """The schedule, the recipients or the channel changed: drop what is pending and plan again."""
    reminders.cancel_kind(session, team_id, "digest.")
    session.flush()
    plan(session, team_id, now)


def configure(session: Session, team_id: str, actor_id: str, now: datetime, *, actor_is_admin: bool,
              rule: dict | None = None, enabled: bool | None = None, channel: str | None = None,
              channel_tz: str | None = None, clear_channel: bool = False) -> Workspace:
    roles.require_manager(session, team_id, actor_id, is_admin=actor_is_admin, key="digest.managers_only")
    ws = workspace(session, team_id, now)
    if rule is not None:
        ws.digest_rule = rule
    if enabled is not None:
        ws.digest_enabled = enabled
    if channel is not None:
        ws.digest_channel, ws.digest_channel_tz = channel, channel_tz
    if clear_channel:
        ws.digest_channel = ws.digest_channel_tz = None
    session.add(ws)
    session.flush()
    replan(session, team_id, now)
    return ws


def compose(session: Session, team_id: str, end: datetime, tz: str, locale: str) -> tuple[str, list[dict], kpi.Report]:
    ws = session.get(Workspace, team_id)
    threshold = ws.workload_threshold if ws else kpi.WORKLOAD_THRESHOLD
    report = kpi.report(session, team_id, end - PERIOD, end, threshold=threshold)
    text, blocks = views.digest(report, tz, locale)
    return text, blocks, report


def send(session: Session, team_id: str, channel: str, end: datetime, tz: str, locale: str, now: datetime, *,
         dedupe_key: str | None = None) -> None:
    """The digest message and its chart, through the outbox."""
    text, blocks, report = compose(session, team_id, end, tz, locale)
    outbox.post(session, team_id, channel, text, now, blocks=blocks, dedupe_key=dedupe_key)
    outbox.upload(session, team_id, channel, now, render="digest.chart",
                  spec={"team_id": team_id, "start": (end - PERIOD).isoformat(), "end": end.isoformat(),
                        "locale": locale},
                  filename="teambot-digest.png", title=t("digest.chart_title", locale), alt_text=alt_text(report),
                  dedupe_key=f"{dedupe_key}:chart" if dedupe_key else None)


@reminders.kind("digest.send", on_skip=lambda session, reminder, now: plan(session, reminder.team_id, now))
def deliver(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    ws = session.get(Workspace, reminder.team_id)
    if (ws is not None and not ws.digest_enabled) or reminder.recipient_id not in roles.recipients(
            session, reminder.team_id, "digest"):
        return "obsolete"
    person = people.stored(session, reminder.team_id, reminder.recipient_id)
    send(session, reminder.team_id, reminder.recipient_id, reminder.due_at, person.tz, person.locale, now,
         dedupe_key=f"reminder:{reminder.id}")
    plan(session, reminder.team_id, reminder.due_at + timedelta(minutes=1))
    return None


@reminders.kind("digest.channel", on_skip=lambda session, reminder, now: plan(session, reminder.team_id, now))
def deliver_to_channel(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    ws = session.get(Workspace, reminder.team_id)
    if ws is None or not ws.digest_enabled or not ws.digest_channel:
        return "obsolete"
    tz = ws.digest_channel_tz or "UTC"
    send(session, reminder.team_id, ws.digest_channel, reminder.due_at, tz, "en", now,
         dedupe_key=f"reminder:{reminder.id}")
    plan(session, reminder.team_id, reminder.due_at + timedelta(minutes=1))
    return None


@reminders.kind("digest.plan", on_skip=lambda session, reminder, now: plan(session, reminder.team_id, now))
def replan_daily(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    plan(session, reminder.team_id, now)
    return None
