"""File renderers for the outbox's `files.upload` messages: a name, and a function from a spec to bytes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from storage.db import Database

Renderer = Callable[[Database, dict[str, Any]], bytes]
RENDERERS: dict[str, Renderer] = {}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    def register(func: Renderer) -> Renderer:
        RENDERERS[name] = func
        return func

    return register


def render(db: Database, name: str, spec: dict[str, Any]) -> bytes:
    return RENDERERS[name](db, spec)


@renderer("digest.chart")
def digest_chart(db: Database, spec: dict[str, Any]) -> bytes:
    from bot import charts, kpi

    with db.session(read_only=True) as session:
        report = kpi.report(session, spec["team_id"], datetime.fromisoformat(spec["start"]),
                            datetime.fromisoformat(spec["end"]))
    return charts.render(report, spec.get("locale", "en"))


@renderer("report.csv")
def report_csv(db: Database, spec: dict[str, Any]) -> bytes:
    from bot import reports

    since = datetime.fromisoformat(spec["since"]) if spec.get("since") else None
    with db.session(read_only=True) as session:
        return reports.export_csv(session, spec["team_id"], spec["what"], since=since, tz=spec.get("tz", "UTC"))
