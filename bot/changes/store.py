"""Change requests in the database: reading and writing rows inside a session the caller owns.

These functions never commit (bot.changes.service opens the unit of work) and scope every query by `team_id`. The
first decision wins: it is a conditional UPDATE, so two PMs deciding at once cannot both succeed, whatever the
database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.changes.rules import LIST_LIMIT, PENDING
from bot.core.errors import UserError
from bot.core.numbers import next_number
from bot.roles import store as roles
from storage.db import affected
from storage.models import ChangeRequest


@dataclass(frozen=True)
class Listing:
    changes: list[ChangeRequest]
    total: int


def find(session: Session, team_id: str, number: int) -> ChangeRequest | None:
    return session.scalar(select(ChangeRequest).where(ChangeRequest.team_id == team_id,
                                                      ChangeRequest.number == number))


def get(session: Session, team_id: str, number: int) -> ChangeRequest:
    change = find(session, team_id, number)
    if change is None:
        raise UserError("change.not_found", number=number)
    return change


def listing(session: Session, team_id: str, *, scope: str, limit: int = LIST_LIMIT) -> Listing:
    """`pending` or `all` change requests, newest first, at most `limit`, with how many there are in all."""
    where = [ChangeRequest.team_id == team_id]
    if scope == PENDING:
        where.append(ChangeRequest.status == PENDING)
    total = session.scalar(select(func.count()).select_from(ChangeRequest).where(*where)) or 0
    found = session.scalars(select(ChangeRequest).where(*where).order_by(ChangeRequest.number.desc()).limit(limit))
    return Listing(list(found), total)


def approvers(session: Session, team_id: str) -> list[str]:
    """Who decides change requests: the project managers (see bot.roles.rules.ROUTES)."""
    return roles.recipients(session, team_id, "change")


def add(session: Session, team_id: str, requester_id: str, text: str, impact: str, now: datetime, *,
        channel_id: str | None) -> ChangeRequest:
    change = ChangeRequest(team_id=team_id, number=next_number(session, team_id, "change"), text=text,
                           impact=impact, requester_id=requester_id, channel_id=channel_id, status=PENDING,
                           created_at=now)
    session.add(change)
    session.flush()
    return change


def for_decider(session: Session, team_id: str, number: int, actor_id: str) -> ChangeRequest:
    """The change request as `actor_id` may decide it, or the UserError saying why not: there is no such request
    here, or they are not a project manager. It may have been decided already: its status says so."""
    change = get(session, team_id, number)
    if not roles.is_pm(session, team_id, actor_id):
        raise UserError("change.not_pm", number=number)
    return change


def record_decision(session: Session, change: ChangeRequest, status: str, actor_id: str, reason: str,
                    now: datetime) -> bool:
    """Decide a pending request with who, when and why; False when another decision committed first (`change` then
    shows that one)."""
    won = affected(session, update(ChangeRequest)
                   .where(ChangeRequest.id == change.id, ChangeRequest.team_id == change.team_id,
                          ChangeRequest.status == PENDING)
                   .values(status=status, decided_by=actor_id, decided_at=now, reason=reason or None)
                   .execution_options(synchronize_session=False))
    session.refresh(change)
    return won == 1
