"""Change requests, one unit of work per call: someone asks for a change (what, why, its impact), a project manager
approves or rejects it.

Each public function takes a `Caller`, opens its own transaction, applies bot.changes.rules and tells the people
concerned through the outbox (bot.changes.notices): the PMs when a request is filed, the requester when it is
decided, and the channel it came from when it is approved. Their profiles are refreshed before the write
transaction, so each reads it in their own language and zone with no network call under the write lock. Only a PM
may decide, and the first decision wins: a later one changes nothing and says who was quicker.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.changes import notices, rules, store
from bot.changes.parse import parse_request
from bot.changes.store import Listing
from bot.core import notify
from bot.core.caller import Caller
from storage.models import ChangeRequest


@dataclass(frozen=True)
class Filed:
    change: ChangeRequest
    approvers: tuple[str, ...]  # the PMs told; empty when nobody can approve yet


@dataclass(frozen=True)
class Decided:
    """The request as it now stands. `first`: this decision is the one recorded; otherwise someone decided it
    before (the request shows who and when) and nothing changed."""

    change: ChangeRequest
    first: bool
    told: tuple[str, ...] = ()


def file_request(caller: Caller, text: str) -> Filed:
    """`<what and why> [impact: …]`, kept as pending even with no PM named yet (`approvers` is empty then)."""
    what, impact = rules.request(*parse_request(text))
    with caller.reading() as session:
        approvers = store.approvers(session, caller.team_id)
    caller.know(approvers)
    with caller.writing() as session:
        change = store.add(session, caller.team_id, caller.user_id, what, impact, caller.now,
                           channel_id=caller.channel_id)
        told = notify.tell(session, caller.team_id, [
            notices.to_approver(change, approver) for approver in store.approvers(session, caller.team_id)],
            caller.now)
    return Filed(change, told)


def listing(caller: Caller, scope: str) -> Listing:
    with caller.reading() as session:
        return store.listing(session, caller.team_id, scope=scope)


def for_decider(caller: Caller, number: int) -> ChangeRequest:
    """What a PM's Approve / Reject button is about to decide: a UserError when the caller may not decide it."""
    with caller.reading() as session:
        return store.for_decider(session, caller.team_id, number, caller.user_id)


def decide(caller: Caller, number: int, approve: bool, reason: str) -> Decided:
    """Record the caller's decision with who, when and why; the requester is told (unless they decided it
    themselves) and an approved change is announced in the channel it was asked for in."""
    with caller.reading() as session:
        change = store.find(session, caller.team_id, number)
    caller.know([change.requester_id] if change else [])
    with caller.writing() as session:
        change = store.for_decider(session, caller.team_id, number, caller.user_id)
        if change.status != rules.PENDING:
            return Decided(change, first=False)
        reason = rules.reason(reason, approve=approve, number=number)
        if not store.record_decision(session, change, rules.decision(approve), caller.user_id, reason, caller.now):
            return Decided(change, first=False)  # another PM's decision committed first
        told = notify.tell(session, caller.team_id, notices.decided(change), caller.now, skip=caller.user_id)
        return Decided(change, first=True, told=told)
