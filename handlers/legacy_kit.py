"""TRANSITIONAL: goes when every feature speaks through handlers/kit.py.

What every handler shared: who is asking and where (`Ctx`), and how replies are shaped for Slack."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.core.i18n import t
from bot.core.people import Person

if TYPE_CHECKING:
    from bot.runtime import Runtime


@dataclass(frozen=True)
class Ctx:
    rt: Runtime
    team_id: str
    user_id: str
    person: Person
    channel_id: str | None

    @classmethod
    def of(cls, context: Any) -> Ctx:
        person: Person = context["person"]
        return cls(rt=context["rt"], team_id=context.team_id or "", user_id=context.user_id or person.user_id,
                   person=person, channel_id=context.channel_id)

    @property
    def locale(self) -> str:
        return self.person.locale

    @property
    def tz(self) -> str:
        return self.person.tz

    def t(self, key: str, **values: object) -> str:
        return t(key, self.locale, **values)

    def now(self) -> datetime:
        return self.rt.now()

    def know(self, user_ids: Iterable[str | None]) -> None:
        """Fetch (or refresh from cache) the profiles of people about to be told something, before the write
        transaction, so they read it in their own language and zone with no network call under the write lock."""
        for user_id in dict.fromkeys(u for u in user_ids if u and u != self.user_id):
            self.rt.people.get(self.rt.db, self.team_id, user_id, self.now())


def ephemeral(text: str, blocks: list[dict] | None = None) -> dict[str, Any]:
    """Keyword arguments for `ack()`/`respond()`: a reply only the asker sees."""
    reply: dict[str, Any] = {"response_type": "ephemeral", "text": text}
    if blocks:
        reply["blocks"] = blocks
    return reply


def in_channel(text: str, blocks: list[dict] | None = None) -> dict[str, Any]:
    reply = ephemeral(text, blocks)
    reply["response_type"] = "in_channel"
    return reply


def split_command(text: str | None) -> tuple[str, str]:
    """`'list mine'` → (`'list'`, `'mine'`); the first word lower-cased, the rest as typed."""
    text = (text or "").strip()
    word, _, rest = text.partition(" ")
    return word.lower(), rest.strip()


def is_help(word: str) -> bool:
    return word in ("", "help", "-h", "--help", "?", "帮助")
