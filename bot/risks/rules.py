"""The rules of risks, on plain values: what a risk may hold, its band, when it goes to the managers, who may change
it, and when its owner is reminded to review it. No database, no Slack: table-driven tests cover them.
"""

from __future__ import annotations

from datetime import date, datetime, time

from bot.core.errors import UserError
from bot.core.mrkdwn import escape
from bot.text.zones import local_to_utc, zone

LEVELS = range(1, 6)
CATEGORIES = ("technical", "market", "financial", "operational", "schedule", "resource", "legal")
STRATEGIES = ("avoid", "transfer", "mitigate", "accept")
LIST_SCOPES = ("open", "all", "mine")
REVIEW_TIME = time(9, 0)
MAX_DESCRIPTION = 1000
MAX_OUTCOME = 1000
ESCALATED = ("high", "critical")
_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}


def band_of(score: int) -> str:
    """Score = likelihood × impact: 1–4 low, 5–9 medium, 10–16 high, 20–25 critical."""
    if score <= 4:
        return "low"
    if score <= 9:
        return "medium"
    if score <= 16:
        return "high"
    return "critical"


def escalates(score: int, *, was: int | None = None) -> bool:
    """A new risk (`was` None) goes to the managers when it is high or critical; a changed one only when its band
    rises into high or critical (critical → high is not news, high → critical is)."""
    band = band_of(score)
    if band not in ESCALATED:
        return False
    return was is None or _RANK[band] > _RANK[band_of(was)]


def escalation_topic(category: str | None) -> str:
    """Which route of bot.roles.rules.ROUTES hears about it: operational risks go to the ops managers too."""
    return "risk.operational" if category == "operational" else "risk"


def may_change(actor_id: str, *, creator_id: str, owner_id: str | None, actor_is_manager: bool) -> bool:
    """The creator, the owner or a manager; nobody else."""
    return actor_id in (creator_id, owner_id) or actor_is_manager


# ---- what a risk may hold ---------------------------------------------------------------------------------------

def description(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise UserError("risk.no_description")
    if len(text) > MAX_DESCRIPTION:
        raise UserError("risk.description_too_long", limit=MAX_DESCRIPTION, length=len(text))
    return text


def outcome(text: str, number: int) -> str:
    """How a risk ended: required to close it."""
    text = text.strip()
    if not text:
        raise UserError("risk.close_needs_outcome", number=number)
    if len(text) > MAX_OUTCOME:
        raise UserError("risk.outcome_too_long", limit=MAX_OUTCOME, length=len(text))
    return text


def level(value: int | None, key: str) -> int:
    if value is None or value not in LEVELS:
        raise UserError(key, value=escape(str(value)))
    return value


def category(value: str | None) -> str | None:
    if value is not None and value not in CATEGORIES:
        raise UserError("risk.bad_category", word=escape(value))
    return value


def strategy(value: str | None) -> str | None:
    if value is not None and value not in STRATEGIES:
        raise UserError("risk.bad_strategy", word=escape(value))
    return value


# ---- review dates -----------------------------------------------------------------------------------------------

def review_day_at(day: date, tz: str) -> datetime:
    """A review given as a day is due at 09:00 on that day in the owner's zone."""
    return local_to_utc(datetime.combine(day, REVIEW_TIME), tz)


def follow_owner(review_at: datetime, old_tz: str, new_tz: str) -> datetime:
    """A review that was a day (09:00 in the old owner's zone) becomes 09:00 on that day in the new owner's zone;
    a moment given to the minute stays as it is."""
    local = review_at.astimezone(zone(old_tz))
    if local.time() != REVIEW_TIME:
        return review_at
    return review_day_at(local.date(), new_tz)


def reminded_at(review_at: datetime, now: datetime) -> datetime:
    """When the owner's reminder goes out: on the review moment, or at once when it is already past today (a date
    given after 09:00)."""
    return max(review_at, now)
