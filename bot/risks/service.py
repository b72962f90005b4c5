"""Risks, one unit of work per call: identify, assess (score = likelihood × impact), respond (strategy, owner),
escalate, review, close.

Each public function takes a `Caller`, opens its own transaction, applies bot.risks.rules, persists through
bot.risks.store and tells the people concerned through the outbox: a high or critical risk goes at once to the
project managers (and, for operational risks, the ops managers too) with an Acknowledge button; a new owner is told;
the creator hears when a manager acknowledges. Their profiles are refreshed before the write transaction, so each
reads it in their own language and zone with no network call under the write lock. Assessing or updating a risk
counts as a review (`reviewed_at`), which is what the weekly digest looks at.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from bot.core import notify
from bot.core.caller import Caller
from bot.core.errors import UserError
from bot.core.mrkdwn import escape
from bot.risks import notices, rules, store
from bot.risks.parse import RiskText
from bot.risks.store import Draft, Listing
from bot.roles import admins
from bot.roles import store as roles
from storage.models import Risk


@dataclass(frozen=True)
class Changed:
    """A risk as it now stands, and who was told: its new owner, the managers it was escalated to — or that nobody
    could be (a high risk, and no project manager named yet)."""

    risk: Risk
    escalated_to: tuple[str, ...] = ()
    nobody_to_tell: bool = False
    told: tuple[str, ...] = ()


# ---- recording --------------------------------------------------------------------------------------------------

def create(caller: Caller, parsed: RiskText) -> Changed:
    """`/risk <text>` with its likelihood and impact, raised where the command was typed."""
    rules.description(parsed.description)  # refused before anyone is looked up
    return _create(caller, Draft(
        description=parsed.description, likelihood=parsed.likelihood, impact=parsed.impact, category=parsed.category,
        strategy=parsed.strategy, owner_id=parsed.owner_id, review=parsed.review, channel_id=caller.channel_id))


def create_from_form(caller: Caller, draft: Draft) -> Changed:
    """The assessment form. It has no reply of its own, so its submitter gets the card by DM."""
    return _create(caller, draft, confirm=True)


def _create(caller: Caller, draft: Draft, *, confirm: bool = False) -> Changed:
    _know_around(caller, draft.owner_id)
    with caller.writing() as session:
        risk = store.add(session, caller.team_id, caller.user_id, draft, caller.now)
        changed = Changed(risk, told=_tell_new_owner(session, caller, risk))
        if rules.escalates(risk.score):
            changed = _escalate(session, caller, changed, raised=False)
        if confirm:
            notify.tell(session, caller.team_id, [notices.recorded(risk, caller.user_id, changed.escalated_to,
                                                                   changed.nobody_to_tell)], caller.now)
        return changed


# ---- reading ----------------------------------------------------------------------------------------------------

def listing(caller: Caller, scope: str) -> Listing:
    with caller.reading() as session:
        return store.listing(session, caller.team_id, scope=scope, viewer_id=caller.user_id)


# ---- changing ---------------------------------------------------------------------------------------------------

def update(caller: Caller, number: int, parsed: RiskText) -> Changed:
    """Change what is given (`review none` removes the review date). It counts as a review; a risk whose band rises
    into high or critical is escalated again, and a new owner is told."""
    if parsed.review_not_understood:
        raise UserError("risk.update_review_unreadable", words=escape(parsed.review_not_understood))
    _know_around(caller, parsed.owner_id, number=number)
    admin = _admin_unless_own(caller, number)
    with caller.writing() as session:
        risk = store.changeable(session, caller.team_id, number, caller.user_id, admin)
        if parsed.empty:
            raise UserError("risk.update_needs_change", number=number)
        was = risk.score
        new_owner = _apply(session, risk, parsed)
        risk.reviewed_at = risk.updated_at = caller.now
        session.flush()
        if parsed.review is not None or new_owner:
            store.schedule_review(session, risk, caller.now)
        changed = Changed(risk, told=_tell_new_owner(session, caller, risk) if new_owner else ())
        if rules.escalates(risk.score, was=was):
            return _escalate(session, caller, changed, raised=True)
        return changed


def _apply(session: Session, risk: Risk, parsed: RiskText) -> bool:
    """Set what was given, checked against the rules; True when the risk changed hands. A review day follows its
    new owner's zone unless a new review date was given too."""
    if parsed.description:
        risk.description = rules.description(parsed.description)
    if parsed.likelihood is not None:
        risk.likelihood = rules.level(parsed.likelihood, "risk.likelihood_out_of_range")
    if parsed.impact is not None:
        risk.impact = rules.level(parsed.impact, "risk.impact_out_of_range")
    risk.score = risk.likelihood * risk.impact
    if parsed.category is not None:
        risk.category = rules.category(parsed.category)
    if parsed.strategy is not None:
        risk.strategy = rules.strategy(parsed.strategy)
    new_owner = parsed.owner_id if parsed.owner_id not in (None, risk.owner_id) else None
    if new_owner:
        if parsed.review is None:
            risk.review_at = store.follow_owner(session, risk, new_owner)
        risk.owner_id = new_owner
    if parsed.review is not None:
        risk.review_at = store.review_moment(session, risk.team_id, risk.owner_id, parsed.review)
    return new_owner is not None


def close(caller: Caller, number: int, outcome: str) -> Changed:
    """How it ended is required; the review reminder goes."""
    admin = _admin_unless_own(caller, number)
    with caller.writing() as session:
        risk = store.changeable(session, caller.team_id, number, caller.user_id, admin)
        risk.outcome = rules.outcome(outcome, number)
        risk.status, risk.closed_at = "closed", caller.now
        risk.reviewed_at = risk.updated_at = caller.now
        store.schedule_review(session, risk, caller.now)
        return Changed(risk)


def mark_reviewed(caller: Caller, number: int) -> Changed:
    """"Still right": the assessment stands, and that is a review too."""
    admin = _admin_unless_own(caller, number)
    with caller.writing() as session:
        risk = store.changeable(session, caller.team_id, number, caller.user_id, admin)
        risk.reviewed_at = risk.updated_at = caller.now
        return Changed(risk)


def acknowledge(caller: Caller, number: int) -> Changed:
    """A manager has seen the escalation. The first acknowledgement stands; the creator is told."""
    _know_around(caller, number=number)
    admin = admins.as_manager(caller)
    with caller.writing() as session:
        if not roles.is_manager(session, caller.team_id, caller.user_id, is_admin=admin):
            raise UserError("risk.ack_not_allowed", number=number)
        risk = store.get(session, caller.team_id, number)
        if risk.acknowledged_by is not None:
            return Changed(risk)
        risk.acknowledged_by, risk.acknowledged_at, risk.updated_at = caller.user_id, caller.now, caller.now
        told = notify.tell(session, caller.team_id, [notices.acknowledged(risk, caller.user_id, caller.now)],
                           caller.now, skip=caller.user_id)
        return Changed(risk, told=told)


# ---- telling ----------------------------------------------------------------------------------------------------

def _know_around(caller: Caller, *also: str | None, number: int | None = None) -> None:
    """Refresh the profiles of everyone this change may write to: the people named, the managers, and the risk's
    creator and owner."""
    with caller.reading() as session:
        around = store.people_around(session, caller.team_id, number)
    caller.know([*also, *around])


def _tell_new_owner(session: Session, caller: Caller, risk: Risk) -> tuple[str, ...]:
    return notify.tell(session, caller.team_id, [notices.new_owner(risk, caller.user_id, caller.now)], caller.now,
                       skip=caller.user_id)


def _escalate(session: Session, caller: Caller, changed: Changed, *, raised: bool) -> Changed:
    """DM every manager concerned about a new high or critical risk, or one `raised` into that band — a manager who
    raised it too, as they may acknowledge it like any other. A new escalation needs a new acknowledgement."""
    risk = changed.risk
    managers = store.managers_for(session, caller.team_id, risk.category)
    if not managers:
        return replace(changed, nobody_to_tell=True)
    risk.escalated_at, risk.acknowledged_by, risk.acknowledged_at = caller.now, None, None
    escalated = notify.tell(session, caller.team_id, [
        notices.escalation(risk, manager, caller.user_id, caller.now, raised=raised) for manager in managers],
        caller.now)
    return replace(changed, escalated_to=escalated, told=tuple(dict.fromkeys([*changed.told, *escalated])))


def _admin_unless_own(caller: Caller, number: int) -> bool:
    """The caller's admin flag, confirmed with Slack only when being an admin is what would let them change risk
    `number` (it is not theirs and they hold no manager role)."""

    def allowed_anyway(session: Session) -> bool:
        risk = store.find(session, caller.team_id, number)
        return risk is None or caller.user_id in (risk.creator_id, risk.owner_id) or roles.is_manager(
            session, caller.team_id, caller.user_id)

    return admins.confirmed(caller, unless=allowed_anyway)
