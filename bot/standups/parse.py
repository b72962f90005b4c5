"""Reading what people type for standups: the subcommand words, the setup text, which standup is meant, and what a
skip asks for.

A standup is named by its channel, public or private, as `in #channel`, `在 #channel` or just `#channel` (bot.core
.tokens reads them all). Setup takes its channel only from `in #channel` / `在 #channel`: the rest of its text is a
schedule, where a bare `#channel` means nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.core import tokens
from bot.core.errors import UserError
from bot.core.mrkdwn import escape, plain
from bot.core.numbers import parse_number
from bot.core.subcommands import Subcommands
from bot.standups import rules
from bot.text.deadlines import parse_deadline
from bot.text.recurrence import Recurrence
from bot.text.rules import parse_meeting

SUBCOMMANDS = Subcommands({
    "setup": ("set", "create", "设置", "创建", "新建"),
    "now": ("现在", "立即"),
    "report": ("汇总", "报告"),
    "pause": ("暂停",),
    "resume": ("恢复", "继续"),
    "skip": ("跳过", "请假"),
    "history": ("历史", "记录"),
})

QUESTIONS = re.compile(r"(?:\bquestions?|问题)\s*[:：]\s*(.*)\Z", re.I | re.S)
QUESTION_SEPARATOR = re.compile(r"[;；\n]+")
# No `\s*` around it: the white space is folded after it is cut out, and a leading `\s*` run with `.search` would
# start again at every space of a long run (quadratic).
REPORT_AFTER = re.compile(r"\breport\s+after\s+(\d{1,4})\s*(m|mins?|minutes?|h|hrs?|hours?)\b"
                          r"|(\d{1,4})\s*(分钟|小时)后(?:汇总|报告)", re.I)
UNTIL = re.compile(r"^(?:until|till|to|直到|到)\s*", re.I)
SKIP_OFF = {"off", "none", "cancel", "no", "取消", "无"}
END_OF_DAY = time(23, 59)


@dataclass(frozen=True)
class SetupRequest:
    """What `/standup setup [in #channel] <schedule> [questions: q1; q2] [report after 90 min]` asks for."""

    channel_id: str
    rule: Recurrence
    questions: list[str]
    report_after_minutes: int | None

    @property
    def stored_rule(self) -> dict:
        """The schedule without its zone: it is applied in each member's own."""
        return {key: value for key, value in self.rule.to_dict().items() if key != "tz"}


def setup_request(text: str, *, now: datetime, tz: str, default_channel: str | None) -> SetupRequest:
    """Slack's text of `/standup setup …`; the channel is `in #channel` or else the one the command was typed in.

    Tokens are read from Slack's text as sent (a `<#C…>` someone typed as text arrives escaped and is no channel);
    the questions are cut off first, so a channel a question mentions is not where the standup is."""
    questions: list[str] = []
    asked = QUESTIONS.search(text)
    if asked:
        split = (" ".join(question.split()) for question in QUESTION_SEPARATOR.split(plain(asked.group(1))))
        questions = rules.check_questions([question for question in split if question])
        text = text[: asked.start()]
    channel_id, text = tokens.take_in_channel(text)
    channel_id = channel_id or default_channel
    text = plain(text)
    report_after = None
    match = REPORT_AFTER.search(text)
    if match:
        amount, unit = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        minutes = int(amount) * (60 if unit.lower().startswith("h") or unit == "小时" else 1)
        report_after = rules.check_report_after(minutes)
        text = text[: match.start()] + " " + text[match.end():]
    if not channel_id or not channel_id.startswith(("C", "G")):
        raise UserError("standup.setup_where")
    parsed = parse_meeting("standup " + " ".join(text.split()), now=now, tz=tz) if text.strip() else None
    if parsed is None or parsed[1].freq == "once":
        raise UserError("standup.schedule_not_understood")
    return SetupRequest(channel_id, parsed[1], questions, report_after)


def named_channel(text: str) -> str | None:
    """The standup's channel named in a subcommand's text: `in #x` / `在 #x` first, else any `#x`."""
    channel_id, _ = tokens.take_in_channel(text)
    return channel_id or tokens.first_channel(text)


@dataclass(frozen=True)
class SkipRequest:
    """`/standup skip [in #x]` (the next run only), `skip until <date>`, `skip off`."""

    channel_id: str | None
    off: bool = False
    phrase: str = ""  # the date to skip until; empty: the next run only


def skip_request(text: str) -> SkipRequest:
    channel_id = named_channel(text)
    _, rest = tokens.take_in_channel(text)
    phrase = UNTIL.sub("", plain(tokens.CHANNEL.sub(" ", rest)).strip()).strip()
    if phrase.lower() in SKIP_OFF:
        return SkipRequest(channel_id, off=True)
    return SkipRequest(channel_id, phrase=phrase)


def skip_until(phrase: str, *, now: datetime, tz: str) -> datetime:
    """The end of a skip: a date's last minute, or the moment named."""
    deadline = parse_deadline(phrase, now=now, tz=tz, default_time=END_OF_DAY)
    if deadline is None:
        raise UserError("standup.skip_not_understood", words=escape(phrase[:60]))
    return deadline.due + timedelta(seconds=59) if deadline.date_only else deadline.due


def blocker_button(value: str) -> tuple[int, str]:
    """The Make-it-a-task button's value `run:member`; a forged one is a stale button."""
    run_word, _, member_id = value.partition(":")
    run_id = parse_number(run_word)
    if run_id is None or not member_id:
        raise UserError("stale_button")
    return run_id, member_id

