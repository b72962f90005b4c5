"""The usage text of every command (`/x help`)."""

from bot.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
    "help.task": {
        EN: "*`/task` — plan, own and finish work*\n"
            "• `/task <title> [@owner] [deadline]` — e.g. `/task Prepare the Q3 budget review @bob tomorrow 5pm`\n"
            "• `/task list [mine|@user|#channel|overdue|done|all]`\n"
            "• `/task done 12` · `/task reopen 12` · `/task assign 12 @bob` · `/task due 12 next Monday 10:00`\n"
            "• `/task sub 12 <title> [@owner] [deadline]` · `/task block 12 <reason>` · `/task progress 12 40%`\n"
            "• `/task edit 12` · `/task delete 12`\n"
            "Deadlines are read in your own Slack time zone, in English or Chinese (`下周五下午3点`).",
        ZH: "*`/task` —— 规划、认领并完成工作*\n"
            "• `/task <标题> [@负责人] [截止时间]` —— 例如 `/task 提交季度报告 @dave 下周五下午3点`\n"
            "• `/task list [mine|@某人|#频道|overdue|done|all]`\n"
            "• `/task done 12` · `/task reopen 12` · `/task assign 12 @bob` · `/task due 12 明天上午10点`\n"
            "• `/task sub 12 <标题> [@负责人] [截止时间]` · `/task block 12 <原因>` · `/task progress 12 40%`\n"
            "• `/task edit 12` · `/task delete 12`\n"
            "截止时间按你自己的 Slack 时区理解，中英文均可（`tomorrow 5pm`）。",
    },
    "help.meeting": {
        EN: "*`/meeting` — recurring meetings with agendas and reminders*\n"
            "• `/meeting add Weekly sync every Monday 10am [in #channel] [remind 15 min before]`\n"
            "• `/meeting list` · `/meeting cancel 3` · `/meeting skip 3` · `/meeting edit 3 …`\n"
            "• `/meeting agenda 3 <item>` — collected until the meeting and shown in its reminder",
        ZH: "*`/meeting` —— 带议程和提醒的例会*\n"
            "• `/meeting add 项目周会 每周一上午10点 [in #频道] [remind 15 min before]`\n"
            "• `/meeting list` · `/meeting cancel 3` · `/meeting skip 3` · `/meeting edit 3 …`\n"
            "• `/meeting agenda 3 <议程>` —— 会前收集，随提醒一起发出",
    },
    "help.feedback": {
        EN: "*`/feedback` — tell the managers what you think*\n"
            "• `/feedback <text> [#process|#tools|#communication|#workload|#other]`\n"
            "• `/feedback anonymous <text>` — truly anonymous: your name is stored nowhere\n"
            "• `/feedback list [open|all|#tag]` — managers only",
        ZH: "*`/feedback` —— 向管理者反馈意见*\n"
            "• `/feedback <内容> [#process|#tools|#communication|#workload|#other]`\n"
            "• `/feedback 匿名 <内容>` —— 真正匿名：任何地方都不会保存你的身份\n"
            "• `/feedback list [open|all|#标签]` —— 仅限管理者",
    },
    "help.risk": {
        EN: "*`/risk` — identify, assess, respond, escalate*\n"
            "• `/risk <description> L4 I5 category:technical strategy:mitigate owner @bob review next Friday`\n"
            "• likelihood and impact 1–5 each (missing ones open a form); score = likelihood × impact: 1–4 low, "
            "5–9 medium, 10–16 high, 20–25 critical; high and critical risks go to the PMs at once\n"
            "• `/risk list [open|all|mine]` · `/risk update 4 …` (`review none` clears the date) · "
            "`/risk close 4 <outcome>`",
        ZH: "*`/risk` —— 识别、评估、应对、上报风险*\n"
            "• `/risk <描述> 可能性4 影响5 类别:运营 策略:缓解 负责人 @bob 复查 下周五`\n"
            "• 可能性和影响各 1–5（缺少时会弹出表单）；分值 = 可能性 × 影响：1–4 低，5–9 中，10–16 高，20–25 严重；"
            "高和严重风险会立即上报项目经理\n"
            "• `/risk list [open|all|mine]` · `/risk update 4 …`（`review none` 清除复查日期）· `/risk close 4 <结果>`",
    },
    "help.role": {
        EN: "*`/role` — who is responsible for what*\n"
            "• `/role @user pm|ops|member` · `/role remove @user pm` · `/role list` · `/role` (yours)\n"
            "• PMs get task blocks, change requests and high risks; ops managers get feedback and operational risks; "
            "both get the weekly digest",
        ZH: "*`/role` —— 谁负责什么*\n"
            "• `/role @某人 pm|ops|member` · `/role remove @某人 pm` · `/role list` · `/role`（我的角色）\n"
            "• 项目经理接收任务阻塞、变更请求和高风险；运营经理接收反馈和运营风险；两者都会收到每周摘要",
    },
    "help.digest": {
        EN: "*`/digest` — the weekly performance digest for managers*\n"
            "• `/digest now` · `/digest preview` · `/digest schedule every Friday 4pm` · `/digest channel #leads` · "
            "`/digest off`",
        ZH: "*`/digest` —— 面向管理者的每周绩效摘要*\n"
            "• `/digest now` · `/digest preview` · `/digest schedule 每周五下午4点` · `/digest channel #leads` · "
            "`/digest off`",
    },
    "help.report": {
        EN: "*`/report` — reports and exports for managers*\n"
            "• `/report export tasks|risks|feedback|changes [since <date>]` — a CSV in your DMs\n"
            "• `/report kpi [this week|last month]`",
        ZH: "*`/report` —— 面向管理者的报表与导出*\n"
            "• `/report export tasks|risks|feedback|changes [since <日期>]` —— CSV 文件发到你的私信\n"
            "• `/report kpi [this week|last month]`",
    },
    "help.change": {
        EN: "*`/change` — change requests with approval*\n"
            "• `/change <what and why> [impact: …]` — the PMs approve or reject\n"
            "• `/change list [pending|all]` · `/change approve 3 [reason]` · `/change reject 3 <reason>`",
        ZH: "*`/change` —— 需审批的变更请求*\n"
            "• `/change <变更内容及原因> [影响：…]` —— 由项目经理批准或拒绝\n"
            "• `/change list [pending|all]` · `/change approve 3 [原因]` · `/change reject 3 <原因>`",
    },
    "help.standup": {
        EN: "*`/standup` — async standups*\n"
            "• `/standup setup [in #channel] every weekday at 9:30 [questions: q1; q2; q3]`\n"
            "• `/standup now` · `/standup report` · `/standup skip [until <date>]` · `/standup pause|resume` · "
            "`/standup history [@user]`",
        ZH: "*`/standup` —— 异步站会*\n"
            "• `/standup setup [in #频道] 每个工作日上午9点半 [questions: 问题1; 问题2; 问题3]`\n"
            "• `/standup now` · `/standup report` · `/standup skip [until <日期>]` · `/standup pause|resume` · "
            "`/standup history [@某人]`",
    },
    "help.retro": {
        EN: "*`/retro` — retrospectives*\n"
            "• `/retro start <name> [until <date>]` · `/retro went-well …` · `/retro improve …` · `/retro idea …` "
            "(add `anonymous` to hide your name)\n"
            "• `/retro action <title> [@owner] [deadline]` · `/retro close`",
        ZH: "*`/retro` —— 回顾会*\n"
            "• `/retro start <名称> [until <日期>]` · `/retro went-well …` · `/retro improve …` · `/retro idea …`"
            "（加 `anonymous` 匿名）\n"
            "• `/retro action <标题> [@负责人] [截止时间]` · `/retro close`",
    },
    "help.lesson": {
        EN: "*`/lesson` — lessons learned*\n"
            "• `/lesson <text> [#tags]` · `/lesson search <words>` · `/lesson list [#tag]`",
        ZH: "*`/lesson` —— 经验教训*\n"
            "• `/lesson <内容> [#标签]` · `/lesson search <关键词>` · `/lesson list [#标签]`",
    },
}
