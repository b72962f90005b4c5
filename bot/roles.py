"""Roles, who holds them, who may grant them, and who is told about what.

Managers are PMs and ops managers. Slack workspace admins and owners may always act as managers (that is how the
first PM is named); PMs may grant and remove roles too. Responsibilities drive routing: PMs get task blocks,
change requests and high risks; ops managers get feedback and operational risks; both get the weekly digest.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.errors import UserError
from storage.models import Role

PM, OPS, MEMBER = "pm", "ops", "member"
ROLES = (PM, OPS, MEMBER)
MANAGER_ROLES = (PM, OPS)
ALIASES = {
    "pm": PM, "project-manager": PM, "projectmanager": PM, "manager": PM, "项目经理": PM, "pm经理": PM,
    "ops": OPS, "operations": OPS, "operations-manager": OPS, "opsmanager": OPS, "运营经理": OPS, "运营": OPS,
    "member": MEMBER, "成员": MEMBER, "组员": MEMBER,
}
# who is told about what
ROUTES: dict[str, tuple[str, ...]] = {
    "task.blocked": (PM,),
    "change": (PM,),
    "risk": (PM,),
    "risk.operational": (PM, OPS),
    "feedback": (OPS,),
    "digest": (PM, OPS),
}


def role_named(word: str) -> str | None:
    return ALIASES.get(word.strip().lower())


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
    """Who is told about `topic` (see ROUTES). Feedback goes to the PMs when no ops manager is named."""
    people = holders(session, team_id, *ROUTES[topic])
    if not people and topic == "feedback":
        people = holders(session, team_id, PM)
    return people


def require_manager(session: Session, team_id: str, user_id: str, *, is_admin: bool, key: str) -> None:
    """The permission check for manager-only actions, in the core (handlers cannot forget it)."""
    if not is_manager(session, team_id, user_id, is_admin=is_admin):
        raise UserError(key)


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
    removed = session.execute(delete(Role).where(Role.team_id == team_id, Role.user_id == user_id,
                                                 Role.role == role)).rowcount
    return bool(removed)


def everyone(session: Session, team_id: str) -> dict[str, set[str]]:
    """Every person with a role, and their roles."""
    found: dict[str, set[str]] = defaultdict(set)
    for user_id, role in session.execute(select(Role.user_id, Role.role).where(Role.team_id == team_id)):
        found[user_id].add(role)
    return dict(found)


def _may_change_roles(session: Session, team_id: str, actor_id: str, actor_is_admin: bool) -> None:
    if not (actor_is_admin or is_pm(session, team_id, actor_id)):
        raise UserError("role.not_allowed")
