"""Block Kit for risks: the card, the escalation with its Acknowledge button, the review reminder, the list with its
5×5 heat map, and the assessment modal. Pure dict factories.

All user text goes through `clip`, which escapes first and clips after (escaping lengthens `&` fivefold, and Slack
refuses a block past its limit); people are mentioned from stored ids; times are `<!date^…>` tokens. Action and
callback ids are named here once and used by handlers/risks.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.core import blocks as bk
from bot.core.blocks import Block
from bot.core.i18n import t
from bot.core.mrkdwn import clip, date_token, fit, mention
from bot.risks.parse import Review, RiskText
from bot.risks.rules import CATEGORIES, LEVELS, STRATEGIES, band_of
from bot.text.zones import zone
from storage.models import Risk

ACK, REVIEWED = "risk.ack", "risk.reviewed"
ASSESS_MODAL = "risk.create"
BAND_EMOJI = {"low": "🟩", "medium": "🟨", "high": "🟧", "critical": "🟥"}
LINE_DESCRIPTION = 200  # characters of a description shown in a list line
HEADLINE = 500          # characters of a card's headline (mentions and catalogue words)
LINE_DETAILS = 500      # characters a risk's line needs besides its description (score, owner, review date…)
OUTCOME = 2900          # characters of the outcome, with room for the words around it in its context element

Rendered = tuple[str, list[Block]]


def band_word(score: int, locale: str) -> str:
    return t(f"risk.band.{band_of(score)}", locale)


def risk_line(risk: Risk, tz: str, locale: str, *, limit: int = LINE_DESCRIPTION) -> str:
    """`🟧 *#4* description · score *12* high · L3×I4 · category · strategy · owner · review · closed`, the
    description escaped and clipped to `limit` characters."""
    parts = [f"{BAND_EMOJI[band_of(risk.score)]} *#{risk.number}* {clip(risk.description, limit)}",
             t("risk.score", locale, score=risk.score, band=band_word(risk.score, locale)),
             f"L{risk.likelihood}×I{risk.impact}"]
    if risk.category:
        parts.append(t(f"risk.category.{risk.category}", locale))
    if risk.strategy:
        parts.append(t(f"risk.strategy.{risk.strategy}", locale))
    if risk.owner_id:
        parts.append(t("risk.owned_by", locale, who=mention(risk.owner_id)))
    if risk.review_at is not None and risk.status == "open":
        parts.append(t("risk.review_on", locale, when=date_token(risk.review_at, tz)))
    if risk.status == "closed":
        parts.append(t("risk.badge.closed", locale))
    return " · ".join(parts)


def card(risk: Risk, tz: str, locale: str, *, headline: str, notes: Sequence[str] = (),
         buttons: Sequence[Block] = ()) -> Rendered:
    """A message about one risk: a headline, its line (the whole description, as far as the section holds it), its
    outcome once closed, notes, and buttons."""
    headline = fit(headline, HEADLINE)
    line = risk_line(risk, tz, locale, limit=bk.SECTION_TEXT - len(headline) - LINE_DETAILS)
    blocks = [bk.section(f"{headline}\n{line}")]
    if risk.status == "closed" and risk.outcome:
        blocks.append(bk.context(t("risk.outcome", locale, outcome=clip(risk.outcome, OUTCOME))))
    blocks += [bk.context(note) for note in notes]
    if buttons:
        blocks.append(bk.actions(*buttons, block_id=f"risk-{risk.number}"))
    return f"{headline} {line}", blocks


def escalation_notes(risk: Risk, escalated_to: Sequence[str], nobody_to_tell: bool, locale: str) -> list[str]:
    """Under the creator's card: whom a high or critical risk went to, or how to name someone to tell."""
    if escalated_to:
        return [t("risk.escalated_to", locale, people=", ".join(mention(user) for user in escalated_to))]
    if nobody_to_tell:
        return [t("risk.nobody_to_tell", locale, band=band_word(risk.score, locale))]
    return []


def escalation(risk: Risk, tz: str, locale: str, *, headline: str) -> Rendered:
    """What a manager reads: the risk, its score and band, and Acknowledge — or who acknowledged it, and when."""
    if risk.acknowledged_by and risk.acknowledged_at:
        done = t("risk.acknowledged_by", locale, who=mention(risk.acknowledged_by),
                 when=date_token(risk.acknowledged_at, tz))
        return card(risk, tz, locale, headline=headline, notes=[done])
    return card(risk, tz, locale, headline=headline,
                buttons=[bk.button(t("risk.btn.ack", locale), ACK, str(risk.number), "primary")])


def review_reminder(risk: Risk, tz: str, locale: str, *, headline: str) -> Rendered:
    return card(risk, tz, locale, headline=headline, notes=[t("risk.review_hint", locale, number=risk.number)],
                buttons=[bk.button(t("risk.btn.reviewed", locale), REVIEWED, str(risk.number))])


# ---- the list ---------------------------------------------------------------------------------------------------

def heat_map(counts: dict[tuple[int, int], int]) -> str:
    """The 5×5 grid as monospace text: rows impact 5→1, columns likelihood 1→5, each cell its band's colour and
    how many risks sit there. `counts` maps (likelihood, impact) to a number."""
    rows = ["     " + "".join(f"L{likelihood}".ljust(6) for likelihood in LEVELS).rstrip()]
    for impact in reversed(LEVELS):  # an emoji is two columns wide: each cell is six, like its heading
        cells = [f"{BAND_EMOJI[band_of(likelihood * impact)]}{counts.get((likelihood, impact), 0):<3}"
                 for likelihood in LEVELS]
        rows.append(f"I{impact}   " + " ".join(cells).rstrip())
    return "```\n" + "\n".join(rows) + "\n```"


def listing(risks: list[Risk], total: int, counts: dict[tuple[int, int], int], tz: str, locale: str, *,
            title: str) -> Rendered:
    """A ranked list (at most a page of lines, then "…and N more") under a heat map of everything listed."""
    if not total:
        text = t("risk.list.empty", locale)
        return text, [bk.section(f"*{title}*\n{text}")]
    lines = [risk_line(risk, tz, locale) for risk in risks]
    blocks = [bk.section(f"*{title}*"), bk.section(t("risk.heat.title", locale) + "\n" + heat_map(counts)),
              bk.context(t("risk.heat.legend", locale)), bk.divider(), *(bk.section(line) for line in lines)]
    if total > len(risks):
        blocks.append(bk.context(t("risk.list.more", locale, count=total - len(risks))))
    return f"{title}\n" + "\n".join(lines), blocks[:bk.MAX_BLOCKS]


# ---- the assessment modal ---------------------------------------------------------------------------------------

def assess_modal(locale: str, tz: str, *, parsed: RiskText, owner_id: str, channel_id: str | None) -> Block:
    """The assessment form, prefilled with what was typed: description, likelihood and impact 1–5 (required),
    category, strategy, owner and a review date typed as words (read like the command, in the submitter's zone).
    The channel the command was typed in travels in the metadata: the risk is raised there."""
    owner: Block = {"type": "users_select", "action_id": "owner", "initial_user": owner_id}
    fields = [
        bk.field("description", t("risk.modal.description", locale),
                 bk.text_input("description", initial=parsed.description, multiline=True, max_length=1000)),
        bk.field("likelihood", t("risk.modal.likelihood", locale), _levels("likelihood", parsed.likelihood, locale)),
        bk.field("impact", t("risk.modal.impact", locale), _levels("impact", parsed.impact, locale)),
        bk.field("category", t("risk.modal.category", locale), _select(
            "category", [(c, t(f"risk.category.{c}", locale)) for c in CATEGORIES], parsed.category), optional=True),
        bk.field("strategy", t("risk.modal.strategy", locale), _select(
            "strategy", [(s, t(f"risk.strategy.{s}", locale)) for s in STRATEGIES], parsed.strategy), optional=True),
        bk.field("owner", t("risk.modal.owner", locale), owner, optional=True),
        bk.field("review", t("risk.modal.review", locale), bk.text_input(
            "review", initial=_review_phrase(parsed.review, tz), max_length=100,
            placeholder=t("risk.modal.review_placeholder", locale)), optional=True),
    ]
    note = [bk.context(t("risk.review_unreadable", locale))] if parsed.review_not_understood else []
    return bk.modal(ASSESS_MODAL, t("risk.modal.title", locale), [*note, *fields],
                    submit=t("risk.modal.submit", locale), close=t("btn.cancel", locale),
                    private_metadata=json.dumps({"channel": channel_id}))


def _review_phrase(review: Review | None, tz: str) -> str:
    """A review as words the review field reads back exactly: `2026-12-04`, or `2026-12-04 15:00` in `tz`."""
    if review is None or review.clears:
        return ""
    if review.on is not None:
        return review.on.isoformat()
    assert review.at is not None
    return review.at.astimezone(zone(tz)).strftime("%Y-%m-%d %H:%M")


def _levels(action_id: str, selected: int | None, locale: str) -> Block:
    options = [(str(n), t(f"risk.level.{action_id}.{n}", locale)) for n in LEVELS]
    return _select(action_id, options, None if selected is None else str(selected), t("risk.modal.pick", locale))


def _select(action_id: str, options: list[tuple[str, str]], selected: str | None,
            placeholder: str | None = None) -> Block:
    choices = [{"text": bk.plain(label), "value": value} for value, label in options]
    element: Block = {"type": "static_select", "action_id": action_id, "options": choices}
    if placeholder:
        element["placeholder"] = bk.plain(placeholder)
    chosen = next((c for c in choices if c["value"] == selected), None)
    if chosen:
        element["initial_option"] = chosen
    return element
