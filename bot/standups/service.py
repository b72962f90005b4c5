"""Async standups, one unit of work per call: a channel's members are asked a few questions by DM at the
schedule's wall-clock time in *their own* zone, answer in a form or by replying to the prompt, and one report per
run is posted to the channel.

How a standup runs
- A *run* is one calendar date of the schedule (`StandupRun.run_date`); each member is asked on that date at the
  schedule's time in their own zone. The report is due `report_after_minutes` after the last member's prompt.
- Every prompt and every report is a reminder row delivered by the clock (bot/standups/jobs.py), which plans the
  next run each time (bot/standups/schedule.py).
- Who is asked: the channel's human members. Only a request can ask Slack who they are, so `setup`, `now` and
  `resume` are handed a `ReadRoster` (handlers/standups.py asks `conversations.members`) and call it after the
  permission check and *before* the write transaction: a refused request never reaches Slack and no network call
  happens under the write lock. The list is stored on each run, and every new run copies the latest run's list.
- `/standup skip` is applied when a prompt is due, so skipping one day never drops anybody from later runs.
- Answers can be changed until the report is posted; the run row is locked by both, so an edit and the report
  never cross.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.core.caller import Caller
from bot.core.errors import UserError
from bot.core.i18n import t
from bot.core.numbers import next_number
from bot.roles import admins
from bot.roles import rules as role_rules
from bot.roles import store as roles
from bot.standups import notices, rules, schedule, store, views
from bot.standups.parse import SetupRequest, SkipRequest, skip_until
from bot.tasks import notices as task_notices
from bot.tasks import store as tasks
from bot.tasks.rules import MAX_DESCRIPTION
from storage.models import Standup, StandupRun, Task


@dataclass(frozen=True)
class Roster:
    """Who Slack says is in a channel, or why it would not say."""

    members: tuple[str, ...] = ()
    error: str | None = None


ReadRoster = Callable[[str], Roster]  # channel id → its members


@dataclass(frozen=True)
class SetUp:
    standup: Standup
    run: StandupRun | None
    firsts: tuple[tuple[str, datetime], ...]  # (member, when first asked), soonest first
    updated: bool                             # the channel's standup existed and was changed
    roster_error: str | None = None


@dataclass(frozen=True)
class Prompted:
    standup: Standup
    run: StandupRun
    told: tuple[str, ...]  # who was asked now
    skipping: int
    roster_error: str | None = None


@dataclass(frozen=True)
class Resumed:
    standup: Standup
    roster_error: str | None = None


@dataclass(frozen=True)
class Skipped:
    standup: Standup
    until: datetime | None  # None: the skip was taken back
    next_only: bool = False


@dataclass(frozen=True)
class History:
    standup: Standup
    user_id: str
    runs: list[tuple[StandupRun, list[str]]]


@dataclass(frozen=True)
class Answering:
    standup: Standup
    run: StandupRun
    answers: list[str] | None


@dataclass(frozen=True)
class Recorded:
    standup: Standup
    run: StandupRun
    answers: list[str]
    told: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlockerTask:
    task: Task
    created: bool
    told: tuple[str, ...] = ()


# ---- running a standup ----------------------------------------------------------------------------------------------

def setup(caller: Caller, request: SetupRequest, read_roster: ReadRoster) -> SetUp:
    """Create the channel's standup, or change its schedule and questions; the first run is planned for the
    channel's members (until Slack says who they are: the last run's, or the person setting it up)."""
    admin = _runner_admin(caller, lambda session: store.in_channel(session, caller.team_id, request.channel_id))
    with caller.reading() as session:
        _require_runner(session, caller, store.in_channel(session, caller.team_id, request.channel_id), admin)
    roster = _humans(caller, read_roster(request.channel_id))
    with caller.writing() as session:
        standup = store.in_channel(session, caller.team_id, request.channel_id)
        _require_runner(session, caller, standup, admin)
        updated = standup is not None
        if standup is None:
            standup = Standup(team_id=caller.team_id, number=next_number(session, caller.team_id, "standup"),
                              channel_id=request.channel_id, creator_id=caller.user_id, rule=request.stored_rule,
                              tz=caller.tz, questions=request.questions, status="active", created_at=caller.now,
                              report_after_minutes=request.report_after_minutes or rules.DEFAULT_REPORT_AFTER)
            session.add(standup)
        else:
            schedule.drop_unstarted_runs(session, standup)
            standup.rule, standup.tz, standup.status = request.stored_rule, caller.tz, "active"
            standup.questions = request.questions or standup.questions
            standup.report_after_minutes = request.report_after_minutes or standup.report_after_minutes
        session.flush()
        members = list(roster.members) or store.latest_members(session, standup) or [caller.user_id]
        run = schedule.plan(session, standup, caller.now, roster=members)
        firsts = schedule.first_prompts(session, standup, run) if run is not None else []
        return SetUp(standup, run, tuple(firsts), updated, roster.error)


def prompt_now(caller: Caller, named: str | None, read_roster: ReadRoster) -> Prompted:
    """`/standup now`: everyone not asked yet in the run under way (or today's) is asked at once; the report is
    then due `report_after_minutes` from now. The members' profiles were refreshed as the roster was read."""
    admin = _runner_admin(caller, _named(caller, named))
    with caller.reading() as session:
        standup = store.resolve(session, caller.team_id, caller.channel_id, named)
        _require_running(session, caller, standup, admin)
    roster = _humans(caller, read_roster(standup.channel_id))
    fetched = list(roster.members) or None
    with caller.writing() as session:
        standup = store.resolve(session, caller.team_id, caller.channel_id, named)
        _require_running(session, caller, standup, admin)
        run = store.in_progress(session, standup) or _todays_run(session, caller, standup, fetched)
        if fetched is not None:
            run.members = list(dict.fromkeys([*run.members, *fetched]))
        run.report_due_at = caller.now + timedelta(minutes=standup.report_after_minutes)
        schedule.schedule_report(session, standup, run)
        told, skipping = [], 0
        for user in run.members:
            if store.skipping(session, standup, user, caller.now):
                skipping += 1
            elif notices.ask(session, standup, run, user, caller.now):
                told.append(user)
        schedule.plan(session, standup, caller.now, roster=fetched)  # the next run is for the list just read too
        return Prompted(standup, run, tuple(told), skipping, roster.error)


def report_now(caller: Caller, named: str | None) -> Standup:
    """`/standup report`: the run under way is reported now instead of at its deadline."""
    admin = _runner_admin(caller, _named(caller, named))
    with caller.reading() as session:
        standup = store.resolve(session, caller.team_id, caller.channel_id, named)
        _require_runner(session, caller, standup, admin)
        pms = roles.holders(session, caller.team_id, role_rules.PM)
    caller.know([standup.creator_id, *pms])
    with caller.writing() as session:
        standup = store.resolve(session, caller.team_id, caller.channel_id, named)
        _require_runner(session, caller, standup, admin)
        run = store.in_progress(session, standup)
        if run is None:
            raise UserError("standup.nothing_to_report")
        store.lock_run(session, caller.team_id, run.id)
        if not notices.post_report(session, standup, run, caller.now):
            raise UserError("standup.nothing_to_report")
        schedule.plan(session, standup, caller.now)
        return standup


def pause(caller: Caller, named: str | None) -> Standup:
    """No more prompts until resumed (a run already under way is still reported)."""
    admin = _runner_admin(caller, _named(caller, named))
    with caller.writing() as session:
        standup = store.resolve(session, caller.team_id, caller.channel_id, named)
        _require_runner(session, caller, standup, admin)
        if standup.status == "paused":
            raise UserError("standup.already_paused", number=standup.number)
        standup.status = "paused"
        schedule.drop_unstarted_runs(session, standup)
        schedule.drop_prompts(session, standup)
        return standup


def resume(caller: Caller, named: str | None, read_roster: ReadRoster) -> Resumed:
    """Prompts again from the next run on, for the channel's members as Slack says now."""
    admin = _runner_admin(caller, _named(caller, named))
    with caller.reading() as session:
        standup = store.resolve(session, caller.team_id, caller.channel_id, named)
        _require_paused(session, caller, standup, admin)
    roster = _humans(caller, read_roster(standup.channel_id))
    with caller.writing() as session:
        standup = store.resolve(session, caller.team_id, caller.channel_id, named)
        _require_paused(session, caller, standup, admin)
        standup.status = "active"
        session.flush()
        schedule.plan(session, standup, caller.now, roster=list(roster.members) or None)
        return Resumed(standup, roster.error)


# ---- a member's part ------------------------------------------------------------------------------------------------

def skip(caller: Caller, request: SkipRequest) -> Skipped:
    """`skip` (the next run only), `skip until <date>` (to the end of that day), `skip off`."""
    with caller.writing() as session:
        standup = store.resolve(session, caller.team_id, caller.channel_id, request.channel_id)
        if request.off:
            store.set_skip(session, standup, caller.user_id, None)
            return Skipped(standup, None)
        until: datetime | None
        if request.phrase:
            until = rules.check_skip_end(skip_until(request.phrase, now=caller.now, tz=caller.tz), caller.now)
        else:
            until = schedule.next_prompt(session, standup, caller.user_id, caller.tz, caller.now)
            if until is None:
                raise UserError("standup.nothing_to_skip")
        store.set_skip(session, standup, caller.user_id, until)
        return Skipped(standup, until, next_only=not request.phrase)


def history(caller: Caller, named: str | None, user_id: str) -> History:
    """A member's latest answers; other people's only once their run is reported (already public)."""
    with caller.reading() as session:
        standup = store.resolve(session, caller.team_id, caller.channel_id, named)
        return History(standup, user_id, store.history(session, standup, user_id, caller.user_id))


def answer_form(caller: Caller, run_id: int) -> Answering:
    """What the answer form opens with; refused once the report is out."""
    with caller.reading() as session:
        standup, run, row = store.answer_row(session, caller.team_id, run_id, caller.user_id)
        if run.reported_at is not None:
            raise UserError("standup.already_reported")
        return Answering(standup, run, row.answers)


def record_answers(caller: Caller, run_id: int, answers: list[str]) -> Recorded:
    """The form's answers; the member gets what was recorded by DM (a form has no reply of its own)."""
    with caller.writing() as session:
        standup, run, row = store.record_answers(session, caller.team_id, run_id, caller.user_id, answers, caller.now)
        told = notices.confirm_answer(session, standup, run, list(row.answers or []), caller.user_id, caller.now)
        return Recorded(standup, run, list(row.answers or []), told)


def take_dm_answer(caller: Caller, text: str) -> Recorded | None:
    """A DM from someone prompted in the last few hours whose answer is missing or incomplete is (the rest of)
    their answer, not a new task. None when it is not: the DM is something else (the router asks tasks next)."""
    if not text.strip():
        return None
    with caller.writing() as session:
        awaiting = store.awaiting_answer(session, caller.team_id, caller.user_id, caller.now)
        if awaiting is None:
            return None
        standup, run, row = awaiting
        answers = rules.answers_with_reply(row.answers, answered=row.answered_at is not None, reply=text,
                                           count=rules.question_count(standup.questions))
        if answers is None:
            return None
        try:
            standup, run, row = store.record_answers(session, caller.team_id, run.id, caller.user_id, answers,
                                                     caller.now)
        except UserError:
            return None
        return Recorded(standup, run, list(row.answers or []))


def blocker_to_task(caller: Caller, run_id: int, member_id: str, *, permalink: str | None,
                    report_channel: str | None, report_ts: str | None) -> BlockerTask:
    """The member's blocker as a task they own (linked to the report), once, whoever clicks. The owner is told by
    DM, and the report (`report_ts`, when the click came from it) shows the task instead of the button."""
    caller.know([member_id])
    with caller.writing() as session:
        store.lock_run(session, caller.team_id, run_id)
        standup, run, row = store.answer_row(session, caller.team_id, run_id, member_id)
        blocker = rules.blocker_of(standup.questions, row.answers)
        if blocker is None:
            raise UserError("standup.no_blocker")
        existing = store.blocker_tasks(session, caller.team_id, run.id).get(member_id)
        if existing is not None:
            return BlockerTask(tasks.get(session, caller.team_id, existing), created=False)
        description = t("standup.task_description", caller.locale, day=views.day(run.run_date, caller.locale),
                        blocker=blocker)
        task = tasks.create(session, caller.team_id, caller.user_id, tasks.Draft(
            title=rules.blocker_title(blocker), owner_id=member_id, description=description[:MAX_DESCRIPTION],
            channel_id=standup.channel_id, permalink=permalink, source="standup"), caller.now)
        tasks.record(session, task, caller.user_id, store.FROM_STANDUP, caller.now, run=run.id, member=member_id,
                     standup=standup.id)
        told = task_notices.tell_new_owner(session, task, caller.user_id, caller.now, key="standup.task_for_you")
        if report_ts and report_channel == standup.channel_id and run.reported_at is not None:
            notices.refresh_report(session, standup, run, report_ts, caller.now)
        return BlockerTask(task, True, told)


# ---- shared ---------------------------------------------------------------------------------------------------------

def _humans(caller: Caller, roster: Roster) -> Roster:
    """The people among a channel's members (bots left out), their profiles refreshed so the clock can ask each in
    their own zone and language."""
    if roster.error is not None:
        return roster
    env = caller.env
    humans = tuple(user for user in roster.members
                   if not env.people.get(env.db, caller.team_id, user, caller.now).is_bot)
    return Roster(humans, None if humans else "no members")


def _named(caller: Caller, named: str | None) -> Callable[[Session], Standup]:
    """How to find the standup a command means, in a session yet to be opened."""
    return lambda session: store.resolve(session, caller.team_id, caller.channel_id, named)


def _runner_admin(caller: Caller, find: Callable[[Session], Standup | None]) -> bool:
    """The caller's workspace-admin status, confirmed with Slack (bot.roles.admins), when it is what would let them
    run the standup `find` finds; False when being a PM or its creator lets them anyway."""
    return admins.confirmed(caller, unless=lambda session: _may_run(session, caller, find(session), admin=False))


def _may_run(session: Session, caller: Caller, standup: Standup | None, *, admin: bool) -> bool:
    return rules.may_run(is_admin=admin, is_pm=roles.is_pm(session, caller.team_id, caller.user_id),
                         is_creator=standup is not None and standup.creator_id == caller.user_id)


def _require_runner(session: Session, caller: Caller, standup: Standup | None, admin: bool) -> None:
    """`admin`: the caller's workspace-admin status as Slack confirmed it (`_runner_admin`)."""
    if not _may_run(session, caller, standup, admin=admin):
        raise UserError("standup.not_allowed")


def _require_running(session: Session, caller: Caller, standup: Standup, admin: bool) -> None:
    _require_runner(session, caller, standup, admin)
    if standup.status != "active":
        raise UserError("standup.is_paused", number=standup.number)


def _require_paused(session: Session, caller: Caller, standup: Standup, admin: bool) -> None:
    _require_runner(session, caller, standup, admin)
    if standup.status == "active":
        raise UserError("standup.not_paused", number=standup.number)


def _todays_run(session: Session, caller: Caller, standup: Standup, members: list[str] | None) -> StandupRun:
    """Today's run (in the standup's zone) for `/standup now` when none is under way; refused once reported."""
    day = rules.run_day(standup.tz, caller.now)
    existing = store.run_on(session, standup, day)
    if existing is not None and existing.reported_at is not None:
        raise UserError("standup.already_reported_today")
    return store.run_for(session, standup, day, members or store.latest_members(session, standup))
