"""The weekly digest for managers, one unit of work per call: send it now, preview it, and change when and where
it goes out. Every call is for managers (PMs, ops managers) and workspace admins; the check is here, in the same
transaction as what it guards, with an admin's status confirmed with Slack just before (bot.roles.admins).

The digest goes by DM to every manager at the team's digest time in *their own* zone (default Monday 09:00),
optionally also to a channel; bot.digest.store plans the deliveries and bot.digest.jobs makes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.caller import Caller
from bot.digest import delivery, kpi, rules, store
from bot.digest.parse import ChannelChoice, parse_schedule
from bot.digest.store import Change
from bot.roles import admins
from bot.roles import store as roles


@dataclass(frozen=True)
class Configured:
    """The team's digest after a change, and when the caller's next one arrives."""

    enabled: bool
    channel_id: str | None
    next_at: datetime


@dataclass(frozen=True)
class Sent:
    told: tuple[str, ...]


def send_now(caller: Caller) -> Sent:
    """The digest of the last seven days (up to this very moment) to the caller's DM."""
    admin = admins.as_manager(caller)
    with caller.writing() as session:
        _require_manager(session, caller, admin)
        delivery.send(session, caller.team_id, caller.user_id, kpi.including(caller.now), caller.tz, caller.locale,
                      caller.now)
    return Sent(told=(caller.user_id,))


def preview(caller: Caller) -> kpi.Report:
    """What the caller's digest would show now."""
    admin = admins.as_manager(caller)
    with caller.reading() as session:
        _require_manager(session, caller, admin)
        return delivery.report(session, caller.team_id, kpi.including(caller.now))


def schedule(caller: Caller, text: str) -> Configured:
    """`every Friday 4pm`: the team's delivery time, in each manager's own zone; it also turns the digest on."""
    rule = parse_schedule(text, now=caller.now, tz=caller.tz)
    return _configure(caller, Change(rule=rule, enabled=True))


def choose_channel(caller: Caller, choice: ChannelChoice) -> Configured:
    """Also post the digest in a channel (public or private), timed in the caller's zone; or in none any more."""
    if choice.channel_id is None:
        return _configure(caller, Change(clear_channel=True))
    return _configure(caller, Change(channel_id=choice.channel_id, channel_tz=caller.tz))


def turn(caller: Caller, *, on: bool) -> Configured:
    return _configure(caller, Change(enabled=on))


def _configure(caller: Caller, change: Change) -> Configured:
    admin = admins.as_manager(caller)
    with caller.writing() as session:
        _require_manager(session, caller, admin)
        ws = store.configure(session, caller.team_id, caller.now, change)
        next_at = rules.next_send(rules.rule_of(ws.digest_rule), caller.tz, caller.now)
        return Configured(enabled=ws.digest_enabled, channel_id=ws.digest_channel, next_at=next_at)


def _require_manager(session: Session, caller: Caller, admin: bool) -> None:
    """`admin`: the caller's workspace-admin status as Slack confirmed it (bot.roles.admins.as_manager)."""
    roles.require_manager(session, caller.team_id, caller.user_id, is_admin=admin, key="digest.managers_only")
