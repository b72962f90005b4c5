"""Each KPI against a seeded history whose numbers are worked out by hand.

Period: Mon 2026-11-16 09:00 → Mon 2026-11-23 09:00 UTC; the previous one is the week before.
"""

from datetime import UTC, date, datetime

import pytest

from bot.digest import kpi
from storage.models import (
    AnonymousFeedback,
    ChangeRequest,
    Feedback,
    Lesson,
    Meeting,
    MeetingOccurrence,
    OutboxMessage,
    Risk,
    Task,
)

START, END = datetime(2026, 11, 16, 9, tzinfo=UTC), datetime(2026, 11, 23, 9, tzinfo=UTC)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


TASKS = [  # number, created, due, done, status, owner
    (1, at(10, 10), at(12, 17), at(12, 12), "done", "U0BOB"),    # previous period, on time, 50 h
    (2, at(17, 10), at(18, 17), at(18, 16), "done", "U0BOB"),    # on time, 30 h
    (3, at(17, 12), at(19, 9), at(20, 12), "done", "U0CAROL"),   # late, 72 h
    (4, at(18, 9), None, at(21, 9), "done", "U0CAROL"),          # no deadline, 72 h
    (5, at(19, 9), at(20, 9), None, "open", "U0CAROL"),          # overdue at the end
    (6, at(20, 9), None, None, "open", "U0CAROL"),               # no deadline
    (7, at(21, 9), at(30, 9), None, "blocked", "U0BOB"),         # blocked
    (8, at(12, 9), None, None, "deleted", "U0BOB"),              # deleted: counts nowhere
    (9, at(23, 10), at(24, 9), None, "open", "U0ERIN"),          # after the period
]


@pytest.fixture
def history(rt):
    with rt.db.session() as session:
        for number, created, due, done, status, owner in TASKS:
            session.add(Task(team_id="T0TEAM", number=number, title=f"t{number}", owner_id=owner,
                             creator_id="U0BOB", status=status, due_at=due, done_at=done, created_at=created,
                             updated_at=created))
        session.add(Task(team_id="T0OTHER", number=1, title="elsewhere", owner_id="U0X", creator_id="U0X",
                         status="open", created_at=at(17), updated_at=at(17)))
        for number, likelihood, impact, status, created, reviewed, closed in [
            (1, 4, 5, "open", at(17), at(17), None),
            (2, 2, 3, "open", at(2), at(5), None),
            (3, 3, 3, "closed", at(3), at(3), at(18)),
        ]:
            session.add(Risk(team_id="T0TEAM", number=number, description=f"r{number}", likelihood=likelihood,
                             impact=impact, score=likelihood * impact, creator_id="U0BOB", status=status,
                             reviewed_at=reviewed, created_at=created, updated_at=created, closed_at=closed,
                             strategy="mitigate"))
        session.add(Feedback(team_id="T0TEAM", number=1, text="f1", tags=["process", "tools"], author_id="U0ERIN",
                             created_at=at(17)))
        session.add(Feedback(team_id="T0TEAM", number=2, text="f2", tags=["other"], author_id="U0ERIN",
                             created_at=at(10)))
        session.add(AnonymousFeedback(team_id="T0TEAM", number=1, text="a1", tags=["workload"],
                                      given_on=date(2026, 11, 20)))
        session.add(ChangeRequest(team_id="T0TEAM", number=1, text="c1", requester_id="U0BOB", status="pending",
                                  created_at=at(18)))
        session.add(ChangeRequest(team_id="T0TEAM", number=2, text="c2", requester_id="U0BOB", status="approved",
                                  decided_by="U0ALICE", decided_at=at(19), created_at=at(18)))
        session.add(ChangeRequest(team_id="T0TEAM", number=3, text="c3", requester_id="U0BOB", status="rejected",
                                  decided_by="U0ALICE", decided_at=at(11), created_at=at(10)))
        meeting = Meeting(team_id="T0TEAM", number=1, title="m", channel_id="C1", creator_id="U0BOB", tz="UTC",
                          rule={}, created_at=at(1), updated_at=at(1))
        session.add(meeting)
        session.flush()
        for when, status in ((at(17), "held"), (at(20), "skipped"), (at(10), "held")):
            session.add(MeetingOccurrence(team_id="T0TEAM", meeting_id=meeting.id, at=when, status=status))
        session.add(OutboxMessage(team_id="T0TEAM", method="chat.postMessage", payload={}, created_at=at(18),
                                  next_attempt_at=at(18), failed_at=at(18), last_error="channel_not_found"))
        session.add(Lesson(team_id="T0TEAM", number=1, text="Stage before prod", tags=[], author_id="U0BOB",
                           search_text="stage before prod", created_at=at(19)))
        session.add(Lesson(team_id="T0TEAM", number=2, text="Old lesson", tags=[], author_id="U0BOB",
                           search_text="old lesson", created_at=at(2)))
    with rt.db.session(read_only=True) as session:
        return kpi.report(session, "T0TEAM", START, END)


def test_delivery(history):
    d = history.delivery
    assert (d.created, d.completed, d.open, d.overdue, d.blocked) == (6, 3, 3, 1, 1)
    assert (d.on_time, d.with_deadline, d.on_time_rate) == (1, 2, 0.5)
    assert (d.cycle_median_h, d.cycle_p90_h) == (72.0, 72.0)


def test_the_previous_period(history):
    p = history.previous
    assert (p.created, p.completed, p.open, p.overdue, p.on_time_rate, p.cycle_median_h) == (1, 1, 0, 0, 1.0, 50.0)


def test_gaps_and_workload(history):
    assert (history.no_owner, history.no_deadline) == (0, 1)
    assert history.overdue_by_owner == [("U0CAROL", 1)]
    assert history.workload == [("U0CAROL", 2), ("U0BOB", 1)]


def test_risks(history):
    assert [r.number for r in history.top_risks] == [1, 2]
    assert (history.risks_opened, history.risks_closed, history.exposure, history.stale_risks) == (1, 1, 26, 1)
    assert history.heat == {(4, 5): 1, (2, 3): 1}


def test_feedback_changes_meetings_failures(history):
    assert (history.feedback_count, history.feedback_previous) == (2, 1)
    assert history.feedback_by_tag == [("process", 1), ("tools", 1), ("workload", 1)]
    assert (history.changes_pending, history.changes_approved, history.changes_rejected) == (1, 1, 0)
    assert history.meetings == {"held": 1, "skipped": 1}
    assert history.failed_messages == [("channel_not_found", 1)]
    assert [lesson.number for lesson in history.new_lessons] == [1]


def test_weekly_series_for_the_chart(history):
    assert len(history.weekly) == 8
    assert history.weekly[-1] == (START, 6, 3)
    assert history.weekly[-2][1:] == (1, 1)
    assert all(created == completed == 0 for _, created, completed in history.weekly[:-2])


@pytest.mark.parametrize(("start", "end", "first", "after_last"), [
    (START, END, date(2026, 11, 17), date(2026, 11, 24)),  # Monday 09:00 → Monday 09:00: Tue … Mon
    (datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC), date(2026, 11, 16), date(2026, 11, 23)),
    (datetime(2026, 11, 23, 5, tzinfo=UTC), datetime(2026, 11, 24, 10, tzinfo=UTC), date(2026, 11, 24),
     date(2026, 11, 25)),  # "this week" asked on Tuesday morning includes today
])
def test_anonymous_feedback_days_count_once(start, end, first, after_last):
    assert kpi.days(start, end) == (first, after_last)


@pytest.mark.parametrize(("values", "p", "expected"), [
    ([], 90, None), ([5.0], 90, 5.0), ([1.0, 2.0], 50, 1.0), ([1.0, 2.0, 3.0], 90, 3.0),
    ([float(i) for i in range(1, 11)], 90, 9.0), ([float(i) for i in range(1, 101)], 90, 90.0),
])
def test_percentile_is_nearest_rank(values, p, expected):
    assert kpi.percentile(values, p) == expected


def test_the_number_of_queries_does_not_grow_with_the_team(rt, history):
    from sqlalchemy import event

    from bot.digest import delivery

    def statements_for_digest() -> int:
        seen = []
        listener = lambda conn, cursor, statement, *args: seen.append(statement)  # noqa: E731
        event.listen(rt.db.engine, "before_cursor_execute", listener)
        with rt.db.session(read_only=True) as session:
            delivery.compose(session, "T0TEAM", END, "UTC", "en")
        event.remove(rt.db.engine, "before_cursor_execute", listener)
        return len(seen)

    small = statements_for_digest()
    with rt.db.session() as session:
        for n in range(100, 400):
            owner = f"U{n % 40:03d}"
            session.add(Task(team_id="T0TEAM", number=n, title="x", owner_id=owner, creator_id=owner,
                             status="done" if n % 2 else "open", created_at=at(17), updated_at=at(17),
                             done_at=at(20) if n % 2 else None, due_at=at(19)))
            session.add(Feedback(team_id="T0TEAM", number=n, text="f", tags=["t"], author_id=owner,
                                 created_at=at(18)))
    assert statements_for_digest() == small
