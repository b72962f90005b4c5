"""What the clock does for feedback (reminder kinds registered by its service)."""

from bot.feedback import service  # noqa: F401 - registers the reminder kinds
