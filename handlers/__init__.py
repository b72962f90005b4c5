"""Slack listeners, one module per feature; `register(app)` wires them all."""

from handlers import (
    admin,
    changes,
    digest,
    feedback,
    lessons,
    meetings,
    reports,
    retros,
    risks,
    roles,
    standups,
    tasks,
)


def register(app) -> None:  # noqa: ANN001
    for feature in (tasks, meetings, roles, feedback, risks, changes, digest, reports, standups, retros, lessons,
                    admin):
        feature.register(app)
