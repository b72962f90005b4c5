"""Messages of /feedback and the managers' feedback deliveries."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
    "feedback.thanks": {
        EN: ":speech_balloon: Thanks! Your feedback {ref} ({tags}) goes to the managers, with your name.",
        ZH: ":speech_balloon: 谢谢！你的反馈 {ref}（{tags}）将署名发送给管理者。",
    },
    "feedback.thanks_anonymous": {
        EN: ":speech_balloon: Thanks! Your anonymous feedback ({tags}) goes to the managers with the next delivery, "
            "{when}. Until then teambot keeps it in memory only; it is written, numbered and sent together with "
            "everything else given since the last delivery, in random order. Your name, user id and the time you "
            "wrote it are not stored anywhere.",
        ZH: ":speech_balloon: 谢谢！你的匿名反馈（{tags}）将随下一次投递（{when}）发送给管理者。在此之前它只保存在"
            "teambot 的内存中；届时它会与上次投递以来的所有反馈一起、按随机顺序写入、编号并发送。"
            "任何地方都不会保存你的姓名、用户 ID 或提交时间。",
    },
    "feedback.empty": {EN: "What would you like to say? e.g. `/feedback The release checklist is too long #process`",
                       ZH: "你想说什么？例如 `/feedback 发布检查清单太长了 #process`"},
    "feedback.too_long": {EN: "That is {length} characters; the limit is {limit}. Nothing was saved.",
                          ZH: "内容有 {length} 个字符，上限是 {limit}。没有保存任何内容。"},
    "feedback.slow_down": {EN: "That is a lot of anonymous feedback in one hour; please try again later. "
                               "Nothing was saved.",
                           ZH: "一小时内的匿名反馈太多了，请稍后再试。没有保存任何内容。"},
    "feedback.not_found": {EN: "There is no feedback {ref} in this workspace.", ZH: "本工作区没有反馈 {ref}。"},
    "feedback.managers_only": {EN: "Only managers (PMs, ops managers) and workspace admins can do that.",
                               ZH: "只有管理者（项目经理、运营经理）和工作区管理员可以这样做。"},
    "feedback.no_reply_anonymous": {EN: "Anonymous feedback cannot be answered: nobody knows who wrote it.",
                                    ZH: "匿名反馈无法回复：没有人知道是谁写的。"},
    "feedback.reply_empty": {EN: "Write the reply, e.g. `/feedback reply 12 Thanks, we will shorten it.`",
                             ZH: "请写下回复，例如 `/feedback reply 12 谢谢，我们会精简它。`"},
    "feedback.addressed": {EN: ":white_check_mark: Feedback {ref} marked addressed.",
                           ZH: ":white_check_mark: 反馈 {ref} 已标记为已处理。"},
    "feedback.addressed_dm": {EN: ":white_check_mark: {manager} marked your feedback {ref} as addressed. Thank you!",
                              ZH: ":white_check_mark: {manager} 已将你的反馈 {ref} 标记为已处理。谢谢！"},
    "feedback.replied": {EN: ":envelope: Your reply to {ref} was sent to its author.",
                         ZH: ":envelope: 你对 {ref} 的回复已发送给作者。"},
    "feedback.new_heading": {EN: ":speech_balloon: New feedback ({count})",
                             ZH: ":speech_balloon: 新反馈（{count} 条）"},
    "feedback.anonymous": {EN: "_anonymous_", ZH: "_匿名_"},
    "feedback.addressed_badge": {EN: ":white_check_mark: addressed", ZH: ":white_check_mark: 已处理"},
    "feedback.more": {EN: "…and {count} more: `/feedback list`", ZH: "……还有 {count} 条：`/feedback list`"},
    "feedback.list.empty": {EN: "Nothing here.", ZH: "暂无。"},
    "feedback.list.title_open": {EN: "Open feedback", ZH: "未处理的反馈"},
    "feedback.list.title_all": {EN: "All feedback", ZH: "全部反馈"},
    "feedback.list.title_tag": {EN: "Feedback tagged #{tag}", ZH: "标签为 #{tag} 的反馈"},
    "feedback.reply_heading": {EN: ":envelope: {manager} replied to your feedback {ref}:",
                               ZH: ":envelope: {manager} 回复了你的反馈 {ref}："},
    "feedback.your_words": {EN: "You wrote: {text}", ZH: "你写道：{text}"},
    "feedback.reply_title": {EN: "Reply to {ref}", ZH: "回复 {ref}"},
    "feedback.reply_label": {EN: "Your reply (sent to the author by DM)", ZH: "你的回复（将私信发送给作者）"},
    "btn.reply": {EN: "Reply", ZH: "回复"},
    "btn.addressed": {EN: "Mark addressed", ZH: "标记为已处理"},
    "btn.send": {EN: "Send", ZH: "发送"},
    "help.feedback": {
        EN: "*`/feedback` — tell the managers what you think*\n"
            "• `/feedback <text> [#process|#tools|#communication|#workload|#other]`\n"
            "• `/feedback anonymous <text>` — truly anonymous: your name is stored nowhere\n"
            "• `/feedback list [open|all|#tag]` · `/feedback addressed 12` · `/feedback reply 12 <text>` — managers "
            "only",
        ZH: "*`/feedback` —— 向管理者反馈意见*\n"
            "• `/feedback <内容> [#process|#tools|#communication|#workload|#other]`\n"
            "• `/feedback 匿名 <内容>` —— 真正匿名：任何地方都不会保存你的身份\n"
            "• `/feedback 列表 [open|all|#标签]` · `/feedback 已处理 12` · `/feedback 回复 12 <内容>` —— 仅限管理者",
    },
}
