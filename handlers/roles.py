"""`/role @user pm|ops|member`, `/role remove @user pm`, `/role list`, `/role` (yours and what each role does)."""

from __future__ import annotations

from typing import Any

from bot.core import outbox, people
from bot.core.errors import UserError
from bot.core.i18n import t
from bot.core.mrkdwn import escape, mention
from bot.core.tokens import USER as USER_MENTION
from bot.digest import service as digest
from bot.roles import rules as role_rules
from bot.roles import store as roles
from handlers.legacy_kit import Ctx, ephemeral, is_help, split_command


def register(app) -> None:  # noqa: ANN001
    app.command("/role")(role_command)


def role_command(ack, command, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    text = command.get("text") or ""
    word, rest = split_command(text)
    if word == "":
        return ack(**_mine(ctx))
    if is_help(word):
        return ack(**ephemeral(ctx.t("help.role")))
    if word == "list":
        return ack(**_list(ctx))
    remove = word in ("remove", "rm", "revoke", "移除", "删除")
    ack(**_change(ctx, rest if remove else text, remove=remove))


def _change(ctx: Ctx, text: str, *, remove: bool) -> dict[str, Any]:
    users = list(dict.fromkeys(USER_MENTION.findall(text)))
    words = [w for w in USER_MENTION.sub(" ", text).split() if w]
    wanted = [role_rules.role_named(w) for w in words]
    if not users or not words or None in wanted:
        unknown = [escape(w) for w, r in zip(words, wanted, strict=True) if r is None]
        key = "role.unknown_role" if unknown else "role.usage"
        return ephemeral(ctx.t(key, words=", ".join(unknown)) + "\n" + ctx.t("help.role"))
    now = ctx.now()
    ctx.know(users)
    lines = []
    try:
        with ctx.rt.db.session() as session:
            for user_id in users:
                for role in dict.fromkeys(wanted):
                    if remove:
                        changed = roles.revoke(session, ctx.team_id, ctx.user_id, user_id, role,
                                               actor_is_admin=ctx.person.is_admin)
                        key = "role.removed" if changed else "role.did_not_have"
                    else:
                        changed = roles.grant(session, ctx.team_id, ctx.user_id, user_id, role, now,
                                              actor_is_admin=ctx.person.is_admin)
                        key = "role.granted" if changed else "role.already_has"
                    lines.append(ctx.t(key, who=mention(user_id), role=ctx.t(f"role.name.{role}")))
                    if changed and user_id != ctx.user_id:
                        locale = people.stored(session, ctx.team_id, user_id).locale
                        dm_key = "role.removed_dm" if remove else "role.granted_dm"
                        outbox.post(session, ctx.team_id, user_id, t(dm_key, locale, actor=mention(ctx.user_id),
                                    role=t(f"role.name.{role}", locale), duties=t(f"role.duties.{role}", locale)), now)
            digest.plan(session, ctx.team_id, now)  # a new manager gets the next digest
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    return ephemeral("\n".join(lines))


def _mine(ctx: Ctx) -> dict[str, Any]:
    with ctx.rt.db.session(read_only=True) as session:
        mine = roles.roles_of(session, ctx.team_id, ctx.user_id)
    names = ", ".join(ctx.t(f"role.name.{r}") for r in role_rules.ROLES if r in mine) or ctx.t("role.none")
    if ctx.person.is_admin:
        names += " · " + ctx.t("role.admin")
    duties = "\n".join(f"• *{ctx.t(f'role.name.{r}')}* — {ctx.t(f'role.duties.{r}')}" for r in role_rules.ROLES)
    return ephemeral(ctx.t("role.yours", roles=names) + "\n" + duties + "\n" + ctx.t("role.how"))


def _list(ctx: Ctx) -> dict[str, Any]:
    with ctx.rt.db.session(read_only=True) as session:
        everyone = roles.everyone(session, ctx.team_id)
    if not everyone:
        return ephemeral(ctx.t("role.list_empty"))
    lines = []
    for role in role_rules.ROLES:
        people_with = [mention(u) for u, held in sorted(everyone.items()) if role in held]
        if people_with:
            lines.append(f"*{ctx.t(f'role.name.{role}')}*: " + ", ".join(people_with))
    return ephemeral("\n".join(lines))
