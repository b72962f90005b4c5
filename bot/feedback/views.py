"""Block Kit for feedback: the managers' delivery, lists, the reply to an author and the reply form. Pure dicts.
Anonymous items never show an author and have no Reply button; all user text is escaped."""

from __future__ import annotations

import json

from bot.core import blocks as bk
from bot.core.blocks import Block
from bot.core.i18n import t
from bot.core.mrkdwn import escape, mention
from bot.feedback.store import Item
from storage.models import AnonymousFeedback, Feedback

ADDRESS = "feedback.address"        # Mark addressed (button)
REPLY = "feedback.reply"            # Reply (button)
REPLY_MODAL = "feedback.reply"      # the reply form's callback id
REPLY_FIELD = "reply"
BATCH_SHOWN = 10
LIST_SHOWN = 20

Rendered = tuple[str, list[Block]]


def label(item: Item) -> str:
    """`#12` (named) or `#A3` (anonymous: a sequence of its own)."""
    return f"#A{item.number}" if isinstance(item, AnonymousFeedback) else f"#{item.number}"


def tags(item: Item) -> str:
    return " ".join("#" + escape(tag) for tag in item.tags)


def line(item: Item, locale: str) -> str:
    who = t("feedback.anonymous", locale) if isinstance(item, AnonymousFeedback) else mention(item.author_id)
    shown_tags = " ".join("`#" + escape(tag) + "`" for tag in item.tags or [])
    status = " · " + t("feedback.addressed_badge", locale) if item.status == "addressed" else ""
    return f"*{label(item)}* {escape(item.text[:2500])}\n{who} · {shown_tags}{status}"


def item_actions(item: Item, locale: str) -> Block | None:
    """Reply (named only: anonymous feedback has nobody to answer) and Mark addressed (while open)."""
    buttons = []
    if isinstance(item, Feedback):
        buttons.append(bk.button(t("btn.reply", locale), REPLY, label(item)))
    if item.status == "open":
        buttons.append(bk.button(t("btn.addressed", locale), ADDRESS, label(item), "primary"))
    return bk.actions(*buttons) if buttons else None


def _items(heading: str, items: list[Item], shown: int, locale: str) -> Rendered:
    """A heading, then each item with its buttons, then how many more there are."""
    page: list[Block] = [bk.section(f"*{heading}*")]
    for item in items[:shown]:
        page.append(bk.section(line(item, locale)))
        actions = item_actions(item, locale)
        if actions is not None:
            page.append(actions)
    if len(items) > shown:
        page.append(bk.context(t("feedback.more", locale, count=len(items) - shown)))
    return heading + "\n" + "\n".join(line(item, locale) for item in items[:shown]), page


def batch(items: list[Item], locale: str) -> Rendered:
    """The managers' DM: new feedback, each with Reply (named only) and Mark addressed."""
    return _items(t("feedback.new_heading", locale, count=len(items)), items, BATCH_SHOWN, locale)


def listing(items: list[Item], locale: str, title: str) -> Rendered:
    if not items:
        text = t("feedback.list.empty", locale)
        return text, [bk.section(f"*{title}*\n{text}")]
    return _items(title, items, LIST_SHOWN, locale)


def reply_to_author(item: Feedback, manager_id: str, text: str, locale: str) -> Rendered:
    heading = t("feedback.reply_heading", locale, manager=mention(manager_id), ref=label(item))
    body = f"{heading}\n>{escape(text[:2800])}"
    return body, [bk.section(body), bk.context(t("feedback.your_words", locale, text=escape(item.text[:500])))]


def reply_modal(ref: str, locale: str) -> Block:
    field = bk.field(REPLY_FIELD, t("feedback.reply_label", locale),
                     bk.text_input(REPLY_FIELD, multiline=True, max_length=3000))
    return bk.modal(REPLY_MODAL, t("feedback.reply_title", locale, ref=ref), [field], submit=t("btn.send", locale),
                    close=t("btn.cancel", locale), private_metadata=json.dumps({"ref": ref}))
