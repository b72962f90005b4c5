"""The clock delivers each reminder exactly once — with several clocks, across restarts — and never a stale burst."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from bot.core import reminders
from scheduler import jobs
from storage.models import Reminder

GRACE = timedelta(minutes=15)


@reminders.kind("test.ping")
def ping(session, reminder, now, late):
    from bot.core import outbox

    outbox.post(session, reminder.team_id, reminder.recipient_id, "ping" + (" (late)" if late else ""), now)


def schedule(rt, key, at):
    with rt.db.session() as session:
        reminders.schedule(session, "T0TEAM", "test.ping", at, key, recipient_id="U0BOB")


def outcomes(rt):
    with rt.db.session(read_only=True) as session:
        return {r.dedupe_key: r.outcome for r in session.scalars(select(Reminder))}


def test_due_reminders_are_delivered_once(slack, rt, clock):
    schedule(rt, "a", clock.now() + timedelta(minutes=5))
    assert slack.tick() == 0
    clock.advance(minutes=5)
    assert slack.tick() == 1
    assert slack.tick() == 0
    assert [c.args["text"] for c in slack.stub.sent("chat.postMessage")] == ["ping"]


def test_scheduling_the_same_moment_twice_is_one_reminder(rt, clock):
    schedule(rt, "same", clock.now())
    schedule(rt, "same", clock.now())
    assert len(outcomes(rt)) == 1


def test_many_clocks_on_one_database_deliver_each_reminder_exactly_once(slack, rt, clock):
    for i in range(40):
        schedule(rt, f"r{i}", clock.now() - timedelta(seconds=i))
    with ThreadPoolExecutor(4) as pool:
        delivered = list(pool.map(lambda _: jobs.run_due(rt.db, clock.now(), GRACE), range(4)))
    assert sum(delivered) == 40
    slack.deliver()
    assert len(slack.stub.sent("chat.postMessage")) == 40


def test_after_a_restart_recent_reminders_come_late_and_stale_ones_are_skipped(slack, rt, clock):
    schedule(rt, "recent", clock.now() - timedelta(minutes=10))
    schedule(rt, "stale", clock.now() - timedelta(hours=3))
    slack.tick()
    assert outcomes(rt) == {"recent": "late", "stale": "skipped"}
    assert [c.args["text"] for c in slack.stub.sent("chat.postMessage")] == ["ping (late)"]
