"""Planning runs: each run's prompts (one per member, at the schedule's time in their zone) and its report, as
reminder rows the clock delivers (bot/standups/jobs.py).

Delivering a prompt or a report plans the next run, so the chain goes on by itself; planning is idempotent (once-
only keys, `INSERT … ON CONFLICT DO NOTHING`), so several clocks and requests may plan at once. Called by the
service inside its unit of work and by the clock inside its claiming transaction; nothing here commits.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.core import reminders
from bot.standups import rules, store
from storage.models import Reminder, Standup, StandupRun

PROMPT, REPORT = "standup.prompt", "standup.report"


def plan(session: Session, standup: Standup, now: datetime, *, roster: list[str] | None = None) -> StandupRun | None:
    """Make sure the next run exists with its prompts and report scheduled. `roster` (fetched from Slack by a
    request) replaces the member list; otherwise the latest run's is used. A schedule with no date left ends."""
    if standup.status != "active":
        return None
    members = list(roster) if roster is not None else store.latest_members(session, standup)
    if not members:
        return None
    day = next_run_date(session, standup, members, now, after=store.last_started(session, standup))
    if day is None:
        standup.status = "ended"
        return None
    run = store.run_for(session, standup, day, members)
    if roster is not None:
        _apply_roster(session, standup, run, members, now)
    else:
        _schedule_run(session, standup, run, now)
    return run


def next_run_date(session: Session, standup: Standup, members: list[str], now: datetime,
                  after: date | None = None) -> date | None:
    """The first date of the schedule (after `after`) on which every member's prompt is still ahead."""
    tzs = set(store.zones(session, standup.team_id, members).values()) or {standup.tz}
    return rules.next_run_date(standup.rule, tzs, now, after=after)


def first_prompts(session: Session, standup: Standup, run: StandupRun) -> list[tuple[str, datetime]]:
    """When each member of the run is asked, soonest first."""
    times = [(user, rules.prompt_at(standup.rule, run.run_date, tz))
             for user, tz in store.zones(session, standup.team_id, run.members).items()]
    return sorted(times, key=lambda pair: (pair[1], pair[0]))


def next_prompt(session: Session, standup: Standup, user_id: str, tz: str, now: datetime) -> datetime | None:
    """When the member is next asked: their pending prompt, else the next run's time in their zone."""
    pending = session.scalar(select(Reminder.due_at).where(
        Reminder.team_id == standup.team_id, Reminder.kind == PROMPT, Reminder.recipient_id == user_id,
        Reminder.subject_id.in_(store.run_ids(standup)), Reminder.sent_at.is_(None), Reminder.due_at > now)
        .order_by(Reminder.due_at).limit(1))
    if pending is not None:
        return pending
    day = next_run_date(session, standup, [user_id], now)
    return rules.prompt_at(standup.rule, day, tz) if day else None


def schedule_report(session: Session, standup: Standup, run: StandupRun) -> None:
    """(Re)schedule the run's report at `report_due_at`; a report already sent keeps its row, so none is added."""
    pending = session.scalar(select(Reminder.due_at).where(Reminder.team_id == standup.team_id,
                                                           Reminder.kind == REPORT, Reminder.subject_id == run.id,
                                                           Reminder.sent_at.is_(None)))
    if pending is not None and pending == run.report_due_at:
        return
    session.execute(delete(Reminder).where(Reminder.team_id == standup.team_id, Reminder.kind == REPORT,
                                           Reminder.subject_id == run.id, Reminder.sent_at.is_(None)))
    session.flush()
    if run.reported_at is None and run.report_due_at is not None:
        reminders.schedule(session, standup.team_id, REPORT, run.report_due_at,
                           f"standup:{standup.id}:report:{run.run_date}", subject_id=run.id)


def drop_unstarted_runs(session: Session, standup: Standup) -> None:
    """Planned runs nobody has been asked in yet (their schedule or status changed): gone, with their reminders."""
    unstarted = store.unstarted_runs(session, standup)
    if unstarted:
        session.execute(delete(Reminder).where(Reminder.team_id == standup.team_id,
                                               Reminder.kind.in_((PROMPT, REPORT)),
                                               Reminder.subject_id.in_(unstarted), Reminder.sent_at.is_(None)))
        session.execute(delete(StandupRun).where(StandupRun.id.in_(unstarted)))
    session.flush()


def drop_prompts(session: Session, standup: Standup) -> None:
    """No prompt of the standup is sent any more (it is paused)."""
    session.execute(delete(Reminder).where(Reminder.team_id == standup.team_id, Reminder.kind == PROMPT,
                                           Reminder.subject_id.in_(store.run_ids(standup)),
                                           Reminder.sent_at.is_(None)))


def drop_pending(session: Session, standup: Standup, run: StandupRun) -> None:
    """The run is reported: its prompts not sent yet and its report reminder have nothing left to do."""
    session.execute(delete(Reminder).where(Reminder.team_id == standup.team_id, Reminder.kind.in_((PROMPT, REPORT)),
                                           Reminder.subject_id == run.id, Reminder.sent_at.is_(None)))


def _apply_roster(session: Session, standup: Standup, run: StandupRun, roster: list[str], now: datetime) -> None:
    """The channel's members as just fetched: newcomers are added, leavers are no longer asked (those already
    asked stay on the run)."""
    run.members = rules.members_after_roster(roster, store.asked_in(session, run))
    session.execute(delete(Reminder).where(Reminder.team_id == standup.team_id, Reminder.kind == PROMPT,
                                           Reminder.subject_id == run.id, Reminder.sent_at.is_(None),
                                           Reminder.recipient_id.not_in(roster)))
    _schedule_run(session, standup, run, now)


def _schedule_run(session: Session, standup: Standup, run: StandupRun, now: datetime) -> None:
    """One prompt per member at the schedule's time in their zone, and the report after the last one."""
    if run.reported_at is not None:
        return
    times = {user: rules.prompt_at(standup.rule, run.run_date, tz)
             for user, tz in store.zones(session, standup.team_id, run.members).items()}
    reminders.schedule_many(session, [
        {"team_id": standup.team_id, "kind": PROMPT, "subject_id": run.id, "recipient_id": user, "due_at": at,
         "dedupe_key": f"standup:{standup.id}:prompt:{user}:{run.run_date}"}
        for user, at in times.items() if at > now])
    last = max(times.values(), default=rules.prompt_at(standup.rule, run.run_date, standup.tz))
    if run.report_due_at is None or not store.started(session, run):
        run.report_due_at = last + timedelta(minutes=standup.report_after_minutes)
    schedule_report(session, standup, run)
