"""A recurrence in words, English or Simplified Chinese: "every 2 weeks on Friday at 16:00", "每两周周五 16:00".

Why a module of its own: these are the words shown back to the user (command replies, the meeting and standup views),
so they change with the interface copy, not with the occurrence maths in ``bot.text.recurrence``, and they are not the
reverse of the grammar in ``bot.text.rules``: one canonical phrase per rule, whatever the user typed.
"""

from __future__ import annotations

from bot.text.recurrence import WEEKDAYS, Recurrence, instant
from bot.text.zones import zone

__all__ = ["describe"]

_EN_DAY = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ZH_DAY = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_EN_NTH = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_ZH_NTH = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", 5: "第五个", -1: "最后一个"}
_ZH_DIGITS = "零一二三四五六七八九"


def describe(rec: Recurrence, locale: str) -> str:
    """Human text: Simplified Chinese for zh-* locales, English otherwise."""
    zh = isinstance(locale, str) and locale.lower().replace("_", "-").split("-")[0] == "zh"
    return _describe_zh(rec) if zh else _describe_en(rec)


def _hm(rec: Recurrence) -> str:
    return f"{rec.hour:02d}:{rec.minute:02d}"


def _once_local(rec: Recurrence) -> str:
    at = instant(rec.once_at)
    return at.astimezone(zone(rec.tz)).strftime("%Y-%m-%d %H:%M") if at else "?"


def _en_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _en_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _describe_en(rec: Recurrence) -> str:
    n, at = rec.interval, f"at {_hm(rec)}"
    if rec.freq == "once":
        return f"once, {_once_local(rec)}"
    if rec.freq == "daily":
        return f"every day {at}" if n == 1 else f"every {n} days {at}"
    if rec.freq == "weekly":
        days = "weekdays" if rec.weekdays == WEEKDAYS else _en_list([_EN_DAY[d] for d in rec.weekdays])
        if n == 1:
            return f"{days} {at}" if rec.weekdays == WEEKDAYS else f"every {days} {at}"
        return f"every {n} weeks on {days} {at}"
    if rec.nth is not None:
        which = f"{_EN_NTH[rec.nth]} {_EN_DAY[rec.weekdays[0]]}"
        return f"{which} of every month {at}" if n == 1 else f"every {n} months on the {which} {at}"
    day = "the last day" if rec.month_day == -1 else f"the {_en_ordinal(rec.month_day or 1)}"
    return f"every month on {day} {at}" if n == 1 else f"every {n} months on {day} {at}"


def _zh_count(n: int) -> str:
    """2 -> 两, 3 -> 三, 12 -> 十二, 25 -> 二十五; Arabic digits past 99."""
    if n == 2:
        return "两"
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")
    return str(n)


def _describe_zh(rec: Recurrence) -> str:
    n, at = rec.interval, _hm(rec)
    if rec.freq == "once":
        return f"单次 {_once_local(rec)}"
    if rec.freq == "daily":
        return f"每天 {at}" if n == 1 else f"每{_zh_count(n)}天 {at}"
    if rec.freq == "weekly":
        if rec.weekdays == WEEKDAYS:
            return f"每个工作日 {at}" if n == 1 else f"每{_zh_count(n)}周的工作日 {at}"
        days = "、".join(_ZH_DAY[d] for d in rec.weekdays)
        return f"每{days} {at}" if n == 1 else f"每{_zh_count(n)}周{days} {at}"
    every = "每月" if n == 1 else f"每{_zh_count(n)}个月"
    if rec.nth is not None:
        return f"{every}{_ZH_NTH[rec.nth]}{_ZH_DAY[rec.weekdays[0]]} {at}"
    day = "最后一天" if rec.month_day == -1 else f"{rec.month_day}号"
    return f"{every}{day} {at}"
