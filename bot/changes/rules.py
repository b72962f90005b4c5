"""The rules of change requests, on plain values: what a request and a reason may be, what a decision makes of it,
and who hears about it. No database, no Slack: table-driven tests cover them.

Who may decide (a project manager, while the request is pending) needs the roles table: bot.changes.store checks it.
"""

from __future__ import annotations

from bot.core.errors import UserError

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
LIST_SCOPES = ("pending", "all")
LIST_LIMIT = 40  # rows in a list: with the title and the "and N more" line, well within Slack's 50 blocks
MAX_TEXT = 3000
MAX_IMPACT = 3000
MAX_REASON = 3000


def request(text: str, impact: str) -> tuple[str, str]:
    """What should change and why is required; both it and the impact have a limit."""
    text, impact = text.strip(), impact.strip()
    if not text:
        raise UserError("change.no_text")
    if len(text) > MAX_TEXT:
        raise UserError("change.too_long", limit=MAX_TEXT, length=len(text))
    if len(impact) > MAX_IMPACT:
        raise UserError("change.impact_too_long", limit=MAX_IMPACT, length=len(impact))
    return text, impact


def reason(text: str, *, approve: bool, number: int) -> str:
    """Optional to approve; a rejection needs one, so the requester knows what to change."""
    text = text.strip()
    if not approve and not text:
        raise UserError("change.reason_required", number=number)
    if len(text) > MAX_REASON:
        raise UserError("change.reason_too_long", limit=MAX_REASON, length=len(text))
    return text


def decision(approve: bool) -> str:
    return APPROVED if approve else REJECTED


def announced_in(status: str, channel_id: str | None) -> str | None:
    """Where an approved change is announced, so operations are not surprised: the channel it was requested in — not
    a DM (operations do not read it there, and the requester is told anyway)."""
    if status != APPROVED or not channel_id or channel_id.startswith("D"):
        return None
    return channel_id
