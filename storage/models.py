"""Typed models. Every row carries the Slack `team_id` it belongs to, and every query filters on it.

Times are stored as UTC (`UTCDateTime` hands back aware datetimes on every backend), ids shown to people are short
numbers per workspace drawn from `Counter`, never reused.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Annotated, Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out; naive datetimes are a bug and are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


When = Annotated[datetime, mapped_column(UTCDateTime())]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class Counter(Base):
    """Per-workspace sequences for the short ids people type (`#12`)."""

    __tablename__ = "counters"
    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class Workspace(Base):
    """Team-wide settings; a row appears the first time the team talks to us."""

    __tablename__ = "workspaces"
    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[When]
    default_due_time: Mapped[str] = mapped_column(String(5), default="17:00")
    reminder_lead_minutes: Mapped[int] = mapped_column(default=60)
    digest_enabled: Mapped[bool] = mapped_column(default=True, server_default="1")
    digest_rule: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # weekdays/hour/minute; None: Monday 09:00
    digest_channel: Mapped[str | None] = mapped_column(String(32))
    digest_channel_tz: Mapped[str | None] = mapped_column(String(64))
    workload_threshold: Mapped[int] = mapped_column(default=10, server_default="10")


class Member(Base):
    """What we know of a person from Slack (zone, locale, admin flags), cached so the clock can work offline."""

    __tablename__ = "members"
    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    tz: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str | None] = mapped_column(String(16))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_bot: Mapped[bool] = mapped_column(default=False)
    refreshed_at: Mapped[When]


class Role(Base):
    """Who is responsible for what: `pm` (project manager), `ops` (operations manager), `member`."""

    __tablename__ = "roles"
    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    granted_by: Mapped[str | None] = mapped_column(String(32))
    granted_at: Mapped[When]


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("team_id", "number"),
        Index("ix_tasks_team_owner_status", "team_id", "owner_id", "status"),
        Index("ix_tasks_team_status_due", "team_id", "status", "due_at"),
        Index("ix_tasks_team_created", "team_id", "created_at"),
        Index("ix_tasks_team_done", "team_id", "done_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[str | None] = mapped_column(String(32))
    creator_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | blocked | done | deleted
    due_at: Mapped[datetime | None]
    due_date_only: Mapped[bool] = mapped_column(default=False)
    remind_minutes: Mapped[int | None]
    progress: Mapped[int] = mapped_column(default=0)
    blocked_reason: Mapped[str | None] = mapped_column(Text)
    permalink: Mapped[str | None] = mapped_column(String(512))
    source: Mapped[str] = mapped_column(String(16), default="command")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[When]
    updated_at: Mapped[When]
    done_at: Mapped[datetime | None]

    watchers: Mapped[list[TaskWatcher]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class TaskWatcher(Base):
    __tablename__ = "task_watchers"
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)


class TaskEvent(Base):
    """Append-only task history (who did what, when): the source of delivery KPIs."""

    __tablename__ = "task_events"
    __table_args__ = (Index("ix_task_events_team_at", "team_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[When]


class Meeting(Base):
    """A recurring (or one-off) meeting: the rule as structured fields plus the IANA zone it is read in."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("team_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    channel_id: Mapped[str] = mapped_column(String(32))
    creator_id: Mapped[str] = mapped_column(String(32))
    tz: Mapped[str] = mapped_column(String(64))
    rule: Mapped[dict[str, Any]] = mapped_column(JSON)
    remind_minutes: Mapped[int] = mapped_column(default=10)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | cancelled | ended
    next_at: Mapped[datetime | None]
    created_at: Mapped[When]
    updated_at: Mapped[When]


class AgendaItem(Base):
    """Collected until the meeting, shown in its reminder, then marked used."""

    __tablename__ = "agenda_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str] = mapped_column(String(32))
    added_at: Mapped[When]
    used_at: Mapped[datetime | None]


class MeetingOccurrence(Base):
    """What became of each occurrence (held, skipped, missed): meetings held/skipped in the digest."""

    __tablename__ = "meeting_occurrences"
    __table_args__ = (UniqueConstraint("meeting_id", "at"), Index("ix_meeting_occurrences_team_at", "team_id", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    at: Mapped[When]
    status: Mapped[str] = mapped_column(String(16))  # held | skipped | missed


class Feedback(Base):
    """Named feedback to the managers: who said it and when."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("team_id", "number"), Index("ix_feedback_team_created", "team_id", "created_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    author_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[When]
    notified_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | addressed
    addressed_by: Mapped[str | None] = mapped_column(String(32))
    addressed_at: Mapped[datetime | None]


class AnonymousFeedback(Base):
    """Anonymous feedback. A table and sequence of its own, no author, only the day it was given; written only at a
    four-hourly boundary, in random order, together with everything else given since the last one (bot.core.privacy):
    nothing here can be joined back to a person or to the moment it was given (README, "Anonymous feedback")."""

    __tablename__ = "anonymous_feedback"
    __table_args__ = (UniqueConstraint("team_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    given_on: Mapped[date] = mapped_column(Date)
    notified_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | addressed
    addressed_by: Mapped[str | None] = mapped_column(String(32))
    addressed_at: Mapped[datetime | None]


class Risk(Base):
    """A risk: likelihood × impact (1–5 each), a category, a response strategy, an owner and a review date."""

    __tablename__ = "risks"
    __table_args__ = (UniqueConstraint("team_id", "number"), Index("ix_risks_team_status_score", "team_id", "status",
                                                                      "score"))
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    number: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[int]
    impact: Mapped[int]
    score: Mapped[int]
    category: Mapped[str | None] = mapped_column(String(16))
    strategy: Mapped[str | None] = mapped_column(String(16))  # avoid | transfer | mitigate | accept
    owner_id: Mapped[str | None] = mapped_column(String(32))
    creator_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    review_at: Mapped[datetime | None]
    reviewed_at: Mapped[When]  # last time someone assessed or updated it (creation counts)
    outcome: Mapped[str | None] = mapped_column(Text)
    escalated_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(32))
    acknowledged_at: Mapped[datetime | None]
    created_at: Mapped[When]
    updated_at: Mapped[When]
    closed_at: Mapped[datetime | None]


class ChangeRequest(Base):
    """A change that needs a project manager's approval; the decision is recorded with who and when."""

    __tablename__ = "change_requests"
    __table_args__ = (UniqueConstraint("team_id", "number"), Index("ix_change_requests_team_status", "team_id",
                                                                      "status"))
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    impact: Mapped[str] = mapped_column(Text, default="")
    requester_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | approved | rejected
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[When]


class Standup(Base):
    """An async standup for a channel: questions asked at the schedule's wall-clock time in each member's zone."""

    __tablename__ = "standups"
    __table_args__ = (UniqueConstraint("team_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    number: Mapped[int]
    channel_id: Mapped[str] = mapped_column(String(32))
    creator_id: Mapped[str] = mapped_column(String(32))
    rule: Mapped[dict[str, Any]] = mapped_column(JSON)  # bot.text.recurrence fields; applied in each member's zone
    tz: Mapped[str] = mapped_column(String(64))  # the creator's zone: whose calendar date names a run
    questions: Mapped[list[Any]] = mapped_column(JSON)  # [] = the default questions in each member's language
    report_after_minutes: Mapped[int] = mapped_column(default=120)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | paused | ended
    created_at: Mapped[When]


class StandupRun(Base):
    """One day of a standup: members prompted, answers collected, one report posted."""

    __tablename__ = "standup_runs"
    __table_args__ = (UniqueConstraint("standup_id", "run_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    standup_id: Mapped[int] = mapped_column(ForeignKey("standups.id", ondelete="CASCADE"))
    run_date: Mapped[date] = mapped_column(Date)
    members: Mapped[list[Any]] = mapped_column(JSON, default=list)  # who was asked
    report_due_at: Mapped[datetime | None]
    reported_at: Mapped[datetime | None]
    report_ts: Mapped[str | None] = mapped_column(String(32))


class StandupAnswer(Base):
    __tablename__ = "standup_answers"
    __table_args__ = (UniqueConstraint("run_id", "user_id"),
                      Index("ix_standup_answers_waiting", "team_id", "user_id", "answered_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    run_id: Mapped[int] = mapped_column(ForeignKey("standup_runs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    prompted_at: Mapped[When]
    answers: Mapped[list[Any] | None] = mapped_column(JSON)  # one text per question; None until answered
    answered_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]


class StandupSkip(Base):
    """`/standup skip [until <date>]`: not asked (until the end of that day; no date = the next run only)."""

    __tablename__ = "standup_skips"
    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    standup_id: Mapped[int] = mapped_column(ForeignKey("standups.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    until: Mapped[When]


class Retro(Base):
    __tablename__ = "retros"
    __table_args__ = (UniqueConstraint("team_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(300))
    channel_id: Mapped[str] = mapped_column(String(32))
    creator_id: Mapped[str] = mapped_column(String(32))
    until: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    created_at: Mapped[When]
    closed_at: Mapped[datetime | None]
    summary_ts: Mapped[str | None] = mapped_column(String(32))


class RetroItem(Base):
    """A named retro item (went-well | improve | idea)."""

    __tablename__ = "retro_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    retro_id: Mapped[int] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[When]


def opaque_ref() -> str:
    """A random token: what a button carries for an anonymous retro item instead of its id, which would tell the
    order items were written in."""
    return secrets.token_urlsafe(12)


class AnonymousRetroItem(Base):
    """An anonymous retro item: own table, no author, no time; written only at a ten-minute boundary or the retro's
    close, in random order (same guarantee as anonymous feedback); `ref` is its opaque name on buttons."""

    __tablename__ = "anonymous_retro_items"
    __table_args__ = (UniqueConstraint("team_id", "ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    retro_id: Mapped[int] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    ref: Mapped[str] = mapped_column(String(24), default=opaque_ref)


class RetroVote(Base):
    """One vote per person per item; `anonymous` says which item table `item_id` refers to."""

    __tablename__ = "retro_votes"
    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    retro_id: Mapped[int] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), primary_key=True)
    anonymous: Mapped[bool] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)


class RetroAction(Base):
    """A task created from a retro (`/retro action`)."""

    __tablename__ = "retro_actions"
    retro_id: Mapped[int] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))


class Lesson(Base):
    """A lesson learned. `search_text` is the text tokenised for full-text search (words, plus Chinese as
    overlapping character pairs), indexed by SQLite FTS5 or PostgreSQL's tsvector."""

    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("team_id", "number"), Index("ix_lessons_team_created", "team_id", "created_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    author_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[When]


class ProcessedEvent(Base):
    """Slack Events API deliveries already handled, so a retried delivery is not handled twice."""

    __tablename__ = "processed_events"
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class Reminder(Base):
    """Work the clock must do at a moment: claimed atomically by exactly one clock, then marked sent or skipped."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_pending", "sent_at", "due_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int | None]
    recipient_id: Mapped[str | None] = mapped_column(String(32))
    due_at: Mapped[When]
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(32))  # sent | late | skipped | obsolete


class OutboxMessage(Base):
    """A Slack Web API call that must happen once: written with the change, sent after commit, retried on failure."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "failed_at", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    method: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[When]
    next_attempt_at: Mapped[When]
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    result_ts: Mapped[str | None] = mapped_column(String(32))


# slack_sdk's installation and OAuth-state stores (multi-workspace installs) keep their rows in our database, in
# tables of their own design; building them on our metadata puts them under our Alembic migrations.
SQLAlchemyInstallationStore.build_installations_table(Base.metadata, "slack_installations")
SQLAlchemyInstallationStore.build_bots_table(Base.metadata, "slack_bots")
SQLAlchemyOAuthStateStore.build_oauth_states_table(Base.metadata, "slack_oauth_states")
