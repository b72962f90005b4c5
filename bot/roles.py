"""Roles and who holds them. Managers are PMs and ops managers; Slack workspace admins may act as managers too."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Role

PM, OPS, MEMBER = "pm", "ops", "member"
MANAGER_ROLES = (PM, OPS)


def holders(session: Session, team_id: str, *roles: str) -> list[str]:
    """User ids holding any of `roles`, in a stable order."""
    return list(session.scalars(select(Role.user_id).where(Role.team_id == team_id, Role.role.in_(roles))
                                .distinct().order_by(Role.user_id)))


def roles_of(session: Session, team_id: str, user_id: str) -> set[str]:
    return set(session.scalars(select(Role.role).where(Role.team_id == team_id, Role.user_id == user_id)))


def is_manager(session: Session, team_id: str, user_id: str, *, is_admin: bool = False) -> bool:
    return is_admin or bool(roles_of(session, team_id, user_id) & set(MANAGER_ROLES))
