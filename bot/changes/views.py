"""Block Kit for change requests: the card (requester, PMs, channel), the decision modal, the list. Pure dict
factories.

All user text goes through `escape` (clipped so that a block stays within Slack's 3000 characters even when escaping
lengthens it); people are mentioned from stored ids; times are `<!date^…>` tokens. Action and callback ids are named
here once and used by handlers/changes.py.
"""

from __future__ import annotations

from typing import Any

from bot.changes.rules import LIST_LIMIT, PENDING
from bot.core import blocks as bk
from bot.core.blocks import Block
from bot.core.i18n import t
from bot.core.mrkdwn import channel, clip, date_token, mention
from storage.models import ChangeRequest

APPROVE, REJECT = "change.approve", "change.reject"
DECISION_MODAL = "change.decide"
SECTION_LIMIT = bk.SECTION_TEXT

Rendered = tuple[str, list[Block]]


def first_line(change: ChangeRequest, limit: int = 150) -> str:
    return clip((change.text.strip().splitlines() or [""])[0], limit)


def summary_line(change: ChangeRequest, locale: str, tz: str) -> str:
    """`*#3* ⏳ pending · requested by @bob in #ops · <date>`"""
    requested = t("change.requested", locale, requester=mention(change.requester_id),
                  where=channel(change.channel_id), when=date_token(change.created_at, tz))
    return f"*#{change.number}* {t(f'change.status.{change.status}', locale)} · {requested}"


def decision_line(change: ChangeRequest, locale: str, tz: str) -> str:
    if change.status == PENDING or change.decided_at is None:
        return ""
    return t(f"change.decided.{change.status}", locale, who=mention(change.decided_by),
             when=date_token(change.decided_at, tz))


def card(change: ChangeRequest, locale: str, tz: str, *, headline: str, note: str | None = None,
         buttons: bool = False) -> Rendered:
    """One change request: headline and summary, the request, its impact, the decision (with reason), an optional
    note, and, while it is pending and `buttons` is set, Approve / Reject."""
    blocks = [bk.section(f"{headline}\n{summary_line(change, locale, tz)}"),
              bk.section(clip(change.text, SECTION_LIMIT))]
    if change.impact:
        label = f"*{t('change.impact', locale)}*\n"
        blocks.append(bk.section(label + clip(change.impact, SECTION_LIMIT - len(label))))
    decided = decision_line(change, locale, tz)
    if decided:
        if change.reason:
            decided += f"\n*{t('change.reason', locale)}:* "
            decided += clip(change.reason, SECTION_LIMIT - len(decided))
        blocks.append(bk.section(decided))
    if note:
        blocks.append(bk.context(note))
    if buttons and change.status == PENDING:
        value = str(change.number)
        blocks.append(bk.actions(bk.button(t("change.btn.approve", locale), APPROVE, value, "primary"),
                                 bk.button(t("change.btn.reject", locale), REJECT, value, "danger"),
                                 block_id=f"change-{change.number}"))
    return f"{headline}: {first_line(change, 300)}", blocks


def filed(change: ChangeRequest, approvers: tuple[str, ...], locale: str, tz: str) -> Rendered:
    """The requester's reply: who will decide, or that nobody can yet and how to change that."""
    if approvers:
        note = t("change.sent_to", locale, approvers=", ".join(mention(user) for user in approvers))
    else:
        note = t("change.no_pm", locale, number=change.number)
    return card(change, locale, tz, headline=t("change.created", locale, number=change.number), note=note)


def for_approver(change: ChangeRequest, locale: str, tz: str) -> Rendered:
    """The DM a project manager gets: the request with Approve / Reject."""
    headline = t("change.review", locale, requester=mention(change.requester_id), number=change.number)
    return card(change, locale, tz, headline=headline, buttons=True)


def for_requester(change: ChangeRequest, locale: str, tz: str) -> Rendered:
    """The DM the requester gets once a PM has decided, with the reason."""
    headline = t(f"change.{change.status}_for_requester", locale, decider=mention(change.decided_by),
                 number=change.number)
    return card(change, locale, tz, headline=headline)


def announcement(change: ChangeRequest, locale: str, tz: str) -> Rendered:
    """The post in the channel where an approved change was requested, so operations are not surprised."""
    headline = t("change.announcement", locale, number=change.number, requester=mention(change.requester_id),
                 decider=mention(change.decided_by))
    return card(change, locale, tz, headline=headline)


def decided_by_you(change: ChangeRequest, locale: str, tz: str) -> Rendered:
    return card(change, locale, tz, headline=t(f"change.you_{change.status}", locale, number=change.number))


def already_decided(change: ChangeRequest, locale: str) -> str:
    """Someone was quicker: who decided, and when; nothing changed."""
    when = date_token(change.decided_at) if change.decided_at else "—"
    return t(f"change.already_{change.status}", locale, number=change.number, who=mention(change.decided_by),
             when=when)


def stale_card(change: ChangeRequest, locale: str, tz: str) -> Rendered:
    """What a PM's card becomes once someone else decided it: the decision, who made it, and when."""
    return card(change, locale, tz, headline=already_decided(change, locale))


def decision_modal(change: ChangeRequest, locale: str, *, approve: bool, private_metadata: str) -> dict[str, Any]:
    """A small modal for the reason: optional to approve, required to reject (the service checks it too)."""
    verb = "approve" if approve else "reject"
    label = t("change.modal.reason_optional" if approve else "change.modal.reason_required", locale)
    reason = bk.field("reason", label, bk.text_input("reason", multiline=True, max_length=3000))
    return bk.modal(DECISION_MODAL, t(f"change.modal.{verb}_title", locale, number=change.number), [
        bk.section(f"*#{change.number}* {clip(change.text, 1500)}"),
        dict(reason, optional=approve),  # said either way: Slack's default is required
    ], submit=t(f"change.btn.{verb}", locale), close=t("btn.cancel", locale), private_metadata=private_metadata)


def listing(changes: list[ChangeRequest], total: int, locale: str, tz: str, *, scope: str) -> Rendered:
    """Newest first: number, status, the request's first line, requester, and the decider for decided ones."""
    title = t(f"change.list.title.{scope}", locale)
    if not changes:
        text = t(f"change.list.empty.{scope}", locale)
        return text, [bk.section(f"*{title}*\n{text}")]
    lines = []
    for change in changes[:LIST_LIMIT]:
        line = f"{summary_line(change, locale, tz)}\n{first_line(change)}"
        decided = decision_line(change, locale, tz)
        lines.append(f"{line}\n{decided}" if decided else line)
    blocks = [bk.section(f"*{title}*"), *(bk.section(line) for line in lines)]
    if total > len(lines):
        blocks.append(bk.context(t("change.list.more", locale, count=total - len(lines))))
    return f"{title}\n" + "\n".join(lines), blocks
