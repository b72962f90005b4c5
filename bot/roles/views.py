"""What `/role` shows: the asker's roles with what each role does, everyone's roles, the outcome of a change, and
the DM a person gets when their role changes (in their own language)."""

from __future__ import annotations

from bot.core import notify
from bot.core.i18n import t
from bot.core.mrkdwn import mention
from bot.core.people import Person
from bot.roles.rules import ROLES

CHANGE_KEYS = {(False, True): "role.granted", (False, False): "role.already_has",
               (True, True): "role.removed", (True, False): "role.did_not_have"}  # (removing, changed) -> key


def role_name(role: str, locale: str) -> str:
    return t(f"role.name.{role}", locale)


def mine(held: frozenset[str], is_admin: bool, locale: str) -> str:
    names = ", ".join(role_name(role, locale) for role in ROLES if role in held) or t("role.none", locale)
    if is_admin:
        names += " · " + t("role.admin", locale)
    duties = "\n".join(f"• *{role_name(role, locale)}* — {t(f'role.duties.{role}', locale)}" for role in ROLES)
    return t("role.yours", locale, roles=names) + "\n" + duties + "\n" + t("role.how", locale)


def everyone(held_by: dict[str, frozenset[str]], locale: str) -> str:
    """Each role and who holds it."""
    if not held_by:
        return t("role.list_empty", locale)
    lines = []
    for role in ROLES:
        holders = [mention(user_id) for user_id, held in sorted(held_by.items()) if role in held]
        if holders:
            lines.append(f"*{role_name(role, locale)}*: " + ", ".join(holders))
    return "\n".join(lines)


def outcome(user_id: str, role: str, *, removing: bool, changed: bool, locale: str) -> str:
    """`@bob is now project manager.` / `@bob already is …` / `… is no longer …` / `… was not …`"""
    return t(CHANGE_KEYS[(removing, changed)], locale, who=mention(user_id), role=role_name(role, locale))


def role_dm(role: str, actor_id: str, *, removed: bool) -> notify.Render:
    """The DM to someone whose role changed: who did it, and (for a new role) what it means."""

    def render(reader: Person) -> notify.Rendered:
        key = "role.removed_dm" if removed else "role.granted_dm"
        return t(key, reader.locale, actor=mention(actor_id), role=role_name(role, reader.locale),
                 duties=t(f"role.duties.{role}", reader.locale)), None

    return render
