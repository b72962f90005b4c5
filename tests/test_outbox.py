"""Messages that matter are sent after commit, retried through Slack failures, sent as plain text when Slack refuses
their blocks, held back together when Slack rate-limits their method, and sent twice only in the one window the
README names."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
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


# ---- a message Slack refuses for its shape is sent as plain text, never dropped -----------------------------------

def big_section(chars=3500):
    return {"type": "section", "text": {"type": "mrkdwn", "text": "*Status* " + "x" * chars}}


def enqueue_blocks(rt, blocks, text="notification", team="T0TEAM", channel="U0BOB", method="chat.postMessage"):
    with rt.db.session() as session:
        payload = {"channel": channel, "text": text, "blocks": blocks}
        if method == "chat.update":
            payload["ts"] = "1700000000.000100"
        queue.enqueue(session, team, method, payload, rt.now())


def test_a_message_slack_refuses_for_its_blocks_is_sent_as_plain_text(slack, rt):
    slack.stub.expect_refusals()
    buttons = {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Done"},
                                                "action_id": "task.done", "value": "1"}]}
    enqueue_blocks(rt, [{"type": "header", "text": {"type": "plain_text", "text": "Weekly"}}, big_section(),
                        {"type": "context", "elements": [{"type": "mrkdwn", "text": "small print <@U0CAROL>"}]},
                        buttons])
    assert slack.deliver() == 1
    refused, plain = slack.stub.sent("chat.postMessage")
    assert refused.refused == "invalid_blocks" and plain.refused is None
    assert "blocks" not in plain.args and plain.args["channel"] == "U0BOB"
    text = plain.args["text"]
    assert text.startswith("*Weekly*\n*Status* xxx") and "small print <@U0CAROL>" in text and len(text) <= 40_000
    [row] = rows(rt)
    assert row.sent_at is not None and row.failed_at is None
    assert row.last_error == "invalid_blocks: sent as plain text" and row.result_ts  # recorded, with its ts


def test_a_text_too_long_is_fitted_when_queued_and_a_refusal_for_length_goes_as_plain_text(slack, rt):
    enqueue(rt, text="&amp;" * 10_000 + " end")
    assert slack.deliver() == 1
    [call] = slack.stub.sent("chat.postMessage")
    assert call.refused is None and len(call.args["text"]) <= 40_000 and call.args["text"].endswith("&amp;…")
    slack.stub.error("chat.postMessage", "msg_too_long")  # should Slack's limit ever be lower than documented
    enqueue(rt, text="second")
    assert slack.deliver() == 1
    assert [c.args["text"] for c in slack.stub.sent("chat.postMessage")[1:]] == ["second", "second"]
    assert rows(rt)[1].last_error == "msg_too_long: sent as plain text"


def test_an_edit_slack_refuses_for_its_blocks_is_made_as_plain_text(slack, rt):
    slack.stub.expect_refusals()
    enqueue_blocks(rt, [big_section()], method="chat.update")
    assert slack.deliver() == 1
    refused, plain = slack.stub.sent("chat.update")
    assert refused.refused == "invalid_blocks" and "blocks" not in plain.args
    assert plain.args["ts"] == "1700000000.000100" and plain.args["text"].startswith("*Status*")


def test_when_even_the_plain_text_is_refused_the_message_is_recorded_as_failed_not_sent(slack, rt, clock):
    slack.stub.error("chat.postMessage", "invalid_blocks", count=2)
    enqueue_blocks(rt, [big_section(10)])
    assert slack.deliver() == 0
    [row] = rows(rt)
    assert row.sent_at is None and row.failed_at is not None and row.last_error == "invalid_blocks"
    assert len(slack.stub.sent("chat.postMessage")) == 2  # the blocks, then the plain text: once each


def test_a_plain_text_resend_that_is_rate_limited_waits_and_is_tried_again(slack, rt, clock):
    slack.stub.error("chat.postMessage", "invalid_blocks")
    slack.stub.fail("chat.postMessage", status=429, retry_after=5)
    enqueue_blocks(rt, [big_section(10)])
    assert slack.deliver() == 0
    clock.advance(seconds=6)
    assert slack.deliver() == 1  # the blocks are fine this time
    assert ["blocks" in c.args for c in slack.stub.sent("chat.postMessage")] == [True, False, True]


# ---- a 429 pauses the method for the workspace ---------------------------------------------------------------------

def test_a_429_pauses_that_method_for_that_workspace_for_retry_after(slack, rt, clock):
    """Slack's limits are per method and workspace: after a 429 nothing more of that method goes to that workspace
    until Retry-After has passed — not one call per queued message."""
    for i in range(10):
        enqueue(rt, text=f"m{i}")
    enqueue_blocks(rt, [], text="elsewhere", team="T0OTHER")
    enqueue_blocks(rt, [], text="an edit", method="chat.update")
    slack.stub.fail("chat.postMessage", status=429, retry_after=20)
    assert slack.deliver() == 2  # the other workspace's message and the edit
    assert len(slack.stub.sent("chat.postMessage")) == 2  # the 429, and the other workspace
    clock.advance(seconds=10)
    enqueue(rt, text="new while paused")
    assert slack.deliver() == 0 and len(slack.stub.sent("chat.postMessage")) == 2
    clock.advance(seconds=11)
    assert slack.deliver() == 11
    texts = [c.args["text"] for c in slack.stub.sent("chat.postMessage")[2:]]
    assert texts == [f"m{i}" for i in range(10)] + ["new while paused"]  # in order, each once


def test_slacks_per_minute_rate_is_met_with_one_429_not_a_burst(slack, rt, clock):
    slack.stub.ratelimit("chat.postMessage", per_minute=3)
    for i in range(10):
        enqueue(rt, text=f"m{i}")
    assert slack.deliver() == 3
    calls = slack.stub.sent("chat.postMessage")
    assert len(calls) == 4  # three sent, one 429, then the method waits
    [row] = [r for r in rows(rt) if r.last_error == "ratelimited"]
    assert 50 <= (row.next_attempt_at - clock.now()).total_seconds() <= 60


def test_rate_limits_never_use_up_a_messages_attempts(slack, rt, clock):
    slack.stub.fail("chat.postMessage", status=429, count=outbox.MAX_ATTEMPTS + 3, retry_after=1)
    enqueue(rt)
    for _ in range(outbox.MAX_ATTEMPTS + 3):
        assert slack.deliver() == 0
        clock.advance(seconds=2)
    assert slack.deliver() == 1
    [row] = rows(rt)
    assert row.sent_at is not None and row.failed_at is None


# ---- duplicates: exactly the window the README names ---------------------------------------------------------------

def test_a_crash_before_the_call_sends_the_message_once_after_the_lease(slack, rt, clock):
    enqueue(rt)
    [row] = rows(rt)
    assert outbox._claim(rt.db, row.id, clock.now()) is not None  # claimed, then the process died
    assert slack.deliver() == 0  # the lease still holds it
    clock.advance(seconds=outbox.LEASE.total_seconds() + 1)
    assert slack.deliver() == 1 and len(slack.stub.sent("chat.postMessage")) == 1


def test_the_only_duplicate_is_a_crash_between_slacks_answer_and_the_update_that_records_it(slack, rt, clock,
                                                                                            monkeypatch):
    """Slack offers no idempotency key for chat.postMessage, so a process killed after Slack accepted a message
    but before its `sent_at` was written sends it again once the lease has run out: one duplicate per kill, of
    the message that was in flight. Every other crash point sends once."""
    enqueue(rt, text="in flight")
    enqueue(rt, text="queued behind it")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as kill -9 would, before the UPDATE

    monkeypatch.setattr(outbox, "_record", killed)
    with pytest.raises(KeyboardInterrupt):
        outbox.flush(rt.db, rt.sending_client_for, rt.now)
    monkeypatch.undo()
    clock.advance(seconds=outbox.LEASE.total_seconds() + 1)
    assert slack.deliver() == 2
    texts = [c.args["text"] for c in slack.stub.sent("chat.postMessage")]
    assert texts == ["in flight", "in flight", "queued behind it"]


def test_a_message_in_flight_is_not_sent_by_another_sender(slack, rt):
    slack.stub.latency(0.3)  # Slack's round trip: the first sender is still waiting for its answer
    enqueue(rt)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(outbox.flush, rt.db, rt.sending_client_for, rt.now)
        time.sleep(0.1)
        second = pool.submit(outbox.flush, rt.db, rt.sending_client_for, rt.now)
        assert sorted([first.result(), second.result()]) == [0, 1]
    assert len(slack.stub.sent("chat.postMessage")) == 1


def test_a_graceful_stop_finishes_the_call_in_flight_and_leaves_no_message_half_sent(slack, rt, monkeypatch):
    """SIGTERM: the sender goes on for a short last pass, then stops between messages — never inside a call, so
    nothing Slack may have posted is left claimed for another sender to post again."""
    monkeypatch.setattr(outbox, "LAST_PASS", 0.5)
    slack.stub.latency(0.2)
    for i in range(30):
        enqueue(rt, text=f"m{i}")
    sender = outbox.Sender(rt.db, rt.sending_client_for, rt.now).start()
    sender.wake()
    time.sleep(0.3)
    sender.stop()
    assert not sender._thread.is_alive()
    sent = [row for row in rows(rt) if row.sent_at is not None]
    assert 1 <= len(sent) < 30  # stopped promptly, the rest left for the next process
    assert all(row.claimed_until is None for row in rows(rt))  # nothing abandoned in flight
    assert len(slack.stub.sent("chat.postMessage")) == len(sent)  # every call Slack answered is recorded
