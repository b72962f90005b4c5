"""Tables for bot.text.recurrence/rules: parsing (title and fields), exact UTC occurrences across zones, DST both ways,
month ends, leap years, year rollover, interval phases, one-offs; describe() in English and Chinese; properties.

Expected instants are worked out by hand from the rules in the module docstring (local wall time, then the
zone's offset on that date), not copied from the code's output.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.text.describe import describe
from bot.text.recurrence import Recurrence, next_occurrence, occurrences
from bot.text.rules import parse_meeting

NY, SH, BER, SYD, ZULU = "America/New_York", "Asia/Shanghai", "Europe/Berlin", "Australia/Sydney", "UTC"
TUE = "2026-11-24 10:00"  # a Tuesday; New York is on EST (UTC-5), Shanghai is UTC+8
WEEKDAYS = (0, 1, 2, 3, 4)


def local(stamp: str, zone: str) -> datetime:
    return datetime.fromisoformat(stamp).replace(tzinfo=ZoneInfo(zone))


def utc(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC)


def weekly(days, interval=1):
    return {"freq": "weekly", "weekdays": days, "interval": interval}


def monthly(interval=1, **kw):
    return {"freq": "monthly", "interval": interval, **kw}


# text, now (local wall time in tz), tz, title, fields (plus hour/minute), next three occurrences in UTC
PARSE = [
    ("Weekly sync every Monday 10am", TUE, NY, "Weekly sync", weekly((0,)), (10, 0),
     ["2026-11-30 15:00", "2026-12-07 15:00", "2026-12-14 15:00"]),
    ("Standup every weekday at 9:30", TUE, NY, "Standup", weekly(WEEKDAYS), (9, 30),
     ["2026-11-25 14:30", "2026-11-26 14:30", "2026-11-27 14:30"]),
    ("Budget review every Tuesday and Thursday at 2:15pm", TUE, NY, "Budget review", weekly((1, 3)), (14, 15),
     ["2026-11-24 19:15", "2026-11-26 19:15", "2026-12-01 19:15"]),
    ("Retro every 2 weeks on Friday 4pm", TUE, NY, "Retro", weekly((4,), 2), (16, 0),
     ["2026-11-27 21:00", "2026-12-11 21:00", "2026-12-25 21:00"]),
    ("Ops review first Monday of the month 10:00", TUE, NY, "Ops review", monthly(nth=1, weekdays=(0,)), (10, 0),
     ["2026-12-07 15:00", "2027-01-04 15:00", "2027-02-01 15:00"]),
    ("every day at 9", TUE, NY, "", {"freq": "daily"}, (9, 0),
     ["2026-11-25 14:00", "2026-11-26 14:00", "2026-11-27 14:00"]),
    ("daily 9am", TUE, NY, "", {"freq": "daily"}, (9, 0),
     ["2026-11-25 14:00", "2026-11-26 14:00", "2026-11-27 14:00"]),
    ("every other Wednesday 11am", TUE, NY, "", weekly((2,), 2), (11, 0),
     ["2026-11-25 16:00", "2026-12-09 16:00", "2026-12-23 16:00"]),
    ("weekly on Monday at 10:00", TUE, NY, "", weekly((0,)), (10, 0),
     ["2026-11-30 15:00", "2026-12-07 15:00", "2026-12-14 15:00"]),
    ("every month on the 15th at 10:00", TUE, NY, "", monthly(month_day=15), (10, 0),
     ["2026-12-15 15:00", "2027-01-15 15:00", "2027-02-15 15:00"]),
    ("monthly on the 1st 9am", TUE, NY, "", monthly(month_day=1), (9, 0),
     ["2026-12-01 14:00", "2027-01-01 14:00", "2027-02-01 14:00"]),
    ("last Friday of the month 4pm", TUE, NY, "", monthly(nth=-1, weekdays=(4,)), (16, 0),
     ["2026-11-27 21:00", "2026-12-25 21:00", "2027-01-29 21:00"]),
    ("every Mon, Wed and Fri 8:30am", TUE, NY, "", weekly((0, 2, 4)), (8, 30),
     ["2026-11-25 13:30", "2026-11-27 13:30", "2026-11-30 13:30"]),
    ("every weekday 17:30", TUE, NY, "", weekly(WEEKDAYS), (17, 30),
     ["2026-11-24 22:30", "2026-11-25 22:30", "2026-11-26 22:30"]),
    ("on weekdays at 9", TUE, NY, "", weekly(WEEKDAYS), (9, 0),
     ["2026-11-25 14:00", "2026-11-26 14:00", "2026-11-27 14:00"]),
    # said at 10:00 exactly: today's 10:00 is not strictly after now, so the phase starts tomorrow
    ("every 3 days at 10", TUE, NY, "", {"freq": "daily", "interval": 3}, (10, 0),
     ["2026-11-25 15:00", "2026-11-28 15:00", "2026-12-01 15:00"]),
    ("second Tuesday of every month at 14:00", TUE, NY, "", monthly(nth=2, weekdays=(1,)), (14, 0),
     ["2026-12-08 19:00", "2027-01-12 19:00", "2027-02-09 19:00"]),
    # more English forms
    ("Standup 9am every weekday", TUE, NY, "Standup", weekly(WEEKDAYS), (9, 0),
     ["2026-11-25 14:00", "2026-11-26 14:00", "2026-11-27 14:00"]),
    ("Sync on Mondays and Thursdays at 10", TUE, NY, "Sync", weekly((0, 3)), (10, 0),
     ["2026-11-26 15:00", "2026-11-30 15:00", "2026-12-03 15:00"]),
    ("Sync Mon-Fri 9am.", TUE, NY, "Sync", weekly(WEEKDAYS), (9, 0),
     ["2026-11-25 14:00", "2026-11-26 14:00", "2026-11-27 14:00"]),
    ("1:1 — biweekly on Thursday 3pm 🎉", TUE, NY, "1:1", weekly((3,), 2), (15, 0),
     ["2026-11-26 20:00", "2026-12-10 20:00", "2026-12-24 20:00"]),
    ("Close every month on the last day at 5pm", TUE, NY, "Close", monthly(month_day=-1), (17, 0),
     ["2026-11-30 22:00", "2026-12-31 22:00", "2027-01-31 22:00"]),
    ("Board the 3rd Wednesday of every 2 months at 10:00", TUE, NY, "Board", monthly(2, nth=3, weekdays=(2,)),
     (10, 0), ["2026-12-16 15:00", "2027-02-17 15:00", "2027-04-21 14:00"]),  # April is on EDT
    ("Payroll every 31st at 9am", TUE, NY, "Payroll", monthly(month_day=31), (9, 0),
     ["2026-11-30 14:00", "2026-12-31 14:00", "2027-01-31 14:00"]),
    ("Gym every other day at 7am", TUE, NY, "Gym", {"freq": "daily", "interval": 2}, (7, 0),
     ["2026-11-25 12:00", "2026-11-27 12:00", "2026-11-29 12:00"]),
    # Chinese (Shanghai, UTC+8, no DST)
    ("项目周会 每周一上午10点", TUE, SH, "项目周会", weekly((0,)), (10, 0),
     ["2026-11-30 02:00", "2026-12-07 02:00", "2026-12-14 02:00"]),
    ("项目周会每周一上午10点", TUE, SH, "项目周会", weekly((0,)), (10, 0),
     ["2026-11-30 02:00", "2026-12-07 02:00", "2026-12-14 02:00"]),
    ("运营例会 每个工作日下午5点半", TUE, SH, "运营例会", weekly(WEEKDAYS), (17, 30),
     ["2026-11-24 09:30", "2026-11-25 09:30", "2026-11-26 09:30"]),
    ("双周会 每两周周五下午4点", TUE, SH, "双周会", weekly((4,), 2), (16, 0),
     ["2026-11-27 08:00", "2026-12-11 08:00", "2026-12-25 08:00"]),
    ("月度复盘 每月第一个周一10点", TUE, SH, "月度复盘", monthly(nth=1, weekdays=(0,)), (10, 0),
     ["2026-12-07 02:00", "2027-01-04 02:00", "2027-02-01 02:00"]),
    ("每天上午9点", TUE, SH, "", {"freq": "daily"}, (9, 0),
     ["2026-11-25 01:00", "2026-11-26 01:00", "2026-11-27 01:00"]),
    ("每周二和周四下午2点15分", TUE, SH, "", weekly((1, 3)), (14, 15),
     ["2026-11-24 06:15", "2026-11-26 06:15", "2026-12-01 06:15"]),
    ("每周一、三、五 8:30", TUE, SH, "", weekly((0, 2, 4)), (8, 30),
     ["2026-11-25 00:30", "2026-11-27 00:30", "2026-11-30 00:30"]),
    ("每月15号上午10点", TUE, SH, "", monthly(month_day=15), (10, 0),
     ["2026-12-15 02:00", "2027-01-15 02:00", "2027-02-15 02:00"]),
    ("每月最后一个周五下午4点", TUE, SH, "", monthly(nth=-1, weekdays=(4,)), (16, 0),
     ["2026-11-27 08:00", "2026-12-25 08:00", "2027-01-29 08:00"]),
    ("隔周周三上午11点", TUE, SH, "", weekly((2,), 2), (11, 0),
     ["2026-11-25 03:00", "2026-12-09 03:00", "2026-12-23 03:00"]),
    ("工作日每天9点半", TUE, SH, "", weekly(WEEKDAYS), (9, 30),
     ["2026-11-25 01:30", "2026-11-26 01:30", "2026-11-27 01:30"]),
    ("站会：周一至周五每天9点", TUE, SH, "站会", weekly(WEEKDAYS), (9, 0),
     ["2026-11-25 01:00", "2026-11-26 01:00", "2026-11-27 01:00"]),
    ("周会 每周五五点", TUE, SH, "周会", weekly((4,)), (17, 0),  # 五点 without 上午 is working hours
     ["2026-11-27 09:00", "2026-12-04 09:00", "2026-12-11 09:00"]),
    ("复盘 每月底下午5点", TUE, SH, "复盘", monthly(month_day=-1), (17, 0),
     ["2026-11-30 09:00", "2026-12-31 09:00", "2027-01-31 09:00"]),
    ("季度会 每三个月15号10点", TUE, SH, "季度会", monthly(3, month_day=15), (10, 0),
     ["2026-12-15 02:00", "2027-03-15 02:00", "2027-06-15 02:00"]),
    ("每周日 晚上8点", TUE, SH, "", weekly((6,)), (20, 0),
     ["2026-11-29 12:00", "2026-12-06 12:00", "2026-12-13 12:00"]),
    # other zones: Berlin, Sydney, UTC
    ("Jour fixe every Thursday 10:00", TUE, BER, "Jour fixe", weekly((3,)), (10, 0),
     ["2026-11-26 09:00", "2026-12-03 09:00", "2026-12-10 09:00"]),
    ("Team sync every Monday 9am", TUE, SYD, "Team sync", weekly((0,)), (9, 0),
     ["2026-11-29 22:00", "2026-12-06 22:00", "2026-12-13 22:00"]),
    ("Year-end review every Thursday 10:00", "2026-12-30 12:00", ZULU, "Year-end review", weekly((3,)), (10, 0),
     ["2026-12-31 10:00", "2027-01-07 10:00", "2027-01-14 10:00"]),
    # "every Monday 10am" said on Monday at 09:00 first occurs today
    ("Weekly sync every Monday 10am", "2026-11-30 09:00", NY, "Weekly sync", weekly((0,)), (10, 0),
     ["2026-11-30 15:00", "2026-12-07 15:00", "2026-12-14 15:00"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "now", "tz", "title", "fields", "hm", "expected"), PARSE)
def test_parse_and_next_three(text, now, tz, title, fields, hm, expected):
    start = local(now, tz)
    got = parse_meeting(text, now=start, tz=tz)
    assert got is not None, text
    got_title, rec = got
    assert got_title == title
    assert (rec.hour, rec.minute, rec.tz) == (*hm, tz)
    want = {"interval": 1, "weekdays": (), "nth": None, "month_day": None, "once_at": None, **fields}
    assert {k: getattr(rec, k) for k in want} == want
    assert occurrences(rec, start, 3) == [utc(e) for e in expected]
    # the anchor is the local date of the first occurrence
    assert rec.anchor == utc(expected[0]).astimezone(ZoneInfo(tz)).date().isoformat()
    assert next_occurrence(rec, start) == utc(expected[0])


# one-offs: text, now, tz, title, instant (UTC), local wall (hour, minute)
ONE_OFF = [
    ("Kickoff tomorrow 3pm", TUE, NY, "Kickoff", "2026-11-25 20:00", (15, 0)),
    ("明天下午3点", TUE, SH, "", "2026-11-25 07:00", (15, 0)),
    ("Launch review Friday at noon", TUE, NY, "Launch review", "2026-11-27 17:00", (12, 0)),
    ("Daily standup tomorrow 9am", TUE, NY, "Daily standup", "2026-11-25 14:00", (9, 0)),
    ("客户演示 12月5号下午3点", TUE, SH, "客户演示", "2026-12-05 07:00", (15, 0)),
    ("Kickoff 3pm tomorrow", TUE, BER, "Kickoff", "2026-11-25 14:00", (15, 0)),
]


@pytest.mark.parametrize(("text", "now", "tz", "title", "instant", "hm"), ONE_OFF)
def test_one_off(text, now, tz, title, instant, hm):
    start = local(now, tz)
    got_title, rec = parse_meeting(text, now=start, tz=tz)
    assert got_title == title
    assert (rec.freq, rec.once_at, (rec.hour, rec.minute)) == ("once", utc(instant).isoformat(), hm)
    assert occurrences(rec, start, 3) == [utc(instant)]
    assert next_occurrence(rec, utc(instant)) is None


def test_one_off_in_the_past_is_parsed_but_has_no_next_occurrence():
    now = local(TUE, NY)
    title, rec = parse_meeting("Old kickoff 2020-01-01 10:00", now=now, tz=NY)
    assert (title, rec.freq, rec.once_at) == ("Old kickoff", "once", "2020-01-01T15:00:00+00:00")
    assert next_occurrence(rec, now) is None and occurrences(rec, now, 3) == []


REFUSED = [
    "Team lunch sometime soonish",
    "Standup every weekday",  # a recurrence without a time
    "Retro every 2 weeks on Friday",
    "Ops review first Monday of the month",
    "项目周会 每周一",
    "每天",
    "Weekly sync every Monday morning",  # a part of the day is not a meeting time
    "每周一上午",
    "every day at midnight",
    "Kickoff tomorrow",  # a date without a time
    "Kickoff tomorrow morning",
    "明天",
    "every week at 10am",  # no day
    "每周 10点",
    "every month at 9am",
    "every second Friday 4pm",  # every other week, or the 2nd Friday of the month?
    "每隔两周周五下午4点",  # every 2 or every 3 weeks?
    "Sync every blah Friday 4pm",  # a rule we could not read is not a one-off
    "every 0 days at 10",
    "every 400 days at 10",
    "every 13 months on the 1st at 9am",
    "每月32号上午10点",
    "every day at 25:00",
    "",
    "   ",
]


@pytest.mark.parametrize("text", REFUSED)
def test_refused(text):
    assert parse_meeting(text, now=local(TUE, NY), tz=NY) is None


@pytest.mark.parametrize(
    ("text", "now", "tz"),
    [
        (None, local(TUE, NY), NY),
        (42, local(TUE, NY), NY),
        ("every day at 9", None, NY),
        ("every day at 9", "2026-11-24", NY),
        ("x" * 20_000, local(TUE, NY), NY),
        ("every " * 4000, local(TUE, NY), NY),
        ("每" * 20_000, local(TUE, NY), NY),
        ("\x00\x01\x1b[31m every\u200b day \ud800 at 9", local(TUE, NY), NY),
        ("🎉" * 5000 + " every Monday 10am", local(TUE, NY), NY),
    ],
)
def test_hostile_input_never_raises(text, now, tz):
    got = parse_meeting(text, now=now, tz=tz)
    assert got is None or isinstance(got[1], Recurrence)


def test_long_title_and_odd_zone():
    title, rec = parse_meeting("x" * 20_000 + " every Monday 10am", now=local(TUE, NY), tz=NY)
    assert title == "x" * 20_000 and rec.weekdays == (0,)
    _, rec = parse_meeting("Sync every Monday 10am", now=local(TUE, NY), tz="Mars/Olympus_Mons")
    assert rec.tz == "UTC"  # an unknown zone means UTC, as for deadlines
    _, rec = parse_meeting("Sync every Monday 10am", now=datetime(2026, 11, 24, 10), tz=ZULU)  # naive = UTC
    assert next_occurrence(rec, utc("2026-11-24 10:00")) == utc("2026-11-30 10:00")


# Occurrences of hand-built rules: DST both ways, gaps and folds, month ends, leap years, phases.
OCC = [
    # US spring forward 2027-03-14 02:00 -> 03:00: the wall time stays, the UTC offset changes
    (dict(freq="daily", hour=9, minute=0, tz=NY), "2027-03-12 12:00",
     ["2027-03-13 14:00", "2027-03-14 13:00", "2027-03-15 13:00"]),
    # ... and a time in the gap moves forward by the gap (02:30 -> 03:30 EDT)
    (dict(freq="daily", hour=2, minute=30, tz=NY), "2027-03-13 12:00",
     ["2027-03-14 07:30", "2027-03-15 06:30", "2027-03-16 06:30"]),
    # US fall back 2026-11-01 02:00 -> 01:00: an ambiguous time takes its first (EDT) occurrence
    (dict(freq="weekly", hour=1, minute=30, tz=NY, weekdays=(6,)), "2026-10-30 12:00",
     ["2026-11-01 05:30", "2026-11-08 06:30", "2026-11-15 06:30"]),
    (dict(freq="weekly", hour=10, minute=0, tz=NY, weekdays=(0,)), "2026-10-20 12:00",
     ["2026-10-26 14:00", "2026-11-02 15:00", "2026-11-09 15:00"]),
    # EU spring 2027-03-28 02:00 -> 03:00
    (dict(freq="daily", hour=10, minute=0, tz=BER), "2027-03-26 12:00",
     ["2027-03-27 09:00", "2027-03-28 08:00", "2027-03-29 08:00"]),
    (dict(freq="weekly", hour=2, minute=30, tz=BER, weekdays=(6,)), "2027-03-26 12:00",
     ["2027-03-28 01:30", "2027-04-04 00:30", "2027-04-11 00:30"]),
    # EU autumn 2026-10-25 03:00 -> 02:00
    (dict(freq="weekly", hour=2, minute=30, tz=BER, weekdays=(6,)), "2026-10-20 12:00",
     ["2026-10-25 00:30", "2026-11-01 01:30", "2026-11-08 01:30"]),
    (dict(freq="weekly", hour=9, minute=0, tz=BER, weekdays=WEEKDAYS), "2026-10-22 12:00",
     ["2026-10-23 07:00", "2026-10-26 08:00", "2026-10-27 08:00"]),
    # Sydney: DST ends 2027-04-04 03:00 -> 02:00 (ambiguous 02:30 takes AEDT), starts 2026-10-04 02:00 -> 03:00
    (dict(freq="weekly", hour=2, minute=30, tz=SYD, weekdays=(6,)), "2027-04-01 12:00",
     ["2027-04-03 15:30", "2027-04-10 16:30", "2027-04-17 16:30"]),
    (dict(freq="daily", hour=9, minute=0, tz=SYD), "2027-04-02 12:00",
     ["2027-04-02 22:00", "2027-04-03 23:00", "2027-04-04 23:00"]),
    (dict(freq="weekly", hour=2, minute=30, tz=SYD, weekdays=(6,)), "2026-10-01 12:00",
     ["2026-10-03 16:30", "2026-10-10 15:30", "2026-10-17 15:30"]),
    (dict(freq="monthly", hour=10, minute=0, tz=SYD, nth=1, weekdays=(0,)), "2026-09-01 12:00",
     ["2026-09-07 00:00", "2026-10-04 23:00", "2026-11-01 23:00"]),
    # the 31st in 30-day months and February; leap years
    (dict(freq="monthly", hour=10, minute=0, tz=ZULU, month_day=31), "2026-11-01 00:00",
     ["2026-11-30 10:00", "2026-12-31 10:00", "2027-01-31 10:00"]),
    (dict(freq="monthly", hour=10, minute=0, tz=ZULU, month_day=31), "2027-01-31 12:00",
     ["2027-02-28 10:00", "2027-03-31 10:00", "2027-04-30 10:00"]),
    (dict(freq="monthly", hour=10, minute=0, tz=ZULU, month_day=31), "2028-01-31 12:00",
     ["2028-02-29 10:00", "2028-03-31 10:00", "2028-04-30 10:00"]),
    (dict(freq="monthly", hour=10, minute=0, tz=ZULU, month_day=29), "2027-01-31 12:00",
     ["2027-02-28 10:00", "2027-03-29 10:00", "2027-04-29 10:00"]),
    (dict(freq="monthly", hour=10, minute=0, tz=ZULU, month_day=-1), "2028-02-01 00:00",
     ["2028-02-29 10:00", "2028-03-31 10:00", "2028-04-30 10:00"]),
    (dict(freq="daily", hour=10, minute=0, tz=ZULU), "2028-02-28 12:00",
     ["2028-02-29 10:00", "2028-03-01 10:00", "2028-03-02 10:00"]),
    # first/last weekday of the month, across the year end; a 5th Friday skips months without one
    (dict(freq="monthly", hour=9, minute=0, tz=ZULU, nth=1, weekdays=(0,)), "2026-12-08 00:00",
     ["2027-01-04 09:00", "2027-02-01 09:00", "2027-03-01 09:00"]),
    (dict(freq="monthly", hour=16, minute=0, tz=ZULU, nth=-1, weekdays=(6,)), "2026-12-01 00:00",
     ["2026-12-27 16:00", "2027-01-31 16:00", "2027-02-28 16:00"]),
    (dict(freq="monthly", hour=10, minute=0, tz=ZULU, nth=5, weekdays=(4,)), "2026-11-24 00:00",
     ["2027-01-29 10:00", "2027-04-30 10:00", "2027-07-30 10:00"]),
    (dict(freq="monthly", hour=10, minute=0, tz=ZULU, nth=5, weekdays=(1,)), "2028-02-01 00:00",  # leap Feb
     ["2028-02-29 10:00", "2028-05-30 10:00", "2028-08-29 10:00"]),
    # phases count from the anchor, also when asked long after it
    (dict(freq="weekly", hour=16, minute=0, tz=ZULU, weekdays=(4,), interval=2, anchor="2026-11-27"),
     "2026-12-01 00:00", ["2026-12-11 16:00", "2026-12-25 16:00", "2027-01-08 16:00"]),
    (dict(freq="weekly", hour=9, minute=0, tz=ZULU, weekdays=(1, 3), interval=2, anchor="2026-11-26"),
     "2026-11-24 00:00", ["2026-11-26 09:00", "2026-12-08 09:00", "2026-12-10 09:00"]),
    (dict(freq="daily", hour=10, minute=0, tz=ZULU, interval=3, anchor="2026-11-25"), "2026-12-31 12:00",
     ["2027-01-03 10:00", "2027-01-06 10:00", "2027-01-09 10:00"]),
    (dict(freq="monthly", hour=9, minute=0, tz=ZULU, month_day=1, interval=2, anchor="2026-12-01"),
     "2027-01-15 00:00", ["2027-02-01 09:00", "2027-04-01 09:00", "2027-06-01 09:00"]),
    (dict(freq="monthly", hour=9, minute=0, tz=ZULU, month_day=31, interval=3, anchor="2026-11-30"),
     "2026-12-01 00:00", ["2027-02-28 09:00", "2027-05-31 09:00", "2027-08-31 09:00"]),
    # nothing before the anchor
    (dict(freq="weekly", hour=10, minute=0, tz=ZULU, weekdays=(0,), anchor="2027-01-04"), "2026-11-24 00:00",
     ["2027-01-04 10:00", "2027-01-11 10:00", "2027-01-18 10:00"]),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "after", "expected"), OCC)
def test_occurrences(fields, after, expected):
    rec = Recurrence(**fields)
    start = local(after, rec.tz)
    assert occurrences(rec, start, 3) == [utc(e) for e in expected]
    # strictly after: asking from an occurrence gives the next one; `after` may be in any zone
    assert next_occurrence(rec, utc(expected[0])) == utc(expected[1])
    assert next_occurrence(rec, utc(expected[0]).astimezone(ZoneInfo(SH))) == utc(expected[1])
    assert next_occurrence(rec, utc(expected[0]) - timedelta(seconds=1)) == utc(expected[0])


def test_parse_sets_the_phase_of_every_two_weeks_from_the_first_occurrence():
    # said on Saturday: the first Friday is next week's, and the phase follows it
    now = local("2026-11-28 10:00", NY)
    _, rec = parse_meeting("Retro every 2 weeks on Friday 4pm", now=now, tz=NY)
    assert rec.anchor == "2026-12-04"
    assert occurrences(rec, now, 3) == [utc("2026-12-04 21:00"), utc("2026-12-18 21:00"), utc("2027-01-01 21:00")]
    assert next_occurrence(rec, utc("2026-12-10 00:00")) == utc("2026-12-18 21:00")


def test_occurrences_edge_counts():
    rec = Recurrence("daily", 9, 0, ZULU)
    assert occurrences(rec, utc("2026-11-24 00:00"), 0) == []
    assert occurrences(rec, utc("2026-11-24 00:00"), -3) == []
    assert next_occurrence(rec, datetime(9999, 12, 31, 12, tzinfo=UTC)) is None  # no year 10000
    assert next_occurrence(rec, datetime(2026, 11, 24, 8)) == utc("2026-11-24 09:00")  # naive means UTC


DESCRIBE = [
    (dict(freq="weekly", weekdays=(0,)), (10, 0), "every Monday at 10:00", "每周一 10:00"),
    (dict(freq="weekly", weekdays=(4,), interval=2, anchor="2026-11-27"), (16, 0),
     "every 2 weeks on Friday at 16:00", "每两周周五 16:00"),
    (dict(freq="monthly", nth=1, weekdays=(0,)), (10, 0),
     "first Monday of every month at 10:00", "每月第一个周一 10:00"),
    (dict(freq="weekly", weekdays=WEEKDAYS), (9, 30), "weekdays at 09:30", "每个工作日 09:30"),
    (dict(freq="once", once_at="2026-11-25T20:00:00+00:00"), (15, 0),
     "once, 2026-11-25 15:00", "单次 2026-11-25 15:00"),
    (dict(freq="daily"), (9, 0), "every day at 09:00", "每天 09:00"),
    (dict(freq="daily", interval=3, anchor="2026-11-25"), (10, 0), "every 3 days at 10:00", "每三天 10:00"),
    (dict(freq="weekly", weekdays=(0, 2, 4)), (8, 30),
     "every Monday, Wednesday and Friday at 08:30", "每周一、周三、周五 08:30"),
    (dict(freq="weekly", weekdays=(1, 3)), (14, 15), "every Tuesday and Thursday at 14:15", "每周二、周四 14:15"),
    (dict(freq="weekly", weekdays=WEEKDAYS, interval=2, anchor="2026-11-25"), (9, 0),
     "every 2 weeks on weekdays at 09:00", "每两周的工作日 09:00"),
    (dict(freq="monthly", nth=-1, weekdays=(4,)), (16, 0),
     "last Friday of every month at 16:00", "每月最后一个周五 16:00"),
    (dict(freq="monthly", nth=2, weekdays=(1,), interval=2, anchor="2026-12-08"), (14, 0),
     "every 2 months on the second Tuesday at 14:00", "每两个月第二个周二 14:00"),
    (dict(freq="monthly", month_day=15), (10, 0), "every month on the 15th at 10:00", "每月15号 10:00"),
    (dict(freq="monthly", month_day=22), (10, 0), "every month on the 22nd at 10:00", "每月22号 10:00"),
    (dict(freq="monthly", month_day=-1), (17, 0), "every month on the last day at 17:00", "每月最后一天 17:00"),
    (dict(freq="monthly", month_day=1, interval=12, anchor="2027-01-01"), (9, 0),
     "every 12 months on the 1st at 09:00", "每十二个月1号 09:00"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "hm", "en", "zh"), DESCRIBE)
def test_describe(fields, hm, en, zh):
    rec = Recurrence(hour=hm[0], minute=hm[1], tz=NY, **fields)
    assert describe(rec, "en") == en
    assert describe(rec, "en-US") == en
    assert describe(rec, "fr") == en
    assert describe(rec, "zh-CN") == zh
    assert describe(rec, "zh_TW") == zh
    assert describe(rec, "zh") == zh


def test_describe_what_was_parsed():
    now = local(TUE, SH)
    assert describe(parse_meeting("双周会 每两周周五下午4点", now=now, tz=SH)[1], "zh-CN") == "每两周周五 16:00"
    assert describe(parse_meeting("Kickoff tomorrow 3pm", now=now, tz=SH)[1], "en") == "once, 2026-11-25 15:00"


@pytest.mark.parametrize("row", PARSE + [(t, n, z, "", {}, (0, 0), []) for t, n, z, *_ in ONE_OFF])
def test_to_dict_round_trip(row):
    text, now, tz = row[:3]
    _, rec = parse_meeting(text, now=local(now, tz), tz=tz)
    data = rec.to_dict()
    assert isinstance(data["weekdays"], list)
    assert Recurrence.from_dict(data) == rec
    assert Recurrence.from_dict(json.loads(json.dumps(data))) == rec


def test_from_dict_defaults_and_unknown_keys():
    rec = Recurrence.from_dict({"freq": "weekly", "hour": 10, "minute": 0, "tz": NY, "weekdays": [4, 0, 0], "x": 1})
    assert rec == Recurrence("weekly", 10, 0, NY, weekdays=(0, 4))


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {},
        {"freq": "hourly", "hour": 10, "minute": 0, "tz": NY},
        {"freq": "daily", "hour": 24, "minute": 0, "tz": NY},
        {"freq": "daily", "hour": True, "minute": 0, "tz": NY},
        {"freq": "daily", "hour": 10, "minute": 0, "tz": "Not/AZone"},
        {"freq": "daily", "hour": 10, "minute": 0, "tz": NY, "interval": 2},  # no anchor
        {"freq": "daily", "hour": 10, "minute": 0, "tz": NY, "interval": 0, "anchor": "2026-11-24"},
        {"freq": "daily", "hour": 10, "minute": 0, "tz": NY, "weekdays": [1]},
        {"freq": "weekly", "hour": 10, "minute": 0, "tz": NY},
        {"freq": "weekly", "hour": 10, "minute": 0, "tz": NY, "weekdays": [7]},
        {"freq": "weekly", "hour": 10, "minute": 0, "tz": NY, "weekdays": "01"},
        {"freq": "monthly", "hour": 10, "minute": 0, "tz": NY},
        {"freq": "monthly", "hour": 10, "minute": 0, "tz": NY, "month_day": 0},
        {"freq": "monthly", "hour": 10, "minute": 0, "tz": NY, "nth": 6, "weekdays": [0]},
        {"freq": "monthly", "hour": 10, "minute": 0, "tz": NY, "nth": 1, "weekdays": [0, 1]},
        {"freq": "monthly", "hour": 10, "minute": 0, "tz": NY, "nth": 1, "month_day": 3, "weekdays": [0]},
        {"freq": "once", "hour": 10, "minute": 0, "tz": NY},
        {"freq": "once", "hour": 10, "minute": 0, "tz": NY, "once_at": "2026-11-25 15:00"},  # naive
        {"freq": "daily", "hour": 10, "minute": 0, "tz": NY, "anchor": "yesterday"},
    ],
)
def test_from_dict_refuses_invalid_data(data):
    with pytest.raises(ValueError):
        Recurrence.from_dict(data)


# ---------------------------------------------------------------------------
# Properties.

EXAMPLES = [row[0] for row in PARSE] + [row[0] for row in ONE_OFF] + REFUSED


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=300),
        st.tuples(st.text(max_size=20), st.sampled_from(EXAMPLES), st.text(max_size=20)).map("".join),
        st.lists(
            st.sampled_from(EXAMPLES + ["every", "每", "at", "10am", "上午", "of the month", ","]), max_size=8
        ).map(" ".join),
    ),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)),
    st.sampled_from([NY, SH, BER, SYD, ZULU, "Australia/Lord_Howe", "Nope/Nowhere", ""]),
)
def test_parse_meeting_never_raises(text, now, tz):
    got = parse_meeting(text, now=now, tz=tz)
    if got is not None:
        title, rec = got
        assert isinstance(title, str) and isinstance(rec, Recurrence)
        assert Recurrence.from_dict(rec.to_dict()) == rec


# Lord Howe moves by 30 minutes; Havana and Santiago change at midnight, so a gap can move a time to the next day
ZONES = [NY, SH, BER, SYD, ZULU, "Australia/Lord_Howe", "America/Havana", "America/Santiago", "Asia/Kolkata"]


@st.composite
def recurrences(draw):
    freq = draw(st.sampled_from(["daily", "weekly", "monthly", "once"]))
    base = dict(freq=freq, hour=draw(st.integers(0, 23)), minute=draw(st.sampled_from([0, 15, 30, 59])),
                tz=draw(st.sampled_from(ZONES)))  # fmt: skip
    anchor = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
    if freq == "once":
        at = draw(
            st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC))
        )
        return Recurrence(**base, once_at=at.isoformat())
    interval = draw(st.sampled_from([1, 1, 2, 3, 5]))
    extra = {"interval": interval, "anchor": anchor.isoformat() if interval > 1 or draw(st.booleans()) else None}
    if freq == "weekly":
        extra["weekdays"] = tuple(draw(st.sets(st.integers(0, 6), min_size=1)))
    elif freq == "monthly":
        if draw(st.booleans()):
            extra["month_day"] = draw(st.sampled_from([1, 15, 28, 29, 30, 31, -1]))
        else:
            extra["nth"] = draw(st.sampled_from([1, 2, 4, 5, -1]))
            extra["weekdays"] = (draw(st.integers(0, 6)),)
    return Recurrence(**base, **extra)


def matches(rec: Recurrence, d: date) -> bool:
    """The rule, day by day (the slow way), for comparison."""
    anchor = date.fromisoformat(rec.anchor) if rec.anchor else None
    if anchor is not None and d < anchor:
        return False
    n = rec.interval
    if rec.freq == "daily":
        return anchor is None or (d - anchor).days % n == 0
    if rec.freq == "weekly":
        monday = d - timedelta(days=d.weekday())
        phase = anchor is None or ((monday - (anchor - timedelta(days=anchor.weekday()))).days // 7) % n == 0
        return phase and d.weekday() in rec.weekdays
    if anchor is not None and ((d.year - anchor.year) * 12 + d.month - anchor.month) % n:
        return False
    last = (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if rec.month_day is not None:
        return d.day == (last.day if rec.month_day == -1 else min(rec.month_day, last.day))
    if d.weekday() != rec.weekdays[0]:
        return False
    return d + timedelta(days=7) > last if rec.nth == -1 else (d.day - 1) // 7 + 1 == rec.nth


def wall_exists(d: date, hm: time, zone: ZoneInfo) -> bool:
    wall = datetime.combine(d, hm)
    return wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


@settings(max_examples=200, deadline=None)
@given(
    recurrences(), st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2036, 1, 1), timezones=st.just(UTC))
)
def test_occurrences_properties(rec, after):
    zone = ZoneInfo(rec.tz)
    got = occurrences(rec, after, 6)
    assert all(o.tzinfo is UTC for o in got)
    assert all(b > a for a, b in zip([after, *got], got, strict=False))
    for o in got:
        wall = o.astimezone(zone)
        if (wall.hour, wall.minute) == (rec.hour, rec.minute):
            if rec.freq != "once":
                assert matches(rec, wall.date())
        else:  # only a wall time that does not exist that day (a DST gap) moves
            assert (
                rec.freq == "once"
                or not wall_exists(wall.date(), time(rec.hour, rec.minute), zone)
                or not wall_exists(wall.date() - timedelta(days=1), time(rec.hour, rec.minute), zone)
            )
    if rec.freq == "once":
        assert got == ([datetime.fromisoformat(rec.once_at)] if datetime.fromisoformat(rec.once_at) > after else [])
        return
    # nothing skipped: the first occurrence is the first matching day, found the slow way
    assume(got)
    start = after.astimezone(zone).date() - timedelta(days=1)
    for k in range(800):
        d = start + timedelta(days=k)
        if matches(rec, d):
            at = datetime.combine(d, time(rec.hour, rec.minute)).replace(tzinfo=zone, fold=0).astimezone(UTC)
            if at > after:
                assert got[0] == at
                break
