"""Block Kit for standups: the prompt DM, the answer form, the confirmation, the channel report, the PMs' note
about missing answers, the setup card and the history. Pure dict factories.

All user text (questions, answers) goes through `escape` and is clipped so a block stays within Slack's limits;
people are mentioned from stored ids only; a run's date is written out (it is a calendar date, not an instant).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.changes.views import clip
from bot.core.i18n import lang, t
from bot.core.mrkdwn import channel, date_token, escape, mention
from bot.text.describe import describe
from bot.text.recurrence import Recurrence
from storage.models import Standup, StandupRun

Block = dict[str, Any]
ANSWER = "standup.answer"  # the Answer / Edit button, and the form's callback id
BLOCKER_TASK = "standup.blocker_task"
SECTION_LIMIT = 3000
MAX_BLOCKS = 50
BLOCKER_BUTTONS = 20  # blockers with their own button; any more are listed together
_EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ZH_DAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(run_date: date, locale: str) -> str:
    """`Wed 25 Nov` / `11月25日 周三`: the run's calendar date, the same for every reader."""
    if lang(locale) == "zh":
        return f"{run_date.month}月{run_date.day}日 {_ZH_DAYS[run_date.weekday()]}"
    return f"{_EN_DAYS[run_date.weekday()]} {run_date.day} {_EN_MONTHS[run_date.month - 1]}"


def rule_text(standup: Standup, locale: str) -> str:
    return describe(Recurrence.from_dict({**standup.rule, "tz": standup.tz}), locale)


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_LIMIT]}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_LIMIT]}]}


def _plain(text: str, limit: int = 75) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    block: Block = {"type": "button", "text": _plain(text), "action_id": action_id, "value": value}
    if style:
        block["style"] = style
    return block


def _numbered(questions: list[str]) -> str:
    return "\n".join(f"{i}. {escape(q)}" for i, q in enumerate(questions, 1))


def prompt(standup: Standup, run: StandupRun, questions: list[str], locale: str, tz: str, *,
           late: bool = False) -> tuple[str, list[Block]]:
    """The DM that asks: the questions, how to answer, when the report goes out, and the Answer button."""
    heading = t("standup.prompt", locale, channel=channel(standup.channel_id), day=day(run.run_date, locale))
    if late:
        heading += " " + t("reminder.late", locale)
    body = f"{heading}\n{_numbered(questions)}"
    how = t("standup.prompt_how", locale)
    if run.report_due_at is not None:
        how += " " + t("standup.prompt_report_at", locale, when=date_token(run.report_due_at, tz))
    blocks = [_section(body), _context(how),
              {"type": "actions", "block_id": f"standup-{run.id}",
               "elements": [_button(t("standup.btn.answer", locale), ANSWER, str(run.id), "primary")]}]
    return f"{heading} {' · '.join(escape(q) for q in questions)}"[:3000], blocks


def answer_modal(standup: Standup, run: StandupRun, questions: list[str], answers: list[str] | None, locale: str, *,
                 private_metadata: str) -> dict[str, Any]:
    """One multiline input per question, prefilled with the answers given so far."""
    blocks: list[Block] = [_context(t("standup.modal.intro", locale, channel=channel(standup.channel_id),
                                      day=day(run.run_date, locale)))]
    for i, question in enumerate(questions):
        element: Block = {"type": "plain_text_input", "action_id": f"q{i}", "multiline": True, "max_length": 3000}
        if answers and i < len(answers) and answers[i]:
            element["initial_value"] = answers[i][:3000]
        blocks.append({"type": "input", "block_id": f"q{i}", "label": _plain(escape(question), 2000),
                       "element": element, "optional": True})
    return {"type": "modal", "callback_id": ANSWER, "private_metadata": private_metadata,
            "title": _plain(t("standup.modal.title", locale), 24), "submit": _plain(t("btn.save", locale), 24),
            "close": _plain(t("btn.cancel", locale), 24), "blocks": blocks}


def _answers_text(questions: list[str], answers: list[str], limit: int) -> str:
    parts = []
    for i, question in enumerate(questions):
        answer = answers[i] if i < len(answers) else ""
        parts.append(f"*{escape(question)}*\n{clip(answer, 1200) if answer.strip() else '—'}")
    text = "\n".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def recorded(standup: Standup, run: StandupRun, questions: list[str], answers: list[str], locale: str, tz: str, *,
             headline: str) -> tuple[str, list[Block]]:
    """The member's confirmation: what was recorded, until when it can change, and an Edit button."""
    blocks = [_section(headline), _section(_answers_text(questions, answers, SECTION_LIMIT))]
    note = t("standup.editable", locale)
    if run.report_due_at is not None:
        note += " " + t("standup.prompt_report_at", locale, when=date_token(run.report_due_at, tz))
    blocks.append(_context(note))
    blocks.append({"type": "actions", "block_id": f"standup-{run.id}",
                   "elements": [_button(t("standup.btn.edit", locale), ANSWER, str(run.id))]})
    return headline, blocks


def report(standup: Standup, run: StandupRun, answered: list, *, asked: int, questions: list[str],
           blocker_index: int | None, locale: str) -> tuple[str, list[Block]]:
    """The channel's report: who answered and what, then the blockers, each with a button that makes it a task.
    Nobody who did not answer is named here (the PMs are told by DM)."""
    heading = t("standup.report.heading", locale, number=standup.number, day=day(run.run_date, locale),
                channel=channel(standup.channel_id))
    count = t("standup.report.count", locale, answered=len(answered), asked=asked)
    blocks: list[Block] = [_section(f"{heading}\n{count}")]
    if not answered:
        blocks.append(_section(t("standup.report.nobody", locale)))
        return f"{heading} {count}", blocks
    shown = [q for i, q in enumerate(questions) if i != blocker_index]
    blockers = [e for e in answered if e.blocker]
    room = MAX_BLOCKS - 3 - min(len(blockers), BLOCKER_BUTTONS) - (1 if len(blockers) > BLOCKER_BUTTONS else 0)
    chunks, current = [], ""
    for entry in answered:
        kept = [a for i, a in enumerate(entry.answers) if i != blocker_index]
        part = f"{mention(entry.user_id)}\n{_answers_text(shown, kept, 2400)}"
        if current and len(current) + len(part) + 2 > SECTION_LIMIT:
            chunks.append(current)
            current = part
        else:
            current = f"{current}\n\n{part}" if current else part
    chunks.append(current)
    if len(chunks) > room:
        chunks = chunks[: room - 1] + [t("standup.report.more", locale, count=len(chunks) - room + 1)]
    blocks += [_section(chunk) for chunk in chunks]
    if blockers:
        blocks.append(_section(t("standup.report.blockers", locale, count=len(blockers))))
        for entry in blockers[:BLOCKER_BUTTONS]:
            line = f":rotating_light: {mention(entry.user_id)}: {clip(entry.blocker, 2800)}"
            section = _section(line)
            if entry.task_number is not None:
                section = _section(line + "\n" + t("standup.report.task_made", locale, number=entry.task_number))
            else:
                section["accessory"] = _button(t("standup.btn.make_task", locale), BLOCKER_TASK,
                                               f"{run.id}:{entry.user_id}", "danger")
            blocks.append(section)
        if len(blockers) > BLOCKER_BUTTONS:
            rest = "\n".join(f":rotating_light: {mention(e.user_id)}: {clip(e.blocker, 300)}"
                             for e in blockers[BLOCKER_BUTTONS:])
            blocks.append(_section(rest))
    text = f"{heading} {count}"
    if blockers:
        text += " · " + t("standup.report.blocker_count", locale, count=len(blockers))
    return text, blocks[:MAX_BLOCKS]


def missing(standup: Standup, run: StandupRun, user_ids: list[str], locale: str) -> str:
    """For the PMs only: who was asked and did not answer."""
    return t("standup.missing", locale, number=standup.number, channel=channel(standup.channel_id),
             day=day(run.run_date, locale), people=", ".join(mention(u) for u in user_ids[:100]))


def setup_card(standup: Standup, run: StandupRun | None, firsts: list[tuple[str, datetime]], locale: str, tz: str, *,
               headline: str, note: str | None = None) -> tuple[str, list[Block]]:
    """The standup as set up: channel, schedule, questions, and when each member is first asked."""
    line = t("standup.card.line", locale, number=standup.number, channel=channel(standup.channel_id),
             rule=escape(rule_text(standup, locale)), minutes=standup.report_after_minutes)
    questions = list(standup.questions) or [t(k, locale) for k in ("standup.q.done", "standup.q.next",
                                                                    "standup.q.blockers")]
    body = f"{headline}\n{line}\n{_numbered(questions)}"
    blocks = [_section(body)]
    if run is not None and firsts:
        lines = [f"• {mention(user)} {date_token(at, tz)}" for user, at in firsts[:30]]
        if len(firsts) > 30:
            lines.append(t("standup.card.more_members", locale, count=len(firsts) - 30))
        first = t("standup.card.first", locale, day=day(run.run_date, locale))
        blocks.append(_section(first + "\n" + "\n".join(lines)))
    if not standup.questions:
        blocks.append(_context(t("standup.card.default_questions", locale)))
    if note:
        blocks.append(_context(note))
    return f"{headline} {line}", blocks


def history(standup: Standup, user_id: str, rows: list[tuple[StandupRun, list[str]]], questions: list[str],
            locale: str) -> tuple[str, list[Block]]:
    heading = t("standup.history.heading", locale, who=mention(user_id), channel=channel(standup.channel_id))
    if not rows:
        text = f"{heading}\n{t('standup.history.empty', locale)}"
        return text, [_section(text)]
    blocks = [_section(f"*{heading}*")]
    for run, answers in rows:
        blocks.append(_section(f"*{day(run.run_date, locale)}*\n{_answers_text(questions, answers, 2800)}"))
    return heading, blocks[:MAX_BLOCKS]
