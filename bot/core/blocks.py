"""Block Kit as plain dicts: the few shapes every feature's views are built from, within Slack's limits.

Slack refuses the whole message when one block breaks a limit, so every shape here keeps to them: text handed to
`section` and `context` is mrkdwn the caller has already built (user text escaped and clipped through
bot.core.mrkdwn), and is fitted here once more as the last line of defence, never cut inside an entity, a mention
or a date token; plain-text fields (buttons, titles, labels) are clipped to what Slack accepts.
"""

from __future__ import annotations

from typing import Any

from bot.core.mrkdwn import escape, fit

Block = dict[str, Any]

MAX_BLOCKS = 50          # blocks in a message or a modal (100 in App Home)
SECTION_TEXT = 3000      # characters of a section's text
CONTEXT_TEXT = 3000      # characters of each context element
CONTEXT_ELEMENTS = 10    # elements in a context block
MESSAGE_TEXT = 40_000    # characters of a message's top-level text (Slack answers msg_too_long past it)
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
    block: Block = {"type": "section", "text": mrkdwn(fit(text, SECTION_TEXT))}
    if accessory is not None:
        block["accessory"] = accessory
    if block_id:
        block["block_id"] = block_id
    return block


def context(*texts: str) -> Block:
    """A line of small print; empty texts are left out."""
    elements = [mrkdwn(fit(text, CONTEXT_TEXT)) for text in texts if text]
    return {"type": "context", "elements": elements[:CONTEXT_ELEMENTS]}


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


def as_text(blocks: list[Block]) -> str:
    """The words of a message's blocks as one mrkdwn text, for when Slack refuses the blocks themselves: the reader
    still gets the message (buttons and inputs do nothing outside blocks, so they are left out)."""
    lines = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            heading = _words(block.get("text"))
            lines.append(f"*{heading}*" if heading else "")
        elif kind == "section":
            lines += [_words(block.get("text")), *(_words(field) for field in block.get("fields") or [])]
        elif kind == "context":
            lines.append(" · ".join(filter(None, map(_words, block.get("elements") or []))))
    return "\n".join(filter(None, lines))


def _words(text: Any) -> str:
    """A text object as mrkdwn: plain_text is made inert, as it was shown literally."""
    if not isinstance(text, dict) or not isinstance(text.get("text"), str):
        return ""
    return escape(text["text"]) if text.get("type") == "plain_text" else text["text"]
