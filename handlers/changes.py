"""Change requests from Slack: `/change …`, the PMs' Approve / Reject buttons and the reason modal.

Each listener acks, translates the payload, calls bot.changes inside one session, and renders. bot.changes decides
who may decide and tells the people concerned through the outbox; profiles of those people are fetched here first,
so no network call happens while the write transaction is open.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_sdk.errors import SlackRequestError
from slack_sdk.webhook import WebhookClient

from bot.changes import service as changes
from bot.changes import views
from bot.core.errors import UserError
from bot.core.mrkdwn import mention, plain
from bot.core.numbers import parse_number
from handlers.legacy_kit import Ctx, ephemeral, is_help, split_command

log = logging.getLogger(__name__)

DECISIONS = {views.APPROVE: True, views.REJECT: False}
LIST_WORDS = ("list", "ls", "列表")
SCOPE_WORDS = {"": "pending", "pending": "pending", "open": "pending", "待审批": "pending", "all": "all",
               "全部": "all"}


def register(app) -> None:  # noqa: ANN001
    app.command("/change")(change_command)
    for action_id in DECISIONS:
        app.action(action_id)(on_decision_button)
    app.view(views.MODAL)(on_decision_submitted)


# ---- /change ----------------------------------------------------------------------------------------------------

def change_command(ack, command, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    text = command.get("text") or ""
    word, rest = split_command(text)
    if is_help(word):
        return ack(**ephemeral(ctx.t("help.change")))
    if word in LIST_WORDS:
        return ack(**list_reply(ctx, rest))
    if word in ("approve", "reject"):
        number_word, _, reason = rest.partition(" ")
        number = parse_number(number_word)
        if number is None:
            return ack(**ephemeral(ctx.t("change.needs_number", word=word)))
        return ack(**decide_reply(ctx, number, word == "approve", plain(reason)))
    ack(**file_reply(ctx, plain(text)))


def file_reply(ctx: Ctx, text: str) -> dict[str, Any]:
    """File a request; the PMs are told by DM via the outbox. The reply says who will decide, or that nobody can."""
    with ctx.rt.db.session(read_only=True) as session:
        approvers = changes.approvers(session, ctx.team_id)
    ctx.know(approvers)
    now = ctx.now()
    try:
        with ctx.rt.db.session() as session:
            filed = changes.create_from_text(session, ctx.team_id, ctx.user_id, text, now, channel_id=ctx.channel_id)
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    number = filed.change.number
    if filed.approvers:
        note = ctx.t("change.sent_to", approvers=", ".join(mention(u) for u in filed.approvers))
    else:
        note = ctx.t("change.no_pm", number=number)
    return ephemeral(*views.card(filed.change, ctx.locale, ctx.tz, headline=ctx.t("change.created", number=number),
                                 note=note))


def list_reply(ctx: Ctx, rest: str) -> dict[str, Any]:
    scope = SCOPE_WORDS.get(plain(rest).strip().lower())
    if scope is None:
        return ephemeral(ctx.t("change.list.bad_scope"))
    with ctx.rt.db.session(read_only=True) as session:
        found = changes.listing(session, ctx.team_id, scope=scope)
    return ephemeral(*views.listing(found.changes, found.total, ctx.locale, ctx.tz, scope=scope))


def decide_reply(ctx: Ctx, number: int, approve: bool, reason: str) -> dict[str, Any]:
    """`/change approve 3 [reason]` · `/change reject 3 <reason>`: the same decision as the buttons."""
    try:
        change = _decide(ctx, number, approve, reason)
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    return _decided_card(ctx, change)


# ---- buttons and the reason modal -------------------------------------------------------------------------------

def on_decision_button(ack, body, context, respond, client) -> None:  # noqa: ANN001
    """Approve / Reject on a PM's card: open the reason modal, or say at once why this person cannot decide."""
    ack()
    ctx = Ctx.of(context)
    action = body["actions"][0]
    number = parse_number(action.get("value", ""))
    if number is None:
        return None
    try:
        with ctx.rt.db.session(read_only=True) as session:
            change = changes.decidable(session, ctx.team_id, number, ctx.user_id)
    except UserError as err:
        return respond(**_refusal(ctx, err, number))
    meta = json.dumps({"number": number, "approve": DECISIONS[action["action_id"]],
                       "response_url": body.get("response_url")})
    client.views_open(trigger_id=body["trigger_id"], view=views.decision_modal(
        change, ctx.locale, approve=DECISIONS[action["action_id"]], private_metadata=meta))
    return None


def on_decision_submitted(ack, view, context) -> None:  # noqa: ANN001
    """Record the decision; then the card the PM clicked is replaced by the decided one (where Slack still lets
    us: its response_url). Problems with the reason, or with who decides, are shown on the reason field."""
    ctx = Ctx.of(context)
    meta = json.loads(view.get("private_metadata") or "{}")
    number, approve, response_url = int(meta["number"]), bool(meta.get("approve")), meta.get("response_url")
    reason = view["state"]["values"].get("reason", {}).get("reason", {}).get("value") or ""
    try:
        change = _decide(ctx, number, approve, reason)
    except UserError as err:
        if err.key.startswith("change.already_"):  # someone was quicker: close, and show who and when on the card
            ack()
            return _replace(response_url, _refusal(ctx, err, number))
        return ack(response_action="errors", errors={"reason": ctx.t(err.key, **err.values)})
    ack()
    return _replace(response_url, dict(replace_original=True, **_decided_card(ctx, change)))


# ---- shared -----------------------------------------------------------------------------------------------------

def _decide(ctx: Ctx, number: int, approve: bool, reason: str):  # noqa: ANN202
    with ctx.rt.db.session(read_only=True) as session:
        change = changes.find(session, ctx.team_id, number)
    ctx.know([change.requester_id] if change else [])
    with ctx.rt.db.session() as session:
        return changes.decide(session, ctx.team_id, number, ctx.user_id, approve, reason, ctx.now())


def _decided_card(ctx: Ctx, change) -> dict[str, Any]:  # noqa: ANN001
    headline = ctx.t(f"change.you_{change.status}", number=change.number)
    return ephemeral(*views.card(change, ctx.locale, ctx.tz, headline=headline))


def _refusal(ctx: Ctx, err: UserError, number: int) -> dict[str, Any]:
    """Already decided: the stale card is replaced by the decided one, saying who and when. Anything else (not a
    PM, no such request): an ephemeral note, the card stays as it is."""
    message = ctx.t(err.key, **err.values)
    if err.key.startswith("change.already_"):
        with ctx.rt.db.session(read_only=True) as session:
            change = changes.get(session, ctx.team_id, number)
        return dict(replace_original=True, **ephemeral(*views.card(change, ctx.locale, ctx.tz, headline=message)))
    return dict(replace_original=False, **ephemeral(message))


def _replace(response_url: str | None, reply: dict[str, Any]) -> None:
    """Best effort: the decision is committed whatever happens here, so a failure is logged, not raised (raising
    would apologise that nothing was saved)."""
    if not response_url:
        return
    try:
        WebhookClient(response_url, timeout=5).send(**reply)
    except (OSError, SlackRequestError) as exc:
        log.warning("could not update the decided card in place: %s", exc.__class__.__name__)
