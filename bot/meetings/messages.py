"""Messages of /meeting and meeting reminders."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
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
    "meeting.title_too_long": {
        EN: "That title is {length} characters; the limit is {limit}. Nothing was saved — shorten it and try again.",
        ZH: "标题有 {length} 个字符，上限是 {limit}。没有保存任何内容，请缩短后重试。",
    },
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
    "meeting.agenda_full": {
        EN: "The agenda of #{number} is full: {limit} items is as much as its reminder can show. Nothing was added — "
            "once this meeting's reminder has gone out, items go to the next one.",
        ZH: "#{number} 的议程已满：一次提醒最多能显示 {limit} 条。没有添加任何内容 —— 本次会议的提醒发出后，"
            "新的议程会记入下一次会议。",
    },
    "meeting.agenda_no_room": {
        EN: "That item ({length} characters) does not fit on the agenda of #{number}: it has {left} of its {limit} "
            "characters left, as much as its reminder can show. Nothing was added — shorten it, or add it once this "
            "meeting's reminder has gone out.",
        ZH: "这条议程（{length} 个字符）放不进 #{number} 的议程：还剩 {left} 个字符（上限 {limit}，即一次提醒能显示的"
            "长度）。没有添加任何内容 —— 请缩短，或在本次会议的提醒发出后再添加。",
    },
    "meeting.agenda_kept": {
        EN: ":memo: {count} more agenda item(s) did not fit in this reminder; they stay on the agenda of #{number} "
            "for the next one.",
        ZH: ":memo: 还有 {count} 条议程未能放入本次提醒，已保留在 #{number} 的议程中，将随下一次提醒发出。",
    },
    "meeting.change_not_allowed": {
        EN: "Only {creator}, who set up meeting #{number}, or a manager can edit, skip or cancel it; nothing changed. "
            "Anyone can add to its agenda: `/meeting agenda {number} …`",
        ZH: "只有会议 #{number} 的创建者 {creator} 或管理者可以修改、跳过或取消它；未做任何修改。"
            "任何人都可以添加议程：`/meeting agenda {number} …`",
    },
    "meeting.reminder": {EN: ":bell: *{title}* starts {when}", ZH: ":bell: *{title}* 将于 {when} 开始"},
    "meeting.agenda": {EN: "Agenda", ZH: "议程"},
    "meeting.no_agenda": {EN: "No agenda yet — add items with `/meeting agenda {number} …`",
                          ZH: "暂无议程 —— 可用 `/meeting agenda {number} …` 添加"},
    "meeting.notes_thread": {EN: ":memo: Notes for this meeting go in this thread.",
                             ZH: ":memo: 会议记录请回复在此话题中。"},
    "help.meeting": {
        EN: "*`/meeting` — recurring meetings with agendas and reminders*\n"
            "• `/meeting add Weekly sync every Monday 10am [in #channel] [remind 15 min before]`\n"
            "• `/meeting list` · `/meeting cancel 3` · `/meeting skip 3` · `/meeting edit 3 …`\n"
            "• `/meeting agenda 3 <item>` — collected until the meeting and shown in its reminder",
        ZH: "*`/meeting` —— 带议程和提醒的例会*\n"
            "• `/meeting add 项目周会 每周一上午10点 [在 #频道] [提前15分钟提醒]`\n"
            "• `/meeting list` · `/meeting cancel 3` · `/meeting skip 3` · `/meeting edit 3 …`\n"
            "• `/meeting agenda 3 <议程>` —— 会前收集，随提醒一起发出",
    },
}
