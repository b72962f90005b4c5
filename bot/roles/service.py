"""`/role`, one unit of work per call: grant and remove roles (workspace admins and PMs only), the caller's roles,
everyone's roles. An admin's right to change roles is confirmed with Slack first (bot.roles.admins), since a cached
admin flag may belong to someone just demoted.

A change tells each person whose role changed by DM (never the person who made it: they see it in their reply),
and plans the digest again so a new manager gets the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import notify
from bot.core.caller import Caller
from bot.core.notify import Notice
from bot.digest import store as digest
from bot.roles import admins, store, views


@dataclass(frozen=True)
class Outcome:
    user_id: str
    role: str
    changed: bool  # False: they already had it (granting) or did not have it (removing)


@dataclass(frozen=True)
class Changed:
    outcomes: tuple[Outcome, ...]
    removed: bool
    told: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mine:
    roles: frozenset[str]
    is_admin: bool  # a workspace admin may act as a manager and grant roles whatever their roles


def grant(caller: Caller, user_ids: tuple[str, ...], roles: tuple[str, ...]) -> Changed:
    return _change(caller, user_ids, roles, removing=False)


def revoke(caller: Caller, user_ids: tuple[str, ...], roles: tuple[str, ...]) -> Changed:
    return _change(caller, user_ids, roles, removing=True)


def _change(caller: Caller, user_ids: tuple[str, ...], roles: tuple[str, ...], *, removing: bool) -> Changed:
    """Every person × every role; who may is checked by bot.roles.store (a refusal changes nothing at all)."""
    caller.know(user_ids)
    admin = admins.confirmed(caller, unless=lambda session: store.is_pm(session, caller.team_id, caller.user_id))
    with caller.writing() as session:
        outcomes = []
        for user_id in user_ids:
            for role in roles:
                if removing:
                    changed = store.revoke(session, caller.team_id, caller.user_id, user_id, role,
                                           actor_is_admin=admin)
                else:
                    changed = store.grant(session, caller.team_id, caller.user_id, user_id, role, caller.now,
                                          actor_is_admin=admin)
                outcomes.append(Outcome(user_id, role, changed))
        notices = [Notice(o.user_id, views.role_dm(o.role, caller.user_id, removed=removing))
                   for o in outcomes if o.changed]
        told = notify.tell(session, caller.team_id, notices, caller.now, skip=caller.user_id)
        digest.plan(session, caller.team_id, caller.now)
    return Changed(tuple(outcomes), removing, told)


def mine(caller: Caller) -> Mine:
    with caller.reading() as session:
        return Mine(frozenset(store.roles_of(session, caller.team_id, caller.user_id)), caller.is_admin)


def everyone(caller: Caller) -> dict[str, frozenset[str]]:
    """Every person with a role in the caller's workspace, and their roles."""
    with caller.reading() as session:
        return {user_id: frozenset(held) for user_id, held in store.everyone(session, caller.team_id).items()}
