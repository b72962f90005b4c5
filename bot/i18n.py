"""The message catalogue: every user-facing string, in English and Simplified Chinese.

The language follows the user's Slack locale (`users.info` include_locale): `zh-*` reads Chinese, anything else
English. Values are `str.format` templates; callers escape user text before passing it in.
"""

from __future__ import annotations

from bot.mrkdwn import escape

EN, ZH = "en", "zh"


def lang(locale: str | None) -> str:
    return ZH if (locale or "").lower().startswith("zh") else EN


def t(key: str, locale: str | None, /, **values: object) -> str:
    """The message for `key` in the reader's language. The template's own text is mrkdwn-escaped here (so usage
    like `<title>` shows as typed); values are inserted as given, already escaped or built by bot.mrkdwn."""
    template = escape(CATALOGUE[key][lang(locale)])
    return template.format(**values) if values else template


COMMANDS = ("task", "meeting", "feedback", "risk", "role", "digest", "report", "change", "standup", "retro", "lesson")

CATALOGUE: dict[str, dict[str, str]] = {
    # ---- general -------------------------------------------------------------------------------------------------
    "error.unexpected": {
        EN: ":warning: Sorry, something went wrong on our side and nothing was saved. Please try again.",
        ZH: ":warning: 抱歉，我们这边出了点问题，没有保存任何内容。请再试一次。",
    },
    "error.db_unavailable": {
        EN: ":warning: teambot is temporarily unavailable; nothing was saved. Please try again in a minute.",
        ZH: ":warning: teambot 暂时不可用，没有保存任何内容。请稍后再试。",
    },
    "not_built": {
        EN: "`/{command}` is coming soon: this part of teambot is not built yet. Try `/{command} help` to see what it "
            "will do.",
        ZH: "`/{command}` 即将推出：teambot 的这部分功能尚未完成。输入 `/{command} help` 查看它将提供的功能。",
    },
    "unknown_subcommand": {
        EN: "I don't know `/{command} {word}`. Here is what `/{command}` can do:",
        ZH: "我不认识 `/{command} {word}`。`/{command}` 可以这样用：",
    },
    "console.welcome": {
        EN: "teambot offline console — you are @{user} ({tz}). Type a slash command (try `/task help`) or plain text "
            "to DM the bot; Ctrl-D to quit.",
        ZH: "teambot 离线控制台 —— 你是 @{user}（{tz}）。输入斜杠命令（试试 `/task help`）"
            "或直接输入文字私信机器人；Ctrl-D 退出。",
    },
    # ---- tasks ----------------------------------------------------------------------------------------------------
    "task.created": {EN: ":white_check_mark: Task created", ZH: ":white_check_mark: 已创建任务"},
    "task.assigned_to_you": {EN: ":inbox_tray: {creator} gave you a task",
                             ZH: ":inbox_tray: {creator} 给你分配了一个任务"},
    "task.no_deadline": {EN: "no deadline", ZH: "无截止时间"},
    "task.badge.done": {EN: ":white_check_mark: done", ZH: ":white_check_mark: 已完成"},
    "task.badge.blocked": {EN: ":no_entry: blocked", ZH: ":no_entry: 受阻"},
    "task.badge.overdue": {EN: ":red_circle: overdue", ZH: ":red_circle: 已逾期"},
    "task.subtasks": {EN: "{done}/{total} subtasks", ZH: "子任务 {done}/{total}"},
    "task.not_found": {EN: "There is no task #{number} in this workspace.", ZH: "本工作区没有任务 #{number}。"},
    "task.no_title": {
        EN: "A task needs a title, e.g. `/task Prepare the Q3 budget review @bob tomorrow 5pm`.",
        ZH: "任务需要一个标题，例如 `/task 提交季度报告 @dave 下周五下午3点`。",
    },
    "task.title_too_long": {
        EN: "That title is {length} characters; the limit is {limit}. Nothing was saved — shorten it and try again.",
        ZH: "标题有 {length} 个字符，上限是 {limit}。没有保存任何内容，请缩短后重试。",
    },
    "task.description_too_long": {
        EN: "That description is {length} characters; the limit is {limit}. Nothing was saved.",
        ZH: "描述有 {length} 个字符，上限是 {limit}。没有保存任何内容。",
    },
    "task.not_understood": {
        EN: ":grey_question: I did not understand “{words}” as a deadline, so the task has none. "
            "Set one with `/task due {number} tomorrow 5pm`.",
        ZH: ":grey_question: 我没能把“{words}”理解为截止时间，所以这个任务暂无截止时间。"
            "可以用 `/task due {number} 明天下午5点` 设置。",
    },
    "task.unknown_mentions": {
        EN: ":grey_question: I could not find {names} in Slack. Who should own it? `/task assign {number} @someone`",
        ZH: ":grey_question: 我在 Slack 里找不到 {names}。应该由谁负责？`/task assign {number} @某人`",
    },
    "task.list.empty": {EN: "Nothing here. :tada:", ZH: "这里没有任务。:tada:"},
    "task.list.page": {EN: "Page {page} of {pages}", ZH: "第 {page} / {pages} 页"},
    "task.list.title.mine": {EN: "Your open tasks", ZH: "你的未完成任务"},
    "task.list.title.all": {EN: "All open tasks", ZH: "全部未完成任务"},
    "task.list.title.overdue": {EN: "Overdue tasks", ZH: "已逾期任务"},
    "task.list.title.done": {EN: "Recently done", ZH: "最近完成"},
    "task.list.title.user": {EN: "Open tasks of {who}", ZH: "{who} 的未完成任务"},
    "task.list.title.channel": {EN: "Open tasks from {where}", ZH: "来自 {where} 的未完成任务"},
    "task.reminder.before": {EN: ":alarm_clock: Coming up", ZH: ":alarm_clock: 即将到期"},
    "task.reminder.overdue": {EN: ":red_circle: Now overdue", ZH: ":red_circle: 已逾期"},
    "reminder.late": {EN: "(late)", ZH: "（延迟送达）"},
    "mention.hint": {
        EN: "Hi! To create a task, mention me with `task:` — e.g. `@teambot task: renew the TLS cert @carol by "
            "Friday`. Slash commands: `/task help`.",
        ZH: "你好！要创建任务，请这样提及我：`@teambot 任务：续期 TLS 证书 @carol 周五前`。斜杠命令见 `/task help`。",
    },
    "dm.help": {
        EN: "Send me any text and I'll make it a task for you, e.g. `Call the landlord tomorrow 10am`. "
            "Everything else: `/task help`.",
        ZH: "给我发任意文字，我会把它变成你的任务，例如 `明天上午10点给房东打电话`。更多用法见 `/task help`。",
    },
    "task.sub_created": {EN: ":white_check_mark: Subtask of #{parent} created",
                         ZH: ":white_check_mark: 已创建 #{parent} 的子任务"},
    "task.parent_progress": {EN: "#{number} now has {done}/{total} subtasks done",
                             ZH: "#{number} 的子任务完成 {done}/{total}"},
    "task.needs_number": {EN: "Which task? e.g. `/task {word} 12`", ZH: "哪个任务？例如 `/task {word} 12`"},
    "task.done_headline": {EN: ":white_check_mark: #{number} is done", ZH: ":white_check_mark: #{number} 已完成"},
    "task.done_by": {EN: ":white_check_mark: {actor} finished #{number}",
                     ZH: ":white_check_mark: {actor} 完成了 #{number}"},
    "task.reopened_headline": {EN: ":arrows_counterclockwise: #{number} is open again",
                               ZH: ":arrows_counterclockwise: #{number} 已重新打开"},
    "task.reopened_by": {EN: ":arrows_counterclockwise: {actor} reopened #{number}",
                         ZH: ":arrows_counterclockwise: {actor} 重新打开了 #{number}"},
    "task.assign_needs_person": {EN: "Assign #{number} to whom? e.g. `/task assign {number} @bob`",
                                 ZH: "把 #{number} 分配给谁？例如 `/task assign {number} @bob`"},
    "task.assigned_headline": {EN: ":bust_in_silhouette: #{number} has a new owner",
                               ZH: ":bust_in_silhouette: #{number} 已更换负责人"},
    "task.due_needs_phrase": {EN: "When is #{number} due? e.g. `/task due {number} next Monday 10:00`",
                              ZH: "#{number} 何时截止？例如 `/task due {number} 下周一上午10点`"},
    "task.due_not_understood": {
        EN: "I could not read “{words}” as a deadline; nothing changed. Try `tomorrow 5pm`, `next Monday 10:00`, "
            "`Dec 5`, `下周五下午3点`.",
        ZH: "我没能把“{words}”理解为截止时间，未做任何修改。可以试试 `明天下午5点`、`下周五下午3点`、`tomorrow 5pm`。",
    },
    "task.due_headline": {EN: ":calendar: #{number} has a new deadline", ZH: ":calendar: #{number} 的截止时间已更新"},
    "task.due_changed_by": {EN: ":calendar: {actor} changed the deadline of #{number}",
                            ZH: ":calendar: {actor} 修改了 #{number} 的截止时间"},
    "task.blocked_headline": {EN: ":no_entry: #{number} is blocked; the project managers have been told",
                              ZH: ":no_entry: #{number} 已标记为受阻，并已通知项目经理"},
    "task.blocked_escalation": {EN: ":rotating_light: {actor} is blocked on #{number}: {reason}",
                                ZH: ":rotating_light: {actor} 在 #{number} 上受阻：{reason}"},
    "task.no_pm": {
        EN: "No project manager is set in this workspace, so the creator and owner were told instead. "
            "Name one with `/role @someone pm`.",
        ZH: "本工作区还没有项目经理，因此已通知任务创建者和负责人。可用 `/role @某人 pm` 指定项目经理。",
    },
    "task.block_needs_reason": {EN: "What is blocking #{number}? e.g. `/task block {number} waiting for legal`",
                                ZH: "#{number} 被什么阻塞了？例如 `/task block {number} 等待法务审核`"},
    "task.bad_progress": {EN: "Progress is a percentage from 0 to 100, e.g. `/task progress 12 40%`.",
                          ZH: "进度是 0 到 100 的百分比，例如 `/task progress 12 40%`。"},
    "task.progress_headline": {EN: ":bar_chart: Progress of #{number} updated",
                               ZH: ":bar_chart: #{number} 的进度已更新"},
    "task.delete.confirm": {EN: "Delete #{number}? This cannot be undone.", ZH: "删除 #{number}？此操作无法撤销。"},
    "task.delete.cancelled": {EN: "Kept #{number}.", ZH: "已保留 #{number}。"},
    "task.deleted": {EN: ":wastebasket: Deleted #{number} {title}", ZH: ":wastebasket: 已删除 #{number} {title}"},
    "task.delete_not_allowed": {
        EN: "Only the creator, the owner or a manager can delete #{number}; nothing changed.",
        ZH: "只有创建者、负责人或管理者可以删除 #{number}；未做任何修改。",
    },
    "task.already_done": {EN: "#{number} is already done.", ZH: "#{number} 已经完成了。"},
    "task.already_open": {EN: "#{number} is already open.", ZH: "#{number} 已经是打开状态。"},
    "task.already_owner": {EN: "They already own #{number}.", ZH: "#{number} 已经由此人负责。"},
    "task.snooze_needs_deadline": {EN: "#{number} has no deadline to snooze. Set one with `/task due {number} …`.",
                                   ZH: "#{number} 没有截止时间，无法推迟。可用 `/task due {number} …` 设置。"},
    "task.edited_headline": {EN: ":pencil2: #{number} updated", ZH: ":pencil2: #{number} 已更新"},
    "task.summary.heading": {EN: ":red_circle: You have {count} overdue task(s)",
                             ZH: ":red_circle: 你有 {count} 个逾期任务"},
    "task.settings.show": {
        EN: "Team defaults: date-only deadlines are due at *{due_time}*; owners are reminded *{lead} min* before. "
            "Managers change them with `/task settings due-time 18:00 remind 30m`.",
        ZH: "团队默认设置：只写日期的截止时间为 *{due_time}*；提前 *{lead} 分钟* 提醒负责人。"
            "管理者可用 `/task settings due-time 18:00 remind 30m` 修改。",
    },
    "task.settings.not_allowed": {EN: "Only managers and workspace admins can change team defaults; nothing changed.",
                                  ZH: "只有管理者和工作区管理员可以修改团队默认设置；未做任何修改。"},
    "task.settings.bad_time": {EN: "That is not a time of day; use HH:MM, e.g. 18:00.",
                               ZH: "这不是有效的时间；请用 HH:MM 格式，例如 18:00。"},
    "task.settings.bad_lead": {EN: "Reminders can be 0 to 10080 minutes (one week) before the deadline.",
                               ZH: "提醒时间可设为截止前 0 到 10080 分钟（一周）。"},
    "modal.title": {EN: "Title", ZH: "标题"},
    "modal.owner": {EN: "Owner", ZH: "负责人"},
    "modal.due": {EN: "Deadline", ZH: "截止时间"},
    "modal.description": {EN: "Description", ZH: "描述"},
    "modal.edit_heading": {EN: "Edit task #{number}", ZH: "编辑任务 #{number}"},
    "modal.create_heading": {EN: "Create task", ZH: "创建任务"},
    "home.title": {EN: "Your tasks", ZH: "我的任务"},
    "home.team": {EN: ":busts_in_silhouette: Team: *{open}* open, *{overdue}* overdue",
                  ZH: ":busts_in_silhouette: 团队：*{open}* 个未完成，*{overdue}* 个逾期"},
    "home.none": {EN: "Nothing here.", ZH: "暂无。"},
    "home.more": {EN: "…and {count} more (`/task list`)", ZH: "……还有 {count} 个（`/task list`）"},
    "home.overdue": {EN: ":red_circle: Overdue", ZH: ":red_circle: 已逾期"},
    "home.today": {EN: ":sunny: Due today", ZH: ":sunny: 今天到期"},
    "home.this_week": {EN: ":calendar: This week", ZH: ":calendar: 本周"},
    "home.later": {EN: ":hourglass: Later or no deadline", ZH: ":hourglass: 以后或无截止时间"},
    "home.given": {EN: ":outbox_tray: Tasks you gave others", ZH: ":outbox_tray: 你分配给别人的任务"},
    "btn.cancel": {EN: "Cancel", ZH: "取消"},
    "btn.delete": {EN: "Delete", ZH: "删除"},
    "btn.save": {EN: "Save", ZH: "保存"},
    "btn.create": {EN: "Create", ZH: "创建"},
    "btn.new_task": {EN: "New task", ZH: "新建任务"},
    "btn.done": {EN: "Done", ZH: "完成"},
    "btn.edit": {EN: "Edit", ZH: "编辑"},
    "btn.snooze": {EN: "Snooze 1 day", ZH: "推迟一天"},
    "btn.reopen": {EN: "Reopen", ZH: "重新打开"},
    "btn.prev": {EN: "« Previous", ZH: "« 上一页"},
    "btn.next": {EN: "Next »", ZH: "下一页 »"},
    # ---- meetings -------------------------------------------------------------------------------------------------
    "meeting.created": {EN: ":calendar: Meeting scheduled", ZH: ":calendar: 会议已安排"},
    "meeting.updated": {EN: ":pencil2: Meeting #{number} updated", ZH: ":pencil2: 会议 #{number} 已更新"},
    "meeting.next": {EN: "Next:", ZH: "接下来："},
    "meeting.next_one": {EN: "Next:", ZH: "下一次："},
    "meeting.no_more": {EN: "no more occurrences", ZH: "没有后续场次"},
    "meeting.reminded_before": {EN: "The channel is reminded {minutes} min before, with the agenda.",
                                ZH: "会前 {minutes} 分钟在频道提醒，并附上议程。"},
    "meeting.agenda_count": {EN: "{count} agenda item(s)", ZH: "{count} 个议程"},
    "meeting.list.title": {EN: "Meetings", ZH: "会议"},
    "meeting.list.empty": {EN: "No meetings yet. Try `/meeting add Weekly sync every Monday 10am`.",
                           ZH: "还没有会议。试试 `/meeting add 项目周会 每周一上午10点`。"},
    "meeting.not_found": {EN: "There is no meeting #{number} in this workspace.", ZH: "本工作区没有会议 #{number}。"},
    "meeting.needs_number": {EN: "Which meeting? e.g. `/meeting {word} 3`", ZH: "哪个会议？例如 `/meeting {word} 3`"},
    "meeting.not_understood": {
        EN: "I could not tell when that meeting happens; nothing was saved. Say it like:\n"
            "• `/meeting add Weekly sync every Monday 10am`\n• `/meeting add Standup every weekday at 9:30`\n"
            "• `/meeting add Budget review every Tuesday and Thursday at 2:15pm`\n"
            "• `/meeting add Retro every 2 weeks on Friday 4pm`\n"
            "• `/meeting add Ops review first Monday of the month 10:00`\n• `/meeting add Kickoff tomorrow 3pm`",
        ZH: "我没看懂这个会议什么时候开，没有保存任何内容。可以这样写：\n"
            "• `/meeting add 项目周会 每周一上午10点`\n• `/meeting add 运营例会 每个工作日下午5点半`\n"
            "• `/meeting add 双周会 每两周周五下午4点`\n• `/meeting add 月度复盘 每月第一个周一10点`\n"
            "• `/meeting add 启动会 明天下午3点`",
    },
    "meeting.in_the_past": {EN: "That time has already passed; nothing was saved.",
                            ZH: "这个时间已经过去了，没有保存任何内容。"},
    "meeting.no_title": {EN: "A meeting needs a name, e.g. `/meeting add Weekly sync every Monday 10am`.",
                         ZH: "会议需要一个名称，例如 `/meeting add 项目周会 每周一上午10点`。"},
    "meeting.bad_remind": {EN: "Reminders can be 0 to {limit} minutes before the meeting; nothing was saved.",
                           ZH: "提醒时间可设为会前 0 到 {limit} 分钟；没有保存任何内容。"},
    "meeting.edit_needs_change": {
        EN: "What should change? e.g. `/meeting edit {number} every Tuesday 11am`, `/meeting edit {number} New name`, "
            "`/meeting edit {number} in #ops`, `/meeting edit {number} remind 15 min before`",
        ZH: "要改什么？例如 `/meeting edit {number} 每周二上午11点`、`/meeting edit {number} 新名称`、"
            "`/meeting edit {number} remind 15 min before`",
    },
    "meeting.cancelled": {EN: ":x: Cancelled meeting #{number} {title}", ZH: ":x: 已取消会议 #{number} {title}"},
    "meeting.skipped": {EN: ":fast_forward: Skipped the one on {when}", ZH: ":fast_forward: 已跳过 {when} 的会议"},
    "meeting.agenda_added": {EN: ":memo: Added to the agenda of #{number}", ZH: ":memo: 已加入 #{number} 的议程"},
    "meeting.agenda_needs_text": {EN: "What should be on the agenda? e.g. `/meeting agenda {number} Q3 hiring plan`",
                                  ZH: "要加什么议程？例如 `/meeting agenda {number} 第三季度招聘计划`"},
    "meeting.agenda_too_long": {EN: "An agenda item can be {limit} characters; that one is {length}. "
                                    "Nothing was saved.",
                                ZH: "议程最多 {limit} 个字符，这条有 {length} 个。没有保存任何内容。"},
    "meeting.reminder": {EN: ":bell: *{title}* starts {when}", ZH: ":bell: *{title}* 将于 {when} 开始"},
    "meeting.agenda": {EN: "Agenda", ZH: "议程"},
    "meeting.no_agenda": {EN: "No agenda yet — add items with `/meeting agenda {number} …`",
                          ZH: "暂无议程 —— 可用 `/meeting agenda {number} …` 添加"},
    "meeting.notes_thread": {EN: ":memo: Notes for this meeting go in this thread.",
                             ZH: ":memo: 会议记录请回复在此话题中。"},
    # ---- help texts (one per command) ---------------------------------------------------------------------------
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
            "• Score = likelihood × impact (1–5 each); high and critical risks go to the PMs at once\n"
            "• `/risk list [open|all|mine]` · `/risk update 4 …` · `/risk close 4 <outcome>`",
        ZH: "*`/risk` —— 识别、评估、应对、上报风险*\n"
            "• `/risk <描述> 可能性4 影响5 category:technical strategy:缓解 owner @bob review 下周五`\n"
            "• 分值 = 可能性 × 影响（各 1–5）；高和严重风险会立即上报项目经理\n"
            "• `/risk list [open|all|mine]` · `/risk update 4 …` · `/risk close 4 <结果>`",
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
            "• `/change <what and why> [impact …]` — the PMs approve or reject\n"
            "• `/change list [pending|all]`",
        ZH: "*`/change` —— 需审批的变更请求*\n"
            "• `/change <变更内容及原因> [impact …]` —— 由项目经理批准或拒绝\n"
            "• `/change list [pending|all]`",
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
