"""What the clock does for risks: the owner's reminder on the review date, at 09:00 in their own zone for a day (a
claimed `risk.review` row, so it is sent once however many clocks run). A reminder whose risk has since been closed,
handed on or given another date is obsolete: the row that matches the risk now is the one that speaks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import notify, reminders
from bot.risks import notices, store
from storage.models import Reminder, Risk


@reminders.kind("risk.review")
def remind_review(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    risk = session.get(Risk, reminder.subject_id)
    if risk is None or risk.team_id != reminder.team_id or risk.status != "open" or risk.review_at is None \
            or risk.owner_id != reminder.recipient_id or reminder.dedupe_key != store.review_key(risk):
        return "obsolete"
    notify.tell(session, risk.team_id, [notices.review_due(risk, reminder, late=late)], now)
    return None
