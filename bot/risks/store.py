"""Risks in the database: reading and writing rows inside a session the caller owns.

These functions never commit: bot.risks.service opens the unit of work, and the clock (bot.risks.jobs) reads here
inside the transaction that claimed its reminder. Every query is scoped by `team_id`; every change to a risk's
review date, owner or status keeps its owner's review reminder in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.core import people, reminders
from bot.core.errors import UserError
from bot.core.mrkdwn import epoch
from bot.core.numbers import next_number
from bot.risks import rules
from bot.risks.parse import Review
from bot.roles import rules as role_rules
from bot.roles import store as roles
from storage.models import Risk

LIST_LIMIT = 20


@dataclass(frozen=True)
class Draft:
    """A new risk as given (the command's text read, or the assessment form)."""

    description: str
    likelihood: int | None
    impact: int | None
    category: str | None = None
    strategy: str | None = None
    owner_id: str | None = None
    review: Review | None = None
    channel_id: str | None = None


@dataclass(frozen=True)
class Listing:
    risks: list[Risk]  # the first page, highest score first, then newest
    total: int
    heat: dict[tuple[int, int], int]  # (likelihood, impact) -> how many of all listed


# ---- reading ----------------------------------------------------------------------------------------------------

def find(session: Session, team_id: str, number: int) -> Risk | None:
    return session.scalar(select(Risk).where(Risk.team_id == team_id, Risk.number == number))


def get(session: Session, team_id: str, number: int) -> Risk:
    risk = find(session, team_id, number)
    if risk is None:
        raise UserError("risk.not_found", number=number)
    return risk


def listing(session: Session, team_id: str, *, scope: str, viewer_id: str, limit: int = LIST_LIMIT) -> Listing:
    """scope: open | all | mine (open risks the viewer owns or raised)."""
    where = [Risk.team_id == team_id]
    if scope != "all":
        where.append(Risk.status == "open")
    if scope == "mine":
        where.append(or_(Risk.owner_id == viewer_id, Risk.creator_id == viewer_id))
    heat = {(likelihood, impact): count for likelihood, impact, count in session.execute(
        select(Risk.likelihood, Risk.impact, func.count()).where(*where).group_by(Risk.likelihood, Risk.impact))}
    shown = list(session.scalars(select(Risk).where(*where)
                                 .order_by(Risk.score.desc(), Risk.created_at.desc(), Risk.number.desc())
                                 .limit(limit)))
    return Listing(shown, sum(heat.values()), heat)


def managers_for(session: Session, team_id: str, category: str | None) -> list[str]:
    """Who hears about a high or critical risk of this category."""
    return roles.recipients(session, team_id, rules.escalation_topic(category))


def people_around(session: Session, team_id: str, number: int | None = None) -> list[str]:
    """Everyone a change may write to (the managers, the risk's creator and owner), so the service can refresh
    their profiles before the write transaction."""
    found = roles.holders(session, team_id, *role_rules.MANAGER_ROLES)
    risk = find(session, team_id, number) if number is not None else None
    if risk is not None:
        found += [user for user in (risk.creator_id, risk.owner_id) if user]
    return [user for user in dict.fromkeys(found) if user]


def changeable(session: Session, team_id: str, number: int, actor_id: str, actor_is_admin: bool) -> Risk:
    """The open risk `actor_id` may change, or the UserError saying why not."""
    risk = get(session, team_id, number)
    manager = roles.is_manager(session, team_id, actor_id, is_admin=actor_is_admin)
    if not rules.may_change(actor_id, creator_id=risk.creator_id, owner_id=risk.owner_id, actor_is_manager=manager):
        raise UserError("risk.not_allowed", number=number)
    if risk.status == "closed":
        raise UserError("risk.is_closed", number=number)
    return risk


# ---- writing ----------------------------------------------------------------------------------------------------

def add(session: Session, team_id: str, creator_id: str, draft: Draft, now: datetime) -> Risk:
    """A new open risk, checked against the rules, with its review reminder; it counts as reviewed now."""
    description = rules.description(draft.description)
    likelihood = rules.level(draft.likelihood, "risk.likelihood_out_of_range")
    impact = rules.level(draft.impact, "risk.impact_out_of_range")
    owner_id = draft.owner_id or creator_id
    risk = Risk(
        team_id=team_id, number=next_number(session, team_id, "risk"), description=description,
        likelihood=likelihood, impact=impact, score=likelihood * impact, category=rules.category(draft.category),
        strategy=rules.strategy(draft.strategy), owner_id=owner_id, creator_id=creator_id,
        channel_id=draft.channel_id, status="open", review_at=review_moment(session, team_id, owner_id, draft.review),
        reviewed_at=now, created_at=now, updated_at=now,
    )
    session.add(risk)
    session.flush()
    schedule_review(session, risk, now)
    return risk


# ---- review dates and their reminder ----------------------------------------------------------------------------

def review_moment(session: Session, team_id: str, owner_id: str | None, review: Review | None) -> datetime | None:
    """An instant as given; a day alone means 09:00 in the owner's own zone on that day."""
    if review is None or review.clears:
        return None
    if review.at is not None:
        return review.at
    assert review.on is not None
    return rules.review_day_at(review.on, people.stored(session, team_id, owner_id).tz if owner_id else "UTC")


def follow_owner(session: Session, risk: Risk, new_owner: str) -> datetime | None:
    """The review moment once `new_owner` owns the risk (a day follows its owner's zone)."""
    if risk.review_at is None or not risk.owner_id:
        return risk.review_at
    return rules.follow_owner(risk.review_at, people.stored(session, risk.team_id, risk.owner_id).tz,
                              people.stored(session, risk.team_id, new_owner).tz)


def review_key(risk: Risk) -> str:
    assert risk.review_at is not None
    return f"risk:{risk.id}:review:{epoch(risk.review_at)}"


def schedule_review(session: Session, risk: Risk, now: datetime) -> None:
    """Keep the owner's reminder in step with the review date, owner and status (once per risk and moment)."""
    reminders.cancel_pending(session, risk.team_id, "risk.", risk.id)
    if risk.status != "open" or risk.review_at is None or not risk.owner_id:
        return
    reminders.schedule(session, risk.team_id, "risk.review", rules.reminded_at(risk.review_at, now),
                       review_key(risk), subject_id=risk.id, recipient_id=risk.owner_id)
