"""`/report export tasks|risks|feedback|changes [since <date>]` and `/report kpi [this week|last month]`."""

from __future__ import annotations

from typing import Any

from bot.core import outbox
from bot.core.errors import UserError
from bot.core.mrkdwn import escape, plain
from bot.digest import kpi, views
from bot.reports import service as reports
from bot.roles import store as roles
from bot.tasks.store import team_defaults
from bot.text.deadlines import parse_deadline
from handlers.legacy_kit import Ctx, ephemeral, is_help, split_command


def register(app) -> None:  # noqa: ANN001
    app.command("/report")(report_command)


def report_command(ack, command, context) -> None:  # noqa: ANN001
    ctx = Ctx.of(context)
    word, rest = split_command(command.get("text"))
    if is_help(word):
        return ack(**ephemeral(ctx.t("help.report")))
    try:
        with ctx.rt.db.session(read_only=True) as session:
            roles.require_manager(session, ctx.team_id, ctx.user_id, is_admin=ctx.person.is_admin,
                                  key="report.managers_only")
        if word == "export":
            return ack(**_export(ctx, plain(rest)))
        if word == "kpi":
            return ack(**_kpi(ctx, plain(rest)))
        ack(**ephemeral(ctx.t("report.unknown", word=escape(plain(word)[:30])) + "\n" + ctx.t("help.report")))
    except UserError as err:
        ack(**ephemeral(ctx.t(err.key, **err.values)))


def _export(ctx: Ctx, rest: str) -> dict[str, Any]:
    what, _, tail = rest.strip().partition(" ")
    what = what.lower()
    if what not in reports.WHAT:
        raise UserError("report.unknown_export")
    since = None
    tail = tail.strip()
    if tail:
        phrase = tail.removeprefix("since").strip() if tail.lower().startswith("since") else tail
        with ctx.rt.db.session(read_only=True) as session:
            default_time = team_defaults(session, ctx.team_id).due_time
        deadline = parse_deadline(phrase, now=ctx.now(), tz=ctx.tz, default_time=default_time)
        if deadline is None:
            raise UserError("report.since_not_understood")
        since = reports.in_the_past(deadline.due, ctx.now())
    stamp = ctx.now().strftime("%Y%m%d")
    with ctx.rt.db.session() as session:
        outbox.upload(session, ctx.team_id, ctx.user_id, ctx.now(), render="report.csv",
                      spec={"team_id": ctx.team_id, "what": what, "since": since.isoformat() if since else None,
                            "tz": ctx.tz},
                      filename=f"teambot-{what}-{stamp}.csv", title=ctx.t("report.export_title", what=what))
    return ephemeral(ctx.t("report.export_on_its_way", what=what))


def _kpi(ctx: Ctx, rest: str) -> dict[str, Any]:
    start, end = reports.kpi_period(rest, ctx.now(), ctx.tz)
    with ctx.rt.db.session(read_only=True) as session:
        report = kpi.report(session, ctx.team_id, start, end)
    blocks = views.kpi_blocks(report, ctx.tz, ctx.locale)
    return ephemeral(ctx.t("digest.delivery"), blocks)
