"""Block Kit for change requests: the card (requester, PMs, channel), the decision modal, the list. Pure dict
factories.

All user text goes through `escape` (clipped so that a block stays within Slack's 3000 characters even when escaping
lengthens it); people are mentioned from stored ids; times are `<!date^…>` tokens.
"""

from __future__ import annotations

from typing import Any

from bot.core.i18n import t
from bot.core.mrkdwn import channel, date_token, escape, mention
from storage.models import ChangeRequest

Block = dict[str, Any]
PENDING = "pending"
SECTION_LIMIT = 3000  # Slack's limit for a section's text
LIST_LIMIT = 40  # rows in a list: with the title and the "and N more" line, well within 50 blocks
APPROVE, REJECT = "change.approve", "change.reject"
MODAL = "change.decide"


def clip(text: str, limit: int) -> str:
    """`text` escaped for mrkdwn and at most `limit` characters, cut between characters (never inside `&amp;`)."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    kept, size = [], 0
    for char in text:
        piece = escape(char)
        if size + len(piece) > limit - 1:
            break
        kept.append(piece)
        size += len(piece)
    return "".join(kept) + "…"


def first_line(change: ChangeRequest, limit: int = 150) -> str:
    return clip((change.text.strip().splitlines() or [""])[0], limit)


def status_badge(change: ChangeRequest, locale: str) -> str:
    return t(f"change.status.{change.status}", locale)


def summary_line(change: ChangeRequest, locale: str, tz: str) -> str:
    """`*#3* ⏳ pending · requested by @bob in #ops · <date>`"""
    requested = t("change.requested", locale, requester=mention(change.requester_id),
                  where=channel(change.channel_id), when=date_token(change.created_at, tz))
    return f"*#{change.number}* {status_badge(change, locale)} · {requested}"


def decision_line(change: ChangeRequest, locale: str, tz: str) -> str:
    if change.status == PENDING or change.decided_at is None:
        return ""
    return t(f"change.decided.{change.status}", locale, who=mention(change.decided_by),
             when=date_token(change.decided_at, tz))


def card(change: ChangeRequest, locale: str, tz: str, *, headline: str, note: str | None = None,
         buttons: bool = False) -> tuple[str, list[Block]]:
    """One change request: headline and summary, the request, its impact, the decision (with reason), an optional
    note, and, while it is pending and `buttons` is set, Approve / Reject."""
    blocks: list[Block] = [_section(f"{headline}\n{summary_line(change, locale, tz)}"),
                           _section(clip(change.text, SECTION_LIMIT))]
    if change.impact:
        label = f"*{t('change.impact', locale)}*\n"
        blocks.append(_section(label + clip(change.impact, SECTION_LIMIT - len(label))))
    decided = decision_line(change, locale, tz)
    if decided:
        if change.reason:
            decided += f"\n*{t('change.reason', locale)}:* "
            decided += clip(change.reason, SECTION_LIMIT - len(decided))
        blocks.append(_section(decided))
    if note:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    if buttons and change.status == PENDING:
        value = str(change.number)
        blocks.append({"type": "actions", "block_id": f"change-{change.number}", "elements": [
            _button(t("change.btn.approve", locale), APPROVE, value, "primary"),
            _button(t("change.btn.reject", locale), REJECT, value, "danger"),
        ]})
    return f"{headline}: {first_line(change, 300)}", blocks


def for_approver(change: ChangeRequest, locale: str, tz: str) -> tuple[str, list[Block]]:
    """The DM a project manager gets: the request with Approve / Reject."""
    headline = t("change.review", locale, requester=mention(change.requester_id), number=change.number)
    return card(change, locale, tz, headline=headline, buttons=True)


def for_requester(change: ChangeRequest, locale: str, tz: str) -> tuple[str, list[Block]]:
    """The DM the requester gets once a PM has decided, with the reason."""
    headline = t(f"change.{change.status}_for_requester", locale, decider=mention(change.decided_by),
                 number=change.number)
    return card(change, locale, tz, headline=headline)


def announcement(change: ChangeRequest, locale: str, tz: str) -> tuple[str, list[Block]]:
    """The post in the channel where an approved change was requested, so operations are not surprised."""
    headline = t("change.announcement", locale, number=change.number, requester=mention(change.requester_id),
                 decider=mention(change.decided_by))
    return card(change, locale, tz, headline=headline)


def decision_modal(change: ChangeRequest, locale: str, *, approve: bool, private_metadata: str) -> dict[str, Any]:
    """A small modal for the reason: optional to approve, required to reject (the core checks it too)."""
    verb = "approve" if approve else "reject"
    reason_input: Block = {"type": "plain_text_input", "action_id": "reason", "multiline": True,
                           "max_length": 3000}
    return {
        "type": "modal", "callback_id": MODAL, "private_metadata": private_metadata,
        "title": _plain(t(f"change.modal.{verb}_title", locale, number=change.number)[:24]),
        "submit": _plain(t(f"change.btn.{verb}", locale)[:24]),
        "close": _plain(t("btn.cancel", locale)),
        "blocks": [
            _section(f"*#{change.number}* {clip(change.text, 1500)}"),
            {"type": "input", "block_id": "reason", "optional": approve, "element": reason_input,
             "label": _plain(t("change.modal.reason_optional" if approve else "change.modal.reason_required",
                               locale))},
        ],
    }


def listing(changes: list[ChangeRequest], total: int, locale: str, tz: str, *, scope: str) -> tuple[str, list[Block]]:
    """Newest first: number, status, the request's first line, requester, and the decider for decided ones."""
    title = t(f"change.list.title.{scope}", locale)
    if not changes:
        text = t(f"change.list.empty.{scope}", locale)
        return text, [_section(f"*{title}*\n{text}")]
    blocks: list[Block] = [_section(f"*{title}*")]
    lines = []
    for change in changes[:LIST_LIMIT]:
        line = f"{summary_line(change, locale, tz)}\n{first_line(change)}"
        decided = decision_line(change, locale, tz)
        if decided:
            line += f"\n{decided}"
        lines.append(line)
        blocks.append(_section(line))
    more = total - len(lines)
    if more > 0:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": t(
            "change.list.more", locale, count=more)}]})
    return f"{title}\n" + "\n".join(lines), blocks


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _button(text: str, action_id: str, value: str, style: str) -> Block:
    return {"type": "button", "text": _plain(text), "action_id": action_id, "value": value, "style": style}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}
