"""The message catalogue: every user-facing string, in English and Simplified Chinese.

The language follows the user's Slack locale (`users.info` include_locale): `zh-*` reads Chinese, anything else
English. Values are `str.format` templates; callers escape user text before passing it in.
"""

from __future__ import annotations

from bot.mrkdwn import escape

EN, ZH = "en", "zh"


def lang(locale: str | None) -> str:
    return ZH if (locale or "").lower().startswith("zh") else EN


def t(key: str, locale: str | None, /, **values: object) -> str:
    """The message for `key` in the reader's language. The template's own text is mrkdwn-escaped here (so usage
    like `<title>` shows as typed); values are inserted as given, already escaped or built by bot.mrkdwn."""
    template = escape(CATALOGUE[key][lang(locale)])
    return template.format(**values) if values else template


def _load() -> dict[str, dict[str, str]]:
    """Each feature keeps its messages in bot/catalogue/<feature>.py; a key defined twice is a bug."""
    import importlib
    import pkgutil

    import bot.catalogue

    merged: dict[str, dict[str, str]] = {}
    for module in pkgutil.iter_modules(bot.catalogue.__path__):
        messages = importlib.import_module(f"bot.catalogue.{module.name}").MESSAGES
        clash = merged.keys() & messages.keys()
        if clash:
            raise RuntimeError(f"message keys defined twice: {sorted(clash)}")
        merged.update(messages)
    return merged


COMMANDS = ("task", "meeting", "feedback", "risk", "role", "digest", "report", "change", "standup", "retro", "lesson",
            "teambot")

CATALOGUE: dict[str, dict[str, str]] = _load()
