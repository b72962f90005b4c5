"""Messages of /risk: replies, escalations, review reminders, the list with its heat map, the assessment modal."""

from bot.core.i18n import EN, ZH

_EXAMPLE_EN = "`/risk Vendor may miss the API deadline L4 I5`"
_EXAMPLE_ZH = "`/risk 供应商可能延期交付接口 可能性4 影响5`"

MESSAGES: dict[str, dict[str, str]] = {
    # ---- replies ----------------------------------------------------------------------------------------------------
    "risk.created": {EN: ":warning: Risk recorded", ZH: ":warning: 已记录风险"},
    "risk.updated": {EN: ":pencil2: Risk #{number} updated (counted as a review)",
                     ZH: ":pencil2: 风险 #{number} 已更新（记为一次复查）"},
    "risk.closed_headline": {EN: ":white_check_mark: Risk #{number} closed",
                             ZH: ":white_check_mark: 风险 #{number} 已关闭"},
    "risk.reviewed_headline": {EN: ":white_check_mark: Risk #{number} marked as reviewed",
                               ZH: ":white_check_mark: 风险 #{number} 已标记为已复查"},
    "risk.not_found": {EN: "There is no risk #{number} in this workspace.", ZH: "本工作区没有风险 #{number}。"},
    "risk.needs_number": {EN: "Which risk? e.g. `/risk {word} 4`", ZH: "哪个风险？例如 `/risk {word} 4`"},
    "risk.no_description": {
        EN: "A risk needs a description, e.g. " + _EXAMPLE_EN + ". Nothing was saved.",
        ZH: "风险需要一段描述，例如 " + _EXAMPLE_ZH + "。没有保存任何内容。",
    },
    "risk.description_too_long": {
        EN: "That description is {length} characters; the limit is {limit}. Nothing was saved.",
        ZH: "描述有 {length} 个字符，上限是 {limit}。没有保存任何内容。",
    },
    "risk.outcome_too_long": {
        EN: "That outcome is {length} characters; the limit is {limit}. Nothing was saved.",
        ZH: "结果说明有 {length} 个字符，上限是 {limit}。没有保存任何内容。",
    },
    "risk.likelihood_out_of_range": {
        EN: "Likelihood is a whole number from 1 to 5 (you gave {value}), e.g. `L4` or `likelihood:4`. "
            "Nothing was saved.",
        ZH: "可能性须为 1 到 5 的整数（你输入的是 {value}），例如 `可能性4` 或 `L4`。没有保存任何内容。",
    },
    "risk.impact_out_of_range": {
        EN: "Impact is a whole number from 1 to 5 (you gave {value}), e.g. `I5` or `impact:5`. Nothing was saved.",
        ZH: "影响须为 1 到 5 的整数（你输入的是 {value}），例如 `影响5` 或 `I5`。没有保存任何内容。",
    },
    "risk.bad_category": {
        EN: "I don't know the category “{word}”. Choose one of: technical, market, financial, operational, "
            "schedule, resource, legal. Nothing was saved.",
        ZH: "我不认识类别“{word}”。可选：技术、市场、财务、运营、进度、资源、法律"
            "（或 technical、market、financial、operational、schedule、resource、legal）。没有保存任何内容。",
    },
    "risk.bad_strategy": {
        EN: "I don't know the strategy “{word}”. Choose one of: avoid, transfer, mitigate, accept. "
            "Nothing was saved.",
        ZH: "我不认识应对策略“{word}”。可选：规避、转移、缓解、接受（或 avoid、transfer、mitigate、accept）。"
            "没有保存任何内容。",
    },
    "risk.owner_unknown": {
        EN: "I could not find @{name} in Slack. Pick the owner from Slack's @-suggestions so it becomes a mention. "
            "Nothing was saved.",
        ZH: "我在 Slack 里找不到 @{name}。请从 Slack 的 @ 提示中选择负责人。没有保存任何内容。",
    },
    "risk.review_in_past": {
        EN: "The review date “{phrase}” has already passed. Nothing was saved.",
        ZH: "复查日期“{phrase}”已经过去了。没有保存任何内容。",
    },
    "risk.review_not_understood": {
        EN: ":grey_question: I did not understand “{words}” as a review date, so the risk has none. Set one with "
            "`/risk update {number} review next Friday`.",
        ZH: ":grey_question: 我没能把“{words}”理解为复查日期，所以这个风险暂无复查日期。可以用 "
            "`/risk update {number} review 下周五` 设置。",
    },
    "risk.update_review_unreadable": {
        EN: "I could not read “{words}” as a review date; nothing changed. Try `review next Friday`, `review Dec 4` "
            "or `review none`.",
        ZH: "我没能把“{words}”理解为复查日期，未做任何修改。可以试试 `复查 下周五`、`review 12月4日` "
            "或 `review none`。",
    },
    "risk.review_unreadable": {
        EN: "I could not read this as a date. Try `next Friday`, `Dec 4`, `2026-12-04 10:00` or `下周五`.",
        ZH: "无法识别这个日期。可以试试 `下周五`、`12月4日`、`2026-12-04 10:00` 或 `next Friday`。",
    },
    "risk.not_understood": {
        EN: "I could not read that as a risk. See `/risk help`. Nothing was saved.",
        ZH: "我没能读懂这条风险。请参见 `/risk help`。没有保存任何内容。",
    },
    "risk.not_allowed": {
        EN: "Only the creator, the owner or a manager may change risk #{number}.",
        ZH: "只有创建者、负责人或管理者可以修改风险 #{number}。",
    },
    "risk.ack_not_allowed": {
        EN: "Only project or operations managers can acknowledge risk #{number}.",
        ZH: "只有项目经理或运营经理可以确认风险 #{number}。",
    },
    "risk.is_closed": {EN: "Risk #{number} is closed; nothing changed.", ZH: "风险 #{number} 已关闭，未做任何修改。"},
    "risk.update_needs_change": {
        EN: "What should change on risk #{number}? e.g. `/risk update {number} L2 I3 review next Friday`",
        ZH: "风险 #{number} 要改什么？例如 `/risk update {number} 可能性2 影响3 复查 下周五`",
    },
    "risk.close_needs_outcome": {
        EN: "How did risk #{number} end? e.g. `/risk close {number} the vendor delivered on time`",
        ZH: "风险 #{number} 的结果如何？例如 `/risk close {number} 供应商按时交付`",
    },
    "risk.assess_opening": {
        EN: ":clipboard: To record this risk I need its likelihood and impact (1–5 each), so I opened a form to "
            "assess it. If no form appears, type them in the command: " + _EXAMPLE_EN + ".",
        ZH: ":clipboard: 记录风险需要可能性和影响（各 1–5），我已打开评估表单。如果表单没有出现，请直接写在命令里："
            + _EXAMPLE_ZH + "。",
    },
    "risk.assess_failed": {
        EN: "A risk needs its likelihood and impact (1–5 each), and I could not open the form to ask. Type them in "
            "the command: " + _EXAMPLE_EN + ". Nothing was saved.",
        ZH: "风险需要可能性和影响（各 1–5），但评估表单没能打开。请直接写在命令里：" + _EXAMPLE_ZH
            + "。没有保存任何内容。",
    },
    "risk.escalated_to": {EN: ":mega: Escalated to {people}.", ZH: ":mega: 已上报给 {people}。"},
    "risk.nobody_to_tell": {
        EN: ":warning: This risk is {band}, but there is no project manager to tell. A workspace admin or a PM can "
            "name one with `/role @someone pm`.",
        ZH: ":warning: 这是{band}风险，但还没有可通知的项目经理。工作区管理员或项目经理可以用 `/role @某人 pm` 指定。",
    },
    # ---- messages to others --------------------------------------------------------------------------------------
    "risk.escalation.new": {EN: ":rotating_light: {actor} raised a {band} risk",
                            ZH: ":rotating_light: {actor} 提出了一个{band}风险"},
    "risk.escalation.raised": {EN: ":rotating_light: {actor} raised risk #{number} to {band}",
                               ZH: ":rotating_light: {actor} 将风险 #{number} 上调为{band}"},
    "risk.escalation.plain": {EN: ":rotating_light: Risk #{number} · {band}",
                              ZH: ":rotating_light: 风险 #{number} · {band}"},
    "risk.acknowledged_by": {EN: ":white_check_mark: Acknowledged by {who} {when}",
                             ZH: ":white_check_mark: {who} 已于 {when} 确认"},
    "risk.ack_told": {EN: ":white_check_mark: {who} acknowledged risk #{number}",
                      ZH: ":white_check_mark: {who} 已确认风险 #{number}"},
    "risk.owner_told": {EN: ":bust_in_silhouette: {actor} made you the owner of a risk",
                        ZH: ":bust_in_silhouette: {actor} 指定你为一个风险的负责人"},
    "risk.review_due": {EN: ":mag: Time to review risk #{number}", ZH: ":mag: 该复查风险 #{number} 了"},
    "risk.review_hint": {
        EN: "Still right? `/risk update {number} …` records a review (likelihood, impact, strategy, next review "
            "date); `/risk close {number} <outcome>` closes it.",
        ZH: "评估还准确吗？`/risk update {number} …` 记录一次复查（可能性、影响、策略、下次复查日期）；"
            "`/risk close {number} <结果>` 关闭风险。",
    },
    # ---- parts of a risk -------------------------------------------------------------------------------------------
    "risk.score": {EN: "score *{score}* {band}", ZH: "分值 *{score}* {band}"},
    "risk.band.low": {EN: "low", ZH: "低"},
    "risk.band.medium": {EN: "medium", ZH: "中"},
    "risk.band.high": {EN: "high", ZH: "高"},
    "risk.band.critical": {EN: "critical", ZH: "严重"},
    "risk.category.technical": {EN: "technical", ZH: "技术"},
    "risk.category.market": {EN: "market", ZH: "市场"},
    "risk.category.financial": {EN: "financial", ZH: "财务"},
    "risk.category.operational": {EN: "operational", ZH: "运营"},
    "risk.category.schedule": {EN: "schedule", ZH: "进度"},
    "risk.category.resource": {EN: "resource", ZH: "资源"},
    "risk.category.legal": {EN: "legal", ZH: "法律"},
    "risk.strategy.avoid": {EN: "avoid", ZH: "规避"},
    "risk.strategy.transfer": {EN: "transfer", ZH: "转移"},
    "risk.strategy.mitigate": {EN: "mitigate", ZH: "缓解"},
    "risk.strategy.accept": {EN: "accept", ZH: "接受"},
    "risk.owned_by": {EN: "owner {who}", ZH: "负责人 {who}"},
    "risk.review_on": {EN: "review {when}", ZH: "复查 {when}"},
    "risk.badge.closed": {EN: ":white_check_mark: closed", ZH: ":white_check_mark: 已关闭"},
    "risk.outcome": {EN: "Outcome: {outcome}", ZH: "结果：{outcome}"},
    # ---- the list --------------------------------------------------------------------------------------------------
    "risk.list.title.open": {EN: "Open risks ({count})", ZH: "未关闭的风险（{count}）"},
    "risk.list.title.all": {EN: "All risks ({count})", ZH: "全部风险（{count}）"},
    "risk.list.title.mine": {EN: "Your open risks ({count})", ZH: "你的未关闭风险（{count}）"},
    "risk.list.empty": {EN: "No risks here. Record one with " + _EXAMPLE_EN + ".",
                        ZH: "这里没有风险。可以这样记录：" + _EXAMPLE_ZH + "。"},
    "risk.list.more": {EN: "…and {count} more", ZH: "……还有 {count} 个"},
    "risk.heat.title": {EN: "*Heat map* · rows: impact 5→1 · columns: likelihood 1→5 · risks listed per cell",
                        ZH: "*热力图* · 行：影响 5→1 · 列：可能性 1→5 · 每格为所列风险数"},
    "risk.heat.legend": {EN: "🟩 low 1–4 · 🟨 medium 5–9 · 🟧 high 10–16 · 🟥 critical 20–25",
                         ZH: "🟩 低 1–4 · 🟨 中 5–9 · 🟧 高 10–16 · 🟥 严重 20–25"},
    # ---- buttons and the assessment modal --------------------------------------------------------------------------
    "risk.btn.ack": {EN: "Acknowledge", ZH: "确认"},
    "risk.btn.reviewed": {EN: "Still right: mark reviewed", ZH: "仍然准确：标记已复查"},
    "risk.modal.title": {EN: "Assess a risk", ZH: "评估风险"},
    "risk.modal.submit": {EN: "Save risk", ZH: "保存"},
    "risk.modal.description": {EN: "Description", ZH: "描述"},
    "risk.modal.likelihood": {EN: "Likelihood", ZH: "可能性"},
    "risk.modal.impact": {EN: "Impact", ZH: "影响"},
    "risk.modal.category": {EN: "Category", ZH: "类别"},
    "risk.modal.strategy": {EN: "Response strategy", ZH: "应对策略"},
    "risk.modal.owner": {EN: "Owner", ZH: "负责人"},
    "risk.modal.review": {EN: "Review date", ZH: "复查日期"},
    "risk.modal.review_placeholder": {EN: "next Friday · Dec 4 · 2026-12-04 10:00",
                                      ZH: "下周五 · 12月4日 · 2026-12-04 10:00"},
    "risk.modal.pick": {EN: "Choose 1–5", ZH: "选择 1–5"},
    "risk.level.likelihood.1": {EN: "1 · Rare", ZH: "1 · 极少发生"},
    "risk.level.likelihood.2": {EN: "2 · Unlikely", ZH: "2 · 不太可能"},
    "risk.level.likelihood.3": {EN: "3 · Possible", ZH: "3 · 有可能"},
    "risk.level.likelihood.4": {EN: "4 · Likely", ZH: "4 · 很可能"},
    "risk.level.likelihood.5": {EN: "5 · Almost certain", ZH: "5 · 几乎肯定"},
    "risk.level.impact.1": {EN: "1 · Negligible", ZH: "1 · 可忽略"},
    "risk.level.impact.2": {EN: "2 · Minor", ZH: "2 · 较小"},
    "risk.level.impact.3": {EN: "3 · Moderate", ZH: "3 · 中等"},
    "risk.level.impact.4": {EN: "4 · Major", ZH: "4 · 重大"},
    "risk.level.impact.5": {EN: "5 · Severe", ZH: "5 · 严重"},
    "risk.modal.needs_level": {EN: "Choose a value from 1 to 5.", ZH: "请选择 1 到 5 之间的值。"},
    "help.risk": {
        EN: "*`/risk` — identify, assess, respond, escalate*\n"
            "• `/risk <description> L4 I5 category:technical strategy:mitigate owner @bob review next Friday`\n"
            "• likelihood and impact 1–5 each (missing ones open a form); score = likelihood × impact: 1–4 low, "
            "5–9 medium, 10–16 high, 20–25 critical; high and critical risks go to the PMs at once\n"
            "• `/risk list [open|all|mine]` · `/risk update 4 …` (`review none` clears the date) · "
            "`/risk close 4 <outcome>`",
        ZH: "*`/risk` —— 识别、评估、应对、上报风险*\n"
            "• `/risk <描述> 可能性4 影响5 类别:运营 策略:缓解 负责人 @bob 复查 下周五`\n"
            "• 可能性和影响各 1–5（缺少时会弹出表单）；分值 = 可能性 × 影响：1–4 低，5–9 中，10–16 高，20–25 严重；"
            "高和严重风险会立即上报项目经理\n"
            "• `/risk 列表 [未关闭|全部|我的]` · `/risk 更新 4 …`（`复查 无` 清除复查日期）· `/risk 关闭 4 <结果>`",
    },
}
