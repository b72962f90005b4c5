"""What people are told about a risk: each notice is the risk's card under a headline in the reader's own language
and zone. The service decides who is told; the wording and the once-only keys live here, so they never drift.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.core.i18n import t
from bot.core.mrkdwn import epoch, mention
from bot.core.notify import Notice, Rendered
from bot.core.people import Person
from bot.risks import views
from storage.models import Reminder, Risk


def escalation(risk: Risk, manager_id: str, actor_id: str, now: datetime, *, raised: bool) -> Notice:
    """A high or critical risk, new or `raised` into that band, with Acknowledge; each escalation is news."""

    def render(reader: Person) -> Rendered:
        key = "risk.escalation.raised" if raised else "risk.escalation.new"
        headline = t(key, reader.locale, actor=mention(actor_id), band=views.band_word(risk.score, reader.locale),
                     number=risk.number)
        return views.escalation(risk, reader.tz, reader.locale, headline=headline)

    return Notice(manager_id, render, dedupe_key=f"risk:{risk.id}:escalation:{epoch(now)}:{manager_id}")


def new_owner(risk: Risk, actor_id: str, now: datetime) -> Notice:
    assert risk.owner_id is not None

    def render(reader: Person) -> Rendered:
        headline = t("risk.owner_told", reader.locale, actor=mention(actor_id))
        return views.card(risk, reader.tz, reader.locale, headline=headline)

    return Notice(risk.owner_id, render, dedupe_key=f"risk:{risk.id}:owner:{risk.owner_id}:{epoch(now)}")


def acknowledged(risk: Risk, manager_id: str, now: datetime) -> Notice:
    """The creator hears that a manager has seen their escalated risk."""

    def render(reader: Person) -> Rendered:
        headline = t("risk.ack_told", reader.locale, who=mention(manager_id), number=risk.number)
        return views.card(risk, reader.tz, reader.locale, headline=headline)

    return Notice(risk.creator_id, render, dedupe_key=f"risk:{risk.id}:ack:{epoch(now)}")


def recorded(risk: Risk, to: str, escalated_to: Sequence[str], nobody_to_tell: bool) -> Notice:
    """The card of a risk just recorded, for its creator: a form has no reply of its own."""

    def render(reader: Person) -> Rendered:
        notes = views.escalation_notes(risk, escalated_to, nobody_to_tell, reader.locale)
        return views.card(risk, reader.tz, reader.locale, headline=t("risk.created", reader.locale), notes=notes)

    return Notice(to, render)


def review_due(risk: Risk, reminder: Reminder, *, late: bool) -> Notice:
    """The owner's reminder on the review date, with "Still right"."""
    assert risk.owner_id is not None

    def render(reader: Person) -> Rendered:
        headline = t("risk.review_due", reader.locale, number=risk.number)
        if late:
            headline += " " + t("reminder.late", reader.locale)
        return views.review_reminder(risk, reader.tz, reader.locale, headline=headline)

    return Notice(risk.owner_id, render, dedupe_key=f"reminder:{reminder.id}")
