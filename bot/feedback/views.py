"""Block Kit for feedback: the managers' delivery, lists, replies. Anonymous items never show an author."""

from __future__ import annotations

from typing import Any

from bot.core.i18n import t
from bot.core.mrkdwn import escape, mention
from storage.models import AnonymousFeedback, Feedback

Block = dict[str, Any]
MAX_SHOWN = 10


def _label(item: Feedback | AnonymousFeedback) -> str:
    return f"#A{item.number}" if isinstance(item, AnonymousFeedback) else f"#{item.number}"


def line(item: Feedback | AnonymousFeedback, locale: str) -> str:
    who = t("feedback.anonymous", locale) if isinstance(item, AnonymousFeedback) else mention(item.author_id)
    tags = " ".join("`#" + escape(tag) + "`" for tag in item.tags or [])
    status = " · " + t("feedback.addressed_badge", locale) if item.status == "addressed" else ""
    return f"*{_label(item)}* {escape(item.text[:2500])}\n{who} · {tags}{status}"


def item_actions(item: Feedback | AnonymousFeedback, locale: str) -> Block:
    elements = []
    if isinstance(item, Feedback):
        elements.append({"type": "button", "text": {"type": "plain_text", "text": t("btn.reply", locale)},
                         "action_id": "feedback.reply", "value": _label(item)})
    if item.status == "open":
        elements.append({"type": "button", "text": {"type": "plain_text", "text": t("btn.addressed", locale)},
                         "action_id": "feedback.address", "value": _label(item), "style": "primary"})
    return {"type": "actions", "elements": elements}


def batch(items: list, locale: str) -> tuple[str, list[Block]]:
    """The managers' DM: new feedback, each with Reply (named only) and Mark addressed."""
    heading = t("feedback.new_heading", locale, count=len(items))
    blocks: list[Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{heading}*"}}]
    for item in items[:MAX_SHOWN]:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": line(item, locale)}})
        blocks.append(item_actions(item, locale))
    if len(items) > MAX_SHOWN:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": t(
            "feedback.more", locale, count=len(items) - MAX_SHOWN)}]})
    return heading + "\n" + "\n".join(line(item, locale) for item in items[:MAX_SHOWN]), blocks


def listing(items: list, locale: str, title: str) -> tuple[str, list[Block]]:
    if not items:
        text = t("feedback.list.empty", locale)
        return text, [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*\n{text}"}}]
    blocks: list[Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*"}}]
    for item in items[:20]:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": line(item, locale)}})
        actions = item_actions(item, locale)
        if actions["elements"]:
            blocks.append(actions)
    if len(items) > 20:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": t(
            "feedback.more", locale, count=len(items) - 20)}]})
    return title + "\n" + "\n".join(line(item, locale) for item in items[:20]), blocks


def reply_to_author(item: Feedback, manager_id: str, text: str, locale: str) -> tuple[str, list[Block]]:
    heading = t("feedback.reply_heading", locale, manager=mention(manager_id), ref=_label(item))
    body = f"{heading}\n>{escape(text[:2800])}"
    quote = t("feedback.your_words", locale, text=escape(item.text[:500]))
    return body, [{"type": "section", "text": {"type": "mrkdwn", "text": body}},
                  {"type": "context", "elements": [{"type": "mrkdwn", "text": quote}]}]


def reply_modal(ref: str, locale: str) -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": "feedback.reply", "private_metadata": ref,
        "title": {"type": "plain_text", "text": t("feedback.reply_title", locale, ref=ref)[:24]},
        "submit": {"type": "plain_text", "text": t("btn.send", locale)},
        "close": {"type": "plain_text", "text": t("btn.cancel", locale)},
        "blocks": [{"type": "input", "block_id": "reply", "label": {"type": "plain_text", "text": t(
            "feedback.reply_label", locale)}, "element": {"type": "plain_text_input", "action_id": "reply",
                                                         "multiline": True, "max_length": 3000}}],
    }
