"""Tasks in the database: reading and writing rows inside a session the caller owns.

These functions never commit: bot.tasks.service opens the unit of work, and other features (standup blockers,
retro actions) create tasks inside their own transaction with `create`. Every query is scoped by `team_id`; every
change appends to `task_events` (the KPIs are computed from that history) and keeps the task's reminders in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.core import reminders
from bot.core.errors import UserError
from bot.core.numbers import next_number
from bot.tasks import rules
from bot.tasks.rules import OPEN_STATUSES
from storage.db import conflict_insert
from storage.models import Task, TaskEvent, TaskWatcher, Workspace


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


@dataclass(frozen=True)
class TeamDefaults:
    due_time: time
    lead_minutes: int


# ---- settings -----------------------------------------------------------------------------------------------------

def workspace(session: Session, team_id: str, now: datetime) -> Workspace:
    """The team's settings row, created on first use (race-safe: several processes may get there at once)."""
    found = session.get(Workspace, team_id)
    if found is None:
        session.execute(conflict_insert(session, Workspace)
                        .values(team_id=team_id, created_at=now, default_due_time=rules.DEFAULT_DUE_TIME,
                                reminder_lead_minutes=rules.DEFAULT_LEAD_MINUTES)
                        .on_conflict_do_nothing(index_elements=["team_id"]))
        found = session.get(Workspace, team_id)
    assert found is not None
    return found


def team_defaults(session: Session, team_id: str) -> TeamDefaults:
    """The team's default time for date-only deadlines and reminder lead, read once per request."""
    row = session.get(Workspace, team_id)
    hours, minutes = (row.default_due_time if row else rules.DEFAULT_DUE_TIME).split(":")
    return TeamDefaults(time(int(hours), int(minutes)),
                        row.reminder_lead_minutes if row else rules.DEFAULT_LEAD_MINUTES)


# ---- reading ------------------------------------------------------------------------------------------------------

def find(session: Session, team_id: str, number: int) -> Task | None:
    return session.scalar(select(Task).where(Task.team_id == team_id, Task.number == number,
                                             Task.status != "deleted"))


def get(session: Session, team_id: str, number: int) -> Task:
    task = find(session, team_id, number)
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


def listing(session: Session, team_id: str, *, scope: str, viewer_id: str, now: datetime,
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
    found = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Listing(found, page, pages, subtask_progress(session, team_id, [t.id for t in found]))


def open_tasks_of(session: Session, team_id: str, owner_id: str) -> list[Task]:
    return list(session.scalars(select(Task).where(Task.team_id == team_id, Task.owner_id == owner_id,
                                                   Task.status.in_(OPEN_STATUSES))
                                .order_by(Task.due_at.is_(None), Task.due_at, Task.number)))


def given_by(session: Session, team_id: str, creator_id: str, limit: int = 11) -> list[Task]:
    """Open tasks `creator_id` gave to someone else."""
    return list(session.scalars(select(Task).where(Task.team_id == team_id, Task.creator_id == creator_id,
                                                   Task.owner_id != creator_id, Task.status.in_(OPEN_STATUSES))
                                .order_by(Task.due_at.is_(None), Task.due_at, Task.number).limit(limit)))


def team_counts(session: Session, team_id: str, now: datetime) -> tuple[int, int]:
    """(open, overdue) tasks of the whole team."""
    row = session.execute(select(func.count(), func.sum(case((Task.due_at < now, 1), else_=0)))
                          .where(Task.team_id == team_id, Task.status.in_(OPEN_STATUSES))).one()
    return int(row[0] or 0), int(row[1] or 0)


def overdue_of(session: Session, team_id: str, owner_id: str, now: datetime) -> list[Task]:
    return list(session.scalars(select(Task).where(Task.team_id == team_id, Task.owner_id == owner_id,
                                                   Task.status.in_(OPEN_STATUSES), Task.due_at < now)
                                .order_by(Task.due_at)))


# ---- writing ------------------------------------------------------------------------------------------------------

def create(session: Session, team_id: str, creator_id: str, draft: Draft, now: datetime, *,
           defaults: TeamDefaults | None = None) -> Task:
    """A new task (numbered, recorded, reminders planned). Telling its owner is bot.tasks.notices' job."""
    title = rules.clean_title(draft.title)
    rules.check_description(draft.description)
    parent_id = get(session, team_id, draft.parent_number).id if draft.parent_number is not None else None
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
    """Append to the task's history: who did what, when."""
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
