"""Sending the outbox: claim a due message with a lease, call Slack, record the outcome.

Retries: 429 (after Retry-After), 5xx and connection errors back off 10 s, 30 s, 1, 2, 5, 10, 20 min (8 attempts,
~40 minutes) before the message is given up as failed. Permanent errors (channel_not_found, not_in_channel,
account_inactive, …) fail at once. Failures are kept in the table so managers can be told. A message is claimed
by one process at a time (`claimed_until` lease, conditional UPDATE), so any number of senders is safe; the only
window for a duplicate is a crash between Slack's answer and the UPDATE that records it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from sqlalchemy import or_, select, update

from bot.core import files
from bot.core import outbox as queue
from bot.core.outbox import THEN_IN_THREAD
from storage.db import Database, affected
from storage.models import OutboxMessage

log = logging.getLogger(__name__)

BACKOFF = [timedelta(seconds=s) for s in (10, 30, 60, 120, 300, 600, 1200)]
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = timedelta(seconds=60)
PERMANENT_ERRORS = {
    "channel_not_found", "not_in_channel", "account_inactive", "is_archived", "user_not_found", "invalid_auth",
    "token_revoked", "not_authed", "msg_too_long", "no_text", "invalid_blocks", "cannot_dm_bot", "user_disabled",
    "restricted_action", "team_access_not_granted", "missing_scope", "invalid_arguments",
}
WORKER_ID = f"{os.uname().nodename}:{os.getpid()}"


def flush(db: Database, client_for: Callable[[str], WebClient], now: Callable[[], datetime], limit: int = 50) -> int:
    """Send what is due; returns how many were sent."""
    sent = 0
    with db.session(read_only=True) as session:
        start = now()
        due = session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
                   OutboxMessage.next_attempt_at <= start,
                   or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < start))
            .order_by(OutboxMessage.id).limit(limit)
        ).all()
    for message_id in due:
        message = _claim(db, message_id, now())
        if message is not None:
            sent += _send(db, client_for, message, now)
    return sent


def _claim(db: Database, message_id: int, at: datetime) -> OutboxMessage | None:
    with db.session() as session:
        claimed = affected(session, update(OutboxMessage)
                           .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
                                  OutboxMessage.failed_at.is_(None),
                                  or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < at))
                           .values(claimed_by=WORKER_ID, claimed_until=at + LEASE, attempts=OutboxMessage.attempts + 1))
        return session.get(OutboxMessage, message_id) if claimed == 1 else None


def _send(db: Database, client_for: Callable[[str], WebClient], message: OutboxMessage,
          now: Callable[[], datetime]) -> int:
    retry_after: float | None = None
    error: str | None = None
    ts: str | None = None
    payload = {k: v for k, v in message.payload.items() if k != THEN_IN_THREAD}
    try:
        client = client_for(message.team_id)
        if message.method == "files.upload":
            response = _upload(db, client, payload)
        else:
            response = client.api_call(message.method, json=payload)
        ts = response.get("ts") or response.get("message_ts")
    except SlackApiError as exc:
        error = str(exc.response.get("error") or exc.response.status_code)
        if exc.response.status_code == 429:
            retry_after = float(exc.response.headers.get("Retry-After", 1) or 1)
    except (SlackRequestError, OSError) as exc:
        error = exc.__class__.__name__
    at = now()
    values: dict = {"claimed_until": None}
    if error is None:
        values.update(sent_at=at, result_ts=ts, last_error=None)
    elif error in PERMANENT_ERRORS or message.attempts >= MAX_ATTEMPTS:
        values.update(failed_at=at, last_error=error[:200])
        log.warning("outbox message %s to %s failed for good: %s", message.id, message.method, error)
    else:
        delay = BACKOFF[min(message.attempts - 1, len(BACKOFF) - 1)]
        if retry_after is not None:
            delay = max(delay, timedelta(seconds=retry_after))
        values.update(next_attempt_at=at + delay, last_error=error[:200])
        log.info("outbox message %s: %s, retrying in %ss", message.id, error, int(delay.total_seconds()))
    with db.session() as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id == message.id).values(**values))
        if error is None and ts:
            for i, follow_up in enumerate(message.payload.get(THEN_IN_THREAD) or []):
                queue.enqueue(session, message.team_id, "chat.postMessage",
                              dict(follow_up, channel=message.payload.get("channel"), thread_ts=ts), at,
                              dedupe_key=f"outbox:{message.id}:thread:{i}")
    return 1 if error is None else 0


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
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)

    def start(self) -> Sender:
        self._thread.start()
        return self

    def wake(self) -> None:
        self._idle.clear()
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the send in progress, make one last pass, and stop."""
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
                while flush(self.db, self.client_for, self.now):
                    pass
            except Exception:  # noqa: BLE001 - a database outage must not kill the sender
                log.exception("outbox flush failed; will retry")
            if not self._wake.is_set():
                self._idle.set()
            if self._stop.is_set():
                return
