"""Messages of /teambot (workspace administration)."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
    "help.teambot": {
        EN: "*`/teambot` — administration*\n"
            "• `/teambot purge` — workspace admins: delete everything teambot keeps about this workspace (tasks, "
            "history, meetings, risks, feedback, roles, settings, the installation and its tokens). Asks first.",
        ZH: "*`/teambot` —— 管理*\n"
            "• `/teambot purge` —— 仅限工作区管理员：删除 teambot 保存的本工作区全部数据"
            "（任务、历史、会议、风险、反馈、角色、设置、安装信息及其令牌）。会先请你确认。",
    },
    "admin.admins_only": {EN: "Only Slack workspace admins and owners can do that.",
                          ZH: "只有 Slack 工作区管理员和所有者可以这样做。"},
    "admin.purge_confirm": {
        EN: ":warning: Delete *everything* teambot keeps about this workspace? This cannot be undone; teambot will "
            "need to be installed again.",
        ZH: ":warning: 删除 teambot 保存的本工作区*全部*数据？此操作无法撤销；之后需要重新安装 teambot。",
    },
    "admin.purge_button": {EN: "Delete everything", ZH: "全部删除"},
    "admin.purged": {EN: ":wastebasket: Done: {rows} records deleted. Nothing about this workspace remains.",
                     ZH: ":wastebasket: 完成：已删除 {rows} 条记录。本工作区的数据已全部清除。"},
    "admin.kept": {EN: "Nothing was deleted.", ZH: "没有删除任何内容。"},
}
