"""Block Kit for standups: the prompt DM, the answer form, the confirmation, the channel report, the PMs' note
about missing answers, the setup card and the history. Pure dict factories.

All user text (questions, answers) goes through `escape` (or `clip`, which escapes first and clips after) so a block
stays within Slack's limits, and built text is shortened with `fit` (never inside an entity or a mention); people
are mentioned from stored ids only; a run's date is written out (it is a calendar date, not an instant). Action
and callback ids are named here once and used by handlers/standups.py.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from bot.core import blocks as bk
from bot.core.blocks import Block
from bot.core.i18n import lang, t
from bot.core.mrkdwn import channel, clip, date_token, escape, fit, mention
from bot.standups.rules import DEFAULT_QUESTIONS, MAX_ANSWER, Entry
from bot.text.describe import describe
from bot.text.recurrence import Recurrence
from storage.models import Standup, StandupRun

ANSWER = "standup.answer"        # the Answer / Edit answer button
ANSWER_FORM = "standup.answer"   # the answer form's callback id
BLOCKER_TASK = "standup.blocker_task"
BLOCKER_BUTTONS = 20  # blockers with their own button; any more are listed together
FIRSTS_SHOWN = 30
_EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ZH_DAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Rendered = tuple[str, list[Block]]


def day(run_date: date, locale: str) -> str:
    """`Wed 25 Nov` / `11月25日 周三`: the run's calendar date, the same for every reader."""
    if lang(locale) == "zh":
        return f"{run_date.month}月{run_date.day}日 {_ZH_DAYS[run_date.weekday()]}"
    return f"{_EN_DAYS[run_date.weekday()]} {run_date.day} {_EN_MONTHS[run_date.month - 1]}"


def questions(standup: Standup, locale: str) -> list[str]:
    """The questions as asked: the standup's own, or the defaults in the reader's language."""
    return list(standup.questions) if standup.questions else [t(key, locale) for key in DEFAULT_QUESTIONS]


def rule_text(standup: Standup, locale: str) -> str:
    return describe(Recurrence.from_dict({**standup.rule, "tz": standup.tz}), locale)


def _numbered(asked: list[str]) -> str:
    return "\n".join(f"{i}. {escape(question)}" for i, question in enumerate(asked, 1))


def prompt(standup: Standup, run: StandupRun, asked: list[str], locale: str, tz: str, *,
           late: bool = False) -> Rendered:
    """The DM that asks: the questions, how to answer, when the report goes out, and the Answer button."""
    heading = t("standup.prompt", locale, channel=channel(standup.channel_id), day=day(run.run_date, locale))
    if late:
        heading += " " + t("reminder.late", locale)
    how = t("standup.prompt_how", locale)
    if run.report_due_at is not None:
        how += " " + t("standup.prompt_report_at", locale, when=date_token(run.report_due_at, tz))
    blocks = [bk.section(f"{heading}\n{_numbered(asked)}"), bk.context(how),
              bk.actions(bk.button(t("standup.btn.answer", locale), ANSWER, str(run.id), "primary"),
                         block_id=f"standup-{run.id}")]
    return fit(f"{heading} {' · '.join(escape(q) for q in asked)}", bk.SECTION_TEXT), blocks


def answer_modal(standup: Standup, run: StandupRun, asked: list[str], answers: list[str] | None,
                 locale: str) -> Block:
    """One multiline input per question, prefilled with the answers given so far; it carries back which run it
    answers (`{"run": id}`)."""
    fields = [bk.context(t("standup.modal.intro", locale, channel=channel(standup.channel_id),
                           day=day(run.run_date, locale)))]
    for i, question in enumerate(asked):
        given = answers[i] if answers and i < len(answers) else ""
        fields.append(bk.field(f"q{i}", escape(question),
                               bk.text_input(f"q{i}", initial=given, multiline=True, max_length=MAX_ANSWER),
                               optional=True))
    return bk.modal(ANSWER_FORM, t("standup.modal.title", locale), fields, submit=t("btn.save", locale),
                    close=t("btn.cancel", locale), private_metadata=json.dumps({"run": run.id}))


def _answers_text(asked: list[str], answers: list[str], limit: int) -> str:
    parts = []
    for i, question in enumerate(asked):
        answer = answers[i] if i < len(answers) else ""
        parts.append(f"*{escape(question)}*\n{clip(answer, 1200) if answer.strip() else '—'}")
    return fit("\n".join(parts), limit)


def recorded(standup: Standup, run: StandupRun, asked: list[str], answers: list[str], locale: str, tz: str, *,
             headline: str) -> Rendered:
    """The member's confirmation: what was recorded, until when it can change, and an Edit button."""
    note = t("standup.editable", locale)
    if run.report_due_at is not None:
        note += " " + t("standup.prompt_report_at", locale, when=date_token(run.report_due_at, tz))
    return headline, [bk.section(headline), bk.section(_answers_text(asked, answers, bk.SECTION_TEXT)),
                      bk.context(note),
                      bk.actions(bk.button(t("standup.btn.edit", locale), ANSWER, str(run.id)),
                                 block_id=f"standup-{run.id}")]


def report(standup: Standup, run: StandupRun, answered: list[Entry], *, asked: int, asked_questions: list[str],
           blocker_index: int | None, locale: str) -> Rendered:
    """The channel's report: who answered and what, then the blockers, each with a button that makes it a task.
    Nobody who did not answer is named here (the PMs are told by DM)."""
    heading = t("standup.report.heading", locale, number=standup.number, day=day(run.run_date, locale),
                channel=channel(standup.channel_id))
    count = t("standup.report.count", locale, answered=len(answered), asked=asked)
    blocks: list[Block] = [bk.section(f"{heading}\n{count}")]
    if not answered:
        blocks.append(bk.section(t("standup.report.nobody", locale)))
        return f"{heading} {count}", blocks
    blockers = [entry for entry in answered if entry.blocker]
    room = bk.MAX_BLOCKS - 3 - min(len(blockers), BLOCKER_BUTTONS) - (1 if len(blockers) > BLOCKER_BUTTONS else 0)
    chunks = _answer_chunks(answered, [q for i, q in enumerate(asked_questions) if i != blocker_index], blocker_index)
    if len(chunks) > room:
        chunks = chunks[: room - 1] + [t("standup.report.more", locale, count=len(chunks) - room + 1)]
    blocks += [bk.section(chunk) for chunk in chunks]
    if blockers:
        blocks += _blocker_blocks(run, blockers, locale)
    text = f"{heading} {count}"
    if blockers:
        text += " · " + t("standup.report.blocker_count", locale, count=len(blockers))
    return text, blocks[: bk.MAX_BLOCKS]


def _answer_chunks(answered: list[Entry], shown: list[str], blocker_index: int | None) -> list[str]:
    """Each member's answers (blockers aside), packed into as few sections as fit."""
    chunks, current = [], ""
    for entry in answered:
        kept = [answer for i, answer in enumerate(entry.answers) if i != blocker_index]
        part = f"{mention(entry.user_id)}\n{_answers_text(shown, kept, 2400)}"
        if current and len(current) + len(part) + 2 > bk.SECTION_TEXT:
            chunks.append(current)
            current = part
        else:
            current = f"{current}\n\n{part}" if current else part
    chunks.append(current)
    return chunks


def _blocker_blocks(run: StandupRun, blockers: list[Entry], locale: str) -> list[Block]:
    """A line per blocker with its Make-it-a-task button (or the task it became); the ones past the buttons'
    limit listed together."""
    found = [bk.section(t("standup.report.blockers", locale, count=len(blockers)))]
    for entry in blockers[:BLOCKER_BUTTONS]:
        line = f":rotating_light: {mention(entry.user_id)}: {clip(entry.blocker or '', 2800)}"
        if entry.task_number is not None:
            found.append(bk.section(line + "\n" + t("standup.report.task_made", locale, number=entry.task_number)))
        else:
            found.append(bk.section(line, accessory=bk.button(
                t("standup.btn.make_task", locale), BLOCKER_TASK, f"{run.id}:{entry.user_id}", "danger")))
    if len(blockers) > BLOCKER_BUTTONS:
        found.append(bk.section("\n".join(f":rotating_light: {mention(e.user_id)}: {clip(e.blocker or '', 300)}"
                                          for e in blockers[BLOCKER_BUTTONS:])))
    return found


def missing(standup: Standup, run: StandupRun, user_ids: list[str], locale: str) -> str:
    """For the PMs only: who was asked and did not answer."""
    return t("standup.missing", locale, number=standup.number, channel=channel(standup.channel_id),
             day=day(run.run_date, locale), people=", ".join(mention(u) for u in user_ids[:100]))


def setup_card(standup: Standup, run: StandupRun | None, firsts: list[tuple[str, datetime]], locale: str, tz: str, *,
               headline: str, note: str | None = None) -> Rendered:
    """The standup as set up: channel, schedule, questions, and when each member is first asked."""
    line = t("standup.card.line", locale, number=standup.number, channel=channel(standup.channel_id),
             rule=escape(rule_text(standup, locale)), minutes=standup.report_after_minutes)
    blocks = [bk.section(f"{headline}\n{line}\n{_numbered(questions(standup, locale))}")]
    if run is not None and firsts:
        lines = [f"• {mention(user)} {date_token(at, tz)}" for user, at in firsts[:FIRSTS_SHOWN]]
        if len(firsts) > FIRSTS_SHOWN:
            lines.append(t("standup.card.more_members", locale, count=len(firsts) - FIRSTS_SHOWN))
        first = t("standup.card.first", locale, day=day(run.run_date, locale))
        blocks.append(bk.section(first + "\n" + "\n".join(lines)))
    if not standup.questions:
        blocks.append(bk.context(t("standup.card.default_questions", locale)))
    if note:
        blocks.append(bk.context(note))
    return f"{headline} {line}", blocks


def history(standup: Standup, user_id: str, rows: list[tuple[StandupRun, list[str]]], asked: list[str],
            locale: str) -> Rendered:
    heading = t("standup.history.heading", locale, who=mention(user_id), channel=channel(standup.channel_id))
    if not rows:
        text = f"{heading}\n{t('standup.history.empty', locale)}"
        return text, [bk.section(text)]
    blocks = [bk.section(f"*{heading}*")]
    for run, answers in rows:
        blocks.append(bk.section(f"*{day(run.run_date, locale)}*\n{_answers_text(asked, answers, 2800)}"))
    return heading, blocks[: bk.MAX_BLOCKS]
