"""What a digest is and how it goes out: the KPIs for the period, rendered for one reader, posted with its chart
through the outbox (only the chart's recipe is queued; jobs.py renders it when it is sent). Session-level: the
clock's deliverers and `/digest now` call it inside their own unit of work."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import outbox
from bot.core.blocks import Block
from bot.core.i18n import t
from bot.digest import kpi, rules, views
from bot.digest.charts import alt_text
from storage.models import Workspace

CHART = "digest.chart"


def report(session: Session, team_id: str, end: datetime) -> kpi.Report:
    """The KPIs of the period ending at `end`, with the team's workload threshold."""
    ws = session.get(Workspace, team_id)
    threshold = ws.workload_threshold if ws else kpi.WORKLOAD_THRESHOLD
    start, end = rules.period(end)
    return kpi.report(session, team_id, start, end, threshold=threshold)


def compose(session: Session, team_id: str, end: datetime, tz: str, locale: str) -> tuple[str, list[Block],
                                                                                          kpi.Report]:
    """The digest message for one reader, and the report it shows."""
    found = report(session, team_id, end)
    text, blocks = views.digest(found, tz, locale)
    return text, blocks, found


def send(session: Session, team_id: str, channel: str, end: datetime, tz: str, locale: str, now: datetime, *,
         dedupe_key: str | None = None) -> None:
    """The digest message and its chart to a person's DM or a channel."""
    text, blocks, found = compose(session, team_id, end, tz, locale)
    outbox.post(session, team_id, channel, text, now, blocks=blocks, dedupe_key=dedupe_key)
    start, end = rules.period(end)
    outbox.upload(session, team_id, channel, now, render=CHART,
                  spec={"team_id": team_id, "start": start.isoformat(), "end": end.isoformat(), "locale": locale},
                  filename="teambot-digest.png", title=t("digest.chart_title", locale), alt_text=alt_text(found),
                  dedupe_key=f"{dedupe_key}:chart" if dedupe_key else None)
