"""Standups in the database: finding a standup, its runs, answers, skips and history, inside a session the caller
owns. Nothing here commits; every query is scoped by `team_id`.

A member's answer row (`StandupAnswer`) is created when they are asked, so "asked" and "answered" are one row each
and a run's report can tell who did not answer. Writes that may race (several clocks, a double click) are
`INSERT … ON CONFLICT DO NOTHING` or take the run's row lock.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.core import people
from bot.core.errors import UserError
from bot.core.mrkdwn import channel
from bot.standups import rules
from bot.standups.rules import Entry
from storage.db import conflict_insert
from storage.models import Standup, StandupAnswer, StandupRun, StandupSkip, Task, TaskEvent

FROM_STANDUP = "from_standup"  # the task_events kind that links a task to the run and member it came from


def insert_once(session: Session, model: Any, keys: list[str], **values: object) -> bool:
    """INSERT … ON CONFLICT (keys) DO NOTHING: True when this call added the row (safe under races)."""
    return session.execute(conflict_insert(session, model).values(**values).on_conflict_do_nothing(index_elements=keys)
                           .returning(model.id)).first() is not None


# ---- finding a standup ----------------------------------------------------------------------------------------------

def in_channel(session: Session, team_id: str, channel_id: str | None) -> Standup | None:
    if not channel_id:
        return None
    return session.scalar(select(Standup).where(Standup.team_id == team_id, Standup.channel_id == channel_id,
                                                Standup.status != "ended").order_by(Standup.id.desc()).limit(1))


def resolve(session: Session, team_id: str, typed_in: str | None, named: str | None) -> Standup:
    """The standup meant: the one of the channel `named`, else the one of the channel typed in, else (typed in a
    DM) the workspace's only one."""
    if named:
        found = in_channel(session, team_id, named)
        if found is None:
            raise UserError("standup.none_in", channel=channel(named))
        return found
    found = in_channel(session, team_id, typed_in)
    if found is not None:
        return found
    every = list(session.scalars(select(Standup).where(Standup.team_id == team_id, Standup.status != "ended")
                                 .order_by(Standup.number)))
    if len(every) == 1 and (not typed_in or typed_in.startswith("D")):
        return every[0]
    if not every:
        raise UserError("standup.none_yet")
    raise UserError("standup.which", channels=", ".join(channel(s.channel_id) for s in every[:20]))


def zones(session: Session, team_id: str, members: list[str]) -> dict[str, str]:
    """Each member's zone, from what we last heard from Slack (no network)."""
    return {user: people.stored(session, team_id, user).tz for user in members}


# ---- runs -----------------------------------------------------------------------------------------------------------

def run_and_standup(session: Session, team_id: str, run_id: int | None) -> tuple[Standup, StandupRun] | None:
    run = session.get(StandupRun, run_id) if run_id is not None else None
    if run is None or run.team_id != team_id:
        return None
    standup = session.get(Standup, run.standup_id)
    return None if standup is None else (standup, run)


def lock_run(session: Session, team_id: str, run_id: int) -> None:
    """Take the run's row lock: answers, the report and blocker tasks of one run never cross."""
    session.scalar(select(StandupRun).where(StandupRun.id == run_id, StandupRun.team_id == team_id)
                   .with_for_update())


def run_for(session: Session, standup: Standup, day: date, members: list[str]) -> StandupRun:
    """The run of `day`, created with `members` if there is none (safe when several clocks plan at once)."""
    insert_once(session, StandupRun, ["standup_id", "run_date"], team_id=standup.team_id, standup_id=standup.id,
                run_date=day, members=members)
    run = session.scalar(select(StandupRun).where(StandupRun.standup_id == standup.id, StandupRun.run_date == day))
    assert run is not None
    return run


def run_on(session: Session, standup: Standup, day: date) -> StandupRun | None:
    return session.scalar(select(StandupRun).where(StandupRun.standup_id == standup.id, StandupRun.run_date == day))


def latest_members(session: Session, standup: Standup) -> list[str]:
    """The member list of the latest run: who the next run is for, until a request fetches it again."""
    found = session.scalar(select(StandupRun.members).where(StandupRun.standup_id == standup.id)
                           .order_by(StandupRun.run_date.desc()).limit(1))
    return list(found or [])


def has_answers() -> ColumnElement[bool]:
    """Somebody has been asked in the run (correlated EXISTS)."""
    return exists().where(StandupAnswer.run_id == StandupRun.id)


def run_ids(standup: Standup) -> Select[int]:
    """The standup's runs, as a subquery for `IN (…)`."""
    return select(StandupRun.id).where(StandupRun.standup_id == standup.id)


def in_progress(session: Session, standup: Standup) -> StandupRun | None:
    """The latest run somebody has been asked in and that has not been reported."""
    return session.scalar(select(StandupRun).where(
        StandupRun.standup_id == standup.id, StandupRun.reported_at.is_(None), has_answers())
        .order_by(StandupRun.run_date.desc()).limit(1))


def last_started(session: Session, standup: Standup) -> date | None:
    """The date of the latest run that has begun (somebody asked, or reported): the next run comes after it."""
    return session.scalar(select(StandupRun.run_date).where(
        StandupRun.standup_id == standup.id, StandupRun.reported_at.is_not(None) | has_answers())
        .order_by(StandupRun.run_date.desc()).limit(1))


def started(session: Session, run: StandupRun) -> bool:
    return session.scalar(select(StandupAnswer.id).where(StandupAnswer.run_id == run.id).limit(1)) is not None


def unstarted_runs(session: Session, standup: Standup) -> list[int]:
    """Planned runs nobody has been asked in yet."""
    return list(session.scalars(select(StandupRun.id).where(
        StandupRun.standup_id == standup.id, StandupRun.reported_at.is_(None), ~has_answers())))


def asked_in(session: Session, run: StandupRun) -> set[str]:
    return set(session.scalars(select(StandupAnswer.user_id).where(StandupAnswer.run_id == run.id)))


# ---- skips ----------------------------------------------------------------------------------------------------------

def skip_of(session: Session, standup: Standup, user_id: str) -> StandupSkip | None:
    return session.get(StandupSkip, (standup.team_id, standup.id, user_id))


def skipping(session: Session, standup: Standup, user_id: str, at: datetime) -> bool:
    found = skip_of(session, standup, user_id)
    return rules.is_skipping(found.until if found else None, at)


def set_skip(session: Session, standup: Standup, user_id: str, until: datetime | None) -> None:
    """Skip until `until`; None takes the skip back."""
    current = skip_of(session, standup, user_id)
    if until is None:
        if current is not None:
            session.delete(current)
        return
    if current is None:
        session.add(StandupSkip(team_id=standup.team_id, standup_id=standup.id, user_id=user_id, until=until))
    else:
        current.until = until
    session.flush()


# ---- answers --------------------------------------------------------------------------------------------------------

def answer_row(session: Session, team_id: str, run_id: int, user_id: str) -> tuple[Standup, StandupRun,
                                                                                    StandupAnswer]:
    """The member's answer row in a run, checked to belong to this workspace; UserError when they were not asked."""
    found = run_and_standup(session, team_id, run_id)
    row = None if found is None else session.scalar(
        select(StandupAnswer).where(StandupAnswer.run_id == run_id, StandupAnswer.user_id == user_id))
    if found is None or row is None:
        raise UserError("standup.not_asked")
    return found[0], found[1], row


def record_answers(session: Session, team_id: str, run_id: int, user_id: str, answers: list[str],
                   now: datetime) -> tuple[Standup, StandupRun, StandupAnswer]:
    """Save (or change) a member's answers; refused once the report is out. Locks the run so the report and an
    edit never cross."""
    lock_run(session, team_id, run_id)
    standup, run, row = answer_row(session, team_id, run_id, user_id)
    session.refresh(run)
    if run.reported_at is not None:
        raise UserError("standup.already_reported")
    row.answers, row.updated_at = rules.clean_answers(answers, rules.question_count(standup.questions)), now
    row.answered_at = row.answered_at or now
    session.flush()
    return standup, run, row


def awaiting_answer(session: Session, team_id: str, user_id: str,
                    now: datetime) -> tuple[Standup, StandupRun, StandupAnswer] | None:
    """The member's latest prompt of the last few hours whose run is not reported yet, if any."""
    row = session.scalar(
        select(StandupAnswer).join(StandupRun, StandupRun.id == StandupAnswer.run_id)
        .where(StandupAnswer.team_id == team_id, StandupAnswer.user_id == user_id,
               StandupAnswer.prompted_at >= now - rules.DM_WINDOW, StandupRun.reported_at.is_(None))
        .order_by(StandupAnswer.prompted_at.desc()).limit(1))
    if row is None:
        return None
    found = run_and_standup(session, team_id, row.run_id)
    return None if found is None else (*found, row)


def entries(session: Session, standup: Standup, run: StandupRun) -> tuple[list[Entry], list[str]]:
    """(who answered, in the order they were asked) and (who was asked and did not answer)."""
    rows = list(session.scalars(select(StandupAnswer).where(StandupAnswer.run_id == run.id)
                                .order_by(StandupAnswer.prompted_at, StandupAnswer.id)))
    made = blocker_tasks(session, standup.team_id, run.id)
    answered = [Entry(row.user_id, list(row.answers or []), rules.blocker_of(standup.questions, row.answers),
                      made.get(row.user_id))
                for row in rows if row.answered_at is not None]
    missing = [row.user_id for row in rows if row.answered_at is None]
    return answered, missing


def history(session: Session, standup: Standup, user_id: str, viewer_id: str) -> list[tuple[StandupRun, list[str]]]:
    """A member's answers in the latest runs, newest first. Other people's only once reported (already public)."""
    query = (select(StandupRun, StandupAnswer.answers).join(StandupAnswer, StandupAnswer.run_id == StandupRun.id)
             .where(StandupRun.standup_id == standup.id, StandupRun.team_id == standup.team_id,
                    StandupAnswer.user_id == user_id, StandupAnswer.answered_at.is_not(None)))
    if user_id != viewer_id:
        query = query.where(StandupRun.reported_at.is_not(None))
    rows = session.execute(query.order_by(StandupRun.run_date.desc()).limit(rules.HISTORY_RUNS)).all()
    return [(run, list(answers)) for run, answers in rows if answers is not None]


# ---- blockers that became tasks -------------------------------------------------------------------------------------

def blocker_tasks(session: Session, team_id: str, run_id: int) -> dict[str, int]:
    """member → task number, for the blockers of a run already turned into tasks (deleted tasks do not count)."""
    found: dict[str, int] = {}
    for detail, number in session.execute(
            select(TaskEvent.detail, Task.number).join(Task, Task.id == TaskEvent.task_id)
            .where(TaskEvent.team_id == team_id, TaskEvent.kind == FROM_STANDUP, Task.status != "deleted")):
        if isinstance(detail, dict) and detail.get("run") == run_id and detail.get("member"):
            found.setdefault(detail["member"], number)
    return found
