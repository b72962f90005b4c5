"""Messages of /change: filing a change request, the PMs' approval cards and modal, decisions, the list."""

from bot.core.i18n import EN, ZH

MESSAGES: dict[str, dict[str, str]] = {
    # filing
    "change.created": {EN: ":memo: Change request #{number} filed", ZH: ":memo: 已提交变更请求 #{number}"},
    "change.sent_to": {
        EN: "Sent to {approvers} for approval; you will get their decision by DM.",
        ZH: "已发送给 {approvers} 审批；审批结果会私信通知你。",
    },
    "change.no_pm": {
        EN: ":warning: Nobody can approve it yet: no project manager is named in this workspace. It is kept as "
            "pending. A workspace admin can name one with `/role @someone pm`; they can then decide it with "
            "`/change approve {number}` or `/change reject {number} <reason>`.",
        ZH: ":warning: 目前没有人能审批它：本工作区还没有指定项目经理。该请求已保存为待审批。"
            "工作区管理员可以用 `/role @某人 pm` 指定项目经理，之后由其用 `/change approve {number}` "
            "或 `/change reject {number} <理由>` 审批。",
    },
    "change.no_text": {
        EN: "What should change, and why? e.g. `/change Move the deploy window to Thursday because of the release "
            "freeze impact: on-call shifts move by one day`",
        ZH: "要变更什么，为什么？例如 `/change 因发布冻结，把上线窗口改到周四 影响：值班顺延一天`",
    },
    "change.too_long": {
        EN: "That change request is {length} characters; the limit is {limit}. Nothing was saved — shorten it and "
            "try again.",
        ZH: "这个变更请求有 {length} 个字符，上限是 {limit}。没有保存任何内容，请缩短后重试。",
    },
    "change.impact_too_long": {
        EN: "The impact is {length} characters; the limit is {limit}. Nothing was saved — shorten it and try again.",
        ZH: "影响说明有 {length} 个字符，上限是 {limit}。没有保存任何内容，请缩短后重试。",
    },
    # deciding
    "change.not_found": {
        EN: "There is no change request #{number} in this workspace.",
        ZH: "本工作区没有变更请求 #{number}。",
    },
    "change.needs_number": {
        EN: "Which change request? e.g. `/change {word} 3`",
        ZH: "哪个变更请求？例如 `/change {word} 3`",
    },
    "change.not_pm": {
        EN: ":no_entry: Only a project manager can approve or reject change requests; nothing changed.",
        ZH: ":no_entry: 只有项目经理可以批准或拒绝变更请求；未做任何修改。",
    },
    "change.already_approved": {
        EN: "Change request #{number} was already approved by {who} on {when}; nothing changed.",
        ZH: "变更请求 #{number} 已由 {who} 于 {when} 批准；未做任何修改。",
    },
    "change.already_rejected": {
        EN: "Change request #{number} was already rejected by {who} on {when}; nothing changed.",
        ZH: "变更请求 #{number} 已由 {who} 于 {when} 拒绝；未做任何修改。",
    },
    "change.reason_required": {
        EN: "A rejection needs a reason, so the requester knows what to change. Nothing was saved.",
        ZH: "拒绝时需要填写理由，好让申请人知道该如何调整。没有保存任何内容。",
    },
    "change.reason_too_long": {
        EN: "The reason is {length} characters; the limit is {limit}. Nothing was saved.",
        ZH: "理由有 {length} 个字符，上限是 {limit}。没有保存任何内容。",
    },
    "change.you_approved": {EN: ":white_check_mark: You approved change request #{number}",
                            ZH: ":white_check_mark: 你已批准变更请求 #{number}"},
    "change.you_rejected": {EN: ":x: You rejected change request #{number}", ZH: ":x: 你已拒绝变更请求 #{number}"},
    # what people are told
    "change.review": {EN: ":raised_hand: {requester} asks for your approval of change request #{number}",
                      ZH: ":raised_hand: {requester} 请你审批变更请求 #{number}"},
    "change.approved_for_requester": {EN: ":white_check_mark: {decider} approved your change request #{number}",
                                      ZH: ":white_check_mark: {decider} 批准了你的变更请求 #{number}"},
    "change.rejected_for_requester": {EN: ":x: {decider} rejected your change request #{number}",
                                      ZH: ":x: {decider} 拒绝了你的变更请求 #{number}"},
    "change.announcement": {
        EN: ":mega: Heads-up: change request #{number} from {requester} was approved by {decider}.",
        ZH: ":mega: 请注意：{requester} 提出的变更请求 #{number} 已由 {decider} 批准。",
    },
    # the card
    "change.status.pending": {EN: ":hourglass_flowing_sand: pending", ZH: ":hourglass_flowing_sand: 待审批"},
    "change.status.approved": {EN: ":white_check_mark: approved", ZH: ":white_check_mark: 已批准"},
    "change.status.rejected": {EN: ":x: rejected", ZH: ":x: 已拒绝"},
    "change.requested": {EN: "requested by {requester} in {where} · {when}",
                         ZH: "由 {requester} 于 {when} 在 {where} 提出"},
    "change.impact": {EN: "Impact", ZH: "影响"},
    "change.decided.approved": {EN: "Approved by {who} · {when}", ZH: "由 {who} 于 {when} 批准"},
    "change.decided.rejected": {EN: "Rejected by {who} · {when}", ZH: "由 {who} 于 {when} 拒绝"},
    "change.reason": {EN: "Reason", ZH: "理由"},
    "change.btn.approve": {EN: "Approve", ZH: "批准"},
    "change.btn.reject": {EN: "Reject", ZH: "拒绝"},
    # the decision modal (titles are at most 24 characters)
    "change.modal.approve_title": {EN: "Approve #{number}", ZH: "批准 #{number}"},
    "change.modal.reject_title": {EN: "Reject #{number}", ZH: "拒绝 #{number}"},
    "change.modal.reason_optional": {EN: "Reason (optional)", ZH: "理由（可选）"},
    "change.modal.reason_required": {EN: "Reason (required)", ZH: "理由（必填）"},
    # the list
    "change.list.title.pending": {EN: "Change requests waiting for a decision", ZH: "待审批的变更请求"},
    "change.list.title.all": {EN: "All change requests", ZH: "全部变更请求"},
    "change.list.empty.pending": {EN: "No change request is waiting for a decision. :tada:",
                                  ZH: "没有待审批的变更请求。:tada:"},
    "change.list.empty.all": {EN: "No change requests yet. File one with `/change <what and why>`.",
                              ZH: "还没有变更请求。可以用 `/change <变更内容及原因>` 提交。"},
    "change.list.more": {EN: "…and {count} more", ZH: "……还有 {count} 条"},
    "change.list.bad_scope": {
        EN: "I can list `pending` change requests (the default) or `all` of them, e.g. `/change list all`.",
        ZH: "可以列出 `pending`（待审批，默认）或 `all`（全部）变更请求，例如 `/change list all`。",
    },
    "help.change": {
        EN: "*`/change` — change requests with approval*\n"
            "• `/change <what and why> [impact: …]` — the PMs approve or reject\n"
            "• `/change list [pending|all]` · `/change approve 3 [reason]` · `/change reject 3 <reason>`",
        ZH: "*`/change` —— 需审批的变更请求*\n"
            "• `/change <变更内容及原因> [影响：…]` —— 由项目经理批准或拒绝\n"
            "• `/change 列表 [待审批|全部]` · `/change 批准 3 [原因]` · `/change 拒绝 3 <原因>`",
    },
}
