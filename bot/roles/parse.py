"""Reading what people type after `/role`: the subcommand words, and who gets (or loses) which role."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import tokens
from bot.core.subcommands import Subcommands
from bot.roles.rules import role_named

SUBCOMMANDS = Subcommands({
    "list": ("列表", "清单"),
    "remove": ("rm", "revoke", "移除", "删除"),
})


@dataclass(frozen=True)
class RoleChange:
    """`@bob @carol pm ops`: the people (mentions) and the roles (every other word, by any of its names)."""

    user_ids: tuple[str, ...]
    roles: tuple[str, ...]
    unknown: tuple[str, ...] = ()  # words that name no role, as typed

    @property
    def problem(self) -> str | None:
        """The catalogue key saying what is missing, or None when the change can be made."""
        if self.unknown:
            return "role.unknown_role"
        if not self.user_ids or not self.roles:
            return "role.usage"
        return None


def role_change(text: str) -> RoleChange:
    words = tokens.without_users(text).split()
    named = [(word, role_named(word)) for word in words]
    return RoleChange(user_ids=tuple(tokens.users(text)),
                      roles=tuple(dict.fromkeys(role for _, role in named if role)),
                      unknown=tuple(word for word, role in named if role is None))
