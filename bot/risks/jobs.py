"""What the clock does for risks (reminder kinds registered by its service)."""

from bot.risks import service  # noqa: F401 - registers the reminder kinds
