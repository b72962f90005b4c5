"""Risks from Slack: `/risk …`, the assessment modal, and the Acknowledge / "mark reviewed" buttons.

Each listener acks, translates the payload, calls bot.risks inside one session, and renders. Managers and owners
are told by the core, through the outbox, in their own language; the asker's reply is ephemeral, in theirs.
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core import outbox
from bot.core.errors import UserError
from bot.core.mrkdwn import escape, mention, plain
from bot.core.numbers import parse_number
from bot.risks import service as risks
from bot.risks import views
from bot.risks.parse import Refusal, Review, RiskText, parse_review, parse_risk_text
from handlers.legacy_kit import Ctx, ephemeral, is_help, split_command

LIST_WORDS = {"list", "ls", "列表"}
LIST_SCOPES = {"": "open", "open": "open", "all": "all", "mine": "mine", "未关闭": "open", "全部": "all",
               "我的": "mine"}
UPDATE_WORDS = {"update", "更新"}
CLOSE_WORDS = {"close", "关闭"}


def register(app) -> None:  # noqa: ANN001
    app.command("/risk")(risk_command)
    app.action("risk.ack")(on_acknowledge)
    app.action("risk.reviewed")(on_reviewed)
    app.view("risk.create")(on_create_submitted)


# ---- /risk ------------------------------------------------------------------------------------------------------

def risk_command(ack, command, context, client) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    text = command.get("text") or ""
    word, rest = split_command(text)
    if is_help(word):
        return ack(**ephemeral(ctx.t("help.risk")))
    if word in LIST_WORDS and rest.lower() in LIST_SCOPES:
        return ack(**list_reply(ctx, LIST_SCOPES[rest.lower()]))
    if word in LIST_WORDS and len(rest.split()) == 1:  # `/risk list closed`: not a scope, and not a risk either
        unknown = ctx.t("unknown_subcommand", command="risk", word=escape(plain(f"{word} {rest}")))
        return ack(**ephemeral(unknown + "\n" + ctx.t("help.risk")))
    if word in UPDATE_WORDS or word in CLOSE_WORDS:
        number_word, _, argument = rest.partition(" ")
        number = parse_number(number_word)
        if number is not None:
            reply = update_reply if word in UPDATE_WORDS else close_reply
            return ack(**reply(ctx, number, argument.strip()))
        if not rest:
            return ack(**ephemeral(ctx.t("risk.needs_number", word=word)))
    # anything else is a risk (also "Update to Python 3.13 may break the build L3 I4")
    ack(**create_reply(ctx, client, text, command.get("trigger_id")))


def create_reply(ctx: Ctx, client, text: str, trigger_id: str | None) -> dict[str, Any]:  # noqa: ANN001
    """Record an assessed risk; without likelihood or impact, open the assessment form instead."""
    parsed = parse_risk_text(text, now=ctx.now(), tz=ctx.tz)
    if isinstance(parsed, Refusal):
        return ephemeral(_refusal(ctx, parsed))
    if not parsed.assessed:
        return open_assessment(ctx, client, parsed, trigger_id)
    if not parsed.description:
        return ephemeral(ctx.t("risk.no_description"))
    _know(ctx, [parsed.owner_id])
    try:
        with ctx.rt.db.session() as session:
            outcome = risks.create(session, ctx.team_id, ctx.user_id, _draft(ctx, parsed), ctx.now())
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    notes = _notes(ctx, outcome)
    if parsed.review_not_understood:
        notes.append(ctx.t("risk.review_not_understood", words=escape(parsed.review_not_understood),
                           number=outcome.risk.number))
    return ephemeral(*views.card(outcome.risk, ctx.tz, ctx.locale, headline=ctx.t("risk.created"), notes=notes))


def open_assessment(ctx: Ctx, client, parsed: RiskText, trigger_id: str | None) -> dict[str, Any]:  # noqa: ANN001
    """The modal, prefilled with what was typed; the reply says what is happening in case it cannot open."""
    review = ""
    if parsed.review is not None and not parsed.review.clears:
        review = parsed.review.on.isoformat() if parsed.review.on else views.local_phrase(
            parsed.review.at, ctx.tz, date_only=False)
    note = None
    if parsed.review_not_understood:
        note = ctx.t("risk.review_unreadable")
    view = views.assess_modal(
        ctx.locale, description=parsed.description, likelihood=parsed.likelihood, impact=parsed.impact,
        category=parsed.category, strategy=parsed.strategy, owner_id=parsed.owner_id or ctx.user_id,
        review=review, note=note, private_metadata=json.dumps({"channel": ctx.channel_id}))
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError:
        return ephemeral(ctx.t("risk.assess_failed"))
    return ephemeral(ctx.t("risk.assess_opening"))


def list_reply(ctx: Ctx, scope: str) -> dict[str, Any]:
    with ctx.rt.db.session(read_only=True) as session:
        listing = risks.list_risks(session, ctx.team_id, scope=scope, viewer_id=ctx.user_id)
    title = ctx.t(f"risk.list.title.{scope}", count=listing.total)
    return ephemeral(*views.listing(listing.risks, listing.total, listing.heat, ctx.tz, ctx.locale, title=title))


def update_reply(ctx: Ctx, number: int, argument: str) -> dict[str, Any]:
    parsed = parse_risk_text(argument, now=ctx.now(), tz=ctx.tz)
    if isinstance(parsed, Refusal):
        return ephemeral(_refusal(ctx, parsed))
    if parsed.review_not_understood:
        return ephemeral(ctx.t("risk.update_review_unreadable", words=escape(parsed.review_not_understood)))
    _know(ctx, [parsed.owner_id], number=number)
    try:
        with ctx.rt.db.session() as session:
            outcome = risks.update(
                session, ctx.team_id, number, ctx.user_id, ctx.now(), actor_is_admin=ctx.person.is_admin,
                description=parsed.description or None, likelihood=parsed.likelihood, impact=parsed.impact,
                category=parsed.category, strategy=parsed.strategy, owner_id=parsed.owner_id, review=parsed.review)
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    return ephemeral(*views.card(outcome.risk, ctx.tz, ctx.locale, headline=ctx.t("risk.updated", number=number),
                                 notes=_notes(ctx, outcome)))


def close_reply(ctx: Ctx, number: int, argument: str) -> dict[str, Any]:
    try:
        with ctx.rt.db.session() as session:
            risk = risks.close(session, ctx.team_id, number, ctx.user_id, plain(argument), ctx.now(),
                               actor_is_admin=ctx.person.is_admin)
    except UserError as err:
        return ephemeral(ctx.t(err.key, **err.values))
    return ephemeral(*views.card(risk, ctx.tz, ctx.locale, headline=ctx.t("risk.closed_headline", number=number)))


# ---- the modal --------------------------------------------------------------------------------------------------

def on_create_submitted(ack, view, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    state = view["state"]["values"]
    meta = json.loads(view.get("private_metadata") or "{}")
    description = (_field(state, "description").get("value") or "").strip()  # typed in a form: already plain
    likelihood, impact = _level(state, "likelihood"), _level(state, "impact")
    errors: dict[str, str] = {}
    if not description:
        errors["description"] = ctx.t("risk.no_description")
    for block, value in (("likelihood", likelihood), ("impact", impact)):
        if value is None:
            errors[block] = ctx.t("risk.modal.needs_level")
    review: Review | None = None
    review_text = (_field(state, "review").get("value") or "").strip()
    if review_text:
        read = parse_review(review_text, now=ctx.now(), tz=ctx.tz)
        if read is None:
            errors["review"] = ctx.t("risk.review_unreadable")
        elif isinstance(read, Refusal):
            errors["review"] = _refusal(ctx, read)
        else:
            review = read
    if errors:
        return ack(response_action="errors", errors=errors)
    owner_id = _field(state, "owner").get("selected_user")
    _know(ctx, [owner_id])
    now = ctx.now()
    try:
        with ctx.rt.db.session() as session:
            outcome = risks.create(session, ctx.team_id, ctx.user_id, risks.Draft(
                description=description, likelihood=likelihood, impact=impact,
                category=(_field(state, "category").get("selected_option") or {}).get("value"),
                strategy=(_field(state, "strategy").get("selected_option") or {}).get("value"),
                owner_id=owner_id, review=review, channel_id=meta.get("channel")), now)
            text, blocks = views.card(outcome.risk, ctx.tz, ctx.locale, headline=ctx.t("risk.created"),
                                      notes=_notes(ctx, outcome))
            outbox.post(session, ctx.team_id, ctx.user_id, text, now, blocks=blocks)
    except UserError as err:
        return ack(response_action="errors", errors={_error_block(err.key): ctx.t(err.key, **err.values)})
    ack()


# ---- buttons ----------------------------------------------------------------------------------------------------

def on_acknowledge(ack, body, context, respond) -> None:  # noqa: ANN001
    """Any manager may acknowledge; the message is updated in place to say who did, and when."""
    ack()
    ctx = Ctx.of(context)
    number = parse_number(body["actions"][0].get("value", ""))
    if number is None:
        return None
    _know(ctx, [], number=number)
    try:
        with ctx.rt.db.session() as session:
            risk = risks.acknowledge(session, ctx.team_id, number, ctx.user_id, ctx.now(),
                                     actor_is_admin=ctx.person.is_admin)
    except UserError as err:
        return respond(replace_original=False, **ephemeral(ctx.t(err.key, **err.values)))
    headline = ctx.t("risk.escalation.plain", number=risk.number, band=views.band_word(risk.score, ctx.locale))
    text, blocks = views.escalation(risk, ctx.tz, ctx.locale, headline=headline)
    respond(replace_original=True, text=text, blocks=blocks)


def on_reviewed(ack, body, context, respond) -> None:  # noqa: ANN001
    """"Still right" on a review reminder: recorded as a review, the reminder updated in place."""
    ack()
    ctx = Ctx.of(context)
    number = parse_number(body["actions"][0].get("value", ""))
    if number is None:
        return None
    try:
        with ctx.rt.db.session() as session:
            risk = risks.mark_reviewed(session, ctx.team_id, number, ctx.user_id, ctx.now(),
                                       actor_is_admin=ctx.person.is_admin)
    except UserError as err:
        return respond(replace_original=False, **ephemeral(ctx.t(err.key, **err.values)))
    text, blocks = views.card(risk, ctx.tz, ctx.locale, headline=ctx.t("risk.reviewed_headline", number=number))
    respond(replace_original=True, text=text, blocks=blocks)


# ---- helpers ----------------------------------------------------------------------------------------------------

def _draft(ctx: Ctx, parsed: RiskText) -> risks.Draft:
    return risks.Draft(description=parsed.description, likelihood=parsed.likelihood, impact=parsed.impact,
                       category=parsed.category, strategy=parsed.strategy, owner_id=parsed.owner_id,
                       review=parsed.review, channel_id=ctx.channel_id)


def _notes(ctx: Ctx, outcome: risks.Outcome) -> list[str]:
    if outcome.escalated_to:
        return [ctx.t("risk.escalated_to", people=", ".join(mention(u) for u in outcome.escalated_to))]
    if outcome.nobody_to_tell:
        return [ctx.t("risk.nobody_to_tell", band=views.band_word(outcome.risk.score, ctx.locale))]
    return []


def _know(ctx: Ctx, user_ids: list[str | None], *, number: int | None = None) -> None:
    """Fetch (or refresh from cache) the profiles of everyone the change may write to — the owner, the managers,
    the risk's creator — before the write transaction, so their messages are in their language and zone without
    any network call while the write lock is held."""
    with ctx.rt.db.session(read_only=True) as session:
        around = risks.people_around(session, ctx.team_id, number)
    ctx.know([*user_ids, *around])


def _refusal(ctx: Ctx, refusal: Refusal) -> str:
    return ctx.t(refusal.key, **{name: escape(str(value)) for name, value in refusal.values.items()})


def _field(state: dict[str, Any], block_id: str) -> dict[str, Any]:
    return (state.get(block_id) or {}).get(block_id) or {}


def _level(state: dict[str, Any], block_id: str) -> int | None:
    value = (_field(state, block_id).get("selected_option") or {}).get("value")
    return int(value) if value in {"1", "2", "3", "4", "5"} else None


def _error_block(key: str) -> str:
    for block in ("likelihood", "impact", "category", "strategy", "review"):
        if block in key:
            return block
    return "description"
