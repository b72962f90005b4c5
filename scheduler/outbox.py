"""Sending the outbox: claim a due message with a lease, call Slack, record the outcome.

Retries: 5xx and connection errors back off 10 s, 30 s, 1, 2, 5, 10, 20 min (8 attempts, ~40 minutes) before the
message is given up as failed. Permanent errors (channel_not_found, not_in_channel, account_inactive, …) fail at
once. Failures are kept in the table so managers can be told.

Refused for its shape: when Slack answers `invalid_blocks` or `msg_too_long`, the message is sent again at once as
plain text (bot.core.outbox.as_plain_text: the blocks' words, without buttons), and its row says so in
`last_error` ("invalid_blocks: sent as plain text"); only if that is refused too is it recorded as failed.

Rate limits: Slack's are per method and workspace, and a 429 is "later", not "no". The message waits exactly
Retry-After without using up an attempt, and so does every other message of that method for that workspace: the
waiting row *is* the pause (`paused_pairs`), so every sender process sees it at once, it survives a restart, and no
table or migration is needed for it.

Once, and the one window: a message is claimed by one process at a time (`claimed_until` lease, conditional
UPDATE), so any number of senders is safe, and the lease outlasts a call, so a call in flight is never made twice.
Slack offers no idempotency key for chat.postMessage, so a message whose call Slack accepted but whose outcome was
never recorded — the process died between Slack accepting it and the UPDATE in `_record`, or the answer was lost
on the network — is sent again (once the lease has run out, or after the backoff): one duplicate per such crash, of
the message that was in flight. chat.update is idempotent. A graceful stop (`Sender.stop`) stops between messages.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from sqlalchemy import or_, select, tuple_, update
from sqlalchemy.orm import Session

from bot.core import files
from bot.core import outbox as queue
from bot.core.outbox import THEN_IN_THREAD
from storage.db import Database, affected
from storage.models import OutboxMessage

log = logging.getLogger(__name__)

BACKOFF = [timedelta(seconds=s) for s in (10, 30, 60, 120, 300, 600, 1200)]
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = timedelta(seconds=60)  # longer than a call (CALL_TIMEOUT) and its plain-text resend
CALL_TIMEOUT = 10.0  # seconds: the Web API client's timeout (bot.runtime.make_client)
LAST_PASS = 3.0  # seconds a stopping sender goes on sending what the last requests queued
PERMANENT_ERRORS = {
    "channel_not_found", "not_in_channel", "account_inactive", "is_archived", "user_not_found", "invalid_auth",
    "token_revoked", "not_authed", "msg_too_long", "no_text", "invalid_blocks", "cannot_dm_bot", "user_disabled",
    "restricted_action", "team_access_not_granted", "missing_scope", "invalid_arguments",
}
RATE_LIMITED = "ratelimited"
REFUSED_FOR_SHAPE = {"invalid_blocks", "msg_too_long"}
MESSAGE_METHODS = {"chat.postMessage", "chat.update", "chat.postEphemeral"}
WORKER_ID = f"{os.uname().nodename}:{os.getpid()}"

Pair = tuple[str, str]  # (team_id, method): what Slack rate-limits


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to: sent (with Slack's `ts`, and a `note` when it went as plain text) or an error."""

    ts: str | None = None
    error: str | None = None
    retry_after: float | None = None
    note: str | None = None


def flush(db: Database, client_for: Callable[[str], WebClient], now: Callable[[], datetime], limit: int = 50, *,
          stop: Callable[[], bool] = lambda: False) -> int:
    """Send what is due, except the methods Slack has paused for a workspace; returns how many were sent. `stop` is
    asked before each message, never during a call: a shutdown never abandons a message Slack may have posted."""
    sent = 0
    with db.session(read_only=True) as session:
        start = now()
        paused = set(paused_pairs(session, start))
        query = (select(OutboxMessage.id, OutboxMessage.team_id, OutboxMessage.method)
                 .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
                        OutboxMessage.next_attempt_at <= start,
                        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < start))
                 .order_by(OutboxMessage.id).limit(limit))
        if paused:
            query = query.where(tuple_(OutboxMessage.team_id, OutboxMessage.method).not_in(list(paused)))
        due = session.execute(query).all()
    for message_id, team_id, method in due:
        if stop():
            break
        if (team_id, method) in paused:  # a 429 earlier in this pass
            continue
        message = _claim(db, message_id, now())
        if message is None:
            continue
        outcome = _send(db, client_for, message)
        _record(db, message, outcome, now())
        if outcome.error == RATE_LIMITED:
            paused.add((team_id, method))
        sent += outcome.error is None
    return sent


def paused_pairs(session: Session, at: datetime) -> list[Pair]:
    """The (workspace, method) pairs waiting out a 429: a pending message of theirs was told to wait past `at`."""
    return [(team_id, method) for team_id, method in session.execute(
        select(OutboxMessage.team_id, OutboxMessage.method).distinct()
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
               OutboxMessage.next_attempt_at > at, OutboxMessage.last_error == RATE_LIMITED))]


def _claim(db: Database, message_id: int, at: datetime) -> OutboxMessage | None:
    with db.session() as session:
        claimed = affected(session, update(OutboxMessage)
                           .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
                                  OutboxMessage.failed_at.is_(None),
                                  or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < at))
                           .values(claimed_by=WORKER_ID, claimed_until=at + LEASE, attempts=OutboxMessage.attempts + 1))
        return session.get(OutboxMessage, message_id) if claimed == 1 else None


def _send(db: Database, client_for: Callable[[str], WebClient], message: OutboxMessage) -> Outcome:
    """One attempt; a message refused for its shape goes again at once as plain text."""
    payload = {k: v for k, v in message.payload.items() if k != THEN_IN_THREAD}
    outcome = _call(db, client_for, message.team_id, message.method, payload)
    if outcome.error not in REFUSED_FOR_SHAPE or message.method not in MESSAGE_METHODS:
        return outcome
    log.warning("outbox message %s to %s refused (%s): sending it as plain text", message.id, message.method,
                outcome.error)
    plain = _call(db, client_for, message.team_id, message.method, queue.as_plain_text(payload))
    return replace(plain, note=f"{outcome.error}: sent as plain text") if plain.error is None else plain


def _call(db: Database, client_for: Callable[[str], WebClient], team_id: str, method: str,
          payload: dict) -> Outcome:
    try:
        client = client_for(team_id)
        response = _upload(db, client, payload) if method == "files.upload" else client.api_call(method,
                                                                                                  json=payload)
    except SlackApiError as exc:
        if exc.response.status_code == 429:
            return Outcome(error=RATE_LIMITED, retry_after=_seconds(exc.response.headers.get("Retry-After")))
        return Outcome(error=str(exc.response.get("error") or exc.response.status_code))
    except (SlackRequestError, OSError) as exc:
        return Outcome(error=exc.__class__.__name__)
    return Outcome(ts=response.get("ts") or response.get("message_ts"))


def _seconds(retry_after: object) -> float:
    """Slack's Retry-After in seconds (at least one; a missing or odd header counts as one)."""
    try:
        return max(1.0, float(str(retry_after)))
    except ValueError:
        return 1.0


def _record(db: Database, message: OutboxMessage, outcome: Outcome, at: datetime) -> None:
    """Write the attempt's outcome and release the lease; a sent message's thread follow-ups are queued with it."""
    values: dict = {"claimed_until": None}
    error = outcome.error
    if error is None:
        values.update(sent_at=at, result_ts=outcome.ts, last_error=outcome.note)
    elif error == RATE_LIMITED:
        values.update(next_attempt_at=at + timedelta(seconds=outcome.retry_after or 1), last_error=error,
                      attempts=message.attempts - 1)
        log.info("outbox: Slack rate-limits %s for %s; waiting %ss", message.method, message.team_id,
                 int(outcome.retry_after or 1))
    elif error in PERMANENT_ERRORS or message.attempts >= MAX_ATTEMPTS:
        values.update(failed_at=at, last_error=error[:200])
        log.warning("outbox message %s to %s failed for good: %s", message.id, message.method, error)
    else:
        delay = BACKOFF[min(message.attempts - 1, len(BACKOFF) - 1)]
        values.update(next_attempt_at=at + delay, last_error=error[:200])
        log.info("outbox message %s: %s, retrying in %ss", message.id, error, int(delay.total_seconds()))
    with db.session() as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id == message.id).values(**values))
        if error is None and outcome.ts:
            for i, follow_up in enumerate(message.payload.get(THEN_IN_THREAD) or []):
                queue.enqueue(session, message.team_id, "chat.postMessage",
                              dict(follow_up, channel=message.payload.get("channel"), thread_ts=outcome.ts), at,
                              dedupe_key=f"outbox:{message.id}:thread:{i}")


def _upload(db: Database, client: WebClient, payload: dict):  # noqa: ANN202
    """Render the file from its recipe and upload it (files_upload_v2); a person's id means their DM."""
    channel = payload["channel"]
    if channel.startswith(("U", "W")):
        channel = client.conversations_open(users=channel)["channel"]["id"]
    content = files.render(db, payload["render"], payload["spec"])
    return client.files_upload_v2(channel=channel, file=content, filename=payload["filename"],
                                  title=payload["title"], alt_txt=payload.get("alt_txt") or None,
                                  initial_comment=payload.get("initial_comment") or None)


class Sender:
    """A thread that flushes the outbox as soon as a commit enqueues something, and every few seconds anyway."""

    def __init__(self, db: Database, client_for: Callable[[str], WebClient], now: Callable[[], datetime],
                 interval: float = 5.0) -> None:
        self.db, self.client_for, self.now, self.interval = db, client_for, now, interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._finish_by = float("inf")
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)

    def start(self) -> Sender:
        self._thread.start()
        return self

    def wake(self) -> None:
        self._idle.clear()
        self._wake.set()

    def stop(self, timeout: float = LAST_PASS + 2 * CALL_TIMEOUT) -> None:
        """Send for at most LAST_PASS seconds more (what the last requests queued), finish the call in flight, and
        stop. The thread is never left inside a call when the process exits — that would be a duplicate when
        another sender takes the message over — unless a call outlasts `timeout` (a call and its plain-text
        resend, each at most the Web API timeout)."""
        self._finish_by = time.monotonic() + LAST_PASS
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until a pass found nothing left to send (used by the console before it exits)."""
        self.wake()
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            try:
                while flush(self.db, self.client_for, self.now, stop=self._past_last_pass):
                    pass
            except Exception:  # noqa: BLE001 - a database outage must not kill the sender
                log.exception("outbox flush failed; will retry")
            if not self._wake.is_set():
                self._idle.set()
            if self._stop.is_set():
                return

    def _past_last_pass(self) -> bool:
        return time.monotonic() >= self._finish_by
