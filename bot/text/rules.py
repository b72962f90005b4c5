"""Reading "/meeting add" text: split it into a title and a ``Recurrence`` (``parse_meeting``).

Why a module of its own: this is the meeting-rule grammar, English and Chinese, which will be rewritten on its
own; the value it builds and the occurrence maths are in ``bot.text.recurrence``, which needs no grammar.

Reading: the recurrence is at the end of the text ("Weekly sync every Monday 10am", "项目周会每周一上午10点";
the time may also come first, "Standup 9am every weekday"); the title is what is left.  Times of day come from
``bot.text.deadlines``, Chinese numerals from ``bot.text.lexicon``, zones and local->UTC from ``bot.text.zones``,
so "at 5"/"3点" mean 17:00/15:00 as in deadlines (hours 1-6 without am/pm are working hours).  Choices:

* A meeting needs a clock time: a rule with no time, or with only a part of the day ("every Monday
  morning", 每周一上午) or "midnight" (a deadline's 23:59), is refused.
* Text that is not a recurrence but ends with a deadline phrase with a clock time ("Kickoff tomorrow 3pm",
  明天下午3点) is a one-off at that moment, read by the deadline parser; a one-off in the past is still returned
  (next_occurrence gives None, so the caller can say so).  A one-off within two words after "every"/"each",
  or right after 每/隔, is refused: "every blah Friday 4pm" was meant as a rule we could not read.
* "every second Friday" and 每隔两周 are ambiguous (every other week, or the 2nd of the month; every 2 or
  3 weeks) and refused; "every other"/隔周/每隔一周/双周 mean every 2.  "every week"/每周 with no day is
  refused.  Weekly on all seven days is daily.
* anchor = local date of the first occurrence after ``now``; nothing occurs before it, and intervals count
  from it (weeks from its Monday, months from its month).
* Not read: a recurrence before the title (每周一上午10点开会), time ranges ("10am-11am"), end dates
  ("until March"), several times a day.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.text import zones  # qualified: "zone" is a local name below
from bot.text.deadlines import parse_deadline, parse_time_of_day, split_deadline
from bot.text.lexicon import WEEKDAY_INDEX, WORD_END, ZH_WEEKDAY_INDEX, normalize, tidy, zh_number
from bot.text.recurrence import MAX_INTERVAL, WEEKDAYS, Recurrence, next_local_and_utc

__all__ = ["parse_meeting"]

# ---------------------------------------------------------------------------
# Grammar.  Each rule is one alternative of a combined pattern; _combine() prefixes its group names with
# the rule's name ("weekly__days") so the same pieces can appear in several rules.

_JOIN = r"(?:\s*,\s*|\s+)"
_NUM = r"(?:[0-9]{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_WD = (
    r"(?:mon(?:days?)?|tue(?:s(?:days?)?)?|wed(?:s|nesdays?)?|thu(?:rs?(?:days?)?)?"
    rf"|fri(?:days?)?|sat(?:urdays?)?|sun(?:days?)?)\.?{WORD_END}"
)
_WD_PLURAL = rf"(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays){WORD_END}"
_RANGE = r"(?:\s*[-–]\s*|\s+(?:to|through|thru|until)\s+)"
_WD_ITEM = rf"{_WD}(?:{_RANGE}{_WD})?"
_WD_SEP = r"(?:\s*,\s*(?:and\s+|&\s*)?|\s*[&/+]\s*|\s+and\s+)"
_WD_LIST = rf"{_WD_ITEM}(?:{_WD_SEP}{_WD_ITEM})*"
_WORKDAYS = rf"(?:week\s*-?days?|work\s*-?days?|business\s+days?|working\s+days?){WORD_END}"
_DAYSET = rf"(?:(?P<wkd>{_WORKDAYS})|(?P<days>{_WD_LIST}))"
_ORD = r"(?P<ord>first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)"
_DOMN = r"(?:3[01]|[12][0-9]|0?[1-9])"
_DOM = (
    rf"(?:(?:the\s+)?(?P<dom>{_DOMN})(?:st|nd|rd|th){WORD_END}|the\s+(?P<domn>{_DOMN})(?![0-9:.])"
    r"|(?:the\s+)?(?P<domlast>last\s+day))"
)
_SPEC = rf"(?:(?:the\s+)?{_ORD}\s+(?P<wd>{_WD})|{_DOM})"
_OF_MONTH = r"\s+of\s+(?:the|every|each)\s+month"

_EN_RULES = {
    "daily": r"(?:every|each)\s+(?:single\s+)?day|everyday|daily",
    "ndays": rf"every\s+(?P<n>{_NUM}|other)\s+days?",
    "weekly": rf"(?:every|each)\s+(?:week{_JOIN}(?:on\s+)?)?{_DAYSET}",
    "weekly_on": rf"(?:weekly|every\s+week|each\s+week){_JOIN}(?:on\s+)?{_DAYSET}",
    "nweeks": (
        rf"(?:every\s+(?P<n>{_NUM}|other)\s+weeks?|bi-?weekly|fortnightly|every\s+fortnight)"
        rf"{_JOIN}(?:on\s+)?{_DAYSET}"
    ),
    "other": rf"every\s+other\s+(?P<days>{_WD_LIST})",
    "workdays": r"(?:on\s+)?(?P<wkd>week\s*-?days|work\s*-?days|business\s+days|working\s+days)",
    "plural": rf"(?:on\s+)?(?P<days>{_WD_PLURAL}(?:{_WD_SEP}{_WD_ITEM})*)",
    "range": rf"(?:from\s+)?(?P<days>{_WD}{_RANGE}{_WD})",
    "monthly": (
        rf"(?:(?:every|each)\s+month|monthly|every\s+(?P<n>{_NUM}|other)\s+months?)"
        rf"{_JOIN}(?:on\s+)?{_SPEC}(?:{_OF_MONTH})?"
    ),
    "monthly_of": rf"(?:on\s+)?{_SPEC}\s+of\s+(?:the|every|each)\s+(?:(?P<n>{_NUM}|other)\s+)?months?",
    "monthly_every": (
        rf"(?:every|each)\s+(?:(?P<ord>first|third|fourth|fifth|last|1st|3rd|4th|5th)\s+(?P<wd>{_WD})"
        rf"|(?P<dom>{_DOMN})(?:st|nd|rd|th){WORD_END}|(?P<domlast>last\s+day))(?:{_OF_MONTH})?"
    ),
}

_ZNUM = r"(?:[0-9]{1,3}|[零〇一二两三四五六七八九十]{1,3})"
_ZX = r"[一二三四五六日天1-7]"
_ZWK = r"(?:周|星期|礼拜)"
_ZTO = r"(?:到|至|~|-|—)"
_ZITEM = rf"{_ZWK}?{_ZX}(?![0-9])(?:{_ZTO}{_ZWK}?{_ZX}(?![0-9]))?"
_ZSEP = r"\s*(?:和|与|及|跟|以及|或|、|,|/|\+|&)\s*"
_ZLIST = rf"(?P<days>{_ZITEM}(?:{_ZSEP}{_ZITEM}|{_ZWK}?[一二三四五六日天])*)"
_ZDAYSET = rf"(?:(?P<wkd>工作日)|{_ZLIST})"
_ZOTHER = r"(?:每隔|隔)(?:一|1)个?"

_ZH_RULES = {
    "daily": r"每天|每日|天天",
    "ndays": rf"每(?P<n>{_ZNUM})天|(?P<two>{_ZOTHER}天|隔天)",
    "weekly": rf"每个?{_ZWK}(?:的)?{_ZDAYSET}",
    "nweeks": rf"(?:每(?P<n>{_ZNUM})个?{_ZWK}|(?P<two>{_ZOTHER}{_ZWK}|隔周|每?双周))(?:的)?{_ZDAYSET}",
    "workdays": r"(?P<wkd>每个?工作日|工作日(?:每天)?|每天工作日)",
    "range": rf"(?P<days>{_ZWK}{_ZX}{_ZTO}{_ZWK}?{_ZX})(?:每天)?",
    "monthly": (
        rf"(?:每个?月|每(?P<n>{_ZNUM})个?月|(?P<two>{_ZOTHER}月|隔月))(?:的)?"
        rf"(?:(?P<dom>{_ZNUM})(?:号|日)|(?P<domlast>最后一天|最后1天|月底|月末|底|末)"
        rf"|(?:第(?P<ord>[一二三四五1-5])个?|(?P<last>倒数第(?:一|1)个?|最后(?:一|1)?个?)){_ZWK}(?P<wd>{_ZX}))"
    ),
}


def _combine(rules: dict[str, str]) -> re.Pattern[str]:
    alts = (f"(?P<{name}>{src.replace('(?P<', f'(?P<{name}__')})" for name, src in rules.items())
    return re.compile("|".join(alts), re.IGNORECASE)


_EN_RE = _combine(_EN_RULES)
_ZH_RE = _combine(_ZH_RULES)

_EN_WD_ITEM = re.compile(rf"(?P<a>{_WD})(?:{_RANGE}(?P<b>{_WD}))?", re.IGNORECASE)
_ZH_WD_ITEM = re.compile(rf"(?P<a>{_ZX})(?:{_ZTO}{_ZWK}?(?P<b>{_ZX}))?")
_EN_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "other": 2}  # fmt: skip
_EN_ORD_INDEX = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
                 "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}  # fmt: skip

# A rule-like word right before a one-off phrase means a rule we could not read ("every blah Friday 4pm").
_CUE_EN = re.compile(
    r"(?<![A-Za-z0-9_])(?:(?:every|each|other|alternate)(?![A-Za-z0-9_])(?:\s+\S+){0,2}"
    r"|daily|weekly|monthly|bi-?weekly|fortnightly)[\s,]*\Z",
    re.IGNORECASE,
)
_CUE_ZH = re.compile(rf"(?:每|隔)(?:隔)?(?:{_ZNUM}?个?)?(?:周|星期|礼拜|月|天|日)?(?:的)?[\s,]*\Z")
_DURATION = re.compile(r"[0-9a-z]\s*(?:min(?:ute)?s?|h(?:ou)?rs?|hours?)\b|小时|钟头|分钟", re.IGNORECASE)
_JOINERS = " \t\r\n,，、的"
_TITLE_TRAIL = " -–—|/:;,，：；"
_WINDOW = 200  # the recurrence phrase is in the last _WINDOW characters
_TIME_SPAN = 40  # and its time of day in the last _TIME_SPAN


# ---------------------------------------------------------------------------
# Parsing.


def parse_meeting(text: str, *, now: datetime, tz: str) -> tuple[str, Recurrence] | None:
    """(title, recurrence) or None.

    The title is the text minus the recurrence phrase, tidied; an empty title is allowed (the caller will
    refuse it).  Never raises.
    """
    try:
        return _parse(text, now, tz)
    except Exception:  # noqa: BLE001 - hostile or odd text must not break a slash command
        return None


def _parse(text: str, now: datetime, tz: str) -> tuple[str, Recurrence] | None:
    if not isinstance(text, str) or not isinstance(now, datetime):
        return None
    if now.tzinfo is None or now.utcoffset() is None:
        now = now.replace(tzinfo=UTC)
    zone = tz if isinstance(tz, str) and isinstance(zones.zone(tz), ZoneInfo) else "UTC"
    s = normalize(text)
    end = _content_end(s)
    lo = max(0, end - _WINDOW)
    starts = [i for i in range(lo, end) if _is_start(s, i)]
    times = {}  # start of a time-of-day phrase that runs to the end -> ((time, clock), its text)
    for j in starts:
        if j >= end - _TIME_SPAN:
            reading = parse_time_of_day(s[j:end])
            if reading is not None:
                times[j] = (reading, s[j:end])
    rule_to_end = {i: m for i in starts if (m := _rule_at(s, i, end)) is not None}

    found = None  # (phrase start, (rule match, language), (time, clock), time text)
    for p in starts:
        for j, (reading, phrase) in times.items():  # rule, then time
            if j <= p:
                continue
            stop = p + len(s[p:j].rstrip(_JOINERS))
            if stop > p and _joined(s, stop, j) and (m := _rule_at(s, p, stop)) is not None:
                found = (p, m, reading, phrase)
                break
        if found:
            break
        for i, m in rule_to_end.items():  # time, then rule
            if p < i <= p + _TIME_SPAN:
                stop = p + len(s[p:i].rstrip(_JOINERS))
                if stop > p and _joined(s, stop, i):
                    reading = parse_time_of_day(s[p:stop])
                    if reading is not None:
                        found = (p, m, reading, s[p:stop])
                        break
        if found:
            break

    if found is not None:
        start, (rule, lang), (tod, clock), phrase = found
        if not _usable(tod, clock, phrase):
            return None
        fields = _fields(rule, lang)
        if fields is None:
            return None
        rec = _with_anchor(fields, tod, zone, now)
        return None if rec is None else (_title(text, start), rec)
    if rule_to_end:  # a recurrence with no time of day
        return None
    return _one_off(text, s, end, now, zone)


def _content_end(s: str) -> int:
    """Where the words end: trailing spaces, punctuation, emoji and control characters are not read."""
    end = len(s)
    while end > 0 and unicodedata.category(s[end - 1])[0] in "ZPSC" and s[end - 1] not in "'’":
        end -= 1
    return end


def _is_start(s: str, i: int) -> bool:
    c = s[i]
    if c.isspace():
        return False
    if not c.isascii() or i == 0:
        return True
    prev = s[i - 1]
    return not (prev.isascii() and (prev.isalnum() or prev == "_"))


def _joined(s: str, stop: int, nxt: int) -> bool:
    """Rule and time are separated by spaces/commas, or touch at a CJK character (每周一上午10点)."""
    if nxt > stop:
        return True
    return not (s[stop - 1].isascii() and s[nxt].isascii())


def _rule_at(s: str, i: int, j: int) -> tuple[re.Match[str], str] | None:
    m = _EN_RE.fullmatch(s, i, j)
    if m:
        return m, "en"
    m = _ZH_RE.fullmatch(s, i, j)
    return (m, "zh") if m else None


def _usable(tod: time, clock: bool, phrase: str) -> bool:
    """A clock time; "midnight"/晚上12点 (a deadline's 23:59) is not one."""
    return clock and not (tod == time(23, 59) and "59" not in phrase)


def _fields(m: re.Match[str], lang: str) -> dict[str, Any] | None:
    kind = m.lastgroup or ""
    g = {k.split("__", 1)[1]: v for k, v in m.groupdict().items() if v is not None and k.startswith(kind + "__")}
    n: int | None = 1
    if "n" in g:
        raw = g["n"].lower()
        n = int(raw) if raw.isdigit() else _EN_NUMBER.get(raw) if lang == "en" else zh_number(raw)
    elif "two" in g or kind in ("nweeks", "other"):  # every other, biweekly, 隔周, 双周
        n = 2
    if n is None:
        return None
    if kind in ("daily", "ndays"):
        return {"freq": "daily", "interval": n}
    if kind in ("weekly", "weekly_on", "nweeks", "other", "workdays", "plural", "range"):
        days = WEEKDAYS if "wkd" in g else _days(g.get("days", ""), lang)
        if not days:
            return None
        if len(days) == 7 and n == 1:
            return {"freq": "daily", "interval": 1}
        return {"freq": "weekly", "interval": n, "weekdays": days}
    out: dict[str, Any] = {"freq": "monthly", "interval": n}
    if "wd" in g:
        out["weekdays"] = _days(g["wd"], lang)
        if "last" in g:
            out["nth"] = -1
        elif lang == "en":
            out["nth"] = _EN_ORD_INDEX[g["ord"].lower()]
        else:
            out["nth"] = int(g["ord"]) if g["ord"].isdigit() else zh_number(g["ord"])
    elif "domlast" in g:
        out["month_day"] = -1
    else:
        raw = g.get("dom") or g.get("domn") or ""
        out["month_day"] = int(raw) if raw.isdigit() else zh_number(raw)
    return out


def _days(text: str, lang: str) -> tuple[int, ...]:
    days: set[int] = set()
    if lang == "en":
        items = ((WEEKDAY_INDEX[m["a"][:2].lower()], WEEKDAY_INDEX[m["b"][:2].lower()] if m["b"] else None)
                 for m in _EN_WD_ITEM.finditer(text))  # fmt: skip
    else:
        items = ((_zh_wd(m["a"]), _zh_wd(m["b"]) if m["b"] else None) for m in _ZH_WD_ITEM.finditer(text))
    for a, b in items:
        days.add(a)
        if b is not None:
            days.update((a + k) % 7 for k in range((b - a) % 7 + 1))  # Fri-Mon wraps round the weekend
    return tuple(sorted(days))


def _zh_wd(c: str) -> int:
    return int(c) - 1 if c.isdigit() else ZH_WEEKDAY_INDEX[c]


def _with_anchor(fields: dict[str, Any], tod: time, zone: str, now: datetime) -> Recurrence | None:
    """The recurrence, anchored on its first occurrence after `now`."""
    n = fields["interval"]
    if not 1 <= n <= MAX_INTERVAL[fields["freq"]]:
        return None
    try:
        first = next_local_and_utc(
            Recurrence(hour=tod.hour, minute=tod.minute, tz=zone, **{**fields, "interval": 1}), now
        )
    except ValueError:  # e.g. day 0 of the month
        return None
    if first is None:
        return None
    return Recurrence(hour=tod.hour, minute=tod.minute, tz=zone, anchor=first[0].isoformat(), **fields)


def _one_off(text: str, s: str, end: int, now: datetime, zone: str) -> tuple[str, Recurrence] | None:
    """A deadline phrase with a clock time ending the text: a meeting at that moment."""
    lo = max(0, end - _WINDOW)
    while 0 < lo < end and not s[lo - 1].isspace() and s[lo - 1].isascii():
        lo += 1  # do not cut a word in half
    split = split_deadline(text[lo:end], now=now, tz=zone)
    if split.deadline is None or split.deadline.date_only:
        return None
    phrase = split.deadline.phrase[: _content_end(split.deadline.phrase)]
    if not phrase or not text[lo:end].endswith(phrase) or not _has_clock(normalize(phrase)):
        return None
    start = end - len(phrase)
    before = s[max(0, start - 40) : start]
    if _CUE_EN.search(before) or _CUE_ZH.search(before):
        return None
    deadline = parse_deadline(phrase, now=now, tz=zone) or split.deadline
    if deadline.date_only:
        return None
    local = deadline.due.astimezone(zones.zone(zone))
    if local.time() == time(23, 59) and "59" not in phrase:  # "midnight": a deadline's end of day
        return None
    rec = Recurrence(freq="once", hour=local.hour, minute=local.minute, tz=zone,
                     anchor=local.date().isoformat(), once_at=deadline.due.astimezone(UTC).isoformat())  # fmt: skip
    return _title(text, start), rec


def _has_clock(phrase: str) -> bool:
    """The phrase gives a clock time (at its end or its start), or is hours/minutes from now."""
    if _DURATION.search(phrase):
        return True
    cuts = [i for i in range(len(phrase)) if _is_start(phrase, i)]
    for i in cuts:  # "tomorrow 3pm", 明天下午3点
        reading = parse_time_of_day(phrase[i:])
        if reading is not None and reading[1]:
            return True
    for i in cuts[1:]:  # "3pm tomorrow"
        reading = parse_time_of_day(phrase[:i].rstrip(_JOINERS))
        if reading is not None and reading[1]:
            return True
    return False


def _title(text: str, start: int) -> str:
    raw = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text[:start])
    return tidy(raw).rstrip(_TITLE_TRAIL).strip()
