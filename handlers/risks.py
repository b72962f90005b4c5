"""Risks from Slack: `/risk …`, the assessment modal, and the Acknowledge / "still right" buttons.

Each listener translates the payload, calls bot.risks.service and renders with bot.risks.views; who is told (the
owner, the managers a high risk goes to, the creator when it is acknowledged) is the service's business. The
asker's reply is ephemeral, in their language.
"""

from __future__ import annotations

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.core.mrkdwn import escape, plain
from bot.risks import parse, service, views
from bot.risks.parse import Refusal, RiskText
from bot.risks.service import Changed
from bot.risks.store import Draft
from handlers.kit import (
    Click,
    Command,
    Ctx,
    Form,
    FormErrors,
    PlainText,
    Reply,
    ephemeral,
    on_click,
    on_submit,
    replace,
)

COMMAND = Command("/risk", parse.SUBCOMMANDS, help_key="help.risk", number_key="risk.needs_number")
FORM_FIELDS = ("likelihood", "impact", "category", "strategy", "review")


def register(app: App) -> None:
    COMMAND.register(app)
    on_click(app, views.ACK)(on_acknowledge)
    on_click(app, views.REVIEWED)(on_reviewed)
    on_submit(app, views.ASSESS_MODAL, field_of=_field_of)(on_assessed)


# ---- /risk ------------------------------------------------------------------------------------------------------

@COMMAND.otherwise
def record(ctx: Ctx, text: str) -> Reply:
    """Anything that is no subcommand is a risk (so is "Update to Python 3.13 may break the build L3 I4"); without
    its likelihood or impact, the assessment form opens instead."""
    parsed = parse.read(text, now=ctx.now, tz=ctx.tz)
    if not parsed.assessed:
        return open_assessment(ctx, parsed)
    changed = service.create(ctx.caller, parsed)
    notes = _notes(ctx, changed)
    if parsed.review_not_understood:
        notes.append(ctx.t("risk.review_not_understood", words=escape(parsed.review_not_understood),
                           number=changed.risk.number))
    return ephemeral(*views.card(changed.risk, ctx.tz, ctx.locale, headline=ctx.t("risk.created"), notes=notes))


def open_assessment(ctx: Ctx, parsed: RiskText) -> Reply:
    """The form, prefilled with what was typed; the reply says what is happening in case it cannot open."""
    try:
        ctx.open_modal(views.assess_modal(ctx.locale, ctx.tz, parsed=parsed, owner_id=parsed.owner_id or ctx.user_id,
                                          channel_id=ctx.channel_id))
    except SlackApiError:
        return ctx.say("risk.assess_failed")
    return ctx.say("risk.assess_opening")


@COMMAND.on("list")
def list_risks(ctx: Ctx, rest: str) -> Reply:
    """`/risk list [open|all|mine]`. One unknown word is an unknown scope (`/risk list closed`); more words are a
    risk ("list of vendors may be incomplete L1 I2")."""
    scope = parse.list_scope(rest)
    if scope is None and len(rest.split()) > 1:
        raise PlainText
    if scope is None:
        unknown = ctx.t("unknown_subcommand", command="risk", word=escape(plain(f"list {rest}")))
        return ephemeral(unknown + "\n" + COMMAND.help(ctx))
    listing = service.listing(ctx.caller, scope)
    title = ctx.t(f"risk.list.title.{scope}", count=listing.total)
    return ephemeral(*views.listing(listing.risks, listing.total, listing.heat, ctx.tz, ctx.locale, title=title))


@COMMAND.on("update", numbered=True, else_plain=True)
def update(ctx: Ctx, number: int, argument: str) -> Reply:
    changed = service.update(ctx.caller, number, parse.read(argument, now=ctx.now, tz=ctx.tz))
    return ephemeral(*views.card(changed.risk, ctx.tz, ctx.locale, headline=ctx.t("risk.updated", number=number),
                                 notes=_notes(ctx, changed)))


@COMMAND.on("close", numbered=True, else_plain=True)
def close(ctx: Ctx, number: int, outcome: str) -> Reply:
    changed = service.close(ctx.caller, number, plain(outcome))
    return ephemeral(*views.card(changed.risk, ctx.tz, ctx.locale,
                                 headline=ctx.t("risk.closed_headline", number=number)))


def _notes(ctx: Ctx, changed: Changed) -> list[str]:
    return views.escalation_notes(changed.risk, changed.escalated_to, changed.nobody_to_tell, ctx.locale)


# ---- the assessment form ----------------------------------------------------------------------------------------

def on_assessed(ctx: Ctx, form: Form) -> None:
    """Every field's problem at once; the risk is recorded and its card sent to the submitter by DM."""
    description = form.text("description")  # typed in a form: already plain
    likelihood, impact = _level(form.choice("likelihood")), _level(form.choice("impact"))
    review = parse.review_field(form.text("review"), now=ctx.now, tz=ctx.tz)
    channel = form.meta.get("channel")
    errors: dict[str, str] = {}
    if not description:
        errors["description"] = ctx.t("risk.no_description")
    for block, value in (("likelihood", likelihood), ("impact", impact)):
        if value is None:
            errors[block] = ctx.t("risk.modal.needs_level")
    if isinstance(review, Refusal):
        problem, review = review.error(), None
        errors["review"] = ctx.t(problem.key, **problem.values)
    if errors:
        raise FormErrors(errors)
    service.create_from_form(ctx.caller, Draft(
        description=description, likelihood=likelihood, impact=impact, category=form.choice("category"),
        strategy=form.choice("strategy"), owner_id=form.user("owner"),
        review=review, channel_id=channel if isinstance(channel, str) else None))


def _level(value: str | None) -> int | None:
    return int(value) if value in {"1", "2", "3", "4", "5"} else None


def _field_of(key: str) -> str:
    """The form field a problem the service found belongs on."""
    return next((block for block in FORM_FIELDS if block in key), "description")


# ---- buttons ----------------------------------------------------------------------------------------------------

def on_acknowledge(ctx: Ctx, click: Click) -> Reply:
    """Any manager may acknowledge; the message is updated in place to say who did, and when."""
    risk = service.acknowledge(ctx.caller, click.number).risk
    headline = ctx.t("risk.escalation.plain", number=risk.number, band=views.band_word(risk.score, ctx.locale))
    return replace(ephemeral(*views.escalation(risk, ctx.tz, ctx.locale, headline=headline)))


def on_reviewed(ctx: Ctx, click: Click) -> Reply:
    """"Still right" on a review reminder: recorded as a review, the reminder updated in place."""
    risk = service.mark_reviewed(ctx.caller, click.number).risk
    return replace(ephemeral(*views.card(risk, ctx.tz, ctx.locale,
                                         headline=ctx.t("risk.reviewed_headline", number=risk.number))))
