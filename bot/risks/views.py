"""Block Kit for risks: the card, the escalation with its Acknowledge button, the review reminder, the list with its
5×5 heat map, and the assessment modal. Pure dict factories.

All user text goes through `escape`; people are mentioned from stored ids; times are `<!date^…>` tokens.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.i18n import t
from bot.core.mrkdwn import date_token, escape, mention
from bot.risks.parse import CATEGORIES, STRATEGIES, band_of
from bot.text.zones import zone
from storage.models import Risk

Block = dict[str, Any]
BAND_EMOJI = {"low": "🟩", "medium": "🟨", "high": "🟧", "critical": "🟥"}
LINE_DESCRIPTION = 200  # characters of a description shown in a list line
SECTION_LIMIT = 2900  # Slack allows 3000 per section text


def band_word(score: int, locale: str) -> str:
    return t(f"risk.band.{band_of(score)}", locale)


def risk_line(risk: Risk, tz: str, locale: str, *, limit: int | None = LINE_DESCRIPTION) -> str:
    description = risk.description if limit is None or len(risk.description) <= limit else \
        risk.description[: limit - 1] + "…"
    parts = [f"{BAND_EMOJI[band_of(risk.score)]} *#{risk.number}* {escape(description)}",
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


def card(risk: Risk, tz: str, locale: str, *, headline: str, notes: list[str] | None = None,
         actions: list[Block] | None = None) -> tuple[str, list[Block]]:
    """A message about one risk: a headline, its line, its outcome once closed, notes, and buttons."""
    line = risk_line(risk, tz, locale, limit=SECTION_LIMIT - len(headline) - 400)
    blocks: list[Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": f"{headline}\n{line}"}}]
    if risk.status == "closed" and risk.outcome:
        blocks.append(_context(t("risk.outcome", locale, outcome=escape(risk.outcome[:2800]))))
    for note in notes or []:
        blocks.append(_context(note))
    if actions:
        blocks.append({"type": "actions", "block_id": f"risk-{risk.number}", "elements": actions})
    return f"{headline} {line}", blocks


def escalation(risk: Risk, tz: str, locale: str, *, headline: str) -> tuple[str, list[Block]]:
    """What a manager reads: the risk, its score and band, and Acknowledge — or who acknowledged it, and when."""
    if risk.acknowledged_by and risk.acknowledged_at:
        done = t("risk.acknowledged_by", locale, who=mention(risk.acknowledged_by),
                 when=date_token(risk.acknowledged_at, tz))
        return card(risk, tz, locale, headline=headline, notes=[done])
    return card(risk, tz, locale, headline=headline,
                actions=[button(t("risk.btn.ack", locale), "risk.ack", str(risk.number), "primary")])


def review_reminder(risk: Risk, tz: str, locale: str, *, headline: str) -> tuple[str, list[Block]]:
    return card(risk, tz, locale, headline=headline, notes=[t("risk.review_hint", locale, number=risk.number)],
                actions=[button(t("risk.btn.reviewed", locale), "risk.reviewed", str(risk.number))])


def heat_map(counts: dict[tuple[int, int], int]) -> str:
    """The 5×5 grid as monospace text: rows impact 5→1, columns likelihood 1→5, each cell its band's colour and
    how many risks sit there. `counts` maps (likelihood, impact) to a number."""
    rows = ["     " + "".join(f"L{likelihood}".ljust(6) for likelihood in range(1, 6)).rstrip()]
    for impact in range(5, 0, -1):  # an emoji is two columns wide: each cell is six, like its heading
        cells = [f"{BAND_EMOJI[band_of(likelihood * impact)]}{counts.get((likelihood, impact), 0):<3}"
                 for likelihood in range(1, 6)]
        rows.append(f"I{impact}   " + " ".join(cells).rstrip())
    return "```\n" + "\n".join(rows) + "\n```"


def listing(risks: list[Risk], total: int, counts: dict[tuple[int, int], int], tz: str, locale: str, *,
            title: str) -> tuple[str, list[Block]]:
    """A ranked list (at most a page of lines, then "…and N more") under a heat map of everything listed."""
    if not total:
        text = t("risk.list.empty", locale)
        return text, [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*\n{text}"}}]
    blocks: list[Block] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": t("risk.heat.title", locale) + "\n" + heat_map(counts)}},
        _context(t("risk.heat.legend", locale)),
        {"type": "divider"},
    ]
    lines = [risk_line(risk, tz, locale) for risk in risks]
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": line}} for line in lines]
    if total > len(risks):
        blocks.append(_context(t("risk.list.more", locale, count=total - len(risks))))
    return f"{title}\n" + "\n".join(lines), blocks[:50]


def assess_modal(locale: str, *, description: str = "", likelihood: int | None = None, impact: int | None = None,
                 category: str | None = None, strategy: str | None = None, owner_id: str | None = None,
                 review: str = "", note: str | None = None, private_metadata: str = "") -> dict[str, Any]:
    """The assessment form: description, likelihood and impact 1–5 (required), category, strategy, owner and a
    review date typed as words (read like the command, in the submitter's zone)."""
    description_input: Block = {"type": "plain_text_input", "action_id": "description", "multiline": True,
                                "max_length": 1000}
    if description:
        description_input["initial_value"] = description[:1000]
    owner_input: Block = {"type": "users_select", "action_id": "owner"}
    if owner_id:
        owner_input["initial_user"] = owner_id
    review_input: Block = {"type": "plain_text_input", "action_id": "review", "max_length": 100,
                           "placeholder": _plain(t("risk.modal.review_placeholder", locale))}
    if review:
        review_input["initial_value"] = review[:100]
    blocks: list[Block] = []
    if note:
        blocks.append(_context(note))
    blocks += [
        _input("description", t("risk.modal.description", locale), description_input),
        _input("likelihood", t("risk.modal.likelihood", locale), _select(
            "likelihood", [(str(n), t(f"risk.level.likelihood.{n}", locale)) for n in range(1, 6)],
            None if likelihood is None else str(likelihood), t("risk.modal.pick", locale))),
        _input("impact", t("risk.modal.impact", locale), _select(
            "impact", [(str(n), t(f"risk.level.impact.{n}", locale)) for n in range(1, 6)],
            None if impact is None else str(impact), t("risk.modal.pick", locale))),
        _input("category", t("risk.modal.category", locale), _select(
            "category", [(c, t(f"risk.category.{c}", locale)) for c in CATEGORIES], category), optional=True),
        _input("strategy", t("risk.modal.strategy", locale), _select(
            "strategy", [(s, t(f"risk.strategy.{s}", locale)) for s in STRATEGIES], strategy), optional=True),
        _input("owner", t("risk.modal.owner", locale), owner_input, optional=True),
        _input("review", t("risk.modal.review", locale), review_input, optional=True),
    ]
    return {
        "type": "modal", "callback_id": "risk.create", "private_metadata": private_metadata,
        "title": _plain(t("risk.modal.title", locale)[:24]),
        "submit": _plain(t("risk.modal.submit", locale)[:24]),
        "close": _plain(t("btn.cancel", locale)[:24]),
        "blocks": blocks,
    }


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    block: Block = {"type": "button", "text": _plain(text), "action_id": action_id, "value": value}
    if style:
        block["style"] = style
    return block


def local_phrase(when: datetime, tz: str, *, date_only: bool) -> str:
    """A moment as words the review field reads back exactly: `2026-12-04` or `2026-12-04 15:00` in `tz`."""
    local = when.astimezone(zone(tz))
    return local.strftime("%Y-%m-%d") if date_only else local.strftime("%Y-%m-%d %H:%M")


def _select(action_id: str, options: list[tuple[str, str]], selected: str | None,
            placeholder: str | None = None) -> Block:
    choices = [{"text": _plain(label), "value": value} for value, label in options]
    element: Block = {"type": "static_select", "action_id": action_id, "options": choices}
    if placeholder:
        element["placeholder"] = _plain(placeholder)
    chosen = next((c for c in choices if c["value"] == selected), None)
    if chosen:
        element["initial_option"] = chosen
    return element


def _input(block_id: str, label: str, element: Block, *, optional: bool = False) -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": _plain(label), "element": element}
    if optional:
        block["optional"] = True
    return block


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}
