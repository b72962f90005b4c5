"""Messages of /retro: starting, items (named and anonymous), the board and votes, actions, the summary."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
    "retro.kind.went-well": {EN: "Went well", ZH: "做得好"},
    "retro.kind.improve": {EN: "To improve", ZH: "待改进"},
    "retro.kind.idea": {EN: "Ideas", ZH: "想法"},
    "retro.title": {EN: ":arrows_counterclockwise: *Retro #{number} · {name}*",
                    ZH: ":arrows_counterclockwise: *回顾会 #{number} · {name}*"},
    "retro.closes": {EN: "closes {when}", ZH: "将于 {when} 自动结束"},
    "retro.announce": {EN: ":arrows_counterclockwise: {creator} started retro #{number} *{name}*.",
                       ZH: ":arrows_counterclockwise: {creator} 发起了回顾会 #{number} *{name}*。"},
    "retro.announce_closes": {EN: "It closes itself {when}.", ZH: "将于 {when} 自动结束。"},
    "retro.how_to": {
        EN: "Add items: `/retro went-well …` · `/retro improve …` · `/retro idea …` (add `anonymous` to leave your "
            "name out) · see and vote: `/retro show`",
        ZH: "添加条目：`/retro 做得好 …` · `/retro 改进 …` · `/retro 想法 …`（加 `匿名` 不留名字）"
            " · 查看和投票：`/retro show`",
    },
    "retro.started": {EN: ":arrows_counterclockwise: Retro #{number} *{name}* is open in {channel}; the channel "
                          "has been told how to add items.",
                      ZH: ":arrows_counterclockwise: 回顾会 #{number} *{name}* 已在 {channel} 开始，"
                          "已告知频道如何添加条目。"},
    "retro.already_open": {EN: "This channel already has an open retro: #{number} *{name}*. Close it first with "
                               "`/retro close`. Nothing was started.",
                           ZH: "本频道已有进行中的回顾会：#{number} *{name}*。请先用 `/retro close` 结束它。"
                               "没有发起新的回顾会。"},
    "retro.no_name": {EN: "Give the retro a name, e.g. `/retro start Sprint 12 until Friday 4pm`.",
                      ZH: "请给回顾会起个名字，例如 `/retro start 第12迭代 until 周五下午4点`。"},
    "retro.name_too_long": {EN: "That name is {length} characters; the limit is {limit}. Nothing was started.",
                            ZH: "名称有 {length} 个字符，上限是 {limit}。没有发起回顾会。"},
    "retro.until_not_understood": {
        EN: "I could not read `{words}` as a date, so nothing was started. Try `until Friday 4pm` or "
            "`until 2026-12-04 16:00`.",
        ZH: "我无法把 `{words}` 理解为日期，所以没有发起回顾会。试试 `until 周五下午4点` 或 `until 2026-12-04 16:00`。",
    },
    "retro.until_past": {EN: "`{words}` is already past; nothing was started.",
                         ZH: "`{words}` 已经过去了，没有发起回顾会。"},
    "retro.none_open": {EN: "There is no open retro in this channel. Start one with `/retro start <name>`.",
                        ZH: "本频道没有进行中的回顾会。用 `/retro start <名称>` 发起一个。"},
    "retro.item_empty": {EN: "What would you like to add? e.g. `/retro improve Releases wait too long for QA`",
                         ZH: "你想添加什么？例如 `/retro 改进 发布等测试等太久`"},
    "retro.item_too_long": {EN: "That is {length} characters; the limit is {limit}. Nothing was saved.",
                            ZH: "内容有 {length} 个字符，上限是 {limit}。没有保存任何内容。"},
    "retro.anonymous_needs_kind": {
        EN: "Which kind? e.g. `/retro anonymous improve …` (went-well, improve or idea). Nothing was saved.",
        ZH: "是哪一类？例如 `/retro 匿名 改进 …`（做得好、改进或想法）。没有保存任何内容。",
    },
    "retro.slow_down": {EN: "That is a lot of anonymous items in one hour; please try again later. Nothing was saved.",
                        ZH: "一小时内的匿名条目太多了，请稍后再试。没有保存任何内容。"},
    "retro.added": {EN: ":memo: Added to retro #{number} *{name}* under *{kind}*. See the board and vote: "
                        "`/retro show`.",
                    ZH: ":memo: 已添加到回顾会 #{number} *{name}* 的“{kind}”。查看看板并投票：`/retro show`。"},
    "retro.added_anonymous": {
        EN: ":memo: Added anonymously to retro #{number} *{name}* under *{kind}*. It shows on the board {when} "
            "(or in the summary, if the retro closes first), together with the other anonymous items of these ten "
            "minutes, in random order. Until then teambot keeps it in memory only: your name, user id and the time "
            "you wrote it are not stored anywhere.",
        ZH: ":memo: 已匿名添加到回顾会 #{number} *{name}* 的“{kind}”。它将于 {when} 与这十分钟内的其他匿名条目一起、"
            "按随机顺序出现在看板上（如果回顾会先结束，则出现在总结中）。在此之前它只保存在 teambot 的内存中："
            "任何地方都不会保存你的姓名、用户 ID 或提交时间。",
    },
    "retro.late_items": {
        EN: ":memo: Retro #{number} *{name}* had already closed when {count} more anonymous item(s), given before "
            "it closed, were written:",
        ZH: ":memo: 回顾会 #{number} *{name}* 结束时，还有 {count} 条在结束前提交的匿名条目刚刚写入：",
    },
    "retro.anonymous": {EN: "_anonymous_", ZH: "_匿名_"},
    "retro.board_hint": {EN: "Most votes first. One vote per person per item: press again to take it back.",
                         ZH: "按票数排序。每人对每条只能投一票，再按一次即可撤回。"},
    "retro.nothing_yet": {EN: "_Nothing yet._", ZH: "_暂无。_"},
    "retro.more": {EN: "…and {count} more", ZH: "……还有 {count} 条"},
    "retro.btn.vote": {EN: ":+1: {votes}", ZH: ":+1: {votes}"},
    "retro.btn.lesson": {EN: ":books: Save as lesson", ZH: ":books: 存为经验教训"},
    "retro.vote_closed": {EN: "Retro #{number} is closed; its votes are final.",
                          ZH: "回顾会 #{number} 已结束，投票结果已确定。"},
    "retro.item_not_found": {EN: "That retro item does not exist in this workspace.",
                             ZH: "本工作区没有这条回顾条目。"},
    "retro.actions_title": {EN: "Actions", ZH: "行动项"},
    "retro.no_actions": {EN: "_None yet: `/retro action <title> [@owner] [deadline]`._",
                         ZH: "_暂无：`/retro action <标题> [@负责人] [截止时间]`。_"},
    "retro.action_needs_title": {EN: "What is the action? e.g. `/retro action Automate the release notes @bob Friday`",
                                 ZH: "行动项是什么？例如 `/retro action 自动生成发布说明 @bob 周五`"},
    "retro.action_created": {EN: ":white_check_mark: Action for retro #{number}: task created",
                             ZH: ":white_check_mark: 回顾会 #{number} 的行动项：已创建任务"},
    "retro.close_not_allowed": {
        EN: "Only the person who started this retro ({creator}), managers and workspace admins can close it.",
        ZH: "只有发起这次回顾会的人（{creator}）、管理者和工作区管理员可以结束它。",
    },
    "retro.closed": {EN: ":checkered_flag: Retro #{number} *{name}* is closed; its summary is being posted in "
                         "{channel}.",
                     ZH: ":checkered_flag: 回顾会 #{number} *{name}* 已结束，总结正在发到 {channel}。"},
    "retro.summary_title": {EN: ":checkered_flag: *Retro #{number} · {name}: summary*",
                            ZH: ":checkered_flag: *回顾会 #{number} · {name}：总结*"},
    "retro.summary_stats": {EN: "{items} items · {votes} votes · {actions} actions · started by {creator}",
                            ZH: "{items} 条 · {votes} 票 · {actions} 个行动项 · 发起人 {creator}"},
    "retro.closed_automatically": {EN: "closed automatically at its end date", ZH: "已按截止时间自动结束"},
    "retro.lesson_only_improve": {EN: "Only items to improve can be saved as lessons.",
                                  ZH: "只有待改进的条目可以保存为经验教训。"},
    "retro.lesson_saved": {
        EN: ":books: Saved as lesson #{number}, with you as the person who saved it. Find it with `/lesson search …`.",
        ZH: ":books: 已保存为经验教训 #{number}，保存人是你。用 `/lesson search …` 查找。",
    },
    "retro.lesson_exists": {EN: ":books: This item is already lesson #{number}.",
                            ZH: ":books: 这一条已经是经验教训 #{number}。"},
    "help.retro": {
        EN: "*`/retro` — retrospectives*\n"
            "• `/retro start <name> [until <date>]` · `/retro went-well …` · `/retro improve …` · `/retro idea …` "
            "(add `anonymous` to hide your name)\n"
            "• `/retro action <title> [@owner] [deadline]` · `/retro close`\n"
            "• `/retro show` — the board, with a Vote button on every item (press again to take the vote back)\n"
            "• Kinds in Chinese work too: `做得好` · `改进` · `想法`; `anonymous` (`anon`, `匿名`) goes before or "
            "right after the kind: `/retro anonymous improve …`, `/retro improve anon …`\n"
            "• At close the summary is posted in the channel; items to improve can be saved as lessons (`/lesson`).",
        ZH: "*`/retro` —— 回顾会*\n"
            "• `/retro start <名称> [until <日期>]` · `/retro went-well …` · `/retro improve …` · `/retro idea …`"
            "（加 `anonymous` 匿名）\n"
            "• `/retro action <标题> [@负责人] [截止时间]` · `/retro close`\n"
            "• `/retro show` —— 查看看板，每一条都有投票按钮（再按一次撤回投票）\n"
            "• 也可以用中文类别：`做得好` · `改进` · `想法`；`匿名`（`anonymous`、`anon`）写在类别前面或紧跟其后："
            "`/retro 匿名 改进 …`、`/retro 改进 匿名 …`\n"
            "• 结束时会把总结发到频道；待改进的条目可以一键保存为经验教训（`/lesson`）。",
    },
}
