"""Messages of /lesson: saving, searching and listing lessons learned."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
    "lesson.saved": {EN: ":books: Lesson #{number} saved{tags}. Find it again with `/lesson search …`.",
                     ZH: ":books: 经验教训 #{number} 已保存{tags}。用 `/lesson search …` 可以再找到它。"},
    "lesson.empty": {EN: "What did you learn? e.g. `/lesson Verify on staging before every deploy #deploy`",
                     ZH: "你学到了什么？例如 `/lesson 部署前先在预发布环境验证 #部署`"},
    "lesson.too_long": {EN: "That is {length} characters; the limit is {limit}. Nothing was saved.",
                        ZH: "内容有 {length} 个字符，上限是 {limit}。没有保存任何内容。"},
    "lesson.search_empty": {EN: "What should I look for? e.g. `/lesson search deploy staging`",
                            ZH: "要找什么？例如 `/lesson search 预发布 验证`"},
    "lesson.search_title": {EN: "Lessons matching {query}", ZH: "与 {query} 匹配的经验教训"},
    "lesson.search_none": {EN: "No lesson matches every word. Try fewer or other words, or `/lesson list`.",
                           ZH: "没有同时包含所有关键词的经验教训。试试更少或别的关键词，或 `/lesson list`。"},
    "lesson.search_note": {EN: "Best matches first (at most {limit}); every word must match.",
                           ZH: "最匹配的排在前面（最多 {limit} 条）；每个关键词都必须匹配。"},
    "lesson.list_title": {EN: "Lessons learned, newest first", ZH: "经验教训（最新的在前）"},
    "lesson.list_title_tag": {EN: "Lessons tagged #{tag}, newest first", ZH: "标签为 #{tag} 的经验教训（最新的在前）"},
    "lesson.list_empty": {EN: "No lessons yet: `/lesson <what you learned> [#tags]`.",
                          ZH: "还没有经验教训：`/lesson <你学到的> [#标签]`。"},
    "lesson.list_more": {EN: "Showing the newest {shown}. Narrow it down with `/lesson list #tag` or "
                             "`/lesson search …`.",
                         ZH: "只显示最新的 {shown} 条。用 `/lesson list #标签` 或 `/lesson search …` 缩小范围。"},
    "lesson.saved_by": {EN: "saved by {who}", ZH: "保存人 {who}"},
    "lesson.in_channel": {EN: "in {channel}", ZH: "来自 {channel}"},
    "help.lesson": {
        EN: "*`/lesson` — lessons learned*\n"
            "• `/lesson <text> [#tags]` · `/lesson search <words>` · `/lesson list [#tag]`",
        ZH: "*`/lesson` —— 经验教训*\n"
            "• `/lesson <内容> [#标签]` · `/lesson search <关键词>` · `/lesson list [#标签]`",
    },
}
