"""What the clock does for retros (reminder kinds registered by its service)."""

from bot.retros import service  # noqa: F401 - registers the reminder kinds
