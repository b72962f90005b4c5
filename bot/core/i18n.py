"""The message catalogue: every user-facing string, in English and Simplified Chinese.

Each feature keeps its messages beside its code (`bot/<feature>/messages.py`, a `MESSAGES` dict), the shared ones
live in bot/core/messages.py; the registry (bot/features.py) says where to look, and a key defined twice is refused.
The language follows the reader's Slack locale (`users.info` include_locale): `zh-*` reads Chinese, anything else
English. Values are `str.format` templates; callers escape user text before passing it in.
"""

from __future__ import annotations

import functools
import importlib

from bot.core.mrkdwn import escape
from bot.features import modules

EN, ZH = "en", "zh"
LANGUAGES = (EN, ZH)


def lang(locale: str | None) -> str:
    return ZH if (locale or "").lower().startswith("zh") else EN


def t(key: str, locale: str | None, /, **values: object) -> str:
    """The message for `key` in the reader's language. The template's own text is mrkdwn-escaped here (so usage
    like `<title>` shows as typed); values are inserted as given, already escaped or built by bot.core.mrkdwn."""
    return escape(catalogue()[key][lang(locale)]).format(**values)  # a missing value fails loudly, in tests


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every message, loaded once on first use (so message modules may import this one)."""
    merged: dict[str, dict[str, str]] = {}
    for module in [importlib.import_module("bot.core.messages"), *modules("bot.{name}.messages")]:
        clash = merged.keys() & module.MESSAGES.keys()
        if clash:
            raise RuntimeError(f"message keys defined twice: {sorted(clash)}")
        merged.update(module.MESSAGES)
    return merged
