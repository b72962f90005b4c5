"""The one router for messages people write to teambot: DMs and @mentions.

A DM may be several things, tried in order: an answer to a standup prompt the sender has not answered yet, then a
task for the sender. A mention in a channel may create a task (`@teambot task: …`); anything else gets a hint. Each
feature's handler module offers its reader (`on_dm`, `on_mention`); the order lives here. Replies go through the
outbox (a DM where it was written — in its thread when it was written in one —, a mention in its thread), so a
Slack hiccup loses nothing. A person's words include a DM with a file attached (`file_share`) and a thread reply
also sent to the conversation (`thread_broadcast`); channel chatter, edits, deletions and whatever bots, apps and
webhooks say are acknowledged and ignored, so Slack does not retry them.
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
PERSONS_WORDS = (None, "file_share", "thread_broadcast")  # message subtypes that are someone writing to us


def register(app: App, *, dm_readers: Mapping[str, Reader], mention_readers: Mapping[str, Reader]) -> None:
    dms = [dm_readers[name] for name in DM_ORDER if name in dm_readers]
    mentions = [mention_readers[name] for name in MENTION_ORDER if name in mention_readers]
    unplaced = (set(dm_readers) - set(DM_ORDER)) | (set(mention_readers) - set(MENTION_ORDER))
    if unplaced:
        raise ValueError(f"place these readers in DM_ORDER / MENTION_ORDER: {sorted(unplaced)}")

    def on_message(event: dict[str, Any], context: BoltContext, ack: Ack, client: WebClient) -> None:
        ack()
        if event.get("channel_type") != "im" or event.get("subtype") not in PERSONS_WORDS:
            return
        ctx = Ctx.of(context, client)
        if _said_by_a_person(event, ctx):
            _answer(ctx, dms, (event.get("text") or "").strip(), event["channel"], event.get("thread_ts"))

    def on_mention(event: dict[str, Any], context: BoltContext, ack: Ack, client: WebClient) -> None:
        ack()
        ctx = Ctx.of(context, client)
        if _said_by_a_person(event, ctx):
            text = _without_bot(event.get("text") or "", context.bot_user_id)
            _answer(ctx, mentions, text, event["channel"], event.get("thread_ts") or event.get("ts"))

    app.event("message")(on_message)
    app.event("app_mention")(on_mention)


def _said_by_a_person(event: dict[str, Any], ctx: Ctx) -> bool:
    """Written by a person (not a bot user posting as itself), somewhere we can answer. Bot and webhook posts
    (`bot_id`, `subtype: bot_message`) never get this far: the app's middleware drops them for every listener."""
    return (isinstance(event.get("user"), str) and bool(event["user"]) and not ctx.person.is_bot
            and isinstance(event.get("channel"), str) and bool(event["channel"]))


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
