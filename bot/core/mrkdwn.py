"""The only way user text and times reach Slack's mrkdwn.

Slack treats `<…>` as control sequences (`<!channel>`, `<@U…>`, links) and `&` as the start of an entity, so every
piece of user text passes through `escape()`; mentions are built only from stored ids; times are `<!date^…>` tokens
so each reader sees their own zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

_ID = re.compile(r"^[UWBCGDST][A-Z0-9]{1,31}$")


_SPECIAL = re.compile(r"<([^<>]*)>")


def plain(text: str) -> str:
    """Slack's inbound text as the plain text a person typed, for storage.

    Slack sends literal `&`, `<`, `>` as entities and turns mentions, channels, broadcasts and links into
    `<…>` sequences. Here `<@U1|bob>` → `@bob`, `<#C1|general>` → `#general`, `<!channel>` → `@channel`,
    `<!subteam^S1|@devs>` → `@devs`, `<https://x|label>` → `label (https://x)`, and entities are decoded. The
    result is inert text: it is escaped again on the way out and can never ping anyone.
    """

    def readable(match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            return "@" + (label or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            if label:
                return label if target.startswith(("!subteam", "!date")) or label.startswith("@") else "@" + label
            return "@" + target[1:].split("^")[0]
        return f"{label} ({target})" if label and label != target else target

    text = _SPECIAL.sub(readable, text or "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    """Make user text inert in mrkdwn: `<!channel>` shows as text and never pings anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """User text escaped for mrkdwn, then clipped to at most `limit` characters — in that order, so escaping can
    never push a block past Slack's limits — and cut between characters, never inside `&amp;`."""
    return fit(escape(text), limit)


_ENTITY = re.compile(r"&#?\w{1,10};")


def fit(built: str, limit: int) -> str:
    """Mrkdwn already built (escaped user text, mentions, links, date tokens) within `limit` characters, shortened
    with "…". Slack refuses a block past its limit, and a cut inside `&amp;`, `<@U…>` or `<!date^…>` shows broken
    text (or pings nobody it should), so the cut moves back to before the entity or token it would split."""
    if len(built) <= limit:
        return built
    cut = max(limit, 1) - 1
    opened = built.rfind("<", 0, cut)
    if opened != -1 and not 0 <= built.find(">", opened) < cut:
        cut = opened
    amp = built.rfind("&", 0, cut)
    entity = _ENTITY.match(built, amp) if amp != -1 else None
    if entity and entity.end() > cut:
        cut = amp
    return built[:cut] + "…"


def inline(text: str, limit: int = 200) -> str:
    """User text for one line: its white space folded, escaped, clipped."""
    return clip(" ".join((text or "").split()), limit)


def mention(user_id: str | None) -> str:
    """A user mention from a stored id; anything that is not a Slack id is shown escaped, never interpreted."""
    if not user_id:
        return "—"
    return f"<@{user_id}>" if _ID.match(user_id) else escape(user_id)


def channel(channel_id: str | None) -> str:
    if not channel_id:
        return "—"
    return f"<#{channel_id}>" if _ID.match(channel_id) else escape(channel_id)


def date_token(when: datetime, tz: str = "UTC", *, with_time: bool = True) -> str:
    """`<!date^EPOCH^{date_short_pretty} {time}|fallback>`: Slack renders it in each reader's zone.

    The fallback (for clients that cannot render tokens, and for notifications) is written in `tz`.
    """
    if when.tzinfo is None:
        raise ValueError("naive datetime")
    local = when.astimezone(ZoneInfo(tz))
    if with_time:
        fmt, fallback = "{date_short_pretty} {time}", local.strftime("%Y-%m-%d %H:%M %Z")
    else:
        fmt, fallback = "{date_short_pretty}", local.strftime("%Y-%m-%d")
    return f"<!date^{int(when.timestamp())}^{fmt}|{fallback}>"


def epoch(when: datetime) -> int:
    return int(when.astimezone(UTC).timestamp())
