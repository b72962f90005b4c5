"""What people are told about a change request, each in their own language and zone: the project managers when it
is filed (with Approve / Reject), the requester when it is decided, and the channel it came from when it is approved
(written in the requester's language: it is their announcement). The once-only keys live here too.
"""

from __future__ import annotations

from bot.changes import rules, views
from bot.core.notify import Notice, Rendered
from bot.core.people import Person
from storage.models import ChangeRequest


def to_approver(change: ChangeRequest, approver_id: str) -> Notice:
    def render(reader: Person) -> Rendered:
        return views.for_approver(change, reader.locale, reader.tz)

    return Notice(approver_id, render, dedupe_key=f"change:{change.id}:review:{approver_id}")


def decided(change: ChangeRequest) -> list[Notice]:
    """The requester's DM, and the announcement of an approved change where it was asked for."""

    def for_requester(reader: Person) -> Rendered:
        return views.for_requester(change, reader.locale, reader.tz)

    def announcement(reader: Person) -> Rendered:
        return views.announcement(change, reader.locale, reader.tz)

    told = [Notice(change.requester_id, for_requester, dedupe_key=f"change:{change.id}:decided")]
    channel_id = rules.announced_in(change.status, change.channel_id)
    if channel_id:
        told.append(Notice(channel_id, announcement, dedupe_key=f"change:{change.id}:announced",
                           reader_id=change.requester_id))
    return told
