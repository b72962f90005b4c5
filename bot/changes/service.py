"""Change requests: someone asks for a change (what, why, its impact), a project manager approves or rejects it.

Every function takes plain values and the caller's session and scopes every query by `team_id`. The rules live
here, not in the handlers: only a PM may decide (`decidable`), the first decision wins (a conditional UPDATE, so
two PMs deciding at once cannot both succeed), a rejection needs a reason. The people concerned are told through
the outbox in the same transaction: the PMs when a request is filed, the requester when it is decided, and the
channel it came from when it is approved. Their language and zone are what we last heard from Slack
(`people.stored`), so callers fetch fresh profiles before they open the write transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.changes import views
from bot.core import outbox, people
from bot.core.errors import UserError
from bot.core.mrkdwn import date_token, mention
from bot.core.numbers import next_number
from bot.roles import store as roles
from storage.models import ChangeRequest

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
SCOPES = ("pending", "all")
MAX_TEXT = 3000
MAX_IMPACT = 3000
MAX_REASON = 3000

# `impact:` / `Impact：` / `影响：` anywhere (the first one wins); else the bare word `impact` (the last one that has
# words on both sides). Chinese needs the colon: 影响 is an everyday verb.
_IMPACT_COLON = re.compile(r"(?<![\w-])impact\s*[:：]|影响\s*[:：]", re.I)
_IMPACT_WORD = re.compile(r"(?<![\w-])impact(?![\w-])", re.I)
_TRIM = " \t\r\n-–—:：,;，；"


@dataclass(frozen=True)
class Filed:
    change: ChangeRequest
    approvers: tuple[str, ...]  # the PMs told; empty when nobody can approve yet


@dataclass(frozen=True)
class Listing:
    changes: list[ChangeRequest]
    total: int


# ---- reading ----------------------------------------------------------------------------------------------------

def parse_request(text: str) -> tuple[str, str]:
    """`Move the deploy window to Thursday impact: on-call moves` → (what and why, impact)."""
    match = _IMPACT_COLON.search(text)
    if match is None:
        words = [m for m in _IMPACT_WORD.finditer(text)
                 if text[:m.start()].strip(_TRIM) and text[m.end():].strip(_TRIM)]
        match = words[-1] if words else None
    if match is None:
        return text.strip(), ""
    return text[:match.start()].strip(_TRIM), text[match.end():].strip(_TRIM)


def find(session: Session, team_id: str, number: int) -> ChangeRequest | None:
    return session.scalar(select(ChangeRequest).where(ChangeRequest.team_id == team_id,
                                                      ChangeRequest.number == number))


def get(session: Session, team_id: str, number: int) -> ChangeRequest:
    change = find(session, team_id, number)
    if change is None:
        raise UserError("change.not_found", number=number)
    return change


def listing(session: Session, team_id: str, *, scope: str = "pending", limit: int = views.LIST_LIMIT) -> Listing:
    """`pending` or `all` change requests, newest first, at most `limit`, with how many there are in all."""
    where = [ChangeRequest.team_id == team_id]
    if scope == "pending":
        where.append(ChangeRequest.status == PENDING)
    total = session.scalar(select(func.count()).select_from(ChangeRequest).where(*where)) or 0
    found = session.scalars(select(ChangeRequest).where(*where).order_by(ChangeRequest.number.desc()).limit(limit))
    return Listing(list(found), total)


def approvers(session: Session, team_id: str) -> list[str]:
    """Who decides change requests: the project managers (see bot.role_rules.ROUTES)."""
    return roles.recipients(session, team_id, "change")


# ---- filing -----------------------------------------------------------------------------------------------------

def create(session: Session, team_id: str, requester_id: str, text: str, now: datetime, *,
           channel_id: str | None, impact: str = "") -> Filed:
    """Store a pending change request and DM each project manager a card with Approve / Reject, in their own
    language and zone. With no PM named it is stored all the same, and `approvers` is empty."""
    text, impact = text.strip(), impact.strip()
    if not text:
        raise UserError("change.no_text")
    if len(text) > MAX_TEXT:
        raise UserError("change.too_long", limit=MAX_TEXT, length=len(text))
    if len(impact) > MAX_IMPACT:
        raise UserError("change.impact_too_long", limit=MAX_IMPACT, length=len(impact))
    change = ChangeRequest(team_id=team_id, number=next_number(session, team_id, "change"), text=text,
                           impact=impact, requester_id=requester_id, channel_id=channel_id, status=PENDING,
                           created_at=now)
    session.add(change)
    session.flush()
    told = approvers(session, team_id)
    for user_id in told:
        person = people.stored(session, team_id, user_id)
        message, blocks = views.for_approver(change, person.locale, person.tz)
        outbox.post(session, team_id, user_id, message, now, blocks=blocks,
                    dedupe_key=f"change:{change.id}:review:{user_id}")
    return Filed(change, tuple(told))


def create_from_text(session: Session, team_id: str, requester_id: str, text: str, now: datetime, *,
                     channel_id: str | None) -> Filed:
    """`<what and why> [impact …]` as one plain text (the command, the console)."""
    what, impact = parse_request(text)
    return create(session, team_id, requester_id, what, now, channel_id=channel_id, impact=impact)


# ---- deciding ---------------------------------------------------------------------------------------------------

def decidable(session: Session, team_id: str, number: int, actor_id: str) -> ChangeRequest:
    """The change request `actor_id` may decide now, or the UserError saying why not: there is no such request
    here, they are not a project manager, or it was already decided (by whom, when)."""
    change = get(session, team_id, number)
    if not roles.is_pm(session, team_id, actor_id):
        raise UserError("change.not_pm", number=number)
    if change.status != PENDING:
        raise already_decided(change)
    return change


def already_decided(change: ChangeRequest) -> UserError:
    return UserError(f"change.already_{change.status}", number=change.number, who=mention(change.decided_by),
                     when=date_token(change.decided_at) if change.decided_at else "—")


def decide(session: Session, team_id: str, number: int, actor_id: str, approve: bool, reason: str,
           now: datetime) -> ChangeRequest:
    """Record a PM's decision with who, when and why; the first decision wins. The requester is told by DM (unless
    they decided it themselves) and an approved change is announced in the channel it was requested in (not in a
    DM: operations do not read it there, and the requester is told anyway)."""
    reason = reason.strip()
    change = decidable(session, team_id, number, actor_id)
    if not approve and not reason:
        raise UserError("change.reason_required", number=number)
    if len(reason) > MAX_REASON:
        raise UserError("change.reason_too_long", limit=MAX_REASON, length=len(reason))
    status = APPROVED if approve else REJECTED
    won = session.execute(
        update(ChangeRequest)
        .where(ChangeRequest.id == change.id, ChangeRequest.team_id == team_id, ChangeRequest.status == PENDING)
        .values(status=status, decided_by=actor_id, decided_at=now, reason=reason or None)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(change)
    if won != 1:  # another PM's decision committed first
        raise already_decided(change)
    if change.requester_id != actor_id:
        requester = people.stored(session, team_id, change.requester_id)
        message, blocks = views.for_requester(change, requester.locale, requester.tz)
        outbox.post(session, team_id, change.requester_id, message, now, blocks=blocks,
                    dedupe_key=f"change:{change.id}:decided")
    if status == APPROVED and change.channel_id and not change.channel_id.startswith("D"):  # a DM is no channel
        requester = people.stored(session, team_id, change.requester_id)  # the channel reads the requester's
        message, blocks = views.announcement(change, requester.locale, requester.tz)
        outbox.post(session, team_id, change.channel_id, message, now, blocks=blocks,
                    dedupe_key=f"change:{change.id}:announced")
    return change
