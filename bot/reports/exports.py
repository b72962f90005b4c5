"""The CSV exports, made when the outbox sends the file (only the recipe is queued), in a read-only session.

CSV is UTF-8 with a byte-order mark so Excel shows Chinese correctly, times are in the asker's zone, and every cell
a spreadsheet would run as a formula is prefixed with `'` (rules.safe_cell). Rows are streamed from the database.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.reports.rules import safe_cell
from storage.models import AnonymousFeedback, ChangeRequest, Feedback, Risk, Task

CSV = "report.csv"  # the outbox's renderer name (bot.core.files)
When = Callable[[datetime | None], str]
Table = tuple[list[str], Iterable[list[object]]]


def export_csv(session: Session, team_id: str, what: str, *, since: datetime | None, tz: str) -> bytes:
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


def _tasks(session: Session, team_id: str, since: datetime | None, when: When) -> Table:
    query = select(Task).where(Task.team_id == team_id, Task.status != "deleted").order_by(Task.number)
    if since:
        query = query.where(Task.created_at >= since)
    header = ["number", "title", "status", "owner", "creator", "created", "due", "done", "progress", "parent_id",
              "source", "channel", "permalink"]
    return header, ([t.number, t.title, t.status, t.owner_id, t.creator_id, when(t.created_at), when(t.due_at),
                     when(t.done_at), t.progress, t.parent_id or "", t.source, t.channel_id or "", t.permalink or ""]
                    for t in session.scalars(query).yield_per(1000))


def _risks(session: Session, team_id: str, since: datetime | None, when: When) -> Table:
    query = select(Risk).where(Risk.team_id == team_id).order_by(Risk.number)
    if since:
        query = query.where(Risk.created_at >= since)
    header = ["number", "description", "likelihood", "impact", "score", "category", "strategy", "owner", "status",
              "review", "last_reviewed", "created", "closed", "outcome"]
    return header, ([r.number, r.description, r.likelihood, r.impact, r.score, r.category or "", r.strategy or "",
                     r.owner_id or "", r.status, when(r.review_at), when(r.reviewed_at), when(r.created_at),
                     when(r.closed_at), r.outcome or ""] for r in session.scalars(query).yield_per(1000))


def _feedback(session: Session, team_id: str, since: datetime | None, when: When) -> Table:
    named = select(Feedback).where(Feedback.team_id == team_id).order_by(Feedback.number)
    anonymous = select(AnonymousFeedback).where(AnonymousFeedback.team_id == team_id).order_by(
        AnonymousFeedback.number)
    if since:
        named = named.where(Feedback.created_at >= since)
        anonymous = anonymous.where(AnonymousFeedback.given_on >= since.date())
    header = ["ref", "anonymous", "text", "tags", "author", "given", "status", "addressed_by", "addressed"]

    def rows() -> Iterable[list[object]]:
        for item in session.scalars(named).yield_per(1000):
            yield [f"#{item.number}", "no", item.text, " ".join(item.tags or []), item.author_id,
                   when(item.created_at), item.status, item.addressed_by or "", when(item.addressed_at)]
        for anon in session.scalars(anonymous).yield_per(1000):  # the day only, and no author: nothing to export
            yield [f"#A{anon.number}", "yes", anon.text, " ".join(anon.tags or []), "", anon.given_on.isoformat(),
                   anon.status, anon.addressed_by or "", when(anon.addressed_at)]

    return header, rows()


def _changes(session: Session, team_id: str, since: datetime | None, when: When) -> Table:
    query = select(ChangeRequest).where(ChangeRequest.team_id == team_id).order_by(ChangeRequest.number)
    if since:
        query = query.where(ChangeRequest.created_at >= since)
    header = ["number", "request", "impact", "requester", "status", "decided_by", "decided", "reason", "created"]
    return header, ([c.number, c.text, c.impact, c.requester_id, c.status, c.decided_by or "", when(c.decided_at),
                     c.reason or "", when(c.created_at)] for c in session.scalars(query).yield_per(1000))


EXPORTS: dict[str, Callable[[Session, str, datetime | None, When], Table]] = {
    "tasks": _tasks, "risks": _risks, "feedback": _feedback, "changes": _changes}
