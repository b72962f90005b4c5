"""What the clock does for retros: close a retro when its `until` comes and post the summary. The closing is a
claimed reminder row (bot.core.reminders), so it happens once however many clocks run; a retro closed by command
first, or whose `until` moved, makes it obsolete."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import reminders
from bot.retros import service, store
from storage.models import Reminder, Retro


def _close(session: Session, reminder: Reminder, now: datetime) -> str | None:
    retro = session.get(Retro, reminder.subject_id)
    if retro is None or retro.status != "open" or retro.until is None or reminder.dedupe_key != store.close_key(retro):
        return "obsolete"
    return None if service.finish(session, retro, now, automatic=True) is not None else "obsolete"


def _close_late(session: Session, reminder: Reminder, now: datetime) -> None:
    """Also when every clock was down past the grace period: a late summary is better than none."""
    _close(session, reminder, now)


@reminders.kind(store.CLOSE_KIND, on_skip=_close_late)
def close_on_time(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    return _close(session, reminder, now)
