"""Messages that matter are written to the outbox in the same transaction as the change that causes them, and sent
after commit by whichever process gets there first (see scheduler/outbox.py). A rolled-back change sends nothing;
a committed one is sent even if Slack is down right now or the process restarts — and, if Slack refuses its blocks,
as plain text (`as_plain_text`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bot.core.blocks import MESSAGE_TEXT, as_text
from bot.core.mrkdwn import fit
from storage.db import after_commit, conflict_insert
from storage.models import OutboxMessage

_WAKE_HOOKS: list = []
# A message may carry follow-ups to post in its own thread once Slack has given it a `ts` (a notes thread).
THEN_IN_THREAD = "_then_in_thread"


def on_enqueue(hook) -> None:  # noqa: ANN001
    """Register a callable run after any commit that enqueued messages (wakes the in-process sender)."""
    if hook not in _WAKE_HOOKS:
        _WAKE_HOOKS.append(hook)


def _wake() -> None:
    for hook in list(_WAKE_HOOKS):
        hook()


def enqueue(session: Session, team_id: str, method: str, payload: dict[str, Any], now: datetime,
            dedupe_key: str | None = None) -> None:
    """Queue one Web API call. With a `dedupe_key` already queued, nothing is added (race-safe). A message's text
    is fitted to what Slack accepts here, so no message is queued that Slack must refuse for its length."""
    if isinstance(payload.get("text"), str):
        payload = dict(payload, text=fit(payload["text"], MESSAGE_TEXT))
    values = {"team_id": team_id, "method": method, "payload": payload, "dedupe_key": dedupe_key,
              "created_at": now, "next_attempt_at": now}
    if dedupe_key is None:
        session.execute(insert(OutboxMessage).values(**values))
    else:
        session.execute(conflict_insert(session, OutboxMessage).values(**values)
                        .on_conflict_do_nothing(index_elements=["dedupe_key"]))
    after_commit(session, _wake)


def post(session: Session, team_id: str, channel: str, text: str, now: datetime, *,
         blocks: list[dict] | None = None, thread_ts: str | None = None, dedupe_key: str | None = None,
         then_in_thread: list[str] | None = None) -> None:
    """chat.postMessage to a channel or, with a user id as `channel`, to that person's DM with the app.
    `then_in_thread`: texts posted as replies to this message once it is sent."""
    payload: dict[str, Any] = {"channel": channel, "text": text}
    if blocks:
        payload["blocks"] = blocks
    if thread_ts:
        payload["thread_ts"] = thread_ts
    if then_in_thread:
        payload[THEN_IN_THREAD] = [{"text": reply} for reply in then_in_thread]
    enqueue(session, team_id, "chat.postMessage", payload, now, dedupe_key)


def upload(session: Session, team_id: str, channel: str, now: datetime, *, render: str, spec: dict[str, Any],
           filename: str, title: str, alt_text: str = "", comment: str = "", dedupe_key: str | None = None) -> None:
    """A file for a channel or a person's DM. Only the recipe is stored (`render` names a bot.files renderer,
    `spec` its inputs): the bytes are made when it is sent, so no large blobs sit in the database."""
    enqueue(session, team_id, "files.upload", {
        "channel": channel, "render": render, "spec": spec, "filename": filename, "title": title,
        "alt_txt": alt_text, "initial_comment": comment,
    }, now, dedupe_key)


def as_plain_text(payload: dict[str, Any]) -> dict[str, Any]:
    """The same message (channel, thread, the `ts` it edits) without blocks: their words as its text, within Slack's
    limit. Sent when Slack refuses the message as built (`invalid_blocks`, `msg_too_long`), so the reader still gets
    it, without its buttons."""
    blocks = payload.get("blocks") or []
    text = (as_text(blocks) if blocks else "") or str(payload.get("text") or "")
    plain = {key: value for key, value in payload.items() if key not in ("blocks", "text", THEN_IN_THREAD)}
    return dict(plain, text=fit(text, MESSAGE_TEXT) or "…")
