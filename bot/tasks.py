"""Tasks: one owner, an optional deadline, a status, subtasks, and an append-only history.

Every function takes plain values and the caller's session, scopes every query by `team_id`, appends to
`task_events` for each change (the KPIs are computed from that history) and keeps the task's reminders in step.
Failures a person can fix are `TaskError`s carrying a catalogue key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot import reminders
from bot.tasktext import MAX_DESCRIPTION, MAX_TITLE, parse_task_text
from storage.models import Counter, Task, TaskEvent, TaskWatcher, Workspace

OPEN_STATUSES = ("open", "blocked")
DEFAULT_LEAD_MINUTES = 60


class TaskError(Exception):
    """A problem the user can fix; `key` names the catalogue message, `values` fill it."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key, self.values = key, values


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

def next_number(session: Session, team_id: str, kind: str) -> int:
    """The next short id for `kind` in this workspace: atomic under concurrency, never reused."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Counter).values(team_id=team_id, kind=kind, value=1)
    stmt = stmt.on_conflict_do_update(index_elements=["team_id", "kind"], set_={"value": Counter.value + 1})
    return session.execute(stmt.returning(Counter.value)).scalar_one()


def workspace(session: Session, team_id: str, now: datetime) -> Workspace:
    found = session.get(Workspace, team_id)
    if found is None:
        found = Workspace(team_id=team_id, created_at=now, default_due_time="17:00",
                          reminder_lead_minutes=DEFAULT_LEAD_MINUTES)
    return found


def default_due_time(session: Session, team_id: str) -> time:
    row = session.get(Workspace, team_id)
    hours, minutes = (row.default_due_time if row else "17:00").split(":")
    return time(int(hours), int(minutes))


# ---- reading ----------------------------------------------------------------------------------------------------

def get(session: Session, team_id: str, number: int) -> Task:
    task = session.scalar(select(Task).where(Task.team_id == team_id, Task.number == number,
                                             Task.status != "deleted"))
    if task is None:
        raise TaskError("task.not_found", number=number)
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

def create(session: Session, team_id: str, creator_id: str, draft: Draft, now: datetime) -> Task:
    title = " ".join(draft.title.split())
    if not title:
        raise TaskError("task.no_title")
    if len(title) > MAX_TITLE:
        raise TaskError("task.title_too_long", limit=MAX_TITLE, length=len(title))
    if len(draft.description) > MAX_DESCRIPTION:
        raise TaskError("task.description_too_long", limit=MAX_DESCRIPTION, length=len(draft.description))
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
    schedule_reminders(session, task)
    return task


def record(session: Session, task: Task, actor_id: str | None, kind: str, now: datetime, **detail: Any) -> None:
    session.add(TaskEvent(team_id=task.team_id, task_id=task.id, actor_id=actor_id, kind=kind,
                          detail={k: v for k, v in detail.items() if v is not None}, at=now))


def schedule_reminders(session: Session, task: Task) -> None:
    """Keep the task's reminders in step with its deadline, owner and status (once per task and moment)."""
    reminders.cancel_pending(session, task.team_id, "task.", task.id)
    if task.status not in OPEN_STATUSES or task.due_at is None:
        return
    lead = task.remind_minutes
    if lead is None:
        row = session.get(Workspace, task.team_id)
        lead = row.reminder_lead_minutes if row else DEFAULT_LEAD_MINUTES
    stamp = int(task.due_at.timestamp())
    if lead > 0:
        reminders.schedule(session, task.team_id, "task.before", task.due_at - timedelta(minutes=lead),
                           f"task:{task.id}:before:{stamp}:{lead}:{task.owner_id}", subject_id=task.id,
                           recipient_id=task.owner_id)
    reminders.schedule(session, task.team_id, "task.overdue", task.due_at,
                       f"task:{task.id}:overdue:{stamp}:{task.owner_id}", subject_id=task.id,
                       recipient_id=task.owner_id)


# ---- from free text (command, mention, DM, console) -------------------------------------------------------------

@dataclass(frozen=True)
class Created:
    task: Task
    not_understood: str | None
    unknown_mentions: tuple[str, ...]


def create_from_text(session: Session, team_id: str, creator_id: str, creator_tz: str, text: str, now: datetime, *,
                     channel_id: str | None, source: str, parent_number: int | None = None) -> Created:
    """Parse and create in one go, so every path (command, mention, DM, subtask) makes the same task."""
    parsed = parse_task_text(text, now=now, tz=creator_tz, default_time=default_due_time(session, team_id))
    deadline = parsed.deadline
    task = create(session, team_id, creator_id, Draft(
        title=parsed.title, owner_id=parsed.owner_id, watcher_ids=parsed.watcher_ids,
        due_at=deadline.due if deadline else None, due_date_only=bool(deadline and deadline.date_only),
        channel_id=channel_id, source=source, remind_minutes=parsed.remind_minutes, parent_number=parent_number,
    ), now)
    return Created(task, parsed.not_understood, parsed.unknown_mentions)
