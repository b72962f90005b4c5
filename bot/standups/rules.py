"""The rules of standups, on plain values: who may run one, when each member is asked, which dates a schedule
runs on, what counts as a blocker, how a DM is read as answers, and the limits. No database, no Slack.

A schedule (`Standup.rule`) is a bot.text.recurrence dict *without* a zone: its wall-clock time is applied in each
member's own zone, so 09:30 in Shanghai, Berlin and New York are three instants of one run. A run is named by a
calendar date, and a date pattern is the same in every zone.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bot.core.errors import UserError
from bot.tasks.rules import MAX_TITLE
from bot.text.recurrence import Recurrence, next_occurrence
from bot.text.zones import local_to_utc, zone

Rule = Mapping[str, Any]

DEFAULT_QUESTIONS = ("standup.q.done", "standup.q.next", "standup.q.blockers")
DEFAULT_BLOCKER_INDEX = 2
MAX_QUESTIONS = 6
MAX_QUESTION = 150
MAX_ANSWER = 3000
REPORT_AFTER = (15, 12 * 60)  # minutes: the shortest and longest wait for answers
DEFAULT_REPORT_AFTER = 120
DM_WINDOW = timedelta(hours=4)  # a plain DM this soon after an unanswered prompt is the answer
HISTORY_RUNS = 10
DATES_LOOKED_AT = 800  # how far a schedule is searched for its next run

BLOCKER_QUESTION = re.compile(r"block|imped|stuck|obstacle|阻碍|障碍|卡住|困难|风险", re.I)
NOTHING = re.compile(r"^(?:none|no|nope|nothing|nil|n/?a|-+|—|no blockers?|not blocked|nothing blocking|all good|"
                     r"无|没有|暂无|没|无阻碍|没有阻碍|没有问题|无问题)[.!。！]*$", re.I)
LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}\s*[.)、:：]|[-*•·])\s*")


@dataclass(frozen=True)
class Entry:
    """One member's part of a report: their answers, their blocker, and the task it became (if it did)."""

    user_id: str
    answers: list[str]
    blocker: str | None
    task_number: int | None


# ---- who may ------------------------------------------------------------------------------------------------------

def may_run(*, is_admin: bool, is_pm: bool, is_creator: bool) -> bool:
    """PMs and workspace admins run standups; so does the person who set one up."""
    return is_admin or is_pm or is_creator


# ---- limits -------------------------------------------------------------------------------------------------------

def check_questions(questions: list[str]) -> list[str]:
    if not questions:
        raise UserError("standup.no_questions")
    if len(questions) > MAX_QUESTIONS:
        raise UserError("standup.too_many_questions", limit=MAX_QUESTIONS)
    if any(len(question) > MAX_QUESTION for question in questions):
        raise UserError("standup.question_too_long", limit=MAX_QUESTION)
    return questions


def check_report_after(minutes: int) -> int:
    low, high = REPORT_AFTER
    if not low <= minutes <= high:
        raise UserError("standup.bad_report_after", low=low, high=high // 60)
    return minutes


def check_skip_end(until: datetime, now: datetime) -> datetime:
    if until <= now:
        raise UserError("standup.skip_in_the_past")
    return until


# ---- times --------------------------------------------------------------------------------------------------------

def prompt_at(rule: Rule, run_date: date, tz: str) -> datetime:
    """When a member in `tz` is asked on `run_date`: the schedule's wall-clock time there (DST-safe, in UTC)."""
    return local_to_utc(datetime.combine(run_date, time(rule["hour"], rule["minute"])), tz)


def run_dates(rule: Rule, start: date) -> Iterator[date]:
    """The schedule's dates from `start` on (a date pattern is the same in every zone, so it is read in UTC)."""
    recurrence = Recurrence.from_dict({**rule, "tz": "UTC"})
    cursor = datetime.combine(start - timedelta(days=1), time(recurrence.hour, recurrence.minute), UTC)
    for _ in range(DATES_LOOKED_AT):
        found = next_occurrence(recurrence, cursor)
        if found is None:
            return
        yield found.date()
        cursor = found


def next_run_date(rule: Rule, zones: Collection[str], now: datetime, *, after: date | None = None) -> date | None:
    """The first date of the schedule (after `after`) on which the prompt is still ahead in every one of `zones`:
    a run never starts with some members already too late to be asked."""
    start = min(now.astimezone(zone(tz)).date() for tz in zones) - timedelta(days=1)
    for day in run_dates(rule, start):
        if after is not None and day <= after:
            continue
        if all(prompt_at(rule, day, tz) > now for tz in zones):
            return day
    return None


def run_day(tz: str, now: datetime) -> date:
    """The date in the standup's zone (its creator's): what `/standup now` names a run it starts."""
    return now.astimezone(zone(tz)).date()


def is_skipping(until: datetime | None, at: datetime) -> bool:
    """A member who skips until `until` is not asked at `at`."""
    return until is not None and until >= at


# ---- members ------------------------------------------------------------------------------------------------------

def members_after_roster(roster: list[str], asked: Collection[str]) -> list[str]:
    """A run's members once the channel's list is fetched again: the channel's members, then those already asked
    who have left (their answer row stays on the run)."""
    return list(dict.fromkeys([*roster, *sorted(set(asked) - set(roster))]))


# ---- questions and answers ------------------------------------------------------------------------------------------

def question_count(questions: list[str]) -> int:
    """The standup's own questions, or the three default ones."""
    return len(questions) or len(DEFAULT_QUESTIONS)


def blocker_index(questions: list[str]) -> int | None:
    """Which answer holds blockers: the third default question, or a custom one that speaks of blocking."""
    if not questions:
        return DEFAULT_BLOCKER_INDEX
    return next((i for i, question in enumerate(questions) if BLOCKER_QUESTION.search(question)), None)


def blocker_of(questions: list[str], answers: list[str] | None) -> str | None:
    """The blocker a member wrote, or None (no blocker question, empty, or "none" / 无)."""
    index = blocker_index(questions)
    if answers is None or index is None or index >= len(answers):
        return None
    text = (answers[index] or "").strip()
    return text if text and not NOTHING.match(text) else None


def blocker_title(blocker: str) -> str:
    """A blocker's first line, as the title of the task it becomes."""
    title = (blocker.splitlines() or [""])[0].strip()
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"


def clean_answers(answers: list[str], count: int) -> list[str]:
    """One answer per question (missing ones empty, each within the limit); at least one must say something."""
    cleaned = [(answer or "").strip()[:MAX_ANSWER] for answer in answers][:count]
    cleaned += [""] * (count - len(cleaned))
    if not any(cleaned):
        raise UserError("standup.empty_answer")
    return cleaned


def split_reply(text: str, count: int) -> list[str]:
    """A plain DM as answers: one line (or numbered item) per question; what is left over goes to the last one."""
    lines = [LIST_MARKER.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) <= count:
        return lines + [""] * (count - len(lines))
    return lines[: count - 1] + ["\n".join(lines[count - 1:])]


def answers_with_reply(answers: list[str] | None, *, answered: bool, reply: str, count: int) -> list[str] | None:
    """A DM read as (the rest of) a member's answer: the whole answer when they have not answered yet, else the
    questions still empty, in order (people often answer one question per message). None once every question has
    an answer: the DM is something else."""
    current = (list(answers or []) + [""] * count)[:count]
    empty = [i for i, answer in enumerate(current) if not answer.strip()]
    if answered and not empty:
        return None
    if not answered:
        return split_reply(reply, count)
    for slot, part in zip(empty, split_reply(reply, len(empty)), strict=True):
        current[slot] = part
    return current
