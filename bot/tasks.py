"""Tasks: one owner, an optional deadline, a status, subtasks, and an append-only history.

Every function takes plain values and the caller's session, scopes every query by `team_id`, appends to
`task_events` for each change (the KPIs are computed from that history) and keeps the task's reminders in step.
Failures a person can fix are `UserError`s carrying a catalogue key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot import reminders, roles
from bot.errors import UserError
from bot.numbers import next_number
from bot.tasktext import MAX_DESCRIPTION, MAX_TITLE, parse_task_text
from storage.db import conflict_insert
from storage.models import Task, TaskEvent, TaskWatcher, Workspace

OPEN_STATUSES = ("open", "blocked")
DEFAULT_LEAD_MINUTES = 60


@dataclass(frozen=True)
class Draft:
    title: str
    owner_id: str | None = None
    due_at: datetime | None = None
    due_date_only: bool = False
    description: str = ""
    watcher_ids: tuple[str, ...] = ()
    channel_id: str | None = None
    permalink: str | None = None
    source: str = "command"
    remind_minutes: int | None = None
    parent_number: int | None = None


# ---- numbers and settings ---------------------------------------------------------------------------------------

def workspace(session: Session, team_id: str, now: datetime) -> Workspace:
    """The team's settings row, created on first use (race-safe: several processes may get there at once)."""
    found = session.get(Workspace, team_id)
    if found is None:
        session.execute(conflict_insert(session, Workspace)
                        .values(team_id=team_id, created_at=now, default_due_time="17:00",
                                reminder_lead_minutes=DEFAULT_LEAD_MINUTES)
                        .on_conflict_do_nothing(index_elements=["team_id"]))
        found = session.get(Workspace, team_id)
    return found


@dataclass(frozen=True)
class TeamDefaults:
    due_time: time
    lead_minutes: int


def team_defaults(session: Session, team_id: str) -> TeamDefaults:
    """The team's default time for date-only deadlines and reminder lead, read once per request."""
    row = session.get(Workspace, team_id)
    hours, minutes = (row.default_due_time if row else "17:00").split(":")
    return TeamDefaults(time(int(hours), int(minutes)), row.reminder_lead_minutes if row else DEFAULT_LEAD_MINUTES)


def default_due_time(session: Session, team_id: str) -> time:
    return team_defaults(session, team_id).due_time


# ---- reading ----------------------------------------------------------------------------------------------------

def get(session: Session, team_id: str, number: int) -> Task:
    task = session.scalar(select(Task).where(Task.team_id == team_id, Task.number == number,
                                             Task.status != "deleted"))
    if task is None:
        raise UserError("task.not_found", number=number)
    return task


def subtask_progress(session: Session, team_id: str, task_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(done, total) subtasks per parent id, in one query."""
    if not task_ids:
        return {}
    rows = session.execute(
        select(Task.parent_id, func.count(), func.sum(case((Task.status == "done", 1), else_=0)))
        .where(Task.team_id == team_id, Task.parent_id.in_(task_ids), Task.status != "deleted")
        .group_by(Task.parent_id)
    ).all()
    return {parent: (int(done or 0), int(total)) for parent, total, done in rows}


@dataclass(frozen=True)
class Listing:
    tasks: list[Task]
    page: int
    pages: int
    subtasks: dict[int, tuple[int, int]]


def list_tasks(session: Session, team_id: str, *, scope: str, viewer_id: str, now: datetime,
               user_id: str | None = None, channel_id: str | None = None, page: int = 1,
               per_page: int = 10) -> Listing:
    """scope: mine | user | channel | overdue | done | all. Open tasks soonest deadline first (no deadline last)."""
    query = select(Task).where(Task.team_id == team_id, Task.status != "deleted")
    if scope == "done":
        query = query.where(Task.status == "done").order_by(Task.done_at.desc())
    else:
        query = query.where(Task.status.in_(OPEN_STATUSES))
        if scope == "mine":
            query = query.where(Task.owner_id == viewer_id)
        elif scope == "user":
            query = query.where(Task.owner_id == user_id)
        elif scope == "channel":
            query = query.where(Task.channel_id == channel_id)
        elif scope == "overdue":
            query = query.where(Task.due_at < now)
        query = query.order_by(Task.due_at.is_(None), Task.due_at, Task.number)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    tasks = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Listing(tasks, page, pages, subtask_progress(session, team_id, [t.id for t in tasks]))


# ---- changing ---------------------------------------------------------------------------------------------------

def create(session: Session, team_id: str, creator_id: str, draft: Draft, now: datetime, *,
           defaults: TeamDefaults | None = None) -> Task:
    title = " ".join(draft.title.split())
    if not title:
        raise UserError("task.no_title")
    if len(title) > MAX_TITLE:
        raise UserError("task.title_too_long", limit=MAX_TITLE, length=len(title))
    if len(draft.description) > MAX_DESCRIPTION:
        raise UserError("task.description_too_long", limit=MAX_DESCRIPTION, length=len(draft.description))
    parent_id = None
    if draft.parent_number is not None:
        parent_id = get(session, team_id, draft.parent_number).id
    owner_id = draft.owner_id or creator_id
    task = Task(
        team_id=team_id, number=next_number(session, team_id, "task"), title=title,
        description=draft.description, owner_id=owner_id, creator_id=creator_id, channel_id=draft.channel_id,
        status="open", due_at=draft.due_at, due_date_only=draft.due_date_only,
        remind_minutes=draft.remind_minutes, permalink=draft.permalink, source=draft.source,
        parent_id=parent_id, created_at=now, updated_at=now,
    )
    task.watchers = [TaskWatcher(user_id=w) for w in dict.fromkeys(draft.watcher_ids) if w != owner_id]
    session.add(task)
    session.flush()
    record(session, task, creator_id, "created", now, owner=owner_id,
           due=draft.due_at.isoformat() if draft.due_at else None, source=draft.source)
    schedule_reminders(session, task, fresh=True, defaults=defaults)
    return task


def record(session: Session, task: Task, actor_id: str | None, kind: str, now: datetime, **detail: Any) -> None:
    session.add(TaskEvent(team_id=task.team_id, task_id=task.id, actor_id=actor_id, kind=kind,
                          detail={k: v for k, v in detail.items() if v is not None}, at=now))


def schedule_reminders(session: Session, task: Task, *, fresh: bool = False,
                       defaults: TeamDefaults | None = None) -> None:
    """Keep the task's reminders in step with its deadline, owner and status (once per task and moment)."""
    if not fresh:
        reminders.cancel_pending(session, task.team_id, "task.", task.id)
    if task.status not in OPEN_STATUSES or task.due_at is None:
        return
    lead = task.remind_minutes
    if lead is None:
        lead = (defaults or team_defaults(session, task.team_id)).lead_minutes
    stamp = int(task.due_at.timestamp())
    common = {"team_id": task.team_id, "subject_id": task.id, "recipient_id": task.owner_id}
    rows = [dict(common, kind="task.overdue", due_at=task.due_at,
                 dedupe_key=f"task:{task.id}:overdue:{stamp}:{task.owner_id}")]
    if lead > 0:
        rows.append(dict(common, kind="task.before", due_at=task.due_at - timedelta(minutes=lead),
                         dedupe_key=f"task:{task.id}:before:{stamp}:{lead}:{task.owner_id}"))
    reminders.schedule_many(session, rows)


# ---- from free text (command, mention, DM, console) -------------------------------------------------------------

@dataclass(frozen=True)
class Created:
    task: Task
    not_understood: str | None
    unknown_mentions: tuple[str, ...]


def create_from_text(session: Session, team_id: str, creator_id: str, creator_tz: str, text: str, now: datetime, *,
                     channel_id: str | None, source: str, parent_number: int | None = None) -> Created:
    """Parse and create in one go, so every path (command, mention, DM, subtask) makes the same task."""
    defaults = team_defaults(session, team_id)
    parsed = parse_task_text(text, now=now, tz=creator_tz, default_time=defaults.due_time)
    deadline = parsed.deadline
    task = create(session, team_id, creator_id, Draft(
        title=parsed.title, owner_id=parsed.owner_id, watcher_ids=parsed.watcher_ids,
        due_at=deadline.due if deadline else None, due_date_only=bool(deadline and deadline.date_only),
        channel_id=channel_id, source=source, remind_minutes=parsed.remind_minutes, parent_number=parent_number,
    ), now, defaults=defaults)
    return Created(task, parsed.not_understood, parsed.unknown_mentions)


# ---- working with a task ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """What a change did, for the handler to render and to tell the right people."""

    task: Task
    kind: str
    previous_owner: str | None = None
    notify: tuple[str, ...] = ()


def complete(session: Session, team_id: str, number: int, actor_id: str, now: datetime) -> Change:
    task = get(session, team_id, number)
    if task.status == "done":
        raise UserError("task.already_done", number=number)
    task.status, task.done_at, task.progress, task.updated_at = "done", now, 100, now
    record(session, task, actor_id, "done", now, on_time=None if task.due_at is None else now <= task.due_at)
    schedule_reminders(session, task)
    notify = tuple(u for u in dict.fromkeys([task.creator_id, task.owner_id]) if u and u != actor_id)
    return Change(task, "done", notify=notify)


def reopen(session: Session, team_id: str, number: int, actor_id: str, now: datetime) -> Change:
    task = get(session, team_id, number)
    if task.status == "open":
        raise UserError("task.already_open", number=number)
    was = task.status
    task.status, task.done_at, task.blocked_reason, task.updated_at = "open", None, None, now
    if was == "done":
        task.progress = 0
    record(session, task, actor_id, "reopened", now, was=was)
    schedule_reminders(session, task)
    return Change(task, "reopened", notify=_others(task, actor_id))


def assign(session: Session, team_id: str, number: int, actor_id: str, owner_id: str, now: datetime) -> Change:
    task = get(session, team_id, number)
    previous = task.owner_id
    if previous == owner_id:
        raise UserError("task.already_owner", number=number)
    task.owner_id, task.updated_at = owner_id, now
    task.watchers = [w for w in task.watchers if w.user_id != owner_id]
    record(session, task, actor_id, "assigned", now, owner=owner_id, previous=previous)
    schedule_reminders(session, task)
    return Change(task, "assigned", previous_owner=previous,
                  notify=(owner_id,) if owner_id != actor_id else ())


def set_due(session: Session, team_id: str, number: int, actor_id: str, due_at: datetime | None,
            date_only: bool, now: datetime) -> Change:
    task = get(session, team_id, number)
    task.due_at, task.due_date_only, task.updated_at = due_at, date_only, now
    record(session, task, actor_id, "due", now, due=due_at.isoformat() if due_at else None)
    schedule_reminders(session, task)
    return Change(task, "due", notify=_others(task, actor_id, creator=False))


def snooze(session: Session, team_id: str, number: int, actor_id: str, now: datetime, tz: str,
           days: int = 1) -> Change:
    """Push the deadline `days` later on the wall clock of `tz` (5 pm stays 5 pm across DST); an overdue one
    moves to the first such day still ahead."""
    task = get(session, team_id, number)
    if task.due_at is None:
        raise UserError("task.snooze_needs_deadline", number=number)
    local = task.due_at.astimezone(ZoneInfo(tz))
    due = local + timedelta(days=days)
    while due <= now:
        due += timedelta(days=1)
    return set_due(session, team_id, number, actor_id, due.astimezone(UTC), task.due_date_only, now)


def set_progress(session: Session, team_id: str, number: int, actor_id: str, percent: int, now: datetime) -> Change:
    if not 0 <= percent <= 100:
        raise UserError("task.bad_progress")
    task = get(session, team_id, number)
    if percent == 100:
        return complete(session, team_id, number, actor_id, now)
    task.progress, task.updated_at = percent, now
    record(session, task, actor_id, "progress", now, percent=percent)
    return Change(task, "progress")


def block(session: Session, team_id: str, number: int, actor_id: str, reason: str, now: datetime) -> Change:
    """Mark blocked and escalate: the project managers are told (or, with none set, the creator)."""
    if not reason.strip():
        raise UserError("task.block_needs_reason", number=number)
    if len(reason) > MAX_DESCRIPTION:
        raise UserError("task.description_too_long", limit=MAX_DESCRIPTION, length=len(reason))
    task = get(session, team_id, number)
    if task.status == "done":
        raise UserError("task.already_done", number=number)
    task.status, task.blocked_reason, task.updated_at = "blocked", reason.strip(), now
    record(session, task, actor_id, "blocked", now, reason=reason.strip())
    pms = roles.holders(session, team_id, roles.PM)
    notify = pms or [u for u in dict.fromkeys([task.creator_id, task.owner_id]) if u]
    return Change(task, "blocked", notify=tuple(u for u in notify if u != actor_id) if not pms else tuple(pms))


def delete(session: Session, team_id: str, number: int, actor_id: str, now: datetime, *,
           actor_is_admin: bool = False) -> Change:
    """Only the creator, the owner or a manager may delete; the number is never reused, the history stays."""
    task = get(session, team_id, number)
    allowed = actor_id in (task.creator_id, task.owner_id) or roles.is_manager(
        session, team_id, actor_id, is_admin=actor_is_admin)
    if not allowed:
        raise UserError("task.delete_not_allowed", number=number)
    task.status, task.updated_at = "deleted", now
    record(session, task, actor_id, "deleted", now)
    schedule_reminders(session, task)
    return Change(task, "deleted")


def edit(session: Session, team_id: str, number: int, actor_id: str, now: datetime, *, title: str,
         description: str, owner_id: str | None, due_at: datetime | None) -> Change:
    """Apply the edit modal: each field that changed is recorded on its own, so the history reads naturally."""
    title = " ".join(title.split())
    if not title:
        raise UserError("task.no_title")
    if len(title) > MAX_TITLE:
        raise UserError("task.title_too_long", limit=MAX_TITLE, length=len(title))
    if len(description) > MAX_DESCRIPTION:
        raise UserError("task.description_too_long", limit=MAX_DESCRIPTION, length=len(description))
    task = get(session, team_id, number)
    changed = {}
    if title != task.title:
        changed["title"] = title
    if description != task.description:
        changed["description"] = True
    task.title, task.description, task.updated_at = title, description, now
    if changed:
        record(session, task, actor_id, "edited", now, **changed)
    notify: tuple[str, ...] = ()
    previous = task.owner_id
    if owner_id and owner_id != task.owner_id:
        change = assign(session, team_id, number, actor_id, owner_id, now)
        notify = change.notify
    if due_at != task.due_at:
        set_due(session, team_id, number, actor_id, due_at, False, now)
    return Change(task, "edited", previous_owner=previous, notify=notify)


def _others(task: Task, actor_id: str, *, creator: bool = True) -> tuple[str, ...]:
    people = [task.owner_id] + ([task.creator_id] if creator else [])
    return tuple(u for u in dict.fromkeys(people) if u and u != actor_id)


# ---- App Home ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Home:
    overdue: list[Task]
    today: list[Task]
    this_week: list[Task]
    later: list[Task]
    given: list[Task]
    team_counts: tuple[int, int] | None


def home(session: Session, team_id: str, user_id: str, now: datetime, tz: str, *, manager: bool) -> Home:
    """The viewer's open tasks by urgency in their own zone, tasks they gave others, and team counts for managers."""
    local = now.astimezone(ZoneInfo(tz))
    end_of_today = (local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)).astimezone(UTC)
    end_of_week = end_of_today + timedelta(days=6 - local.weekday())
    mine = list(session.scalars(select(Task).where(Task.team_id == team_id, Task.owner_id == user_id,
                                                   Task.status.in_(OPEN_STATUSES))
                                .order_by(Task.due_at.is_(None), Task.due_at, Task.number)))
    given = list(session.scalars(select(Task).where(Task.team_id == team_id, Task.creator_id == user_id,
                                                    Task.owner_id != user_id, Task.status.in_(OPEN_STATUSES))
                                 .order_by(Task.due_at.is_(None), Task.due_at, Task.number).limit(11)))
    counts = None
    if manager:
        row = session.execute(select(func.count(), func.sum(case((Task.due_at < now, 1), else_=0)))
                              .where(Task.team_id == team_id, Task.status.in_(OPEN_STATUSES))).one()
        counts = (int(row[0] or 0), int(row[1] or 0))
    return Home(
        overdue=[t for t in mine if t.due_at is not None and t.due_at < now],
        today=[t for t in mine if t.due_at is not None and now <= t.due_at < end_of_today],
        this_week=[t for t in mine if t.due_at is not None and end_of_today <= t.due_at < end_of_week],
        later=[t for t in mine if t.due_at is None or t.due_at >= end_of_week],
        given=given,
        team_counts=counts,
    )


def overdue_of(session: Session, team_id: str, owner_id: str, now: datetime) -> list[Task]:
    return list(session.scalars(select(Task).where(Task.team_id == team_id, Task.owner_id == owner_id,
                                                   Task.status.in_(OPEN_STATUSES), Task.due_at < now)
                                .order_by(Task.due_at)))


def set_team_defaults(session: Session, team_id: str, now: datetime, *, due_time: time | None = None,
                      lead_minutes: int | None = None) -> Workspace:
    row = workspace(session, team_id, now)
    if due_time is not None:
        row.default_due_time = due_time.strftime("%H:%M")
    if lead_minutes is not None:
        if not 0 <= lead_minutes <= 7 * 24 * 60:
            raise UserError("task.settings.bad_lead")
        row.reminder_lead_minutes = lead_minutes
    session.add(row)
    return row
