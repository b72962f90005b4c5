"""What people are told about a task, and by whom: each notice is the task's card under a headline in the reader's
own language and zone. Every path that creates or changes a task (the command, a DM, a mention, a modal, a standup
blocker, a retro action) tells people through these functions, so the wording and the once-only keys never drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import notify
from bot.core.i18n import t
from bot.core.mrkdwn import mention
from bot.core.notify import Notice
from bot.core.people import Person
from bot.tasks import views
from storage.models import Task


def about(task: Task, to: str, key: str, actor_id: str, now: datetime, *, dedupe_key: str | None = None,
          values: dict[str, object] | None = None) -> Notice:
    """`key` (a headline with {actor} and {number}) over the task's card, for `to`."""

    def render(reader: Person) -> notify.Rendered:
        headline = t(key, reader.locale, actor=mention(actor_id), creator=mention(actor_id), number=task.number,
                     **(values or {}))
        return views.task_card(task, now, reader.tz, reader.locale, headline=headline)

    return Notice(to, render, dedupe_key=dedupe_key)


def tell(session: Session, task: Task, recipients: Iterable[str], key: str, actor_id: str, now: datetime,
         values: dict[str, object] | None = None) -> tuple[str, ...]:
    """Tell each recipient (never the actor) about a change to `task`; `values` fill the headline."""
    notices = [about(task, user, key, actor_id, now, values=values) for user in recipients]
    return notify.tell(session, task.team_id, notices, now, skip=actor_id)


def tell_new_owner(session: Session, task: Task, actor_id: str, now: datetime, *,
                   key: str = "task.assigned_to_you") -> tuple[str, ...]:
    """"@alice gave you a task": once per task and owner, whichever path created it (`key` says how it came about,
    e.g. from a standup blocker)."""
    if not task.owner_id:
        return ()
    notice = about(task, task.owner_id, key, actor_id, now, dedupe_key=f"task:{task.id}:assigned:{task.owner_id}")
    return notify.tell(session, task.team_id, [notice], now, skip=actor_id)


def card_to(session: Session, task: Task, user_id: str, headline_key: str, now: datetime, **values: object) -> None:
    """The task's card in someone's DM (a modal has no reply of its own, so its submitter gets one here)."""

    def render(reader: Person) -> notify.Rendered:
        return views.task_card(task, now, reader.tz, reader.locale,
                               headline=t(headline_key, reader.locale, number=task.number, **values))

    notify.tell(session, task.team_id, [Notice(user_id, render)], now)
