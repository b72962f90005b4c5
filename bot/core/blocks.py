"""Block Kit as plain dicts: the few shapes every feature's views are built from, within Slack's limits.

Text handed to `section` and `context` is mrkdwn that the caller has already built (user text escaped through
bot.core.mrkdwn); plain-text fields (buttons, titles, labels) are clipped here to what Slack accepts, because Slack
refuses the whole message when one of them is too long.
"""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]

MAX_BLOCKS = 50          # blocks in a message or a modal (100 in App Home)
SECTION_TEXT = 3000      # characters of a section's text
CONTEXT_ELEMENTS = 10    # elements in a context block
BUTTON_TEXT = 75
MODAL_TITLE = 24
HEADER_TEXT = 150
LABEL_TEXT = 2000


def plain(text: str, limit: int = BUTTON_TEXT) -> dict[str, Any]:
    """A plain_text object (no mrkdwn, so clipping cannot break anything)."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def section(text: str, *, accessory: Block | None = None, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    if block_id:
        block["block_id"] = block_id
    return block


def context(*texts: str) -> Block:
    """A line of small print; empty texts are left out."""
    return {"type": "context", "elements": [mrkdwn(text) for text in texts if text][:CONTEXT_ELEMENTS]}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_TEXT)}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    block: Block = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    if style:
        block["style"] = style
    return block


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def text_input(action_id: str, *, initial: str = "", multiline: bool = False, max_length: int | None = None,
               placeholder: str | None = None) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": action_id}
    if multiline:
        element["multiline"] = True
    if max_length:
        element["max_length"] = max_length
    if initial:
        element["initial_value"] = initial[:max_length] if max_length else initial
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return element


def field(block_id: str, label: str, element: Block, *, optional: bool = False, hint: str | None = None) -> Block:
    """An input block of a modal; the element's action_id is the block id by convention (see `value_of`)."""
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label, LABEL_TEXT), "element": element}
    if optional:
        block["optional"] = True
    if hint:
        block["hint"] = plain(hint, LABEL_TEXT)
    return block


def modal(callback_id: str, title: str, blocks: list[Block], *, submit: str | None = None, close: str | None = None,
          private_metadata: str = "") -> Block:
    view: Block = {"type": "modal", "callback_id": callback_id, "title": plain(title, MODAL_TITLE),
                   "blocks": blocks[:MAX_BLOCKS], "private_metadata": private_metadata}
    if submit:
        view["submit"] = plain(submit, MODAL_TITLE)
    if close:
        view["close"] = plain(close, MODAL_TITLE)
    return view
