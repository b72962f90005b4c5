"""What the clock does for standups (reminder kinds registered by its service)."""

from bot.standups import service  # noqa: F401 - registers the reminder kinds
