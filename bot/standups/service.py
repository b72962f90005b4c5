"""Async standups: a channel's members are asked a few questions by DM at the schedule's wall-clock time in *their
own* zone, answer in a form or by replying to the prompt, and one report per run is posted to the channel.

How a standup runs
- A *run* is one calendar date of the schedule (`StandupRun.run_date`); each member is asked on that date at the
  schedule's time in their own zone (09:30 in Shanghai, Berlin and New York are three different instants of the
  same run). The report is due `report_after_minutes` after the last member's prompt.
- Every prompt and every report is a reminder row (`standup.prompt` per member and run date, `standup.report` per
  run), delivered inside the clock's claiming transaction: a restart or several clocks never prompt or report
  twice. Delivering a prompt or a report also plans the next run (`plan`), so the chain goes on by itself; a stale
  prompt or report (every clock down past the grace period) is skipped and still plans the next one.
- Who is asked: the channel's human members. Only a request can ask Slack who they are (the clock can reach Slack
  through the outbox alone), so the member list is fetched by the handler on `setup`, `now` and `resume` and handed
  in as `roster`; it is stored on each run (`StandupRun.members`) and every new run copies the latest run's list.
  `/standup skip` is applied when a prompt is due, so skipping one day never drops anybody from later runs.
- Answers can be changed until the report is posted; the run row is locked by both, so an edit and the report
  never cross.

Failures a person can fix are `UserError`s; nothing here talks to Slack except through the outbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from bot.core import outbox, people, reminders
from bot.core.errors import UserError
from bot.core.i18n import t
from bot.core.mrkdwn import escape
from bot.core.numbers import next_number
from bot.roles import rules as role_rules
from bot.roles import store as roles
from bot.standups import views
from bot.tasks import notices
from bot.tasks import store as tasks
from bot.tasks.rules import MAX_TITLE
from bot.text.deadlines import parse_deadline
from bot.text.describe import describe
from bot.text.recurrence import Recurrence, next_occurrence
from bot.text.rules import parse_meeting
from bot.text.zones import local_to_utc, zone
from storage.db import conflict_insert
from storage.models import Reminder, Standup, StandupAnswer, StandupRun, StandupSkip, Task, TaskEvent

PROMPT, REPORT = "standup.prompt", "standup.report"
DEFAULT_QUESTIONS = ("standup.q.done", "standup.q.next", "standup.q.blockers")
DEFAULT_BLOCKER_INDEX = 2
MAX_QUESTIONS = 6
MAX_QUESTION = 150
MAX_ANSWER = 3000
REPORT_AFTER = (15, 12 * 60)  # minutes: the shortest and longest wait for answers
DM_WINDOW = timedelta(hours=4)  # a plain DM this soon after an unanswered prompt is the answer
HISTORY_RUNS = 10

CHANNEL = re.compile(r"\s*(?:\bin\s+|在\s*)<#([CG][A-Z0-9]+)(?:\|[^>]*)?>\s*", re.I)
QUESTIONS = re.compile(r"(?:\bquestions?|问题)\s*[:：]\s*(.*)\Z", re.I | re.S)
REPORT_AFTER_RE = re.compile(r"\s*\breport\s+after\s+(\d{1,4})\s*(m|mins?|minutes?|h|hrs?|hours?)\b\s*"
                             r"|\s*(\d{1,4})\s*(分钟|小时)后(?:汇总|报告)\s*", re.I)
BLOCKER_QUESTION = re.compile(r"block|imped|stuck|obstacle|阻碍|障碍|卡住|困难|风险", re.I)
NOTHING = re.compile(r"^(?:none|no|nope|nothing|nil|n/?a|-+|—|no blockers?|not blocked|nothing blocking|all good|"
                     r"无|没有|暂无|没|无阻碍|没有阻碍|没有问题|无问题)[.!。！]*$", re.I)
LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}\s*[.)、:：]|[-*•·])\s*")

def _insert_once(session: Session, model, keys: list[str], **values) -> bool:  # noqa: ANN001, ANN003
    """INSERT … ON CONFLICT (keys) DO NOTHING: True when this call added the row (safe under races)."""
    return session.execute(conflict_insert(session, model).values(**values).on_conflict_do_nothing(index_elements=keys)
                           .returning(model.id)).first() is not None


# ---- reading the setup text -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SetupRequest:
    """What `/standup setup [in #channel] <schedule> [questions: q1; q2] [report after 90 min]` asks for."""

    channel_id: str
    rule: Recurrence
    questions: list[str]
    report_after_minutes: int | None


def parse_setup(text: str, *, now: datetime, tz: str, default_channel: str | None) -> SetupRequest:
    """`text` is plain text except `<#C…>` channel tokens (kept for `in #channel`)."""
    questions: list[str] = []
    match = QUESTIONS.search(text)
    if match:
        questions = [" ".join(q.split()) for q in re.split(r"[;；\n]+", match.group(1))]
        questions = [q for q in questions if q]
        text = text[: match.start()]
        if not questions:
            raise UserError("standup.no_questions")
        if len(questions) > MAX_QUESTIONS:
            raise UserError("standup.too_many_questions", limit=MAX_QUESTIONS)
        if any(len(q) > MAX_QUESTION for q in questions):
            raise UserError("standup.question_too_long", limit=MAX_QUESTION)
    channel_id = default_channel
    match = CHANNEL.search(text)
    if match:
        channel_id = match.group(1)
        text = text[: match.start()] + " " + text[match.end():]
    report_after = None
    match = REPORT_AFTER_RE.search(text)
    if match:
        amount, unit = (int(match.group(1)), match.group(2)) if match.group(1) else (int(match.group(3)),
                                                                                     match.group(4))
        report_after = amount * (60 if unit.lower().startswith("h") or unit == "小时" else 1)
        text = text[: match.start()] + " " + text[match.end():]
        if not REPORT_AFTER[0] <= report_after <= REPORT_AFTER[1]:
            raise UserError("standup.bad_report_after", low=REPORT_AFTER[0], high=REPORT_AFTER[1] // 60)
    if not channel_id or not channel_id.startswith(("C", "G")):
        raise UserError("standup.setup_where")
    parsed = parse_meeting("standup " + " ".join(text.split()), now=now, tz=tz) if text.strip() else None
    if parsed is None or parsed[1].freq == "once":
        raise UserError("standup.schedule_not_understood")
    return SetupRequest(channel_id, parsed[1], questions, report_after)


# ---- finding a standup ------------------------------------------------------------------------------------------

def in_channel(session: Session, team_id: str, channel_id: str | None) -> Standup | None:
    if not channel_id:
        return None
    return session.scalar(select(Standup).where(Standup.team_id == team_id, Standup.channel_id == channel_id,
                                                Standup.status != "ended").order_by(Standup.id.desc()).limit(1))


def resolve(session: Session, team_id: str, channel_id: str | None, text: str = "") -> Standup:
    """The standup meant: `in #channel` in the text, else the one of the channel typed in, else the workspace's
    only one."""
    match = CHANNEL.search(text) or re.search(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>", text)
    if match:
        found = in_channel(session, team_id, match.group(1))
        if found is None:
            raise UserError("standup.none_in", channel=f"<#{match.group(1)}>")
        return found
    found = in_channel(session, team_id, channel_id)
    if found is not None:
        return found
    every = list(session.scalars(select(Standup).where(Standup.team_id == team_id, Standup.status != "ended")
                                 .order_by(Standup.number)))
    if len(every) == 1 and (not channel_id or channel_id.startswith("D")):
        return every[0]
    if not every:
        raise UserError("standup.none_yet")
    raise UserError("standup.which", channels=", ".join(f"<#{s.channel_id}>" for s in every[:20]))


def rule_of(standup: Standup) -> Recurrence:
    return Recurrence.from_dict({**standup.rule, "tz": standup.tz})


def summary(standup: Standup, locale: str) -> str:
    return describe(rule_of(standup), locale)


def questions_of(standup: Standup, locale: str) -> list[str]:
    """The questions as asked: the standup's own, or the defaults in the reader's language."""
    return list(standup.questions) if standup.questions else [t(key, locale) for key in DEFAULT_QUESTIONS]


def blocker_index(standup: Standup) -> int | None:
    """Which answer holds blockers: the third default question, or a custom one that speaks of blocking."""
    if not standup.questions:
        return DEFAULT_BLOCKER_INDEX
    return next((i for i, q in enumerate(standup.questions) if BLOCKER_QUESTION.search(q)), None)


def blocker_of(standup: Standup, answers: list[str] | None) -> str | None:
    """The blocker a member wrote, or None (no blocker question, empty, or "none" / 无)."""
    index = blocker_index(standup)
    if answers is None or index is None or index >= len(answers):
        return None
    text = (answers[index] or "").strip()
    return text if text and not NOTHING.match(text) else None


# ---- times ------------------------------------------------------------------------------------------------------

def prompt_at(standup: Standup, run_date: date, tz: str) -> datetime:
    """When a member in `tz` is asked on `run_date`: the schedule's wall-clock time there (DST-safe, in UTC)."""
    return local_to_utc(datetime.combine(run_date, time(standup.rule["hour"], standup.rule["minute"])), tz)


def rule_dates(standup: Standup, start: date):
    """The schedule's dates from `start` on (a date pattern is the same in every zone, so read it in UTC)."""
    rule = Recurrence.from_dict({**standup.rule, "tz": "UTC"})
    cursor = datetime.combine(start - timedelta(days=1), time(rule.hour, rule.minute), UTC)
    for _ in range(800):
        found = next_occurrence(rule, cursor)
        if found is None:
            return
        yield found.date()
        cursor = found


def zones(session: Session, standup: Standup, members: list[str]) -> dict[str, str]:
    """Each member's zone, from what we last heard from Slack (no network)."""
    return {user: people.stored(session, standup.team_id, user).tz for user in members}


def next_run_date(session: Session, standup: Standup, members: list[str], now: datetime,
                  after: date | None = None) -> date | None:
    """The first date of the schedule (after `after`) on which every member's prompt is still ahead."""
    tzs = set(zones(session, standup, members).values()) or {standup.tz}
    start = min(now.astimezone(zone(tz)).date() for tz in tzs) - timedelta(days=1)
    for day in rule_dates(standup, start):
        if after is not None and day <= after:
            continue
        if all(prompt_at(standup, day, tz) > now for tz in tzs):
            return day
    return None


def today(standup: Standup, now: datetime) -> date:
    """The date in the standup's zone (the creator's): what `/standup now` names a run it starts."""
    return now.astimezone(zone(standup.tz)).date()


# ---- setting up -------------------------------------------------------------------------------------------------

def may_run(session: Session, team_id: str, user_id: str, *, is_admin: bool, standup: Standup | None = None) -> bool:
    """PMs and workspace admins run standups; so does the person who set one up."""
    return is_admin or roles.is_pm(session, team_id, user_id) or (standup is not None and
                                                                  standup.creator_id == user_id)


def require_runner(session: Session, team_id: str, user_id: str, *, is_admin: bool,
                   standup: Standup | None = None) -> None:
    if not may_run(session, team_id, user_id, is_admin=is_admin, standup=standup):
        raise UserError("standup.not_allowed")


def setup(session: Session, team_id: str, actor_id: str, request: SetupRequest, *, tz: str, roster: list[str],
          now: datetime, actor_is_admin: bool) -> tuple[Standup, StandupRun | None]:
    """Create the channel's standup, or change its schedule and questions; plans the first run with `roster`."""
    standup = in_channel(session, team_id, request.channel_id)
    require_runner(session, team_id, actor_id, is_admin=actor_is_admin, standup=standup)
    rule = {k: v for k, v in request.rule.to_dict().items() if k != "tz"}
    if standup is None:
        standup = Standup(team_id=team_id, number=next_number(session, team_id, "standup"),
                          channel_id=request.channel_id, creator_id=actor_id, rule=rule, tz=tz,
                          questions=request.questions, report_after_minutes=request.report_after_minutes or 120,
                          status="active", created_at=now)
        session.add(standup)
    else:
        _drop_unstarted_runs(session, standup)
        standup.rule, standup.tz, standup.status = rule, tz, "active"
        if request.questions:
            standup.questions = request.questions
        if request.report_after_minutes:
            standup.report_after_minutes = request.report_after_minutes
    session.flush()
    return standup, plan(session, standup, now, roster=roster or latest_members(session, standup) or [actor_id])


def pause(session: Session, team_id: str, actor_id: str, standup: Standup, *, actor_is_admin: bool) -> Standup:
    """No more prompts until resumed (a run already under way is still reported)."""
    require_runner(session, team_id, actor_id, is_admin=actor_is_admin, standup=standup)
    if standup.status == "paused":
        raise UserError("standup.already_paused", number=standup.number)
    standup.status = "paused"
    _drop_unstarted_runs(session, standup)
    session.execute(delete(Reminder).where(Reminder.team_id == team_id, Reminder.kind == PROMPT,
                                           Reminder.subject_id.in_(_run_ids(session, standup)),
                                           Reminder.sent_at.is_(None)))
    return standup


def resume(session: Session, team_id: str, actor_id: str, standup: Standup, *, roster: list[str] | None,
           now: datetime, actor_is_admin: bool) -> StandupRun | None:
    require_runner(session, team_id, actor_id, is_admin=actor_is_admin, standup=standup)
    if standup.status == "active":
        raise UserError("standup.not_paused", number=standup.number)
    standup.status = "active"
    session.flush()
    return plan(session, standup, now, roster=roster)


def skip(session: Session, team_id: str, user_id: str, standup: Standup, phrase: str, *, tz: str,
         now: datetime) -> datetime | None:
    """`skip` (the next run only), `skip until <date>` (to the end of that day), `skip off`. Returns the end."""
    phrase = phrase.strip()
    phrase = re.sub(r"^(?:until|till|to|直到|到)\s*", "", phrase, flags=re.I).strip()
    current = session.get(StandupSkip, (team_id, standup.id, user_id))
    if phrase.lower() in ("off", "none", "cancel", "no", "取消", "无"):
        if current is not None:
            session.delete(current)
        return None
    if phrase:
        deadline = parse_deadline(phrase, now=now, tz=tz, default_time=time(23, 59))
        if deadline is None:
            raise UserError("standup.skip_not_understood", words=escape(phrase[:60]))
        until = deadline.due + timedelta(seconds=59) if deadline.date_only else deadline.due
        if until <= now:
            raise UserError("standup.skip_in_the_past")
    else:
        until = _next_prompt(session, standup, user_id, tz, now)
        if until is None:
            raise UserError("standup.nothing_to_skip")
    if current is None:
        session.add(StandupSkip(team_id=team_id, standup_id=standup.id, user_id=user_id, until=until))
    else:
        current.until = until
    session.flush()
    return until


def skipping(session: Session, standup: Standup, user_id: str, at: datetime) -> bool:
    found = session.get(StandupSkip, (standup.team_id, standup.id, user_id))
    return found is not None and found.until >= at


def _next_prompt(session: Session, standup: Standup, user_id: str, tz: str, now: datetime) -> datetime | None:
    pending = session.scalar(select(Reminder.due_at).where(
        Reminder.team_id == standup.team_id, Reminder.kind == PROMPT, Reminder.recipient_id == user_id,
        Reminder.subject_id.in_(_run_ids(session, standup)), Reminder.sent_at.is_(None), Reminder.due_at > now)
        .order_by(Reminder.due_at).limit(1))
    if pending is not None:
        return pending
    day = next_run_date(session, standup, [user_id], now)
    return prompt_at(standup, day, tz) if day else None


# ---- planning runs (requests and the clock) ---------------------------------------------------------------------

def plan(session: Session, standup: Standup, now: datetime, *, roster: list[str] | None = None) -> StandupRun | None:
    """Make sure the next run exists with its prompts and report scheduled. Idempotent; `roster` (fetched from
    Slack by a request) replaces the member list, otherwise the latest run's is used."""
    if standup.status != "active":
        return None
    members = list(roster) if roster is not None else latest_members(session, standup)
    if not members:
        return None
    started = session.scalar(select(StandupRun.run_date).where(
        StandupRun.standup_id == standup.id, StandupRun.reported_at.is_not(None) | _has_answers())
        .order_by(StandupRun.run_date.desc()).limit(1))
    day = next_run_date(session, standup, members, now, after=started)
    if day is None:
        standup.status = "ended"
        return None
    run = _run_for(session, standup, day, members)
    if roster is not None:
        _apply_roster(session, standup, run, members, now)
    else:
        _schedule_run(session, standup, run, now)
    return run


def latest_members(session: Session, standup: Standup) -> list[str]:
    """The member list of the latest run: who the next run is for, until a request fetches it again."""
    found = session.scalar(select(StandupRun.members).where(StandupRun.standup_id == standup.id)
                           .order_by(StandupRun.run_date.desc()).limit(1))
    return list(found or [])


def _run_for(session: Session, standup: Standup, day: date, members: list[str]) -> StandupRun:
    """The run of `day`, created with `members` if there is none (safe when several clocks plan at once)."""
    _insert_once(session, StandupRun, ["standup_id", "run_date"], team_id=standup.team_id, standup_id=standup.id,
                 run_date=day, members=members)
    run = session.scalar(select(StandupRun).where(StandupRun.standup_id == standup.id, StandupRun.run_date == day))
    assert run is not None
    return run


def _apply_roster(session: Session, standup: Standup, run: StandupRun, roster: list[str], now: datetime) -> None:
    """The channel's members as just fetched: newcomers are added, leavers are no longer asked (those already
    asked stay on the run)."""
    asked = set(session.scalars(select(StandupAnswer.user_id).where(StandupAnswer.run_id == run.id)))
    run.members = list(dict.fromkeys(list(roster) + sorted(asked - set(roster))))
    session.execute(delete(Reminder).where(Reminder.team_id == standup.team_id, Reminder.kind == PROMPT,
                                           Reminder.subject_id == run.id, Reminder.sent_at.is_(None),
                                           Reminder.recipient_id.not_in(roster)))
    _schedule_run(session, standup, run, now)


def _schedule_run(session: Session, standup: Standup, run: StandupRun, now: datetime) -> None:
    """One prompt per member at the schedule's time in their zone, and the report after the last one."""
    if run.reported_at is not None:
        return
    times = {user: prompt_at(standup, run.run_date, tz) for user, tz in zones(session, standup, run.members).items()}
    reminders.schedule_many(session, [
        {"team_id": standup.team_id, "kind": PROMPT, "subject_id": run.id, "recipient_id": user, "due_at": at,
         "dedupe_key": f"standup:{standup.id}:prompt:{user}:{run.run_date}"}
        for user, at in times.items() if at > now])
    last = max(times.values(), default=prompt_at(standup, run.run_date, standup.tz))
    if run.report_due_at is None or not _started(session, run):
        run.report_due_at = last + timedelta(minutes=standup.report_after_minutes)
    _schedule_report(session, standup, run)


def _schedule_report(session: Session, standup: Standup, run: StandupRun) -> None:
    """(Re)schedule the run's report at `report_due_at`; a report already sent keeps its row, so none is added."""
    pending = session.scalar(select(Reminder.due_at).where(Reminder.team_id == standup.team_id,
                                                           Reminder.kind == REPORT, Reminder.subject_id == run.id,
                                                           Reminder.sent_at.is_(None)))
    if pending is not None and pending == run.report_due_at:
        return
    session.execute(delete(Reminder).where(Reminder.team_id == standup.team_id, Reminder.kind == REPORT,
                                           Reminder.subject_id == run.id, Reminder.sent_at.is_(None)))
    session.flush()
    if run.reported_at is None and run.report_due_at is not None:
        reminders.schedule(session, standup.team_id, REPORT, run.report_due_at,
                           f"standup:{standup.id}:report:{run.run_date}", subject_id=run.id)


def _started(session: Session, run: StandupRun) -> bool:
    return session.scalar(select(StandupAnswer.id).where(StandupAnswer.run_id == run.id).limit(1)) is not None


def _has_answers():  # noqa: ANN202
    """Somebody has been asked in the run (correlated EXISTS)."""
    return exists().where(StandupAnswer.run_id == StandupRun.id)


def _run_ids(session: Session, standup: Standup):  # noqa: ANN202
    return select(StandupRun.id).where(StandupRun.standup_id == standup.id)


def _drop_unstarted_runs(session: Session, standup: Standup) -> None:
    """Planned runs nobody has been asked in yet (their schedule or status changed): gone, with their reminders."""
    unstarted = [run.id for run in session.scalars(select(StandupRun).where(
        StandupRun.standup_id == standup.id, StandupRun.reported_at.is_(None), ~_has_answers()))]
    if unstarted:
        session.execute(delete(Reminder).where(Reminder.team_id == standup.team_id,
                                               Reminder.kind.in_((PROMPT, REPORT)),
                                               Reminder.subject_id.in_(unstarted), Reminder.sent_at.is_(None)))
        session.execute(delete(StandupRun).where(StandupRun.id.in_(unstarted)))
    session.flush()


# ---- prompting --------------------------------------------------------------------------------------------------

def ask(session: Session, standup: Standup, run: StandupRun, user_id: str, now: datetime, *,
        late: bool = False) -> bool:
    """DM one member the questions with an Answer button, once per run (the answer row is the guarantee)."""
    if not _insert_once(session, StandupAnswer, ["run_id", "user_id"], team_id=standup.team_id, run_id=run.id,
                        user_id=user_id, prompted_at=now):
        return False
    person = people.stored(session, standup.team_id, user_id)
    text, blocks = views.prompt(standup, run, questions_of(standup, person.locale), person.locale, person.tz,
                                late=late)
    outbox.post(session, standup.team_id, user_id, text, now, blocks=blocks,
                dedupe_key=f"standup:run:{run.id}:prompt:{user_id}")
    return True


def _in_progress(session: Session, standup: Standup) -> StandupRun | None:
    """The latest run somebody has been asked in and that has not been reported."""
    return session.scalar(select(StandupRun).where(
        StandupRun.standup_id == standup.id, StandupRun.reported_at.is_(None), _has_answers())
        .order_by(StandupRun.run_date.desc()).limit(1))


@dataclass(frozen=True)
class Prompted:
    run: StandupRun
    asked: int
    skipping: int


def prompt_now(session: Session, team_id: str, actor_id: str, standup: Standup, *, roster: list[str] | None,
               now: datetime, actor_is_admin: bool) -> Prompted:
    """`/standup now`: everyone not asked yet in the run under way (or today's) is asked at once; the report is
    then due `report_after_minutes` from now."""
    require_runner(session, team_id, actor_id, is_admin=actor_is_admin, standup=standup)
    if standup.status != "active":
        raise UserError("standup.is_paused", number=standup.number)
    run = _in_progress(session, standup)
    if run is None:
        existing = session.scalar(select(StandupRun).where(StandupRun.standup_id == standup.id,
                                                           StandupRun.run_date == today(standup, now)))
        if existing is not None and existing.reported_at is not None:
            raise UserError("standup.already_reported_today")
        run = _run_for(session, standup, today(standup, now), list(roster or latest_members(session, standup)))
    if roster is not None:
        run.members = list(dict.fromkeys(list(run.members) + list(roster)))
    run.report_due_at = now + timedelta(minutes=standup.report_after_minutes)
    _schedule_report(session, standup, run)
    asked = skipped = 0
    for user_id in run.members:
        if skipping(session, standup, user_id, now):
            skipped += 1
        elif ask(session, standup, run, user_id, now):
            asked += 1
    plan(session, standup, now, roster=roster)  # the next run is for the list just fetched too
    return Prompted(run, asked, skipped)


def _deliverable(session: Session, reminder: Reminder) -> tuple[Standup, StandupRun] | None:
    run = session.get(StandupRun, reminder.subject_id)
    if run is None or run.team_id != reminder.team_id:
        return None
    standup = session.get(Standup, run.standup_id)
    return None if standup is None else (standup, run)


def _keep_going(session: Session, reminder: Reminder, now: datetime) -> None:
    """A stale prompt or report (every clock was down): not sent, but the next run is planned all the same."""
    found = _deliverable(session, reminder)
    if found is not None:
        plan(session, found[0], now)


@reminders.kind(PROMPT, on_skip=_keep_going)
def deliver_prompt(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    found = _deliverable(session, reminder)
    if found is None:
        return "obsolete"
    standup, run = found
    plan(session, standup, now)
    user_id = reminder.recipient_id or ""
    if (standup.status != "active" or run.reported_at is not None or user_id not in run.members
            or skipping(session, standup, user_id, reminder.due_at)):
        return "obsolete"
    return None if ask(session, standup, run, user_id, now, late=late) else "obsolete"


# ---- answers ----------------------------------------------------------------------------------------------------

def answer_row(session: Session, team_id: str, run_id: int, user_id: str) -> tuple[Standup, StandupRun,
                                                                                    StandupAnswer]:
    """The member's answer row in a run, checked to belong to this workspace; UserError when they were not asked."""
    run = session.get(StandupRun, run_id)
    row = None if run is None or run.team_id != team_id else session.scalar(
        select(StandupAnswer).where(StandupAnswer.run_id == run.id, StandupAnswer.user_id == user_id))
    if run is None or row is None:
        raise UserError("standup.not_asked")
    standup = session.get(Standup, run.standup_id)
    assert standup is not None
    return standup, run, row


def record_answers(session: Session, team_id: str, run_id: int, user_id: str, answers: list[str],
                   now: datetime) -> tuple[Standup, StandupRun, StandupAnswer]:
    """Save (or change) a member's answers; refused once the report is out. Locks the run so the report and an
    edit never cross."""
    session.scalar(select(StandupRun).where(StandupRun.id == run_id, StandupRun.team_id == team_id)
                   .with_for_update())
    standup, run, row = answer_row(session, team_id, run_id, user_id)
    session.refresh(run)
    if run.reported_at is not None:
        raise UserError("standup.already_reported")
    count = len(standup.questions) or len(DEFAULT_QUESTIONS)
    cleaned = [(answer or "").strip()[:MAX_ANSWER] for answer in answers][:count]
    cleaned += [""] * (count - len(cleaned))
    if not any(cleaned):
        raise UserError("standup.empty_answer")
    row.answers, row.updated_at = cleaned, now
    row.answered_at = row.answered_at or now
    session.flush()
    return standup, run, row


def split_reply(text: str, count: int) -> list[str]:
    """A plain DM as answers: one line (or numbered item) per question; what is left over goes to the last one."""
    lines = [LIST_MARKER.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) <= count:
        return lines + [""] * (count - len(lines))
    return lines[: count - 1] + ["\n".join(lines[count - 1:])]


def take_dm_answer(session: Session, team_id: str, user_id: str, text: str,
                   now: datetime) -> tuple[Standup, StandupRun, StandupAnswer] | None:
    """A DM from someone prompted in the last few hours whose answer is missing or incomplete is (the rest of)
    their answer, not a new task: people often answer one question per message. Once every question has an
    answer, DMs are tasks again."""
    if not text.strip():
        return None
    row = session.scalar(
        select(StandupAnswer).join(StandupRun, StandupRun.id == StandupAnswer.run_id)
        .where(StandupAnswer.team_id == team_id, StandupAnswer.user_id == user_id,
               StandupAnswer.prompted_at >= now - DM_WINDOW, StandupRun.reported_at.is_(None))
        .order_by(StandupAnswer.prompted_at.desc()).limit(1))
    if row is None:
        return None
    run = session.get(StandupRun, row.run_id)
    standup = session.get(Standup, run.standup_id) if run else None
    if standup is None:
        return None
    count = len(standup.questions) or len(DEFAULT_QUESTIONS)
    answers = list(row.answers or []) + [""] * count
    answers = answers[:count]
    empty = [i for i, answer in enumerate(answers) if not answer.strip()]
    if row.answered_at is not None and not empty:
        return None  # complete: this DM is something else
    if row.answered_at is None:
        answers = split_reply(text, count)
    else:
        for slot, part in zip(empty, split_reply(text, len(empty)), strict=True):
            answers[slot] = part
    try:
        return record_answers(session, team_id, row.run_id, user_id, answers, now)
    except UserError:
        return None


# ---- the report -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One member's part of a report."""

    user_id: str
    answers: list[str]
    blocker: str | None
    task_number: int | None


def entries(session: Session, standup: Standup, run: StandupRun) -> tuple[list[Entry], list[str]]:
    """(who answered, in the order they were asked) and (who was asked and did not answer)."""
    rows = list(session.scalars(select(StandupAnswer).where(StandupAnswer.run_id == run.id)
                                .order_by(StandupAnswer.prompted_at, StandupAnswer.id)))
    made = blocker_tasks(session, standup.team_id, run.id)
    answered = [Entry(row.user_id, list(row.answers or []), blocker_of(standup, row.answers), made.get(row.user_id))
                for row in rows if row.answered_at is not None]
    missing = [row.user_id for row in rows if row.answered_at is None]
    return answered, missing


def report_message(session: Session, standup: Standup, run: StandupRun) -> tuple[str, list[dict]]:
    """The channel's report, in the language of the person who set the standup up."""
    locale = people.stored(session, standup.team_id, standup.creator_id).locale
    answered, missing = entries(session, standup, run)
    return views.report(standup, run, answered, asked=len(answered) + len(missing),
                        questions=questions_of(standup, locale), blocker_index=blocker_index(standup),
                        locale=locale)


def post_report(session: Session, standup: Standup, run: StandupRun, now: datetime) -> bool:
    """Post the run's report once (conditional UPDATE on the run), and tell the PMs — only them, by DM — who did
    not answer. Nothing goes to the channel when nobody was asked."""
    won = session.execute(update(StandupRun).where(StandupRun.id == run.id, StandupRun.reported_at.is_(None))
                          .values(reported_at=now)).rowcount
    if won != 1:
        return False
    session.refresh(run)
    session.execute(delete(Reminder).where(Reminder.team_id == standup.team_id, Reminder.kind.in_((PROMPT, REPORT)),
                                           Reminder.subject_id == run.id, Reminder.sent_at.is_(None)))
    answered, missing = entries(session, standup, run)
    if not answered and not missing:
        return False
    text, blocks = report_message(session, standup, run)
    outbox.post(session, standup.team_id, standup.channel_id, text, now, blocks=blocks,
                dedupe_key=f"standup:run:{run.id}:report")
    if missing:
        for pm in roles.holders(session, standup.team_id, role_rules.PM):
            locale = people.stored(session, standup.team_id, pm).locale
            outbox.post(session, standup.team_id, pm, views.missing(standup, run, missing, locale), now,
                        dedupe_key=f"standup:run:{run.id}:missing:{pm}")
    return True


def report_now(session: Session, team_id: str, actor_id: str, standup: Standup, now: datetime, *,
               actor_is_admin: bool) -> StandupRun:
    """`/standup report`: the run under way is reported now instead of at its deadline."""
    require_runner(session, team_id, actor_id, is_admin=actor_is_admin, standup=standup)
    run = _in_progress(session, standup)
    if run is None:
        raise UserError("standup.nothing_to_report")
    session.scalar(select(StandupRun).where(StandupRun.id == run.id).with_for_update())
    if not post_report(session, standup, run, now):
        raise UserError("standup.nothing_to_report")
    plan(session, standup, now)
    return run


@reminders.kind(REPORT, on_skip=_keep_going)
def deliver_report(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    found = _deliverable(session, reminder)
    if found is None:
        return "obsolete"
    standup, run = found
    posted = post_report(session, standup, run, now)
    plan(session, standup, now)
    return None if posted else "obsolete"


# ---- blockers become tasks --------------------------------------------------------------------------------------

FROM_STANDUP = "from_standup"  # the task_events kind that links a task to the run and member it came from


def blocker_tasks(session: Session, team_id: str, run_id: int) -> dict[str, int]:
    """member → task number, for the blockers of a run already turned into tasks (deleted tasks do not count)."""
    found: dict[str, int] = {}
    for detail, number in session.execute(
            select(TaskEvent.detail, Task.number).join(Task, Task.id == TaskEvent.task_id)
            .where(TaskEvent.team_id == team_id, TaskEvent.kind == FROM_STANDUP, Task.status != "deleted")):
        if isinstance(detail, dict) and detail.get("run") == run_id and detail.get("member"):
            found.setdefault(detail["member"], number)
    return found


def blocker_to_task(session: Session, team_id: str, run_id: int, member_id: str, actor_id: str, now: datetime, *,
                    permalink: str | None = None, report_channel: str | None = None,
                    report_ts: str | None = None) -> tuple[Task, bool]:
    """The member's blocker as a task they own (linked to the report), once: (task, whether it is new). The owner
    is told by DM, and the report (`report_ts`, when the click came from it) shows the task instead of the
    button."""
    session.scalar(select(StandupRun).where(StandupRun.id == run_id, StandupRun.team_id == team_id)
                   .with_for_update())
    standup, run, row = answer_row(session, team_id, run_id, member_id)
    blocker = blocker_of(standup, row.answers)
    if blocker is None:
        raise UserError("standup.no_blocker")
    existing = blocker_tasks(session, team_id, run.id).get(member_id)
    if existing is not None:
        return tasks.get(session, team_id, existing), False
    title = (blocker.splitlines() or [""])[0].strip()
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1] + "…"
    creator_locale = people.stored(session, team_id, actor_id).locale
    description = t("standup.task_description", creator_locale, day=views.day(run.run_date, creator_locale),
                    blocker=blocker)
    task = tasks.create(session, team_id, actor_id, tasks.Draft(
        title=title, owner_id=member_id, description=description[:3000], channel_id=standup.channel_id,
        permalink=permalink, source="standup"), now)
    tasks.record(session, task, actor_id, FROM_STANDUP, now, run=run.id, member=member_id, standup=standup.id)
    notices.tell_new_owner(session, task, actor_id, now, key="standup.task_for_you")
    if report_ts and report_channel == standup.channel_id and run.reported_at is not None:
        run.report_ts = run.report_ts or report_ts
        text, blocks = report_message(session, standup, run)
        outbox.enqueue(session, team_id, "chat.update", {"channel": standup.channel_id, "ts": report_ts,
                                                         "text": text, "blocks": blocks}, now)
    return task, True


# ---- history ----------------------------------------------------------------------------------------------------

def history(session: Session, standup: Standup, user_id: str, viewer_id: str) -> list[tuple[StandupRun, list[str]]]:
    """A member's answers in the latest runs, newest first. Other people's only once reported (already public)."""
    query = (select(StandupRun, StandupAnswer.answers).join(StandupAnswer, StandupAnswer.run_id == StandupRun.id)
             .where(StandupRun.standup_id == standup.id, StandupRun.team_id == standup.team_id,
                    StandupAnswer.user_id == user_id, StandupAnswer.answered_at.is_not(None)))
    if user_id != viewer_id:
        query = query.where(StandupRun.reported_at.is_not(None))
    rows = session.execute(query.order_by(StandupRun.run_date.desc()).limit(HISTORY_RUNS)).all()
    return [(run, list(answers)) for run, answers in rows if answers is not None]
