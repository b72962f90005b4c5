"""Messages of /standup (being built)."""

from bot.i18n import EN, ZH  # noqa: F401

MESSAGES: dict[str, dict[str, str]] = {}
