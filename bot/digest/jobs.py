"""What the clock does for the digest: plan each manager's delivery, send it, and render its chart when the outbox
uploads it. The reminder kinds themselves are registered where the digest is composed (bot.digest.service)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.files import renderer
from bot.digest import charts, kpi
from bot.digest import service as _service  # noqa: F401 - registers the digest's reminder kinds
from storage.db import Database


@renderer("digest.chart")
def digest_chart(db: Database, spec: dict[str, Any]) -> bytes:
    with db.session(read_only=True) as session:
        report = kpi.report(session, spec["team_id"], datetime.fromisoformat(spec["start"]),
                            datetime.fromisoformat(spec["end"]))
    return charts.render(report, spec.get("locale", "en"))
