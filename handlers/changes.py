"""Change requests from Slack: `/change …`, the PMs' Approve / Reject buttons and the reason modal.

Each listener translates the payload, calls bot.changes.service and renders with bot.changes.views; who may decide,
and who is told, is the service's business. A decision made in the modal replaces the card the PM clicked, through
the response_url the click carried (a modal submission has no reply of its own on the message).
"""

from __future__ import annotations

import json
import logging

from slack_bolt import App
from slack_sdk.errors import SlackRequestError
from slack_sdk.webhook import WebhookClient

from bot.changes import parse, service, views
from bot.changes.rules import PENDING
from bot.changes.service import Decided
from bot.core.errors import UserError
from bot.core.mrkdwn import plain
from handlers.kit import Click, Command, Ctx, Form, Reply, ephemeral, on_click, on_submit, replace

log = logging.getLogger(__name__)

COMMAND = Command("/change", parse.SUBCOMMANDS, help_key="help.change", number_key="change.needs_number")


def register(app: App) -> None:
    COMMAND.register(app)
    on_click(app, views.APPROVE, views.REJECT)(on_decision_button)
    on_submit(app, views.DECISION_MODAL, field_of=lambda key: "reason")(on_decision_submitted)


# ---- /change ----------------------------------------------------------------------------------------------------

@COMMAND.otherwise
def file_request(ctx: Ctx, text: str) -> Reply:
    """Anything that is no subcommand is a request; the PMs are told by DM, the reply says who will decide."""
    filed = service.file_request(ctx.caller, plain(text))
    return ephemeral(*views.filed(filed.change, filed.approvers, ctx.locale, ctx.tz))


@COMMAND.on("list")
def list_changes(ctx: Ctx, rest: str) -> Reply:
    scope = parse.list_scope(plain(rest))
    if scope is None:
        raise UserError("change.list.bad_scope")
    found = service.listing(ctx.caller, scope)
    return ephemeral(*views.listing(found.changes, found.total, ctx.locale, ctx.tz, scope=scope))


@COMMAND.on("approve", numbered=True)
def approve(ctx: Ctx, number: int, reason: str) -> Reply:
    """`/change approve 3 [reason]`: the same decision as the button."""
    return _decided_reply(ctx, service.decide(ctx.caller, number, True, plain(reason)))


@COMMAND.on("reject", numbered=True)
def reject(ctx: Ctx, number: int, reason: str) -> Reply:
    """`/change reject 3 <reason>`."""
    return _decided_reply(ctx, service.decide(ctx.caller, number, False, plain(reason)))


def _decided_reply(ctx: Ctx, decided: Decided) -> Reply:
    if not decided.first:
        return ephemeral(views.already_decided(decided.change, ctx.locale))
    return ephemeral(*views.decided_by_you(decided.change, ctx.locale, ctx.tz))


# ---- buttons and the reason modal -------------------------------------------------------------------------------

def on_decision_button(ctx: Ctx, click: Click) -> Reply | None:
    """Approve / Reject on a PM's card: the reason modal opens. A card someone else has decided meanwhile is
    replaced by the decided one; anyone else is told at once why they cannot decide."""
    change = service.for_decider(ctx.caller, click.number)
    if change.status != PENDING:
        return replace(ephemeral(*views.stale_card(change, ctx.locale, ctx.tz)))
    approve = click.action_id == views.APPROVE
    meta = json.dumps({"number": change.number, "approve": approve, "response_url": click.response_url})
    ctx.open_modal(views.decision_modal(change, ctx.locale, approve=approve, private_metadata=meta))
    return None


def on_decision_submitted(ctx: Ctx, form: Form) -> None:
    """Record the decision and close the modal; the card the PM clicked then shows it — or, when another PM was
    quicker, who decided and when. A problem with the reason, or with who decides, shows on the reason field."""
    number = form.meta.get("number")
    if not isinstance(number, int):
        raise UserError("stale_button")
    decided = service.decide(ctx.caller, number, bool(form.meta.get("approve")), form.text("reason"))
    if decided.first:
        card = views.decided_by_you(decided.change, ctx.locale, ctx.tz)
    else:
        card = views.stale_card(decided.change, ctx.locale, ctx.tz)
    _replace(form.meta.get("response_url"), replace(ephemeral(*card)))


def _replace(response_url: object, reply: Reply) -> None:
    """Best effort: the decision is committed whatever happens here, so a failure is logged, not raised (raising
    would apologise that nothing was saved)."""
    if not isinstance(response_url, str) or not response_url:
        return
    try:
        WebhookClient(response_url, timeout=5).send(**reply)
    except (OSError, SlackRequestError) as exc:
        log.warning("could not update the decided card in place: %s", exc.__class__.__name__)
