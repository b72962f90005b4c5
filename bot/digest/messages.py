"""Messages of /digest and of the digest itself (`/report kpi` shows its delivery section too)."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
    "digest.title": {EN: "Weekly digest", ZH: "每周摘要"},
    "digest.period": {EN: "{start} – {end}, compared with the period before", ZH: "{start} – {end}，与上一周期对比"},
    "digest.delivery": {EN: ":package: Delivery", ZH: ":package: 交付"},
    "digest.created": {EN: "Tasks created: {value}", ZH: "新建任务：{value}"},
    "digest.completed": {EN: "Tasks completed: {value}", ZH: "完成任务：{value}"},
    "digest.open": {EN: "Open at the end: {value}", ZH: "期末未完成：{value}"},
    "digest.overdue": {EN: "Overdue at the end: {value}", ZH: "期末逾期：{value}"},
    "digest.on_time": {EN: "On-time rate: {value} ({detail} with a deadline)",
                       ZH: "按时完成率：{value}（{detail}，有截止时间）"},
    "digest.cycle": {EN: "Cycle time (created → done): median {median}, p90 {p90}",
                     ZH: "周期时间（创建 → 完成）：中位数 {median}，p90 {p90}"},
    "digest.blocked": {EN: "Blocked now: {value}", ZH: "当前受阻：{value}"},
    "digest.gaps": {EN: ":jigsaw: Responsibility gaps", ZH: ":jigsaw: 责任缺口"},
    "digest.no_owner": {EN: "Open tasks without an owner: {value}", ZH: "无负责人的未完成任务：{value}"},
    "digest.no_deadline": {EN: "Open tasks without a deadline: {value} · overdue by owner:",
                           ZH: "无截止时间的未完成任务：{value} · 各负责人的逾期任务："},
    "digest.workload": {EN: ":weight_lifter: Workload (open tasks; :warning: above {threshold})",
                        ZH: ":weight_lifter: 工作量（未完成任务；:warning: 超过 {threshold}）"},
    "digest.nothing": {EN: "Nothing open.", ZH: "没有未完成的任务。"},
    "digest.risks": {EN: ":warning: Risks", ZH: ":warning: 风险"},
    "digest.risk_totals": {
        EN: "New {opened} · closed {closed} · exposure (sum of open scores) {exposure} · not reviewed for 14 days "
            "{stale}",
        ZH: "新增 {opened} · 关闭 {closed} · 风险敞口（未关闭风险分值之和）{exposure} · 14 天未复查 {stale}",
    },
    "digest.no_owner_short": {EN: "no owner", ZH: "无负责人"},
    "digest.feedback": {EN: ":speech_balloon: Feedback", ZH: ":speech_balloon: 反馈"},
    "digest.feedback_totals": {EN: "Given: {value}", ZH: "收到：{value}"},
    "digest.other": {EN: ":clipboard: Changes and meetings", ZH: ":clipboard: 变更与会议"},
    "digest.changes": {EN: "Change requests: {pending} pending, {approved} approved and {rejected} rejected",
                       ZH: "变更请求：待审批 {pending}，已批准 {approved}，已拒绝 {rejected}"},
    "digest.meetings": {EN: "Meetings: {held} held, {skipped} skipped", ZH: "会议：已举行 {held}，已跳过 {skipped}"},
    "digest.failed_messages": {EN: ":rotating_light: Messages Slack refused for good: {failures}",
                               ZH: ":rotating_light: 被 Slack 永久拒绝的消息：{failures}"},
    "digest.lessons": {EN: ":bulb: Lessons learned", ZH: ":bulb: 经验教训"},
    "digest.more_lessons": {EN: "…and more: `/lesson list`", ZH: "……更多：`/lesson list`"},
    "digest.chart_title": {EN: "Tasks per week and open risks", ZH: "每周任务与未关闭风险"},
    "digest.managers_only": {EN: "The digest is for managers (PMs, ops managers) and workspace admins.",
                             ZH: "摘要仅面向管理者（项目经理、运营经理）和工作区管理员。"},
    "digest.sent_now": {EN: ":incoming_envelope: Your digest is on its way to your DMs.",
                        ZH: ":incoming_envelope: 摘要正在发送到你的私信。"},
    "digest.scheduled": {EN: ":calendar: The digest goes out at that time in each manager's own zone; yours next "
                             "arrives {when}.",
                         ZH: ":calendar: 摘要将按每位管理者各自时区的该时间发送；你的下一份将于 {when} 送达。"},
    "digest.schedule_not_understood": {
        EN: "I could not read that schedule; nothing changed. e.g. `/digest schedule every Friday 4pm`, "
            "`/digest schedule every Monday 9:00`.",
        ZH: "我没看懂这个时间安排，未做任何修改。例如 `/digest schedule 每周五下午4点`。",
    },
    "digest.channel_set": {EN: "The digest will also be posted in {channel}.", ZH: "摘要也会发布到 {channel}。"},
    "digest.channel_off": {EN: "The digest is no longer posted in a channel.", ZH: "摘要不再发布到频道。"},
    "digest.channel_usage": {EN: "Which channel? e.g. `/digest channel #leads` (or `/digest channel off`)",
                             ZH: "哪个频道？例如 `/digest channel #leads`（或 `/digest channel off`）"},
    "digest.turned_off": {EN: "The weekly digest is off. `/digest on` brings it back.",
                          ZH: "每周摘要已关闭。`/digest on` 可重新开启。"},
    "digest.turned_on": {EN: "The weekly digest is on.", ZH: "每周摘要已开启。"},
    "help.digest": {
        EN: "*`/digest` — the weekly performance digest for managers*\n"
            "• `/digest now` · `/digest preview` · `/digest schedule every Friday 4pm` · `/digest channel #leads` · "
            "`/digest off` · `/digest on`",
        ZH: "*`/digest` —— 面向管理者的每周绩效摘要*\n"
            "• `/digest now` · `/digest preview` · `/digest schedule 每周五下午4点` · `/digest channel #leads` · "
            "`/digest off` · `/digest on`",
    },
}
