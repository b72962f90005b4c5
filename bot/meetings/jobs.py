"""What the clock does for meetings: before each occurrence, post the reminder to the meeting's channel with its
agenda and a thread for notes, record the occurrence as held, clear the agenda items it showed and plan the next
one — all in the clock's claiming transaction, so it happens once however many clocks run. Items a reminder could
not show (more than one message holds: only agendas filled before the limit existed) stay for the next one, never
cleared unseen. An occurrence every clock slept through is recorded as missed and the chain goes on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import notify, reminders
from bot.core.notify import Notice
from bot.meetings import rules, store, views
from storage.models import Meeting, Reminder


def _current(session: Session, reminder: Reminder) -> Meeting | None:
    """The meeting this reminder is still for, or None (cancelled, ended, or the occurrence skipped or moved)."""
    meeting = session.get(Meeting, reminder.subject_id)
    if meeting is None or meeting.status != rules.ACTIVE or meeting.next_at is None:
        return None
    if reminder.dedupe_key != rules.reminder_key(meeting.id, meeting.next_at):
        return None
    return meeting


def _missed(session: Session, reminder: Reminder, now: datetime) -> None:
    """Every clock was down past the grace period: record it, keep the agenda, and go on with the next one."""
    meeting = _current(session, reminder)
    if meeting is None:
        return
    assert meeting.next_at is not None
    store.record(session, meeting, meeting.next_at, rules.MISSED)
    store.advance(meeting, max(meeting.next_at, now))
    session.flush()
    store.schedule(session, meeting)


@reminders.kind(store.REMINDER, on_skip=_missed)
def remind(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    """Post the reminder to the meeting's channel with its agenda and a notes thread, then move to the next."""
    meeting = _current(session, reminder)
    if meeting is None:
        return "obsolete"
    assert meeting.next_at is not None
    items = store.agenda(session, meeting)
    agenda = views.agenda_layout(items)
    notify.tell(session, meeting.team_id, [Notice(
        meeting.channel_id, lambda reader: views.reminder(meeting, agenda, reader.locale, late=late),
        dedupe_key=f"reminder:{reminder.id}", thread_key="meeting.notes_thread",
        reader_id=meeting.creator_id)], now)  # the channel reads its creator's language
    for item in items[:agenda.shown]:
        item.used_at = now
    store.record(session, meeting, meeting.next_at, rules.HELD)
    store.advance(meeting, meeting.next_at)
    session.flush()
    store.schedule(session, meeting)
    return None
