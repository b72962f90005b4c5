"""What the outbox asks of reports: the CSV export, rendered when the file is sent (only its recipe is queued)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.files import renderer
from bot.reports import exports
from storage.db import Database


@renderer(exports.CSV)
def report_csv(db: Database, spec: dict[str, Any]) -> bytes:
    since = datetime.fromisoformat(spec["since"]) if spec.get("since") else None
    with db.session(read_only=True) as session:
        return exports.export_csv(session, spec["team_id"], spec["what"], since=since, tz=spec.get("tz", "UTC"))
