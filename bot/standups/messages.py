"""Messages of /standup: setup, prompts, answers, the channel report, blockers as tasks, the PMs' note."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
    # the default questions, in each member's language
    "standup.q.done": {EN: "What did you get done since the last standup?", ZH: "上次站会以来完成了什么？"},
    "standup.q.next": {EN: "What will you work on next?", ZH: "接下来做什么？"},
    "standup.q.blockers": {EN: "Is anything blocking you?", ZH: "有什么阻碍吗？"},

    # setting up
    "standup.set_up": {EN: ":white_check_mark: Standup set up", ZH: ":white_check_mark: 站会已设置"},
    "standup.updated": {EN: ":pencil2: Standup updated", ZH: ":pencil2: 站会已更新"},
    "standup.card.line": {
        EN: "*#{number}* {channel} · {rule}, at that time in each member's own zone · report {minutes} min after "
            "the last one is asked",
        ZH: "*#{number}* {channel} · {rule}（按每位成员自己的时区）· 最后一人被提问 {minutes} 分钟后发布汇总",
    },
    "standup.card.first": {EN: "First run, {day}: each member is asked at", ZH: "第一次（{day}）各成员的提问时间："},
    "standup.card.more_members": {EN: "…and {count} more", ZH: "……还有 {count} 人"},
    "standup.card.default_questions": {
        EN: "Each member is asked in their own language. Your own questions: `/standup setup … questions: q1; q2; q3`",
        ZH: "每位成员会以自己的语言收到问题。自定义问题：`/standup setup … questions: 问题1; 问题2; 问题3`",
    },
    "standup.roster_failed": {
        EN: ":warning: I could not read who is in {channel} ({error}); until I can, I ask the people I already "
            "know of. Invite me to the channel with `/invite @teambot`, then run `/standup now` or setup again.",
        ZH: ":warning: 我读取不到 {channel} 的成员（{error}），在那之前只会询问我已知的人。请先用 "
            "`/invite @teambot` 邀请我进频道，然后运行 `/standup now` 或重新设置。",
    },
    "standup.setup_where": {
        EN: "Which channel is the standup for? Run `/standup setup` in that channel, or say `in #channel`.",
        ZH: "站会是哪个频道的？请在该频道运行 `/standup setup`，或写上 `in #频道`。",
    },
    "standup.schedule_not_understood": {
        EN: "I could not tell when the standup happens; nothing was saved. Say it like:\n"
            "• `/standup setup every weekday at 9:30`\n• `/standup setup every Monday and Thursday 10am`\n"
            "• `/standup setup in #dev every day 9:00 questions: Yesterday?; Today?; Blockers?`",
        ZH: "我没看懂站会的时间，没有保存任何内容。可以这样写：\n"
            "• `/standup setup 每个工作日上午9点半`\n• `/standup setup 每周一和周四上午10点`\n"
            "• `/standup setup in #dev 每天9点 questions: 昨天做了什么; 今天做什么; 有什么阻碍`",
    },
    "standup.no_questions": {EN: "After `questions:` list the questions, separated by `;`.",
                             ZH: "请在 `questions:` 后列出问题，用 `;` 分隔。"},
    "standup.too_many_questions": {EN: "A standup can ask at most {limit} questions; nothing was saved.",
                                   ZH: "站会最多 {limit} 个问题，没有保存任何内容。"},
    "standup.question_too_long": {EN: "A question can be {limit} characters at most; nothing was saved.",
                                  ZH: "每个问题最多 {limit} 个字符，没有保存任何内容。"},
    "standup.bad_report_after": {
        EN: "The report can wait {low} minutes to {high} hours after the last prompt; nothing was saved.",
        ZH: "汇总可在最后一次提问后 {low} 分钟到 {high} 小时之间发布，没有保存任何内容。",
    },
    "standup.not_allowed": {
        EN: "Only project managers, workspace admins and whoever set the standup up can do that.",
        ZH: "只有项目经理、工作区管理员和设置站会的人可以这样做。",
    },

    # finding it
    "standup.none_yet": {EN: "There is no standup yet. Try `/standup setup every weekday at 9:30` in its channel.",
                         ZH: "还没有站会。可在对应频道试试 `/standup setup 每个工作日上午9点半`。"},
    "standup.none_in": {EN: "There is no standup in {channel}.", ZH: "{channel} 没有站会。"},
    "standup.which": {EN: "Which standup? There are standups in {channels}: say `in #channel`.",
                      ZH: "哪个站会？{channels} 都有站会：请写上 `in #频道`。"},

    # prompts and answers
    "standup.prompt": {EN: ":wave: Standup for {channel} — {day}", ZH: ":wave: {channel} 的站会 —— {day}"},
    "standup.prompt_how": {
        EN: "Press *Answer*, or just reply here with one line per question.",
        ZH: "点击 *回答*，或直接在这里回复，每个问题一行。",
    },
    "standup.prompt_report_at": {EN: "The report goes to the channel {when}.", ZH: "汇总将于 {when} 发到频道。"},
    "standup.btn.answer": {EN: "Answer", ZH: "回答"},
    "standup.btn.edit": {EN: "Edit answer", ZH: "修改回答"},
    "standup.modal.title": {EN: "Standup", ZH: "站会"},
    "standup.modal.intro": {EN: "Standup for {channel} — {day}", ZH: "{channel} 的站会 —— {day}"},
    "standup.recorded": {EN: ":white_check_mark: Thanks — your standup answer for {channel} ({day}) is recorded.",
                         ZH: ":white_check_mark: 谢谢 —— 已记录你在 {channel}（{day}）的站会回答。"},
    "standup.dm_recorded": {
        EN: ":white_check_mark: Recorded as your standup answer for {channel} ({day}) — not as a task. "
            "For a task, use `/task …`.",
        ZH: ":white_check_mark: 已记录为你在 {channel}（{day}）的站会回答，而不是任务。要创建任务请用 `/task …`。",
    },
    "standup.editable": {EN: "You can change it until the report is posted.", ZH: "汇总发布前都可以修改。"},
    "standup.not_asked": {EN: "You were not asked in that standup, so there is nothing to answer.",
                          ZH: "这次站会没有问你，无需回答。"},
    "standup.already_reported": {EN: "The report of that standup is already posted; answers can no longer change.",
                                 ZH: "这次站会的汇总已发布，回答不能再修改。"},
    "standup.empty_answer": {EN: "Write at least one answer.", ZH: "请至少回答一个问题。"},

    # the report
    "standup.report.heading": {EN: ":sunrise: *Standup #{number} — {day}* · {channel}",
                               ZH: ":sunrise: *站会 #{number} —— {day}* · {channel}"},
    "standup.report.count": {EN: "{answered} of {asked} answered", ZH: "{asked} 人中 {answered} 人已回答"},
    "standup.report.nobody": {EN: "No answers this time.", ZH: "这次没有人回答。"},
    "standup.report.more": {EN: "…and {count} more groups of answers (see `/standup history @name`).",
                            ZH: "……还有 {count} 组回答（见 `/standup history @某人`）。"},
    "standup.report.blockers": {EN: ":rotating_light: *Blockers ({count})*", ZH: ":rotating_light: *阻碍（{count}）*"},
    "standup.report.blocker_count": {EN: "{count} blocker(s)", ZH: "{count} 个阻碍"},
    "standup.report.task_made": {EN: ":arrow_right: task #{number}", ZH: ":arrow_right: 任务 #{number}"},
    "standup.btn.make_task": {EN: "Make it a task", ZH: "转为任务"},
    "standup.missing": {
        EN: ":mag: Standup #{number} in {channel} ({day}): no answer from {people}.",
        ZH: ":mag: {channel} 的站会 #{number}（{day}）：{people} 没有回答。",
    },
    "standup.nothing_to_report": {EN: "No standup run is under way, so there is nothing to report yet.",
                                  ZH: "目前没有进行中的站会，暂无可发布的汇总。"},
    "standup.reported_now": {EN: ":white_check_mark: The report is on its way to {channel}.",
                             ZH: ":white_check_mark: 汇总正在发往 {channel}。"},

    # blockers as tasks
    "standup.no_blocker": {EN: "That answer has no blocker to turn into a task.", ZH: "这条回答没有可转为任务的阻碍。"},
    "standup.task_description": {EN: "A blocker from the standup of {day}:\n{blocker}",
                                 ZH: "来自 {day} 站会的阻碍：\n{blocker}"},
    "standup.task_created": {EN: ":white_check_mark: Task #{number} created for {owner}.",
                             ZH: ":white_check_mark: 已为 {owner} 创建任务 #{number}。"},
    "standup.task_exists": {EN: "That blocker is already task #{number}.", ZH: "这个阻碍已经是任务 #{number}。"},
    "standup.task_for_you": {EN: ":inbox_tray: {actor} turned your standup blocker into task #{number}",
                             ZH: ":inbox_tray: {actor} 把你的站会阻碍转成了任务 #{number}"},

    # now, pause, resume, skip, history
    "standup.prompted_now": {
        EN: ":loudspeaker: Asked now: {asked} · skipping: {skipping}. The report goes to {channel} {when}.",
        ZH: ":loudspeaker: 已立即提问：{asked} 人 · 请假：{skipping} 人。汇总将于 {when} 发到 {channel}。",
    },
    "standup.is_paused": {EN: "Standup #{number} is paused; `/standup resume` first.",
                          ZH: "站会 #{number} 已暂停，请先 `/standup resume`。"},
    "standup.already_reported_today": {EN: "Today's standup is already reported.", ZH: "今天的站会已经发布了汇总。"},
    "standup.paused": {EN: ":pause_button: Standup #{number} in {channel} is paused: nobody is asked until "
                           "`/standup resume`.",
                       ZH: ":pause_button: {channel} 的站会 #{number} 已暂停：在 `/standup resume` 之前不会提问。"},
    "standup.already_paused": {EN: "Standup #{number} is already paused.", ZH: "站会 #{number} 已经是暂停状态。"},
    "standup.resumed": {EN: ":arrow_forward: Standup #{number} in {channel} is back on.",
                        ZH: ":arrow_forward: {channel} 的站会 #{number} 已恢复。"},
    "standup.not_paused": {EN: "Standup #{number} is not paused.", ZH: "站会 #{number} 没有暂停。"},
    "standup.skip_until": {EN: ":palm_tree: You are not asked in {channel}'s standup until {when}.",
                           ZH: ":palm_tree: 在 {when} 之前，{channel} 的站会不会问你。"},
    "standup.skip_next": {EN: ":palm_tree: You skip the next standup in {channel} ({when}).",
                          ZH: ":palm_tree: 你将跳过 {channel} 的下一次站会（{when}）。"},
    "standup.skip_off": {EN: ":wave: You are asked in {channel}'s standup again.",
                         ZH: ":wave: {channel} 的站会会重新问你。"},
    "standup.skip_not_understood": {
        EN: "I could not read `{words}` as a date; nothing changed. Try `/standup skip until Friday`.",
        ZH: "我没看懂日期 `{words}`，没有任何改动。试试 `/standup skip until 周五`。",
    },
    "standup.skip_in_the_past": {EN: "That date has already passed; nothing changed.",
                                 ZH: "这个日期已经过去了，没有任何改动。"},
    "standup.nothing_to_skip": {EN: "There is no upcoming standup to skip.", ZH: "没有即将进行的站会可跳过。"},
    "standup.history.heading": {EN: "Standup answers of {who} in {channel}", ZH: "{who} 在 {channel} 的站会回答"},
    "standup.history.empty": {EN: "No answers yet.", ZH: "还没有回答。"},
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
}
