"""The one reader of Slack's tokens in what people type: users, channels and user groups.

With `should_escape` on, Slack sends a mention as `<@U123|bob>`, a channel as `<#C123|general>` (private channels:
`C…` today, `G…` for older ones — both are accepted everywhere) and a user group as `<!subteam^S123|@devs>`. Every
parser and handler that needs an id takes it from here, so a private channel works wherever a channel does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A label ends at the first `<` as well as at `>` (Slack sends a literal `<` as `&lt;`): a token that never closes
# is then given up at the next one, not at the end of the text, so reading stays linear.
USER = re.compile(r"<@([UW][A-Z0-9]{2,31})(?:\|[^<>]*)?>")
CHANNEL = re.compile(r"<#([CG][A-Z0-9]{2,31})(?:\|[^<>]*)?>")
USERGROUP = re.compile(r"<!subteam\^(S[A-Z0-9]{2,31})(?:\|[^<>]*)?>")
# `in #ops` / `在 #ops` / `在#ops`: where something should happen
IN_CHANNEL = re.compile(r"(?:(?<![\w-])in\s+|在\s*)" + CHANNEL.pattern, re.I)
ANY_TOKEN = re.compile(r"<[@#!][^<>]*>")


@dataclass(frozen=True)
class Tokens:
    """The ids in a piece of text, each once, in order of appearance."""

    users: tuple[str, ...]
    channels: tuple[str, ...]
    usergroups: tuple[str, ...]

    @property
    def user(self) -> str | None:
        return self.users[0] if self.users else None

    @property
    def channel(self) -> str | None:
        return self.channels[0] if self.channels else None


def read(text: str | None) -> Tokens:
    text = text or ""
    return Tokens(users=_ids(USER, text), channels=_ids(CHANNEL, text), usergroups=_ids(USERGROUP, text))


def users(text: str | None) -> list[str]:
    return list(_ids(USER, text or ""))


def first_user(text: str | None) -> str | None:
    found = USER.search(text or "")
    return found.group(1) if found else None


def first_channel(text: str | None) -> str | None:
    found = CHANNEL.search(text or "")
    return found.group(1) if found else None


def without_users(text: str) -> str:
    return USER.sub(" ", text)


def take_in_channel(text: str) -> tuple[str | None, str]:
    """`Weekly sync every Monday in <#C1|ops>` → ("C1", "Weekly sync every Monday"): the first `in #channel` (or
    `在 #channel`) and the text without it."""
    found = IN_CHANNEL.search(text)
    if found is None:
        return None, text
    return found.group(1), " ".join((text[: found.start()] + " " + text[found.end():]).split())


def _ids(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(pattern.findall(text)))
