"""CSV exports (`/report export tasks|risks|feedback|changes [since <date>]`) and KPI periods for `/report kpi`.

CSV is UTF-8 with a byte-order mark so Excel shows Chinese correctly, times in the asker's zone, and every cell
that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at its start) is prefixed with `'`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.errors import UserError
from bot.digest.kpi import including
from storage.models import AnonymousFeedback, ChangeRequest, Feedback, Risk, Task

WHAT = ("tasks", "risks", "feedback", "changes")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_csv(session: Session, team_id: str, what: str, *, since: datetime | None, tz: str) -> bytes:
    if what not in WHAT:
        raise UserError("report.unknown_export")
    zone = ZoneInfo(tz)

    def when(value: datetime | None) -> str:
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M %z") if value else ""

    header, rows = EXPORTS[what](session, team_id, since, when)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _tasks(session: Session, team_id: str, since: datetime | None, when) -> tuple[list[str], Iterable]:  # noqa: ANN001
    query = select(Task).where(Task.team_id == team_id, Task.status != "deleted").order_by(Task.number)
    if since:
        query = query.where(Task.created_at >= since)
    header = ["number", "title", "status", "owner", "creator", "created", "due", "done", "progress", "parent_id",
              "source", "channel", "permalink"]
    return header, ([t.number, t.title, t.status, t.owner_id, t.creator_id, when(t.created_at), when(t.due_at),
                     when(t.done_at), t.progress, t.parent_id or "", t.source, t.channel_id or "", t.permalink or ""]
                    for t in session.scalars(query).yield_per(1000))


def _risks(session: Session, team_id: str, since: datetime | None, when) -> tuple[list[str], Iterable]:  # noqa: ANN001
    query = select(Risk).where(Risk.team_id == team_id).order_by(Risk.number)
    if since:
        query = query.where(Risk.created_at >= since)
    header = ["number", "description", "likelihood", "impact", "score", "category", "strategy", "owner", "status",
              "review", "last_reviewed", "created", "closed", "outcome"]
    return header, ([r.number, r.description, r.likelihood, r.impact, r.score, r.category or "", r.strategy or "",
                     r.owner_id or "", r.status, when(r.review_at), when(r.reviewed_at), when(r.created_at),
                     when(r.closed_at), r.outcome or ""] for r in session.scalars(query).yield_per(1000))


def _feedback(session: Session, team_id: str, since: datetime | None, when) -> tuple[list[str], Iterable]:  # noqa: ANN001
    named = select(Feedback).where(Feedback.team_id == team_id).order_by(Feedback.number)
    anonymous = select(AnonymousFeedback).where(AnonymousFeedback.team_id == team_id).order_by(
        AnonymousFeedback.number)
    if since:
        named = named.where(Feedback.created_at >= since)
        anonymous = anonymous.where(AnonymousFeedback.given_on >= since.date())
    header = ["ref", "anonymous", "text", "tags", "author", "given", "status", "addressed_by", "addressed"]

    def rows():  # noqa: ANN202
        for item in session.scalars(named).yield_per(1000):
            yield [f"#{item.number}", "no", item.text, " ".join(item.tags or []), item.author_id,
                   when(item.created_at), item.status, item.addressed_by or "", when(item.addressed_at)]
        for item in session.scalars(anonymous).yield_per(1000):  # the day only, and no author: nothing to export
            yield [f"#A{item.number}", "yes", item.text, " ".join(item.tags or []), "", item.given_on.isoformat(),
                   item.status, item.addressed_by or "", when(item.addressed_at)]

    return header, rows()


def _changes(session: Session, team_id: str, since: datetime | None, when) -> tuple[list[str], Iterable]:  # noqa: ANN001
    query = select(ChangeRequest).where(ChangeRequest.team_id == team_id).order_by(ChangeRequest.number)
    if since:
        query = query.where(ChangeRequest.created_at >= since)
    header = ["number", "request", "impact", "requester", "status", "decided_by", "decided", "reason", "created"]
    return header, ([c.number, c.text, c.impact, c.requester_id, c.status, c.decided_by or "", when(c.decided_at),
                     c.reason or "", when(c.created_at)] for c in session.scalars(query).yield_per(1000))


EXPORTS = {"tasks": _tasks, "risks": _risks, "feedback": _feedback, "changes": _changes}


def in_the_past(when: datetime, now: datetime) -> datetime:
    """Dates are read preferring the future; "since Monday" / "since Nov 1" mean the last one instead."""
    if when <= now:
        return when
    if when - now <= timedelta(days=7):
        return when - timedelta(days=7)
    try:
        return when.replace(year=when.year - 1)
    except ValueError:  # 29 February
        return when.replace(year=when.year - 1, day=28)


def kpi_period(words: str, now: datetime, tz: str) -> tuple[datetime, datetime]:
    """`this week` (Monday 00:00 local → now), `last week`, `this month`, `last month`; default the last 7 days."""
    local = now.astimezone(ZoneInfo(tz))
    end = including(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    words = " ".join(words.lower().split())
    if words in ("this week", "本周", "这周"):
        return (midnight - timedelta(days=local.weekday())), end
    if words in ("last week", "上周"):
        monday = midnight - timedelta(days=local.weekday())
        return monday - timedelta(days=7), monday
    if words in ("this month", "本月", "这个月"):
        return midnight.replace(day=1), end
    if words in ("last month", "上月", "上个月"):
        first = midnight.replace(day=1)
        return (first - timedelta(days=1)).replace(day=1), first
    if words:
        raise UserError("report.unknown_period")
    return now - timedelta(days=7), end
