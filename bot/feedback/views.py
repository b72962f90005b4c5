"""Block Kit for feedback: the managers' delivery, lists, the reply to an author and the reply form. Pure dicts.
Anonymous items never show an author and have no Reply button. All user text is escaped and only then clipped
(bot.core.mrkdwn.clip), so a post of 800 `<` — 3,200 characters once escaped — still fits Slack's 3,000 characters
per section and never takes a whole delivery down with it."""

from __future__ import annotations

import json
from collections.abc import Iterable

from bot.core import blocks as bk
from bot.core.blocks import Block
from bot.core.i18n import t
from bot.core.mrkdwn import clip, escape, inline, mention
from bot.feedback.store import Item
from storage.models import AnonymousFeedback, Feedback

ADDRESS = "feedback.address"        # Mark addressed (button)
REPLY = "feedback.reply"            # Reply (button)
REPLY_MODAL = "feedback.reply"      # the reply form's callback id
REPLY_FIELD = "reply"
BATCH_SHOWN = 10
LIST_SHOWN = 20
# One item's section: its text, its tags and a few dozen characters of label, author and status stay well
# under bk.SECTION_TEXT.
TEXT_CHARS = 2500
TAGS_CHARS = 300
REPLY_CHARS = 2800
YOUR_WORDS_CHARS = 500
FALLBACK_CHARS = 150  # per item in a message's notification text

Rendered = tuple[str, list[Block]]


def label(item: Item) -> str:
    """`#12` (named) or `#A3` (anonymous: a sequence of its own)."""
    return f"#A{item.number}" if isinstance(item, AnonymousFeedback) else f"#{item.number}"


def tags(names: Iterable[str], *, code: bool = False) -> str:
    """`#process #tools`, whole tags only, escaped, within TAGS_CHARS."""
    shown, size = [], 0
    for name in names:
        tag = f"`#{escape(name)}`" if code else f"#{escape(name)}"
        if size + len(tag) + 1 > TAGS_CHARS:
            shown.append("…")
            break
        shown.append(tag)
        size += len(tag) + 1
    return " ".join(shown)


def line(item: Item, locale: str) -> str:
    who = t("feedback.anonymous", locale) if isinstance(item, AnonymousFeedback) else mention(item.author_id)
    status = " · " + t("feedback.addressed_badge", locale) if item.status == "addressed" else ""
    return f"*{label(item)}* {clip(item.text, TEXT_CHARS)}\n{who} · {tags(item.tags or [], code=True)}{status}"


def item_actions(item: Item, locale: str) -> Block | None:
    """Reply (named only: anonymous feedback has nobody to answer) and Mark addressed (while open)."""
    buttons = []
    if isinstance(item, Feedback):
        buttons.append(bk.button(t("btn.reply", locale), REPLY, label(item)))
    if item.status == "open":
        buttons.append(bk.button(t("btn.addressed", locale), ADDRESS, label(item), "primary"))
    return bk.actions(*buttons) if buttons else None


def _items(heading: str, items: list[Item], shown: int, locale: str) -> Rendered:
    """A heading, then each item with its buttons, then how many more there are. The notification text names
    each item in a line of its own."""
    page: list[Block] = [bk.section(f"*{heading}*")]
    for item in items[:shown]:
        page.append(bk.section(line(item, locale)))
        actions = item_actions(item, locale)
        if actions is not None:
            page.append(actions)
    more = ""
    if len(items) > shown:
        more = t("feedback.more", locale, count=len(items) - shown)
        page.append(bk.context(more))
    summary = [f"{label(item)} {inline(item.text, FALLBACK_CHARS)}" for item in items[:shown]]
    return "\n".join([heading, *summary, more]).strip(), page


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
    body = f"{heading}\n>{clip(text, REPLY_CHARS)}"
    return body, [bk.section(body),
                  bk.context(t("feedback.your_words", locale, text=clip(item.text, YOUR_WORDS_CHARS)))]


def reply_modal(ref: str, locale: str) -> Block:
    field = bk.field(REPLY_FIELD, t("feedback.reply_label", locale),
                     bk.text_input(REPLY_FIELD, multiline=True, max_length=3000))
    return bk.modal(REPLY_MODAL, t("feedback.reply_title", locale, ref=ref), [field], submit=t("btn.send", locale),
                    close=t("btn.cancel", locale), private_metadata=json.dumps({"ref": ref}))
