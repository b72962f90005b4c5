"""The one router for messages people write to teambot: DMs and @mentions.

A DM may be several things, tried in order: an answer to a standup prompt the sender has not answered yet, then a
task for the sender. A mention in a channel may create a task (`@teambot task: …`); anything else gets a hint. Each
feature's handler module offers its reader (`on_dm`, `on_mention`); the order lives here. Replies go through the
outbox (a DM in the DM, a mention in its thread), so a Slack hiccup loses nothing. Channel chatter, edits and bot
messages are acknowledged and ignored, so Slack does not retry them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core import notify
from handlers.kit import Ctx, Reply, attempt

Reader = Callable[[Ctx, str], Reply | None]
DM_ORDER = ("standups", "tasks")       # a standup answer first: a reply to a prompt is not a new task
MENTION_ORDER = ("tasks",)


def register(app: App, *, dm_readers: Mapping[str, Reader], mention_readers: Mapping[str, Reader]) -> None:
    dms = [dm_readers[name] for name in DM_ORDER if name in dm_readers]
    mentions = [mention_readers[name] for name in MENTION_ORDER if name in mention_readers]
    unplaced = (set(dm_readers) - set(DM_ORDER)) | (set(mention_readers) - set(MENTION_ORDER))
    if unplaced:
        raise ValueError(f"place these readers in DM_ORDER / MENTION_ORDER: {sorted(unplaced)}")

    def on_message(event: dict[str, Any], context: BoltContext, ack: Ack, client: WebClient) -> None:
        ack()
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        ctx = Ctx.of(context, client)
        _answer(ctx, dms, (event.get("text") or "").strip(), event["channel"], None)

    def on_mention(event: dict[str, Any], context: BoltContext, ack: Ack, client: WebClient) -> None:
        ack()
        ctx = Ctx.of(context, client)
        text = _without_bot(event.get("text") or "", context.bot_user_id)
        _answer(ctx, mentions, text, event["channel"], event.get("thread_ts") or event.get("ts"))

    app.event("message")(on_message)
    app.event("app_mention")(on_mention)


def _answer(ctx: Ctx, readers: list[Reader], text: str, channel: str, thread_ts: str | None) -> None:
    for read in readers:
        reply = attempt(ctx, read, text)
        if reply is not None:
            notify.reply(ctx.caller, channel, reply["text"], reply.get("blocks"), thread_ts=thread_ts)
            return


def _without_bot(text: str, bot_user_id: str | None) -> str:
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return " ".join(text.split())
