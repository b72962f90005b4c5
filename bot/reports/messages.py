"""Messages of /report: KPI reports and CSV exports."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
    "help.report": {
        EN: "*`/report` — reports and exports for managers*\n"
            "• `/report export tasks|risks|feedback|changes [since <date>]` — a CSV in your DMs\n"
            "• `/report kpi [this week|last month]`",
        ZH: "*`/report` —— 面向管理者的报表与导出*\n"
            "• `/report export tasks|risks|feedback|changes [since <日期>]` —— CSV 文件发到你的私信\n"
            "• `/report kpi [this week|last month]`",
    },
    "report.managers_only": {EN: "Reports are for managers (PMs, ops managers) and workspace admins.",
                             ZH: "报表仅面向管理者（项目经理、运营经理）和工作区管理员。"},
    "report.unknown_export": {EN: "Export what? `tasks`, `risks`, `feedback` or `changes`, e.g. "
                                  "`/report export tasks since Nov 1`.",
                              ZH: "导出什么？`tasks`、`risks`、`feedback` 或 `changes`，例如 "
                                  "`/report export tasks since 11月1日`。"},
    "report.since_not_understood": {EN: "I could not read that date; e.g. `since Nov 1`, `since 2026-10-01`.",
                                    ZH: "我没看懂这个日期；例如 `since 11月1日`、`since 2026-10-01`。"},
    "report.unknown_period": {EN: "Which period? `this week`, `last week`, `this month` or `last month`.",
                              ZH: "哪个时间段？`this week`、`last week`、`this month` 或 `last month`。"},
    "report.export_title": {EN: "teambot export: {what}", ZH: "teambot 导出：{what}"},
    "report.export_on_its_way": {EN: ":page_facing_up: Your {what} export (CSV) is on its way to your DMs.",
                                 ZH: ":page_facing_up: 你的 {what} 导出文件（CSV）正在发送到你的私信。"},
}
