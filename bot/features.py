"""Every domain module that registers reminder kinds, imported once by the clock."""

from bot import meetings, task_reminders  # noqa: F401
