"""Every domain module that registers reminder kinds, imported once by the clock."""

from bot import changes, digest, feedback, lessons, meetings, retros, risks, standups, task_reminders  # noqa: F401
