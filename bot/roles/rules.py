"""Roles and who is told about what, on plain values.

Managers are PMs and ops managers. Slack workspace admins and owners may always act as managers (that is how the
first PM is named); PMs may grant and remove roles too. Responsibilities drive routing: PMs get task blocks,
change requests and high risks; ops managers get feedback and operational risks; both get the weekly digest.
"""

from __future__ import annotations

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


def may_change_roles(*, actor_is_admin: bool, actor_is_pm: bool) -> bool:
    """Workspace admins and owners, and PMs."""
    return actor_is_admin or actor_is_pm
