"""Workspace admins' rights, confirmed with Slack at the moment they are used.

A person's admin flag comes with their cached profile (bot.core.people, up to ten minutes old). That is fine for a
language or a zone, not for a right: a just-demoted admin could still grant roles or purge the workspace. So when
being a workspace admin is what allows an action, Slack is asked again (`users.info`, bypassing the cache) before
the write transaction, and the answer — not the cache — decides. When Slack cannot answer, the action is refused
with a message saying so rather than allowed on a stale flag.

Slack is asked only when the cached profile says "admin": a stale "not an admin" can only refuse, never grant, and
heals with the next refresh. And not when something else already allows the action (a role, being the creator):
`unless` says what.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.core.caller import Caller
from bot.core.errors import UserError
from bot.roles import store


def confirmed(caller: Caller, *, unless: Callable[[Session], bool] | None = None) -> bool:
    """Whether the caller is a workspace admin, as Slack says now. `unless(session)`: whether the caller may act
    anyway; then Slack is not asked and the answer is False, as the admin flag decides nothing. Raises the UserError
    "could not confirm" when Slack does not answer for someone the cache calls an admin."""
    if not caller.is_admin:
        return False
    if unless is not None:
        with caller.reading() as session:
            if unless(session):
                return False
    person = caller.env.people.fresh(caller.env.db, caller.team_id, caller.user_id, caller.now)
    if person is None:
        raise UserError("role.admin_unconfirmed")
    return person.is_admin


def as_manager(caller: Caller) -> bool:
    """The admin flag for a managers-only action: Slack is not asked when the caller's role makes them a manager."""
    return confirmed(caller, unless=lambda session: store.is_manager(session, caller.team_id, caller.user_id))
