"""Messages of /task, task reminders, App Home and the shared buttons."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
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
    "task.terms_not_allowed": {
        EN: "Only the creator, the owner ({owner}) or a manager can edit, reassign, reschedule or delete #{number}; "
            "nothing changed.",
        ZH: "只有创建者、负责人（{owner}）或管理者可以编辑、改派、改期或删除 #{number}；未做任何修改。",
    },
    "task.status_not_allowed": {
        EN: "Only the people on #{number} — its owner ({owner}), its creator and its watchers — or a manager can mark "
            "it done, reopen it, block it, report its progress or add subtasks; nothing changed.",
        ZH: "只有 #{number} 的相关人员（负责人 {owner}、创建者和关注者）或管理者可以完成、重新打开、标记受阻、"
            "更新进度或添加子任务；未做任何修改。",
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
    "btn.new_task": {EN: "New task", ZH: "新建任务"},
    "btn.done": {EN: "Done", ZH: "完成"},
    "btn.edit": {EN: "Edit", ZH: "编辑"},
    "btn.snooze": {EN: "Snooze 1 day", ZH: "推迟一天"},
    "btn.reopen": {EN: "Reopen", ZH: "重新打开"},
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
}
