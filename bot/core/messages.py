"""Messages every feature shares: errors, unknown subcommands, help's word list, shared buttons, the console."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
    "error.unexpected": {
        EN: ":warning: Sorry, something went wrong on our side and nothing was saved. Please try again.",
        ZH: ":warning: 抱歉，我们这边出了点问题，没有保存任何内容。请再试一次。",
    },
    "error.db_unavailable": {
        EN: ":warning: teambot is temporarily unavailable; nothing was saved. Please try again in a minute.",
        ZH: ":warning: teambot 暂时不可用，没有保存任何内容。请稍后再试。",
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
    "reminder.late": {EN: "(late)", ZH: "（延迟送达）"},
    "btn.cancel": {EN: "Cancel", ZH: "取消"},
    "btn.delete": {EN: "Delete", ZH: "删除"},
    "btn.save": {EN: "Save", ZH: "保存"},
    "btn.create": {EN: "Create", ZH: "创建"},
    "btn.prev": {EN: "« Previous", ZH: "« 上一页"},
    "btn.next": {EN: "Next »", ZH: "下一页 »"},
    "needs_number": {EN: "Which one? e.g. `/{command} {word} 12`", ZH: "哪一个？例如 `/{command} {word} 12`"},
    "stale_button": {EN: "That button no longer matches anything; nothing changed.",
                     ZH: "这个按钮已失效，未做任何修改。"},
    "help.chinese_words": {EN: "In Chinese too: {words}", ZH: "中文命令词：{words}"},
}
