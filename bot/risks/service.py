"""Risks: identify, assess (score = likelihood × impact), respond (strategy, owner), escalate, review, close.

Every function takes plain values and the caller's session and scopes every query by `team_id`. High and critical
risks are escalated at once: a DM through the outbox to the project managers (and, for operational risks, the ops
managers too), in each one's language, with an Acknowledge button — written in the same transaction as the risk.
The owner is reminded on the review date (a `risk.review` row, once per risk and review moment). Assessing or
updating a risk counts as a review (`reviewed_at`), which is what the weekly digest looks at.
Failures a person can fix are `UserError`s carrying a catalogue key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.core import outbox, people, reminders
from bot.core.errors import UserError
from bot.core.i18n import t
from bot.core.mrkdwn import epoch, escape, mention
from bot.core.numbers import next_number
from bot.risks import views
from bot.risks.parse import CATEGORIES, LEVELS, REVIEW_TIME, STRATEGIES, Review, band_of
from bot.roles import rules as role_rules
from bot.roles import store as roles
from bot.text.zones import local_to_utc, zone
from storage.models import Reminder, Risk

MAX_DESCRIPTION = 1000
MAX_OUTCOME = 1000
ESCALATED = ("high", "critical")
RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}
SCOPES = ("open", "all", "mine")
LIST_LIMIT = 20


@dataclass(frozen=True)
class Draft:
    description: str
    likelihood: int
    impact: int
    category: str | None = None
    strategy: str | None = None
    owner_id: str | None = None
    review: Review | None = None
    channel_id: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a change did, for the handler to render: who was told about a high or critical risk, or that nobody
    could be (no project manager named yet)."""

    risk: Risk
    escalated_to: tuple[str, ...] = ()
    nobody_to_tell: bool = False


@dataclass(frozen=True)
class Listing:
    risks: list[Risk]  # the first page, highest score first, then newest
    total: int
    heat: dict[tuple[int, int], int]  # (likelihood, impact) -> how many of all listed


# ---- reading ----------------------------------------------------------------------------------------------------

def get(session: Session, team_id: str, number: int) -> Risk:
    risk = session.scalar(select(Risk).where(Risk.team_id == team_id, Risk.number == number))
    if risk is None:
        raise UserError("risk.not_found", number=number)
    return risk


def list_risks(session: Session, team_id: str, *, scope: str, viewer_id: str, limit: int = LIST_LIMIT) -> Listing:
    """scope: open (default) | all | mine (open risks the viewer owns or raised)."""
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
    return roles.recipients(session, team_id, "risk.operational" if category == "operational" else "risk")


def people_around(session: Session, team_id: str, number: int | None = None) -> list[str]:
    """Everyone a change may write to (managers, the risk's creator and owner), so the caller can refresh their
    profiles before the write transaction."""
    found = roles.holders(session, team_id, *role_rules.MANAGER_ROLES)
    if number is not None:
        risk = session.scalar(select(Risk).where(Risk.team_id == team_id, Risk.number == number))
        if risk is not None:
            found += [risk.creator_id, risk.owner_id]
    return [user for user in dict.fromkeys(found) if user]


# ---- changing ---------------------------------------------------------------------------------------------------

def create(session: Session, team_id: str, creator_id: str, draft: Draft, now: datetime) -> Outcome:
    description = _description(draft.description)
    likelihood = _level(draft.likelihood, "risk.likelihood_out_of_range")
    impact = _level(draft.impact, "risk.impact_out_of_range")
    owner_id = draft.owner_id or creator_id
    risk = Risk(
        team_id=team_id, number=next_number(session, team_id, "risk"), description=description,
        likelihood=likelihood, impact=impact, score=likelihood * impact, category=_category(draft.category),
        strategy=_strategy(draft.strategy), owner_id=owner_id, creator_id=creator_id, channel_id=draft.channel_id,
        status="open", review_at=review_moment(session, team_id, owner_id, draft.review), reviewed_at=now,
        created_at=now, updated_at=now,
    )
    session.add(risk)
    session.flush()
    schedule_review(session, risk, now)
    if owner_id != creator_id:
        _tell_owner(session, risk, creator_id, now)
    if band_of(risk.score) in ESCALATED:
        return escalate(session, risk, creator_id, now, raised=False)
    return Outcome(risk)


def update(session: Session, team_id: str, number: int, actor_id: str, now: datetime, *, actor_is_admin: bool,
           description: str | None = None, likelihood: int | None = None, impact: int | None = None,
           category: str | None = None, strategy: str | None = None, owner_id: str | None = None,
           review: Review | None = None) -> Outcome:
    """Change what is given (None: unchanged; a clearing Review removes the review date). It counts as a review.
    A risk whose band rises into high or critical is escalated again."""
    risk = _changeable(session, team_id, number, actor_id, actor_is_admin)
    if description is None and likelihood is None and impact is None and category is None and strategy is None \
            and owner_id is None and review is None:
        raise UserError("risk.update_needs_change", number=number)
    before = band_of(risk.score)
    if description is not None:
        risk.description = _description(description)
    if likelihood is not None:
        risk.likelihood = _level(likelihood, "risk.likelihood_out_of_range")
    if impact is not None:
        risk.impact = _level(impact, "risk.impact_out_of_range")
    risk.score = risk.likelihood * risk.impact
    if category is not None:
        risk.category = _category(category)
    if strategy is not None:
        risk.strategy = _strategy(strategy)
    new_owner = owner_id is not None and owner_id != risk.owner_id
    if new_owner:
        if review is None and risk.review_at is not None:
            risk.review_at = _follow_owner(session, team_id, risk.review_at, risk.owner_id, owner_id)
        risk.owner_id = owner_id
    if review is not None:
        risk.review_at = review_moment(session, team_id, risk.owner_id, review)
    risk.reviewed_at = risk.updated_at = now
    session.flush()
    if review is not None or new_owner:
        schedule_review(session, risk, now)
    if new_owner and risk.owner_id != actor_id:
        _tell_owner(session, risk, actor_id, now)
    after = band_of(risk.score)
    if after in ESCALATED and RANK[after] > RANK[before]:
        return escalate(session, risk, actor_id, now, raised=True)
    return Outcome(risk)


def close(session: Session, team_id: str, number: int, actor_id: str, outcome: str, now: datetime, *,
          actor_is_admin: bool) -> Risk:
    risk = _changeable(session, team_id, number, actor_id, actor_is_admin)
    outcome = outcome.strip()
    if not outcome:
        raise UserError("risk.close_needs_outcome", number=number)
    if len(outcome) > MAX_OUTCOME:
        raise UserError("risk.outcome_too_long", limit=MAX_OUTCOME, length=len(outcome))
    risk.status, risk.outcome, risk.closed_at = "closed", outcome, now
    risk.reviewed_at = risk.updated_at = now
    schedule_review(session, risk, now)
    return risk


def mark_reviewed(session: Session, team_id: str, number: int, actor_id: str, now: datetime, *,
                  actor_is_admin: bool) -> Risk:
    """"Still right": the assessment stands, and that is a review too."""
    risk = _changeable(session, team_id, number, actor_id, actor_is_admin)
    risk.reviewed_at = risk.updated_at = now
    return risk


def acknowledge(session: Session, team_id: str, number: int, actor_id: str, now: datetime, *,
                actor_is_admin: bool) -> Risk:
    """A manager has seen the escalation. The first acknowledgement stands; the creator is told."""
    roles.require_manager(session, team_id, actor_id, is_admin=actor_is_admin, key="risk.ack_not_allowed")
    risk = get(session, team_id, number)
    if risk.acknowledged_by is None:
        risk.acknowledged_by, risk.acknowledged_at, risk.updated_at = actor_id, now, now
        if risk.creator_id != actor_id:
            creator = people.stored(session, team_id, risk.creator_id)
            headline = t("risk.ack_told", creator.locale, who=mention(actor_id), number=risk.number)
            text, blocks = views.card(risk, creator.tz, creator.locale, headline=headline)
            outbox.post(session, team_id, risk.creator_id, text, now, blocks=blocks,
                        dedupe_key=f"risk:{risk.id}:ack:{epoch(now)}")
    return risk


def escalate(session: Session, risk: Risk, actor_id: str, now: datetime, *, raised: bool) -> Outcome:
    """DM every manager concerned, each in their own language, with an Acknowledge button; a new escalation needs a
    new acknowledgement."""
    managers = managers_for(session, risk.team_id, risk.category)
    if not managers:
        return Outcome(risk, nobody_to_tell=True)
    risk.escalated_at, risk.acknowledged_by, risk.acknowledged_at = now, None, None
    for user_id in managers:
        reader = people.stored(session, risk.team_id, user_id)
        band = t(f"risk.band.{band_of(risk.score)}", reader.locale)
        key = "risk.escalation.raised" if raised else "risk.escalation.new"
        headline = t(key, reader.locale, actor=mention(actor_id), band=band, number=risk.number)
        text, blocks = views.escalation(risk, reader.tz, reader.locale, headline=headline)
        outbox.post(session, risk.team_id, user_id, text, now, blocks=blocks,
                    dedupe_key=f"risk:{risk.id}:escalation:{epoch(now)}:{user_id}")
    return Outcome(risk, escalated_to=tuple(managers))


# ---- review dates and their reminder ----------------------------------------------------------------------------

def review_moment(session: Session, team_id: str, owner_id: str | None, review: Review | None) -> datetime | None:
    """An instant as given; a day alone means 09:00 in the owner's own zone on that day."""
    if review is None or review.clears:
        return None
    if review.at is not None:
        return review.at
    tz = people.stored(session, team_id, owner_id).tz if owner_id else "UTC"
    return local_to_utc(datetime.combine(review.on, REVIEW_TIME), tz)


def _follow_owner(session: Session, team_id: str, review_at: datetime, old_owner: str | None,
                  new_owner: str) -> datetime:
    """A review that was a day (09:00 in the old owner's zone) becomes 09:00 on that day in the new owner's zone;
    a moment given to the minute stays as it is."""
    if not old_owner:
        return review_at
    local = review_at.astimezone(zone(people.stored(session, team_id, old_owner).tz))
    if local.time() != REVIEW_TIME:
        return review_at
    return local_to_utc(datetime.combine(local.date(), REVIEW_TIME), people.stored(session, team_id, new_owner).tz)


def review_key(risk: Risk) -> str:
    assert risk.review_at is not None
    return f"risk:{risk.id}:review:{epoch(risk.review_at)}"


def schedule_review(session: Session, risk: Risk, now: datetime) -> None:
    """Keep the owner's reminder in step with the review date, owner and status (once per risk and moment; a
    moment already past today — a date given after 09:00 — is reminded at once)."""
    reminders.cancel_pending(session, risk.team_id, "risk.", risk.id)
    if risk.status != "open" or risk.review_at is None or not risk.owner_id:
        return
    reminders.schedule(session, risk.team_id, "risk.review", max(risk.review_at, now), review_key(risk),
                       subject_id=risk.id, recipient_id=risk.owner_id)


@reminders.kind("risk.review")
def remind_review(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    risk = session.get(Risk, reminder.subject_id)
    if risk is None or risk.team_id != reminder.team_id or risk.status != "open" or risk.review_at is None \
            or risk.owner_id != reminder.recipient_id or reminder.dedupe_key != review_key(risk):
        return "obsolete"
    owner = people.stored(session, risk.team_id, risk.owner_id)
    headline = t("risk.review_due", owner.locale, number=risk.number)
    if late:
        headline += " " + t("reminder.late", owner.locale)
    text, blocks = views.review_reminder(risk, owner.tz, owner.locale, headline=headline)
    outbox.post(session, risk.team_id, risk.owner_id, text, now, blocks=blocks, dedupe_key=f"reminder:{reminder.id}")
    return None


# ---- checks -----------------------------------------------------------------------------------------------------

def may_change(session: Session, risk: Risk, actor_id: str, actor_is_admin: bool) -> bool:
    return actor_id in (risk.creator_id, risk.owner_id) or roles.is_manager(
        session, risk.team_id, actor_id, is_admin=actor_is_admin)


def _changeable(session: Session, team_id: str, number: int, actor_id: str, actor_is_admin: bool) -> Risk:
    risk = get(session, team_id, number)
    if not may_change(session, risk, actor_id, actor_is_admin):
        raise UserError("risk.not_allowed", number=number)
    if risk.status == "closed":
        raise UserError("risk.is_closed", number=number)
    return risk


def _tell_owner(session: Session, risk: Risk, actor_id: str, now: datetime) -> None:
    owner = people.stored(session, risk.team_id, risk.owner_id)
    headline = t("risk.owner_told", owner.locale, actor=mention(actor_id))
    text, blocks = views.card(risk, owner.tz, owner.locale, headline=headline)
    outbox.post(session, risk.team_id, risk.owner_id, text, now, blocks=blocks,
                dedupe_key=f"risk:{risk.id}:owner:{risk.owner_id}:{epoch(now)}")


def _description(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise UserError("risk.no_description")
    if len(text) > MAX_DESCRIPTION:
        raise UserError("risk.description_too_long", limit=MAX_DESCRIPTION, length=len(text))
    return text


def _level(value: int | None, key: str) -> int:
    if value not in LEVELS:
        raise UserError(key, value=escape(str(value)))
    return int(value)


def _category(value: str | None) -> str | None:
    if value is not None and value not in CATEGORIES:
        raise UserError("risk.bad_category", word=escape(value))
    return value


def _strategy(value: str | None) -> str | None:
    if value is not None and value not in STRATEGIES:
        raise UserError("risk.bad_strategy", word=escape(value))
    return value
