"""What the clock does for meetings (reminder kinds registered by its service)."""

from bot.meetings import service  # noqa: F401 - registers the reminder kinds
