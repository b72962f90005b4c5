"""Reading what managers type after `/report`: the subcommand words, what to export since when, and which period
the KPIs cover."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.errors import UserError
from bot.core.subcommands import Subcommands
from bot.reports import rules

SUBCOMMANDS = Subcommands({
    "export": ("导出",),
    "kpi": ("指标", "绩效"),
})

EXPORT_WORDS = {"tasks": "tasks", "任务": "tasks", "risks": "risks", "风险": "risks", "feedback": "feedback",
                "反馈": "feedback", "changes": "changes", "变更": "changes"}
PERIOD_WORDS = {"this week": "this_week", "本周": "this_week", "这周": "this_week",
                "last week": "last_week", "上周": "last_week",
                "this month": "this_month", "本月": "this_month", "这个月": "this_month",
                "last month": "last_month", "上月": "last_month", "上个月": "last_month"}
SINCE = "since"


@dataclass(frozen=True)
class ExportRequest:
    """`tasks since Nov 1` → what ("tasks"; None when it names nothing we export) and the date phrase ("Nov 1")."""

    what: str | None
    since: str


def export_request(text: str) -> ExportRequest:
    what, _, tail = text.strip().partition(" ")
    tail = tail.strip()
    if tail.lower().startswith(SINCE):
        tail = tail[len(SINCE):].strip()
    return ExportRequest(EXPORT_WORDS.get(what.lower()), tail)


def kpi_period(words: str, now: datetime, tz: str) -> tuple[datetime, datetime]:
    """`this week`, `last week`, `this month`, `last month` (本周, 上周, 本月, 上个月 …); nothing: the last 7 days."""
    words = " ".join(words.lower().split())
    name = PERIOD_WORDS.get(words)
    if words and name is None:
        raise UserError("report.unknown_period")
    return rules.period(name, now, tz)
