"""Block Kit for the digest and `/report kpi`: sections with the change from the previous period, within Slack's
limits (at most 50 blocks, section text at most 3000 characters). User text on a line is escaped first and clipped
after (`inline`), so escaping can never push a section past the limit."""

from __future__ import annotations

from bot.core import blocks as bk
from bot.core.blocks import Block
from bot.core.i18n import t
from bot.core.mrkdwn import date_token, escape, inline, mention
from bot.digest.kpi import Delivery, Report
from storage.models import AnonymousFeedback

MAX_SECTION = 2900  # under bk.SECTION_TEXT, with room for the "…" that says lines were left out
TAG = 40           # characters of a feedback tag


def _delta(now: float | int | None, before: float | int | None, *, percent: bool = False, hours: bool = False) -> str:
    if now is None:
        return "—"
    shown = f"{now:.0%}" if percent else (f"{now:.1f} h" if hours else str(now))
    if before is None:
        return shown
    diff = now - before
    if abs(diff) < 1e-9:
        return f"{shown} (=)"
    sign = "+" if diff > 0 else "−"
    change = f"{abs(diff):.0%}".replace("%", " pts") if percent else (f"{abs(diff):.1f} h" if hours
                                                                      else str(abs(diff)))
    return f"{shown} ({sign}{change})"


def delivery_lines(d: Delivery, p: Delivery, locale: str) -> list[str]:
    return [
        t("digest.created", locale, value=_delta(d.created, p.created)),
        t("digest.completed", locale, value=_delta(d.completed, p.completed)),
        t("digest.open", locale, value=_delta(d.open, p.open)),
        t("digest.overdue", locale, value=_delta(d.overdue, p.overdue)),
        t("digest.on_time", locale, value=_delta(d.on_time_rate, p.on_time_rate, percent=True),
          detail=f"{d.on_time}/{d.with_deadline}"),
        t("digest.cycle", locale, median=_delta(d.cycle_median_h, p.cycle_median_h, hours=True),
          p90=_delta(d.cycle_p90_h, p.cycle_p90_h, hours=True)),
        t("digest.blocked", locale, value=d.blocked),
    ]


def _section(title: str, lines: list[str]) -> Block:
    """A titled list, cut at a whole line when it would not fit in one section."""
    text = f"*{title}*\n" + "\n".join(lines)
    if len(text) > MAX_SECTION:
        text = text[:MAX_SECTION].rsplit("\n", 1)[0] + "\n…"
    return bk.section(text)


def kpi_blocks(report: Report, tz: str, locale: str) -> list[Block]:
    """The delivery KPIs alone (`/report kpi`)."""
    period = t("digest.period", locale, start=date_token(report.start, tz, with_time=False),
               end=date_token(report.end, tz, with_time=False))
    return [bk.context(period),
            _section(t("digest.delivery", locale), delivery_lines(report.delivery, report.previous, locale))]


def digest(report: Report, tz: str, locale: str) -> tuple[str, list[Block]]:
    """The whole digest for one reader: delivery, gaps, workload, risks, feedback, changes and meetings, lessons."""
    blocks: list[Block] = [bk.header(t("digest.title", locale))]
    blocks += kpi_blocks(report, tz, locale)

    gaps = [t("digest.no_owner", locale, value=report.no_owner),
            t("digest.no_deadline", locale, value=report.no_deadline)]
    gaps += [f"• {mention(owner)}: {count}" for owner, count in report.overdue_by_owner[:15]]
    blocks.append(_section(t("digest.gaps", locale), gaps))

    load = []
    for owner, count in report.workload[:20]:
        flag = " :warning:" if count > report.threshold else ""
        load.append(f"• {mention(owner)}: {count}{flag}")
    if not load:
        load = [t("digest.nothing", locale)]
    blocks.append(_section(t("digest.workload", locale, threshold=report.threshold), load))

    risks = [t("digest.risk_totals", locale, opened=report.risks_opened, closed=report.risks_closed,
               exposure=report.exposure, stale=report.stale_risks)]
    for risk in report.top_risks:
        owner = mention(risk.owner_id) if risk.owner_id else t("digest.no_owner_short", locale)
        strategy = escape(risk.strategy or "—")
        risks.append(f"• *#{risk.number}* {inline(risk.description, 150)} · {risk.score} "
                     f"({risk.likelihood}×{risk.impact}) · {owner} · {strategy}")
    blocks.append(_section(t("digest.risks", locale), risks))

    feedback = [t("digest.feedback_totals", locale, value=_delta(report.feedback_count, report.feedback_previous))]
    if report.feedback_by_tag:
        feedback.append(" · ".join(f"`#{inline(tag, TAG)}` {count}" for tag, count in report.feedback_by_tag[:12]))
    for item in report.latest_feedback[:5]:
        who = t("feedback.anonymous", locale) if isinstance(item, AnonymousFeedback) else mention(item.author_id)
        label = f"#A{item.number}" if isinstance(item, AnonymousFeedback) else f"#{item.number}"
        feedback.append(f"• {label} {inline(item.text, 200)} — {who}")
    blocks.append(_section(t("digest.feedback", locale), feedback))

    other = [t("digest.changes", locale, pending=report.changes_pending, approved=report.changes_approved,
               rejected=report.changes_rejected),
             t("digest.meetings", locale, held=report.meetings.get("held", 0),
               skipped=report.meetings.get("skipped", 0) + report.meetings.get("missed", 0))]
    if report.failed_messages:
        failures = ", ".join(f"{escape(error)} ×{count}" for error, count in report.failed_messages)
        other.append(t("digest.failed_messages", locale, failures=failures))
    blocks.append(_section(t("digest.other", locale), other))
    if report.new_lessons:
        lessons = [f"• *#{lesson.number}* {inline(lesson.text, 300)} — {mention(lesson.author_id)}"
                   for lesson in report.new_lessons]
        if report.new_lessons_count > len(report.new_lessons):
            lessons.append(t("digest.more_lessons", locale))
        blocks.append(_section(t("digest.lessons", locale), lessons))
    blocks = blocks[:bk.MAX_BLOCKS]
    fallback = t("digest.title", locale) + " — " + " · ".join(delivery_lines(report.delivery, report.previous,
                                                                               locale)[:4])
    return fallback, blocks
