"""What standups tell people, each exactly once: a member's prompt, the confirmation of their answer, the channel's
report, and the PMs' note about who did not answer.

Each message is written to the outbox through bot.core.notify in the transaction that makes it happen, in its
reader's own language and zone (the report in the language of whoever set the standup up). The rows that make a
prompt or a report once-only (the member's answer row, the run's `reported_at`) are written here too, next to the
message they guard, so the clock and the requests (`/standup now`, `/standup report`) share one path.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.core import notify, people
from bot.core.i18n import t
from bot.core.mrkdwn import channel
from bot.core.notify import Notice
from bot.core.people import Person
from bot.roles import rules as role_rules
from bot.roles import store as roles
from bot.standups import rules, schedule, store, views
from storage.db import affected
from storage.models import Standup, StandupAnswer, StandupRun


def ask(session: Session, standup: Standup, run: StandupRun, user_id: str, now: datetime, *,
        late: bool = False) -> bool:
    """DM one member the questions with an Answer button, once per run (the answer row is the guarantee)."""
    if not store.insert_once(session, StandupAnswer, ["run_id", "user_id"], team_id=standup.team_id, run_id=run.id,
                             user_id=user_id, prompted_at=now):
        return False

    def render(reader: Person) -> notify.Rendered:
        return views.prompt(standup, run, views.questions(standup, reader.locale), reader.locale, reader.tz,
                            late=late)

    prompt = Notice(user_id, render, dedupe_key=f"standup:run:{run.id}:prompt:{user_id}")
    notify.tell(session, standup.team_id, [prompt], now)
    return True


def confirm_answer(session: Session, standup: Standup, run: StandupRun, answers: list[str], user_id: str,
                   now: datetime) -> tuple[str, ...]:
    """What was recorded, in the member's DM: a form has no reply of its own."""

    def render(reader: Person) -> notify.Rendered:
        headline = t("standup.recorded", reader.locale, channel=channel(standup.channel_id),
                     day=views.day(run.run_date, reader.locale))
        return views.recorded(standup, run, views.questions(standup, reader.locale), answers, reader.locale,
                              reader.tz, headline=headline)

    return notify.tell(session, standup.team_id, [Notice(user_id, render)], now)


def post_report(session: Session, standup: Standup, run: StandupRun, now: datetime) -> bool:
    """Post the run's report once (conditional UPDATE on the run), and tell the PMs — only them, by DM — who did
    not answer. Nothing goes to the channel when nobody was asked."""
    won = affected(session, update(StandupRun).where(StandupRun.id == run.id, StandupRun.reported_at.is_(None))
                   .values(reported_at=now))
    if won != 1:
        return False
    session.refresh(run)
    schedule.drop_pending(session, standup, run)
    answered, missing = store.entries(session, standup, run)
    if not answered and not missing:
        return False

    def render_report(reader: Person) -> notify.Rendered:
        return report(session, standup, run, reader.locale)

    def render_missing(reader: Person) -> notify.Rendered:
        return views.missing(standup, run, missing, reader.locale), None

    told = [Notice(standup.channel_id, render_report, reader_id=standup.creator_id,
                   dedupe_key=f"standup:run:{run.id}:report")]
    if missing:
        told += [Notice(pm, render_missing, dedupe_key=f"standup:run:{run.id}:missing:{pm}")
                 for pm in roles.holders(session, standup.team_id, role_rules.PM)]
    notify.tell(session, standup.team_id, told, now)
    return True


def report(session: Session, standup: Standup, run: StandupRun, locale: str) -> views.Rendered:
    """The run's report as it stands (answers, blockers, the tasks they became)."""
    answered, missing = store.entries(session, standup, run)
    return views.report(standup, run, answered, asked=len(answered) + len(missing),
                        asked_questions=views.questions(standup, locale),
                        blocker_index=rules.blocker_index(standup.questions), locale=locale)


def refresh_report(session: Session, standup: Standup, run: StandupRun, report_ts: str, now: datetime) -> None:
    """The posted report again, in place (a blocker became a task: its button gives way to the task's number)."""
    run.report_ts = run.report_ts or report_ts
    creator = people.stored(session, standup.team_id, standup.creator_id)
    notify.update(session, standup.team_id, standup.channel_id, report_ts,
                  report(session, standup, run, creator.locale), now)
