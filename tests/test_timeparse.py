"""Tables for bot.text.deadlines: exact UTC instants across zones, DST both ways, month ends, leap days, rollover.

Expected instants are worked out by hand from the rules in the module docstring (not copied from the
code's output), so a change of interpretation shows up here as a failing row.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.tasks.rules import MAX_TITLE
from bot.text.deadlines import (
    MAX_PHRASE,
    SPLIT_WINDOW,
    Deadline,
    Split,
    parse_deadline,
    split_deadline,
    warm_up,
)

NY, SH, BER, LA, SYD, ZULU = (
    "America/New_York", "Asia/Shanghai", "Europe/Berlin", "America/Los_Angeles", "Australia/Sydney", "UTC",
)  # fmt: skip
TUE = "2026-11-24 10:00"  # a Tuesday; New York is on EST (UTC-5), Shanghai is UTC+8


def local(stamp: str, zone: str) -> datetime:
    return datetime.fromisoformat(stamp).replace(tzinfo=ZoneInfo(zone))


def utc(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC)


# phrase, now (local wall time in tz), tz, expected UTC instant, date_only
PARSE_EN = [
    ("tomorrow 5pm", TUE, NY, "2026-11-25 22:00", False),
    ("by Friday", TUE, NY, "2026-11-27 22:00", True),
    ("next Monday 10:00", TUE, NY, "2026-11-30 15:00", False),
    ("this Friday", TUE, NY, "2026-11-27 22:00", True),
    ("next Friday", TUE, NY, "2026-12-04 22:00", True),
    ("in 3 days", TUE, NY, "2026-11-27 22:00", True),
    ("in 2 weeks", TUE, NY, "2026-12-08 22:00", True),
    ("in 2 hours", TUE, NY, "2026-11-24 17:00", False),
    ("Dec 5", TUE, NY, "2026-12-05 22:00", True),
    ("5 December 11:00", TUE, NY, "2026-12-05 16:00", False),
    ("December 5th at 3pm", TUE, NY, "2026-12-05 20:00", False),
    ("2026-12-05 14:00", TUE, NY, "2026-12-05 19:00", False),
    ("12/5", TUE, NY, "2026-12-05 22:00", True),
    ("25/12", TUE, NY, "2026-12-25 22:00", True),
    ("end of month", TUE, NY, "2026-11-30 22:00", True),
    ("EOD", TUE, NY, "2026-11-24 22:00", True),
    ("end of day", TUE, NY, "2026-11-24 22:00", True),
    ("EOW", TUE, NY, "2026-11-27 22:00", True),
    ("tonight", TUE, NY, "2026-11-25 01:00", False),
    ("noon", TUE, NY, "2026-11-24 17:00", False),
    ("today 3pm", TUE, NY, "2026-11-24 20:00", False),
    ("5pm", TUE, NY, "2026-11-24 22:00", False),
    ("9am", TUE, NY, "2026-11-25 14:00", False),
    ("on Monday", TUE, NY, "2026-11-30 22:00", True),
    ("at 5", TUE, NY, "2026-11-24 22:00", False),
    ("3:30", TUE, NY, "2026-11-24 20:30", False),
    ("by 5pm tomorrow", TUE, NY, "2026-11-25 22:00", False),
    ("friday at noon", TUE, NY, "2026-11-27 17:00", False),
    ("tomorrow morning", TUE, NY, "2026-11-25 14:00", False),
    ("midnight", TUE, NY, "2026-11-25 04:59", False),
    ("next week", TUE, NY, "2026-11-30 22:00", True),
    ("this month", TUE, NY, "2026-11-30 22:00", True),
    ("next month", TUE, NY, "2026-12-01 22:00", True),
    ("Friday next week", TUE, NY, "2026-12-04 22:00", True),
    ("end of next week", TUE, NY, "2026-12-04 22:00", True),
    ("the weekend", TUE, NY, "2026-11-28 22:00", True),
    ("Tue 1 Dec", TUE, NY, "2026-12-01 22:00", True),
    ("due: Friday 5pm", TUE, NY, "2026-11-27 22:00", False),
    ("in 3 business days", TUE, NY, "2026-11-27 22:00", True),
    ("in 3 business days", "2026-11-26 10:00", NY, "2026-12-01 22:00", True),
    ("15.03.2027", TUE, NY, "2027-03-15 21:00", True),
    ("tomorrow at 17h", TUE, NY, "2026-11-25 22:00", False),  # dateparser fallback
    ("3 Dec at 15.00", TUE, NY, "2026-12-03 20:00", False),  # dateparser fallback
    # today counts for a weekday only while its time is ahead; "today"/EOD after 17:00 -> 23:59
    ("Tuesday", TUE, NY, "2026-11-24 22:00", True),
    ("Tuesday", "2026-11-24 18:00", NY, "2026-12-01 22:00", True),
    ("EOD", "2026-11-24 18:00", NY, "2026-11-25 04:59", True),
    ("today", "2026-11-24 18:00", NY, "2026-11-25 04:59", True),
    ("by noon", "2026-11-24 13:00", NY, "2026-11-25 17:00", False),
    # "next Monday" said on a Sunday is 8 days away; plain "Monday" is tomorrow; on Saturday it is +2
    ("next Monday", "2026-11-29 10:00", NY, "2026-12-07 22:00", True),
    ("Monday", "2026-11-29 10:00", NY, "2026-11-30 22:00", True),
    ("next Monday", "2026-11-28 10:00", NY, "2026-11-30 22:00", True),
    # year rollover, and an absolute date after a DST change gets that day's offset
    ("Jan 3", "2026-12-30 10:00", NY, "2027-01-03 22:00", True),
    ("Dec 5", "2026-12-06 10:00", NY, "2027-12-05 22:00", True),
    ("2027-03-15 09:00", TUE, NY, "2027-03-15 13:00", False),
    # US spring forward 2027-03-14 02:00 -> 03:00: a gap time moves forward by the gap
    ("tomorrow 2:30am", "2027-03-13 12:00", NY, "2027-03-14 07:30", False),
    ("tomorrow 9am", "2027-03-13 12:00", NY, "2027-03-14 13:00", False),
    ("in 1 day", "2027-03-13 12:00", NY, "2027-03-14 21:00", True),
    ("in 24 hours", "2027-03-13 12:00", NY, "2027-03-14 17:00", False),
    # US fall back 2026-11-01 02:00 -> 01:00: an ambiguous time takes the first (EDT) occurrence
    ("tomorrow 1:30am", "2026-10-31 12:00", NY, "2026-11-01 05:30", False),
    ("Monday 9am", "2026-10-31 12:00", NY, "2026-11-02 14:00", False),
    # EU: spring 2027-03-28, autumn 2026-10-25
    ("tomorrow 2:30am", "2027-03-27 10:00", BER, "2027-03-28 01:30", False),
    ("tomorrow 10:00", "2027-03-27 10:00", BER, "2027-03-28 08:00", False),
    ("tomorrow 2:30am", "2026-10-24 10:00", BER, "2026-10-25 00:30", False),
    ("Monday 9am", "2026-10-24 10:00", BER, "2026-10-26 08:00", False),
    # Sydney: DST ends 2027-04-04 03:00 -> 02:00, starts 2026-10-04 02:00 -> 03:00
    ("tomorrow 2:30am", "2027-04-03 10:00", SYD, "2027-04-03 15:30", False),
    ("Monday 9am", "2027-04-03 10:00", SYD, "2027-04-04 23:00", False),
    ("tomorrow 2:30am", "2026-10-03 10:00", SYD, "2026-10-03 16:30", False),
    ("tomorrow 5pm", "2026-10-03 10:00", SYD, "2026-10-04 06:00", False),
    ("EOD", TUE, LA, "2026-11-25 01:00", True),
    ("tomorrow 5pm", TUE, LA, "2026-11-26 01:00", False),
    ("Friday 3pm", TUE, ZULU, "2026-11-27 15:00", False),
    # month ends and leap years
    ("tomorrow", "2028-02-28 10:00", ZULU, "2028-02-29 17:00", True),
    ("Feb 29", TUE, ZULU, "2028-02-29 17:00", True),
    ("end of month", "2028-02-10 10:00", ZULU, "2028-02-29 17:00", True),
    ("in 1 month", "2026-01-31 10:00", ZULU, "2026-02-28 17:00", True),
    ("end of month", "2026-11-30 18:00", NY, "2026-12-31 22:00", True),
    ("EOW", "2026-11-27 18:00", NY, "2026-12-04 22:00", True),
]

PARSE_ZH = [
    ("下周五", TUE, SH, "2026-12-04 09:00", True),
    ("本周五", TUE, SH, "2026-11-27 09:00", True),
    ("这周五", TUE, SH, "2026-11-27 09:00", True),
    ("周五前", TUE, SH, "2026-11-27 09:00", True),
    ("星期五", TUE, SH, "2026-11-27 09:00", True),
    ("礼拜五", TUE, SH, "2026-11-27 09:00", True),
    ("下下周一", TUE, SH, "2026-12-07 09:00", True),
    ("下周日", TUE, SH, "2026-12-06 09:00", True),
    ("周日", TUE, SH, "2026-11-29 09:00", True),
    ("12月5日", TUE, SH, "2026-12-05 09:00", True),
    ("12月5号下午3点", TUE, SH, "2026-12-05 07:00", False),
    ("十二月五号", TUE, SH, "2026-12-05 09:00", True),
    ("5号", TUE, SH, "2026-12-05 09:00", True),
    ("30号", TUE, SH, "2026-11-30 09:00", True),
    ("下个月15号", TUE, SH, "2026-12-15 09:00", True),
    ("2027年3月1日", TUE, SH, "2027-03-01 09:00", True),
    ("明年1月10日", TUE, SH, "2027-01-10 09:00", True),
    ("今天", TUE, SH, "2026-11-24 09:00", True),
    ("明天下午3点", TUE, SH, "2026-11-25 07:00", False),
    ("后天", TUE, SH, "2026-11-26 09:00", True),
    ("大后天上午10点", TUE, SH, "2026-11-27 02:00", False),
    ("三天后", TUE, SH, "2026-11-27 09:00", True),
    ("3天后", TUE, SH, "2026-11-27 09:00", True),
    ("两周后", TUE, SH, "2026-12-08 09:00", True),
    ("一个月后", TUE, SH, "2026-12-24 09:00", True),
    ("十天后", TUE, SH, "2026-12-04 09:00", True),
    ("二十一天后", TUE, SH, "2026-12-15 09:00", True),
    ("半小时后", TUE, SH, "2026-11-24 02:30", False),
    ("2小时后", TUE, SH, "2026-11-24 04:00", False),
    ("3个工作日内", TUE, SH, "2026-11-27 09:00", True),
    ("月底", TUE, SH, "2026-11-30 09:00", True),
    ("本月底", TUE, SH, "2026-11-30 09:00", True),
    ("12月底前", TUE, SH, "2026-12-31 09:00", True),
    ("下月初", TUE, SH, "2026-12-01 09:00", True),
    ("年底", TUE, SH, "2026-12-31 09:00", True),
    ("周末", TUE, SH, "2026-11-28 09:00", True),
    ("下周", TUE, SH, "2026-11-30 09:00", True),
    ("下午3点", TUE, SH, "2026-11-24 07:00", False),
    ("3点半", TUE, SH, "2026-11-24 07:30", False),
    ("下午三点一刻", TUE, SH, "2026-11-24 07:15", False),
    ("中午12点", TUE, SH, "2026-11-24 04:00", False),
    ("明天中午", TUE, SH, "2026-11-25 04:00", False),
    ("明早9点", TUE, SH, "2026-11-25 01:00", False),
    ("明晚8点", TUE, SH, "2026-11-25 12:00", False),
    ("今晚", TUE, SH, "2026-11-24 12:00", False),
    ("今晚9点半", TUE, SH, "2026-11-24 13:30", False),
    ("晚上12点", TUE, SH, "2026-11-24 15:59", False),
    ("下周五下午3点", TUE, SH, "2026-12-04 07:00", False),
    ("截止12月1日", TUE, SH, "2026-12-01 09:00", True),
    ("在周五之前", TUE, SH, "2026-11-27 09:00", True),
    ("明天 5pm", TUE, SH, "2026-11-25 09:00", False),
    ("下周五17:00", TUE, SH, "2026-12-04 09:00", False),
    ("今天", "2026-11-24 18:00", SH, "2026-11-24 15:59", True),
    # 本周五 on a Saturday is this week's (past) Friday; 下周一 on a Sunday is tomorrow
    ("本周五", "2026-11-28 10:00", SH, "2026-11-27 09:00", True),
    ("下周一", "2026-11-29 10:00", SH, "2026-11-30 09:00", True),
    ("周五", "2026-11-27 18:00", SH, "2026-12-04 09:00", True),
    ("1月3日", "2026-12-30 10:00", SH, "2027-01-03 09:00", True),
    ("3号", "2026-12-30 10:00", SH, "2027-01-03 09:00", True),
    ("月底", "2028-02-10 10:00", SH, "2028-02-29 09:00", True),
    ("2月29日", TUE, SH, "2028-02-29 09:00", True),
    # Chinese phrases from people in other zones, across DST changes
    ("下周一上午9点", "2027-03-10 10:00", NY, "2027-03-15 13:00", False),
    ("明天凌晨2点", "2027-03-13 12:00", NY, "2027-03-14 07:00", False),
    ("后天上午10点", "2027-03-26 10:00", BER, "2027-03-28 08:00", False),
    ("下周一", "2027-04-01 10:00", SYD, "2027-04-05 07:00", True),
    ("明天", "2026-10-31 12:00", LA, "2026-11-02 01:00", True),
]

PARSE_NONE = [
    "", "   ", "42", "3", "May", "blorpday", "Call Bob", "tomorrow's", "<@U123ABC>", "'; DROP TABLE tasks;--",
    "🎉", "\u200f", "Feb 30", "10%", "in 2", "周五例会", "五月", "3号楼", "三天前", "上周五", "每周一", "下午", "前",
]  # fmt: skip


@pytest.mark.parametrize(("phrase", "now", "tz", "due", "date_only"), PARSE_EN + PARSE_ZH)
def test_parse_deadline(phrase: str, now: str, tz: str, due: str, date_only: bool) -> None:
    got = parse_deadline(phrase, now=local(now, tz), tz=tz)
    assert got == Deadline(utc(due), phrase, date_only)
    assert got.due.tzinfo is UTC


@pytest.mark.parametrize("phrase", PARSE_NONE)
def test_parse_deadline_none(phrase: str) -> None:
    assert parse_deadline(phrase, now=local(TUE, NY), tz=NY) is None


# text, expected title, expected UTC instant (None: no deadline), phrase; now = TUE
SPLIT_EN = [
    ("Prepare the Q3 budget review tomorrow 5pm", "Prepare the Q3 budget review", "2026-11-25 22:00", "tomorrow 5pm"),
    ("renew the TLS cert by Friday", "renew the TLS cert", "2026-11-27 22:00", "by Friday"),
    ("task: renew the TLS cert  by Friday", "task: renew the TLS cert", "2026-11-27 22:00", "by Friday"),
    ("Send report tomorrow 5pm to Bob", "Send report to Bob", "2026-11-25 22:00", "tomorrow 5pm"),
    ("Call Bob at 5pm about the budget", "Call Bob about the budget", "2026-11-24 22:00", "at 5pm"),
    ("Ship the release, due Dec 5.", "Ship the release", "2026-12-05 22:00", "due Dec 5"),
    ("Send the deck, by Friday, to Bob", "Send the deck, to Bob", "2026-11-27 22:00", "by Friday"),
    ("Submit report (by Friday)", "Submit report", "2026-11-27 22:00", "by Friday"),
    ("Prepare Dec 5 recap by Friday", "Prepare Dec 5 recap", "2026-11-27 22:00", "by Friday"),
    ("Update deck Monday", "Update deck", "2026-11-30 22:00", "Monday"),
    ("Prep slides next Monday 10:00", "Prep slides", "2026-11-30 15:00", "next Monday 10:00"),
    ("Draft memo in 2 hours", "Draft memo", "2026-11-24 17:00", "in 2 hours"),
    ("Ping Ana in 45 mins", "Ping Ana", "2026-11-24 15:45", "in 45 mins"),
    ("Pay invoice 12/5", "Pay invoice", "2026-12-05 22:00", "12/5"),
    ("Close books end of month", "Close books", "2026-11-30 22:00", "end of month"),
    ("Deploy hotfix EOD", "Deploy hotfix", "2026-11-24 22:00", "EOD"),
    ("Renew domain on Monday", "Renew domain", "2026-11-30 22:00", "on Monday"),
    ("Write tests, by the end of the week", "Write tests", "2026-11-27 22:00", "by the end of the week"),
    ("Launch party tonight", "Launch party", "2026-11-25 01:00", "tonight"),
    ("meet at 5", "meet", "2026-11-24 22:00", "at 5"),
    ("Book the venue, due: 2026-12-05 14:00", "Book the venue", "2026-12-05 19:00", "due: 2026-12-05 14:00"),
    ("Archive logs tomorrow at 17h", "Archive logs", "2026-11-25 22:00", "tomorrow at 17h"),  # via dateparser
    ("Review PR 明天", "Review PR", "2026-11-25 22:00", "明天"),
    # no deadline: ordinary words stay in the title
    ("Update the Monday deck", "Update the Monday deck", None, None),
    ("Review the May report", "Review the May report", None, None),
    ("Call Bob", "Call Bob", None, None),
    ("Fix bug 42", "Fix bug 42", None, None),
    ("Plan next week's sprint", "Plan next week's sprint", None, None),
    ("Review tomorrow's agenda", "Review tomorrow's agenda", None, None),
    ("Book the 5pm slot for the demo", "Book the 5pm slot for the demo", None, None),
    ("Look at 5 tickets", "Look at 5 tickets", None, None),
    ("Fix 1/2 of the tests", "Fix 1/2 of the tests", None, None),
    ("Email Sun", "Email Sun", None, None),
    ("Sort tickets by name", "Sort tickets by name", None, None),
    ("Reviewed by Bob", "Reviewed by Bob", None, None),
    ("Increase the budget by 10%", "Increase the budget by 10%", None, None),
    ("Estimate: 3 days", "Estimate: 3 days", None, None),
    ("Upgrade Python to 3.12", "Upgrade Python to 3.12", None, None),
    ("Group reports by day", "Group reports by day", None, None),
    ("Pay rent first of the month", "Pay rent first of the month", None, None),
    ("Plan this month budget", "Plan this month budget", None, None),
    ("EOD report review", "EOD report review", None, None),
    ("Prepare end of month report", "Prepare end of month report", None, None),
    ("  Call   Bob  ,", "Call Bob", None, None),
]

SPLIT_ZH = [
    ("提交季度报告 下周五下午3点", "提交季度报告", "2026-12-04 07:00", "下周五下午3点"),
    ("提交季度报告下周五下午3点前", "提交季度报告", "2026-12-04 07:00", "下周五下午3点前"),
    ("明天下午3点前提交报告", "提交报告", "2026-11-25 07:00", "明天下午3点前"),
    ("请在周五前完成代码评审", "请完成代码评审", "2026-11-27 09:00", "在周五前"),
    ("提交报告，截止：12月1日", "提交报告", "2026-12-01 09:00", "截止：12月1日"),
    ("更新文档 月底前", "更新文档", "2026-11-30 09:00", "月底前"),
    ("准备年会材料 年底前", "准备年会材料", "2026-12-31 09:00", "年底前"),
    ("订机票 今晚", "订机票", "2026-11-24 12:00", "今晚"),
    ("发周报 明早9点", "发周报", "2026-11-25 01:00", "明早9点"),
    ("回复客户邮件 两小时内", "回复客户邮件", "2026-11-24 04:00", "两小时内"),
    ("续签合同 3个工作日内", "续签合同", "2026-11-27 09:00", "3个工作日内"),
    ("周五例会纪要 下周一前发出", "周五例会纪要发出", "2026-11-30 09:00", "下周一前"),
    ("提交 Q3 预算 12月5日下午3点", "提交 Q3 预算", "2026-12-05 07:00", "12月5日下午3点"),
    ("整理会议记录 周五", "整理会议记录", "2026-11-27 09:00", "周五"),
    ("三天后交设计稿", "交设计稿", "2026-11-27 09:00", "三天后"),
    ("下个月15号前续费", "续费", "2026-12-15 09:00", "下个月15号前"),
    ("提交报告 by Friday", "提交报告", "2026-11-27 09:00", "by Friday"),
    ("写周报 周末前", "写周报", "2026-11-28 09:00", "周末前"),
    ("准备材料，明天", "准备材料", "2026-11-25 09:00", "明天"),
    ("修复登录问题 今天。", "修复登录问题", "2026-11-24 09:00", "今天"),
    ("在下午3点开会", "开会", "2026-11-24 07:00", "在下午3点"),
    ("于12月5日前提交", "提交", "2026-12-05 09:00", "于12月5日前"),
    # no deadline
    ("周五例会纪要", "周五例会纪要", None, None),
    ("周五前端发布", "周五前端发布", None, None),
    ("三天前的报告", "三天前的报告", None, None),
    ("明天的会议纪要", "明天的会议纪要", None, None),
    ("维修3号楼", "维修3号楼", None, None),
    ("每周一例会", "每周一例会", None, None),
    ("上周五的报告整理", "上周五的报告整理", None, None),
    ("两周一次的例会", "两周一次的例会", None, None),
    ("整理5月报告", "整理5月报告", None, None),
    ("关于周五例会的通知", "关于周五例会的通知", None, None),
    ("正在周五处理", "正在周五处理", None, None),
]


def _check_split(got: Split, text: str, title: str, due: str | None, phrase: str | None) -> None:
    assert got.title == title
    if due is None:
        assert got.deadline is None
    else:
        assert got.deadline is not None
        assert (got.deadline.due, got.deadline.phrase) == (utc(due), phrase)
        assert got.deadline.due.tzinfo is UTC
        assert phrase in text
        assert got.not_understood is None


@pytest.mark.parametrize(("text", "title", "due", "phrase"), SPLIT_EN)
def test_split_en(text: str, title: str, due: str | None, phrase: str | None) -> None:
    got = split_deadline(text, now=local(TUE, NY), tz=NY)
    _check_split(got, text, title, due, phrase)
    assert got.not_understood is None


@pytest.mark.parametrize(("text", "title", "due", "phrase"), SPLIT_ZH)
def test_split_zh(text: str, title: str, due: str | None, phrase: str | None) -> None:
    got = split_deadline(text, now=local(TUE, SH), tz=SH)
    _check_split(got, text, title, due, phrase)
    assert got.not_understood is None


NOT_UNDERSTOOD = [
    ("finish the deck by blorpday", "by blorpday"),
    ("Submit expenses due: whenever", "due: whenever"),
    ("Ship v2 by next sprint", "by next sprint"),
    ("Renew the lease before Fryday", "before Fryday"),
    ("File taxes by December 2026", "by December 2026"),
    ("Close the deal due Q3", "due Q3"),
    ("截止下下下周八", "截止下下下周八"),
    ("提交报告 截止时间待定", "截止时间待定"),
]


@pytest.mark.parametrize(("text", "words"), NOT_UNDERSTOOD)
def test_not_understood_keeps_every_word(text: str, words: str) -> None:
    got = split_deadline(text, now=local(TUE, NY), tz=NY)
    assert got == Split(text, None, words)


def test_now_in_another_zone_is_read_in_the_speakers_zone() -> None:
    # 03:00 UTC on the 25th is still the evening of the 24th in New York: "tomorrow" is the 25th there.
    got = parse_deadline("tomorrow", now=utc("2026-11-25 03:00"), tz=NY)
    assert got is not None and got.due == utc("2026-11-25 22:00")
    got = parse_deadline("tomorrow 5pm", now=local(TUE, SH), tz=NY)  # 21:00 on the 23rd in New York
    assert got is not None and got.due == utc("2026-11-24 22:00")


@pytest.mark.parametrize("tz", ["Mars/Olympus", "", "../../etc/passwd", "utc ", None])
def test_invalid_zone_falls_back_to_utc(tz: str) -> None:
    got = parse_deadline("tomorrow 5pm", now=local(TUE, NY), tz=tz)
    assert got == Deadline(utc("2026-11-25 17:00"), "tomorrow 5pm", False)


def test_default_time_is_the_teams() -> None:
    got = parse_deadline("Friday", now=local(TUE, BER), tz=BER, default_time=time(9, 30))
    assert got == Deadline(utc("2026-11-27 08:30"), "Friday", True)
    got = split_deadline("发布 下周一", now=local(TUE, SH), tz=SH, default_time=time(12, 0))
    assert got.deadline == Deadline(utc("2026-11-30 04:00"), "下周一", True)


# Long text: phrases are looked for in the last SPLIT_WINDOW characters before the trailing punctuation; the title
# is still the whole text. Every valid task fits in the window, so nothing a task can be is read differently.
FILLER = "lorem " * 2_000  # 12,000 characters of title
LONG = [
    (FILLER + "Ship it tomorrow 5pm", FILLER + "Ship it", "2026-11-25 22:00", "tomorrow 5pm"),
    (FILLER + "Ship it by Friday" + " -" * 10_000, FILLER + "Ship it", "2026-11-27 22:00", "by Friday"),
    (FILLER + "提交报告 下周五下午3点前", FILLER + "提交报告", "2026-12-04 20:00", "下周五下午3点前"),
    ("Ship it by Friday " + FILLER, "Ship it by Friday " + FILLER.strip(), None, None),  # too far back to be read
    ("x" + "-" * 20_000 + "x tomorrow", "x" + "-" * 20_000 + "x", "2026-11-25 22:00", "tomorrow"),
]


@pytest.mark.parametrize(("text", "title", "due", "phrase"), LONG, ids=range(len(LONG)))
def test_split_reads_the_end_of_a_long_text(text: str, title: str, due: str | None, phrase: str | None) -> None:
    got = split_deadline(text, now=local(TUE, NY), tz=NY)
    _check_split(got, text, title, due, phrase)
    assert got.not_understood is None


def test_the_window_holds_a_whole_valid_task() -> None:
    title = "t" * MAX_TITLE
    got = split_deadline(f"{title} by Friday more words", now=local(TUE, NY), tz=NY)
    assert got.deadline is not None and got.title == f"{title} more words"
    assert MAX_TITLE + MAX_PHRASE < SPLIT_WINDOW


WEIRD = [
    "", " ", "x" * 20_000, "by " * 7_000, "下" * 20_000, "明天下午3点前" * 2_000, "\x00\x01\x02 by \x7f tomorrow",
    "🎉🔥 deploy 🚀 tomorrow 5pm 🎉", "\u200f\u202eتجديد الشهادة\u202c by Friday", "<@U123|bob> <#C1|general> <!here>",
    "'; DROP TABLE tasks; -- by Friday", "\ud800 lone surrogate", "截止" * 5_000, "12/5/" * 3_000, "at at at 5 5 5",
]  # fmt: skip


@pytest.mark.parametrize("text", WEIRD, ids=range(len(WEIRD)))
def test_never_raises(text: str) -> None:
    got = split_deadline(text, now=local(TUE, NY), tz=NY)
    assert isinstance(got.title, str)
    parse_deadline(text, now=local(TUE, NY), tz=NY)


def test_naive_now_and_bad_types_do_not_raise() -> None:
    assert parse_deadline("tomorrow 5pm", now=datetime(2026, 11, 24, 15, 0), tz=ZULU) is not None
    assert split_deadline(None, now=local(TUE, NY), tz=NY) == Split("", None, None)  # type: ignore[arg-type]
    assert parse_deadline(42, now=local(TUE, NY), tz=NY) is None  # type: ignore[arg-type]


def test_warm_up() -> None:
    warm_up()
    warm_up()


FRAGMENTS = [
    "tomorrow", "5pm", "by", "Friday", "next", "Monday", "10:00", "in", "3", "days", "Dec", "5", "12/5", "EOD",
    "at", "due", "end of month", "下周五", "下午3点", "前", "截止", "明天", "号", "月", "三天后", "在", "之前", "的",
    "，", ":",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=120),
        st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=12).map(" ".join),
        st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join),
    ),
    st.sampled_from([NY, SH, BER, LA, SYD, ZULU]),
)
def test_split_never_raises(text: str, tz: str) -> None:
    got = split_deadline(text, now=local("2027-03-14 01:59", NY), tz=tz)
    assert isinstance(got.title, str)
    assert got.not_understood is None or isinstance(got.not_understood, str)
    if got.deadline is not None:
        assert got.deadline.due.tzinfo is UTC
        assert got.deadline.phrase and got.deadline.phrase in text
    parsed = parse_deadline(text, now=local(TUE, SH), tz=tz)
    assert parsed is None or parsed.due.tzinfo is UTC
