"""Messages of /role."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
    "role.name.pm": {EN: "project manager", ZH: "项目经理"},
    "role.name.ops": {EN: "operations manager", ZH: "运营经理"},
    "role.name.member": {EN: "member", ZH: "成员"},
    "role.duties.pm": {
        EN: "plans the work; is told of blocked tasks, change requests (and approves them) and high risks; gets "
            "the weekly digest; may grant roles",
        ZH: "规划工作；接收任务阻塞、变更请求（并审批）和高风险通知；接收每周摘要；可以分配角色",
    },
    "role.duties.ops": {
        EN: "runs day-to-day operations; is told of feedback and operational risks; gets the weekly digest",
        ZH: "负责日常运营；接收反馈和运营类风险通知；接收每周摘要",
    },
    "role.duties.member": {EN: "owns tasks, gives feedback, raises risks and change requests",
                           ZH: "负责任务，提交反馈、风险和变更请求"},
    "role.yours": {EN: "Your roles: *{roles}*. What each role does:", ZH: "你的角色：*{roles}*。各角色的职责："},
    "role.none": {EN: "none yet", ZH: "暂无"},
    "role.admin": {EN: "workspace admin (may act as a manager and grant roles)",
                   ZH: "工作区管理员（可作为管理者并分配角色）"},
    "role.how": {EN: "Workspace admins and PMs grant roles: `/role @someone pm`, `/role remove @someone pm`.",
                 ZH: "工作区管理员和项目经理可以分配角色：`/role @某人 pm`、`/role remove @某人 pm`。"},
    "role.granted": {EN: ":white_check_mark: {who} is now {role}.", ZH: ":white_check_mark: {who} 现在是{role}。"},
    "role.already_has": {EN: "{who} already is {role}.", ZH: "{who} 已经是{role}。"},
    "role.removed": {EN: ":heavy_minus_sign: {who} is no longer {role}.",
                     ZH: ":heavy_minus_sign: {who} 不再是{role}。"},
    "role.did_not_have": {EN: "{who} was not {role}.", ZH: "{who} 本来就不是{role}。"},
    "role.granted_dm": {EN: ":briefcase: {actor} made you {role}. The {role} {duties}.",
                        ZH: ":briefcase: {actor} 将你设为{role}。{role}的职责：{duties}。"},
    "role.removed_dm": {EN: ":briefcase: {actor} removed your role {role}.",
                        ZH: ":briefcase: {actor} 取消了你的{role}角色。"},
    "role.not_allowed": {
        EN: "Only workspace admins and project managers can change roles; nothing changed.",
        ZH: "只有工作区管理员和项目经理可以修改角色；未做任何修改。",
    },
    "role.admin_unconfirmed": {
        EN: "Slack did not confirm just now that you are a workspace admin, which this needs, so nothing was done. "
            "Please try again in a minute.",
        ZH: "Slack 暂时没有确认你是工作区管理员，而这一操作需要管理员身份，因此未做任何操作。请稍后再试。",
    },
    "role.usage": {EN: "Who, and which role? e.g. `/role @bob pm`", ZH: "给谁、什么角色？例如 `/role @bob pm`"},
    "role.unknown_role": {EN: "I don't know the role {words}; the roles are pm, ops and member.",
                          ZH: "我不认识角色 {words}；可用的角色是 pm、ops 和 member。"},
    "role.list_empty": {EN: "Nobody has a role yet. Workspace admins start with `/role @someone pm`.",
                        ZH: "还没有人被分配角色。工作区管理员可以先用 `/role @某人 pm` 指定。"},
    "help.role": {
        EN: "*`/role` — who is responsible for what*\n"
            "• `/role @user pm|ops|member` · `/role remove @user pm` · `/role list` · `/role` (yours)\n"
            "• PMs get task blocks, change requests and high risks; ops managers get feedback and operational risks; "
            "both get the weekly digest",
        ZH: "*`/role` —— 谁负责什么*\n"
            "• `/role @某人 pm|ops|member` · `/role remove @某人 pm` · `/role list` · `/role`（我的角色）\n"
            "• 项目经理接收任务阻塞、变更请求和高风险；运营经理接收反馈和运营风险；两者都会收到每周摘要",
    },
}
