"""Messages that matter are sent after commit, retried through Slack failures, and never sent twice."""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from bot.core import outbox as queue
from scheduler import outbox
from storage.models import OutboxMessage


def enqueue(rt, text="hello", key=None):
    with rt.db.session() as session:
        queue.post(session, "T0TEAM", "U0BOB", text, rt.now(), dedupe_key=key)


def rows(rt):
    with rt.db.session(read_only=True) as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_message_is_sent_once_after_commit(slack, rt):
    enqueue(rt)
    assert slack.deliver() == 1
    assert slack.deliver() == 0
    [call] = slack.stub.sent("chat.postMessage")
    assert call.args == {"channel": "U0BOB", "text": "hello"}


def test_a_rolled_back_change_sends_nothing(slack, rt):
    try:
        with rt.db.session() as session:
            queue.post(session, "T0TEAM", "U0BOB", "never", rt.now())
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    assert slack.deliver() == 0 and slack.stub.sent("chat.postMessage") == []


def test_the_same_dedupe_key_is_queued_once(slack, rt):
    enqueue(rt, key="k1")
    enqueue(rt, key="k1")
    assert slack.deliver() == 1


def test_rate_limits_and_server_errors_are_retried_with_backoff(slack, rt, clock):
    slack.stub.fail("chat.postMessage", status=429, count=1, retry_after=20)
    enqueue(rt)
    assert slack.deliver() == 0
    [row] = rows(rt)
    assert row.sent_at is None and row.failed_at is None and row.last_error == "ratelimited"
    assert row.next_attempt_at > clock.now()
    clock.advance(seconds=19)
    assert slack.deliver() == 0  # Retry-After (20 s) outranks the first backoff step (10 s)
    clock.advance(seconds=2)
    assert slack.deliver() == 1
    slack.stub.fail("chat.postMessage", status=500, count=1)
    enqueue(rt, text="second")
    assert slack.deliver() == 0
    clock.advance(seconds=11)
    assert slack.deliver() == 1
    assert len(slack.stub.sent("chat.postMessage")) == 4


def test_permanent_errors_are_recorded_not_retried(slack, rt, clock):
    slack.stub.error("chat.postMessage", "channel_not_found")
    enqueue(rt)
    assert slack.deliver() == 0
    [row] = rows(rt)
    assert row.failed_at is not None and row.last_error == "channel_not_found"
    clock.advance(hours=1)
    assert slack.deliver() == 0 and len(slack.stub.sent("chat.postMessage")) == 1


def test_gives_up_after_the_last_attempt(slack, rt, clock):
    slack.stub.fail("chat.postMessage", status=503, count=100)
    enqueue(rt)
    for _ in range(outbox.MAX_ATTEMPTS + 2):
        slack.deliver()
        clock.advance(minutes=30)
    [row] = rows(rt)
    assert row.failed_at is not None and row.attempts == outbox.MAX_ATTEMPTS


def test_two_senders_racing_send_each_message_once(slack, rt):
    for i in range(30):
        enqueue(rt, text=f"m{i}")
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: outbox.flush(rt.db, rt.sending_client_for, rt.now), range(4)))
    texts = [c.args["text"] for c in slack.stub.sent("chat.postMessage")]
    assert sorted(texts) == sorted(f"m{i}" for i in range(30))
