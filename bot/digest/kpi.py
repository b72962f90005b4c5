"""Delivery KPIs for a period, with the previous period for comparison, from a fixed number of SQL queries.

Every number is an aggregate computed by the database (conditional sums, GROUP BY), so the cost grows with the
rows a period touches, never with one query per person or task. Definitions (also in the README):

- created / completed: tasks created / marked done in the period (deleted tasks excluded).
- open / overdue / blocked: at the end of the period: created before it, not done (or done after it), not deleted;
  overdue = open with a deadline before the end; blocked = currently blocked (no history of blocking is kept).
- on-time rate: completed in the period by their deadline ÷ completed in the period that had a deadline.
- cycle time: created → done for tasks completed in the period; median and 90th percentile, in hours.
- responsibility gaps: open tasks without an owner or without a deadline; overdue tasks by owner.
- workload: open tasks per owner; anyone above the team threshold (default 10) is flagged.
- risks: top 5 open by score, opened / closed in the period, exposure = sum of open scores, open risks whose last
  review is older than 14 days.
- feedback: items given in the period by tag (named and anonymous), the latest items.
- change requests pending now / decided in the period; meetings held / skipped / missed in the period.
- messages Slack refused for good (permanent outbox failures) in the period; lessons learned in the period.
"""

from __future__ import annotations

import statistics
from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Integer, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from storage.models import (
    AnonymousFeedback,
    ChangeRequest,
    Feedback,
    Lesson,
    MeetingOccurrence,
    OutboxMessage,
    Risk,
    Task,
)

OPEN = ("open", "blocked")
STALE_REVIEW = timedelta(days=14)
WORKLOAD_THRESHOLD = 10
WEEKS_CHARTED = 8
LESSONS_SHOWN = 5


@dataclass(frozen=True)
class Delivery:
    created: int
    completed: int
    open: int
    overdue: int
    blocked: int
    on_time: int
    with_deadline: int
    cycle_median_h: float | None
    cycle_p90_h: float | None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.with_deadline if self.with_deadline else None


@dataclass
class Report:
    start: datetime
    end: datetime
    delivery: Delivery
    previous: Delivery
    no_owner: int = 0
    no_deadline: int = 0
    overdue_by_owner: list[tuple[str, int]] = field(default_factory=list)
    workload: list[tuple[str, int]] = field(default_factory=list)
    threshold: int = WORKLOAD_THRESHOLD
    top_risks: list[Risk] = field(default_factory=list)
    risks_opened: int = 0
    risks_closed: int = 0
    exposure: int = 0
    stale_risks: int = 0
    heat: dict[tuple[int, int], int] = field(default_factory=dict)  # (likelihood, impact) -> open risks
    feedback_by_tag: list[tuple[str, int]] = field(default_factory=list)
    feedback_count: int = 0
    feedback_previous: int = 0
    latest_feedback: list[Feedback | AnonymousFeedback] = field(default_factory=list)
    changes_pending: int = 0
    changes_approved: int = 0
    changes_rejected: int = 0
    meetings: dict[str, int] = field(default_factory=dict)
    weekly: list[tuple[datetime, int, int]] = field(default_factory=list)  # week start, created, completed
    failed_messages: list[tuple[str, int]] = field(default_factory=list)  # error, count
    new_lessons: list[Lesson] = field(default_factory=list)
    new_lessons_count: int = 0


def including(now: datetime) -> datetime:
    """The end of a half-open period [start, end) that must include this very moment (on-demand reports)."""
    return now + timedelta(seconds=1)


def report(session: Session, team_id: str, start: datetime, end: datetime, *,
           threshold: int = WORKLOAD_THRESHOLD) -> Report:
    """Everything the digest shows for [start, end), compared with the period of the same length before it."""
    length = end - start
    previous_start = start - length
    result = Report(start=start, end=end, threshold=threshold,
                    delivery=_delivery(session, team_id, start, end),
                    previous=_delivery(session, team_id, previous_start, start))
    _gaps_and_workload(session, team_id, end, result)
    _risks(session, team_id, start, end, result)
    _feedback(session, team_id, start, end, previous_start, result)
    _changes_meetings_failures(session, team_id, start, end, result)
    result.weekly = weekly(session, team_id, end)
    return result


def _delivery(session: Session, team_id: str, start: datetime, end: datetime) -> Delivery:
    live = Task.status != "deleted"
    done_in = and_(Task.done_at >= start, Task.done_at < end)
    open_at_end = and_(Task.created_at < end, or_(Task.done_at.is_(None), Task.done_at >= end))
    row = session.execute(
        select(
            func.sum(case((and_(Task.created_at >= start, Task.created_at < end), 1), else_=0)),
            func.sum(case((done_in, 1), else_=0)),
            func.sum(case((open_at_end, 1), else_=0)),
            func.sum(case((and_(open_at_end, Task.due_at < end), 1), else_=0)),
            func.sum(case((Task.status == "blocked", 1), else_=0)),
            func.sum(case((and_(done_in, Task.due_at.is_not(None), Task.done_at <= Task.due_at), 1), else_=0)),
            func.sum(case((and_(done_in, Task.due_at.is_not(None)), 1), else_=0)),
        ).where(Task.team_id == team_id, live, Task.created_at < end)
    ).one()
    durations = sorted(
        (done - created).total_seconds() / 3600
        for created, done in session.execute(
            select(Task.created_at, Task.done_at).where(Task.team_id == team_id, live, done_in))
        if done is not None  # always, given done_in; said for the type checker
    )
    created, completed, open_, overdue, blocked, on_time, with_deadline = (int(v or 0) for v in row)
    return Delivery(created, completed, open_, overdue, blocked, on_time, with_deadline,
                    statistics.median(durations) if durations else None, percentile(durations, 90))


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile of sorted values (p90 of 10 values is the 9th)."""
    if not values:
        return None
    rank = max(1, -(-len(values) * p // 100))
    return values[int(rank) - 1]


def _gaps_and_workload(session: Session, team_id: str, end: datetime, result: Report) -> None:
    rows = session.execute(
        select(Task.owner_id, func.count(), func.sum(case((Task.due_at < end, 1), else_=0)),
               func.sum(case((Task.due_at.is_(None), 1), else_=0)))
        .where(Task.team_id == team_id, Task.status.in_(OPEN), Task.created_at < end).group_by(Task.owner_id)
    ).all()
    for owner, count, overdue, undated in rows:
        result.no_deadline += int(undated or 0)
        if owner is None:
            result.no_owner += int(count)
            continue
        result.workload.append((owner, int(count)))
        if overdue:
            result.overdue_by_owner.append((owner, int(overdue)))
    result.workload.sort(key=lambda pair: (-pair[1], pair[0]))
    result.overdue_by_owner.sort(key=lambda pair: (-pair[1], pair[0]))


def _risks(session: Session, team_id: str, start: datetime, end: datetime, result: Report) -> None:
    is_open = Risk.status == "open"
    row = session.execute(select(
        func.sum(case((and_(Risk.created_at >= start, Risk.created_at < end), 1), else_=0)),
        func.sum(case((and_(Risk.closed_at >= start, Risk.closed_at < end), 1), else_=0)),
        func.sum(case((is_open, Risk.score), else_=0)),
        func.sum(case((and_(is_open, Risk.reviewed_at < end - STALE_REVIEW), 1), else_=0)),
    ).where(Risk.team_id == team_id)).one()
    result.risks_opened, result.risks_closed, result.exposure, result.stale_risks = (int(v or 0) for v in row)
    result.top_risks = list(session.scalars(select(Risk).where(Risk.team_id == team_id, is_open)
                                            .order_by(Risk.score.desc(), Risk.number.desc()).limit(5)))
    result.heat = {(likelihood, impact): int(count) for likelihood, impact, count in session.execute(
        select(Risk.likelihood, Risk.impact, func.count()).where(Risk.team_id == team_id, is_open)
        .group_by(Risk.likelihood, Risk.impact))}


def _feedback(session: Session, team_id: str, start: datetime, end: datetime, previous_start: datetime,
              result: Report) -> None:
    tags: Tally[str] = Tally()
    for model, when, bounds in ((Feedback, Feedback.created_at, (start, end)),
                                (AnonymousFeedback, AnonymousFeedback.given_on, days(start, end))):
        for (item_tags,) in session.execute(select(model.tags).where(model.team_id == team_id, when >= bounds[0],
                                                                     when < bounds[1])):
            result.feedback_count += 1
            tags.update(item_tags or ["other"])
    result.feedback_by_tag = sorted(tags.items(), key=lambda pair: (-pair[1], pair[0]))
    result.feedback_previous = int(session.scalar(select(func.count()).select_from(Feedback).where(
        Feedback.team_id == team_id, Feedback.created_at >= previous_start, Feedback.created_at < start)) or 0)
    first_day, after_last = days(previous_start, start)
    result.feedback_previous += int(session.scalar(select(func.count()).select_from(AnonymousFeedback).where(
        AnonymousFeedback.team_id == team_id, AnonymousFeedback.given_on >= first_day,
        AnonymousFeedback.given_on < after_last)) or 0)
    latest: list[Feedback | AnonymousFeedback] = []
    latest += session.scalars(select(Feedback).where(Feedback.team_id == team_id, Feedback.created_at < end)
                              .order_by(Feedback.number.desc()).limit(3))
    latest += session.scalars(select(AnonymousFeedback).where(AnonymousFeedback.team_id == team_id,
                                                              AnonymousFeedback.given_on < days(start, end)[1])
                              .order_by(AnonymousFeedback.number.desc()).limit(3))
    result.latest_feedback = latest


def days(start: datetime, end: datetime) -> tuple[date, date]:
    """[first, after_last) of the days whose start (00:00 UTC) lies in [start, end): anonymous feedback is dated by
    day only, and counts in the period that contains the start of its day — never twice, and the same rule for
    scheduled and on-demand periods."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    first = start.date() + timedelta(days=0 if start.time() == time(0) else 1)
    after_last = end.date() + timedelta(days=0 if end.time() == time(0) else 1)
    return first, after_last


def _changes_meetings_failures(session: Session, team_id: str, start: datetime, end: datetime,
                               result: Report) -> None:
    decided_in = and_(ChangeRequest.decided_at >= start, ChangeRequest.decided_at < end)
    row = session.execute(select(
        func.sum(case((ChangeRequest.status == "pending", 1), else_=0)),
        func.sum(case((and_(decided_in, ChangeRequest.status == "approved"), 1), else_=0)),
        func.sum(case((and_(decided_in, ChangeRequest.status == "rejected"), 1), else_=0)),
    ).where(ChangeRequest.team_id == team_id)).one()
    result.changes_pending, result.changes_approved, result.changes_rejected = (int(v or 0) for v in row)
    result.meetings = {status: int(count) for status, count in session.execute(
        select(MeetingOccurrence.status, func.count()).where(
            MeetingOccurrence.team_id == team_id, MeetingOccurrence.at >= start, MeetingOccurrence.at < end)
        .group_by(MeetingOccurrence.status))}
    lessons = list(session.scalars(select(Lesson).where(Lesson.team_id == team_id, Lesson.created_at >= start,
                                                        Lesson.created_at < end).order_by(Lesson.number.desc())
                                    .limit(LESSONS_SHOWN + 1)))
    result.new_lessons, result.new_lessons_count = lessons[:LESSONS_SHOWN], len(lessons)
    result.failed_messages = [(error or "?", int(count)) for error, count in session.execute(
        select(OutboxMessage.last_error, func.count()).where(
            OutboxMessage.team_id == team_id, OutboxMessage.failed_at >= start, OutboxMessage.failed_at < end)
        .group_by(OutboxMessage.last_error))]


def weekly(session: Session, team_id: str, end: datetime,
           weeks: int = WEEKS_CHARTED) -> list[tuple[datetime, int, int]]:
    """Created and completed per week for the `weeks` weeks before `end` (two GROUP BY queries)."""
    first = end - timedelta(weeks=weeks)
    counts = {i: [0, 0] for i in range(weeks)}
    for column, slot in ((Task.created_at, 0), (Task.done_at, 1)):
        bucket = _week_index(session, column, first)
        for index, count in session.execute(
            select(bucket, func.count()).where(Task.team_id == team_id, Task.status != "deleted", column >= first,
                                               column < end).group_by(bucket)
        ):
            if index is not None and 0 <= int(index) < weeks:
                counts[int(index)][slot] = int(count)
    return [(first + timedelta(weeks=i), counts[i][0], counts[i][1]) for i in range(weeks)]


def _week_index(session: Session, column, first: datetime):  # noqa: ANN001, ANN202
    """Whole weeks from `first` to `column`, computed by the database (rows are never before `first`)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.floor(func.extract("epoch", column - literal(first)) / 604800)
    naive = first.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    return cast((func.julianday(column) - func.julianday(naive)) / 7, Integer)
