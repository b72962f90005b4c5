"""Who holds which role, in the caller's session. Every feature that must know who is a manager, or who is told
about a topic, asks here; the permission checks live here too, so no handler can forget them. Where a check takes
`is_admin`, it is Slack's answer confirmed before the transaction (bot.roles.admins), never a cached flag."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.core.errors import UserError
from bot.roles.rules import MANAGER_ROLES, PM, ROUTES, may_change_roles
from storage.db import affected
from storage.models import Role


def holders(session: Session, team_id: str, *roles: str) -> list[str]:
    """User ids holding any of `roles`, in a stable order."""
    return list(session.scalars(select(Role.user_id).where(Role.team_id == team_id, Role.role.in_(roles))
                                .distinct().order_by(Role.user_id)))


def roles_of(session: Session, team_id: str, user_id: str) -> set[str]:
    return set(session.scalars(select(Role.role).where(Role.team_id == team_id, Role.user_id == user_id)))


def is_manager(session: Session, team_id: str, user_id: str, *, is_admin: bool = False) -> bool:
    return is_admin or bool(roles_of(session, team_id, user_id) & set(MANAGER_ROLES))


def is_pm(session: Session, team_id: str, user_id: str) -> bool:
    return PM in roles_of(session, team_id, user_id)


def recipients(session: Session, team_id: str, topic: str) -> list[str]:
    """Who is told about `topic` (see rules.ROUTES). Feedback goes to the PMs when no ops manager is named."""
    people = holders(session, team_id, *ROUTES[topic])
    if not people and topic == "feedback":
        people = holders(session, team_id, PM)
    return people


def require_manager(session: Session, team_id: str, user_id: str, *, is_admin: bool, key: str,
                    **values: object) -> None:
    """The permission check for manager-only actions, in the core (handlers cannot forget it); `key` and `values`
    are the refusal the person reads."""
    if not is_manager(session, team_id, user_id, is_admin=is_admin):
        raise UserError(key, **values)


def grant(session: Session, team_id: str, actor_id: str, user_id: str, role: str, now: datetime, *,
          actor_is_admin: bool) -> bool:
    """Give `role` to `user_id`; True if it is new. Only workspace admins/owners and PMs may."""
    _may_change_roles(session, team_id, actor_id, actor_is_admin)
    if role in roles_of(session, team_id, user_id):
        return False
    session.add(Role(team_id=team_id, user_id=user_id, role=role, granted_by=actor_id, granted_at=now))
    session.flush()
    return True


def revoke(session: Session, team_id: str, actor_id: str, user_id: str, role: str, *, actor_is_admin: bool) -> bool:
    """Take `role` from `user_id`; True if they had it."""
    _may_change_roles(session, team_id, actor_id, actor_is_admin)
    return affected(session, delete(Role).where(Role.team_id == team_id, Role.user_id == user_id,
                                                Role.role == role)) > 0


def everyone(session: Session, team_id: str) -> dict[str, set[str]]:
    """Every person with a role, and their roles."""
    found: dict[str, set[str]] = defaultdict(set)
    for user_id, role in session.execute(select(Role.user_id, Role.role).where(Role.team_id == team_id)):
        found[user_id].add(role)
    return dict(found)


def _may_change_roles(session: Session, team_id: str, actor_id: str, actor_is_admin: bool) -> None:
    if not may_change_roles(actor_is_admin=actor_is_admin, actor_is_pm=is_pm(session, team_id, actor_id)):
        raise UserError("role.not_allowed")
