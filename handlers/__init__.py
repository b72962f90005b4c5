"""Slack listeners, one module per feature; `register(app)` wires them all."""

from handlers import coming_soon, meetings, tasks


def register(app) -> None:  # noqa: ANN001
    tasks.register(app)
    meetings.register(app)
    coming_soon.register(app)
