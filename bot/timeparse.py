"""Find and read task deadlines ("tomorrow 5pm", "by Friday", "下周五下午3点前").

Why our own grammar in front of dateparser: measured on dateparser 1.5, it
returns nothing for most Chinese deadline phrases (12月5日, 下周五, 下午3点,
三天后, 月底), silently misreads others (明天下午 -> tomorrow at the current
clock time), and in English reads "next Friday" as this Friday, "the 5th" and
"by 5" as May, "10%" as October and "42" as 2042.  So a small regex grammar
(English and Chinese) covers the common forms, and dateparser is only a
guarded fallback for other English wording ("tomorrow at 17h", "3 Dec at
15.00"), at most one call per request.  The fallback uses languages=['en']:
adding 'zh' read nothing the grammar misses, misread 明天下午 and 5月, and was
up to 50x slower on some misses ("end of month", 周五前).

Reasoning happens in the speaker's wall time (``now`` converted to ``tz``; an
unknown zone means UTC); the wall time is then localised with zoneinfo (fold=0:
a time in a spring-forward gap moves forward by the gap, an ambiguous time
takes its first occurrence) and returned in UTC.

Interpretation choices:

* No time given -> ``default_time`` (team default 17:00), date_only=True.
  today/今天/EOD/end of day/COB use ``default_time`` too, or 23:59 if that
  has passed (the day is not over yet).
* Parts of the day count as a time (date_only=False): morning/早上/上午
  09:00, noon/中午 12:00, afternoon/下午 15:00, 傍晚 18:00,
  evening/night/tonight/晚上/今晚 20:00; midnight/晚上12点 = 23:59 that day.
* Hours without am/pm ("at 5", "3:30", 3点) are working hours: 1-6 ->
  13:00-18:00, 7-23 as written; a leading zero ("03:30") is literal.
* A bare time ("5pm", 下午3点) is today if still ahead, else tomorrow; an
  explicit "today 3pm" stays today.  "in 2 hours"/两小时后 is elapsed time,
  to the minute; days/weeks/months count calendar days in local time.
* Weekdays (Friday, by Fri, this Friday, 周五) mean the next such day; today
  counts while its resulting time is still ahead.  "next Monday" is the
  Monday of next week (Mon-Sun), but on a Sunday the coming week counts as
  "this week", so "next Monday" is then 8 days away and "Monday" tomorrow,
  the common English reading; "next week" (its Monday) follows the same rule.
  Chinese weeks always start on Monday: 下周五 is Friday of the next calendar
  week, 下下周一 the Monday after, and 本周五/这周五 is this week's Friday
  even if already past (the user said this week).
* Month/day without a year ("Dec 5", 12月5日, "12/5" as month/day, "25/12"
  as day/month, "15.03.2027" as day.month.year) before today's date means
  next year; a day of month (5号, "the 5th") before today means next month.
  A date with a year is taken as written.
* EOW/end of week/本周内 = Friday; EOM/end of month/月底 = last day of the
  month; EOY/年底 = 31 Dec; 月初 = 1st, 月中 = 15th; "next week"/下周 =
  its Monday; "next month"/下个月 = its 1st; weekend/周末 = Saturday (the
  start of it).  Without 本/this these move on to the next period once past.
* Markers: by/due/before/until/on/no later than/deadline before a phrase,
  截止/截至/在 before it, 前/之前/以前/截止 after it.  Inside task text, phrases
  that double as ordinary words -- a bare weekday, bare time, 5号, "12/5",
  EOD/EOM, weekend, "next week" -- are taken only at the end of the text or
  after a marker ("Update the Monday deck", "周五例会纪要" keep theirs), and
  an abbreviated weekday alone ("Call Sun") needs a marker or a time.
"""

from __future__ import annotations

import calendar
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "Deadline",
    "Split",
    "local_to_utc",
    "normalize",
    "parse_deadline",
    "parse_time_of_day",
    "split_deadline",
    "tidy",
    "warm_up",
    "zh_number",
    "zone",
]

_END_OF_DAY = time(23, 59)


@dataclass(frozen=True)
class Deadline:
    due: datetime  # timezone-aware, in UTC
    phrase: str  # the words that produced it, as the user typed them
    date_only: bool  # True when no time of day was given and default_time was applied


@dataclass(frozen=True)
class Split:
    title: str  # text without the deadline phrase, whitespace tidied
    deadline: Deadline | None
    not_understood: str | None  # words clearly meant as a deadline that could not be read


# ---------------------------------------------------------------------------
# Grammar.  Group names start with "_"; _prefixed() renames them so the same
# piece can appear twice in one pattern (date-then-time and time-then-date).

_B = r"(?<![A-Za-z0-9_])"  # ASCII word boundaries: 报告tomorrow still matches
_E = r"(?![A-Za-z0-9_])"

_WD = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:rs?(?:day)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)(?![A-Za-z0-9_])"
)
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z0-9_])"
)
_DAYNUM = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_YEAR = r"20[0-9]{2}(?![0-9])"
_POD = r"(?:morning|afternoon|evening|night)(?![A-Za-z0-9_])"
_WDPRE = rf"(?:{_WD}\.?,?\s+)?"  # "Tue 1 Dec", "Fri, 12/5": the date decides
_NUMW = (
    r"(?:[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|(?:a\s+)?couple(?:\s+of)?)"
)
_UNIT = (
    r"(?:(?:business|working|work)\s+days?|min(?:ute)?s?|h(?:ou)?rs?|days?"
    r"|weeks?|wks?|months?|years?|yrs?)"
)

_EN_DATE = rf"""
(?:
    (?P<_rel>(?:the\s+)?day\s+after\s+tomorrow|today|tonight|tomorrow|tmrw|tmr
        |tomorow|tommorow|tommorrow)(?:\s+(?P<_pod>{_POD}))?
  | this\s+(?P<_podt>morning|afternoon|evening)
  | {_WDPRE}(?P<_mon>{_MON})(?:\.\s*|\s+)(?P<_mday>{_DAYNUM})(?:,?\s*(?P<_year>{_YEAR}))?
  | {_WDPRE}(?:the\s+)?(?P<_mday2>{_DAYNUM})(?:\s+of)?\s+(?P<_mon2>{_MON})\.?(?:,?\s*(?P<_year2>{_YEAR}))?
  | {_WDPRE}(?P<_iy>{_YEAR})[-/.](?P<_im>[01]?[0-9])[-/.](?P<_id>[0-3]?[0-9])(?![0-9])
  | {_WDPRE}(?<![0-9./:-])(?P<_dd>[0-3]?[0-9])\.(?P<_dmo>[01]?[0-9])\.(?P<_dy>{_YEAR})
  | {_WDPRE}(?<![0-9./:-])(?P<_sm>[0-3]?[0-9])/(?P<_sd>[0-3]?[0-9])(?:/(?P<_sy>20[0-9]{{2}}|[0-9]{{2}}))?
        (?![0-9/%.:]|-[0-9])
  | (?P<_wdmod>next|this|coming)\s+(?P<_wd>{_WD})(?:\s+(?P<_podw>{_POD}))?
  | (?P<_wd2>{_WD})(?:\s+(?P<_wdnext>next\s+week|after\s+next))?(?:\s+(?P<_podw2>{_POD}))?
  | the\s+(?P<_dom>(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th))
  | (?:the\s+)?(?P<_eo>eow|eom|eoy|end\s+of\s+(?:the\s+)?(?P<_eomod>this\s+|next\s+)?(?P<_eounit>week|month|year))
  | (?:in|within)\s+(?P<_dn>{_NUMW})\s+(?P<_du>{_UNIT})
  | in\s+(?P<_half>half\s+an?\s+hour)
  | (?P<_dn2>{_NUMW})\s+(?P<_du2>{_UNIT})\s+from\s+(?:now|today)
  | (?P<_pmod>next|this|coming)\s+(?P<_punit>weekend|week|month)
  | (?:the\s+)?(?P<_wkend>weekend)
)
"""

_EN_TIME = r"""
(?:(?P<_at>at|@)\s*)?
(?:
    (?P<_h>1[0-2]|0?[1-9])(?::(?P<_mi>[0-5][0-9]))?\s*(?P<_ap>[ap]\.m\.?|[ap]m)
  | (?P<_h24>[01]?[0-9]|2[0-3]):(?P<_mi24>[0-5][0-9])(?::[0-5][0-9])?(?![0-9])
  | (?:12\s*)?(?P<_noon>noon|midday|midnight)
  | (?:the\s+)?(?P<_eod>eod|cob|eob|end\s+of\s+(?:the\s+)?(?:business\s+)?day|close\s+of\s+business)
  | (?P<_hoc>1[0-2]|0?[1-9])\s*o'?clock
  | (?(_at)(?P<_hat>1[0-9]|2[0-3]|0?[1-9])(?![0-9:/%.])|(?!))
)
"""

_EN_MARK = (
    r"(?P<mark>due\s+(?:by|on|at|date)|due|by|before|on|until|till|til"
    r"|no\s+later\s+than|not\s+later\s+than|deadline)(?:\s*:\s*|\s+)"
)
_JOIN_DT = r"(?:\s*,\s*|\s+|(?=@)|T(?=[0-9]))(?:(?:by|before|around)\s+)?"
_JOIN_TD = r"(?:\s*,\s*|\s+)(?:on\s+)?"


def _prefixed(src: str, prefix: str) -> str:
    return src.replace("(?P<_", f"(?P<{prefix}_").replace("(?(_", f"(?({prefix}_")


_EN_SRC = (
    rf"{_B}(?>(?:{_EN_MARK})?(?:"
    rf"{_prefixed(_EN_DATE, 'a')}(?:{_JOIN_DT}{_prefixed(_EN_TIME, 'a')})?"
    rf"|{_prefixed(_EN_TIME, 'b')}(?:{_JOIN_TD}{_prefixed(_EN_DATE, 'b')})?"
    rf")){_E}(?!['’]s{_E})"
)
_EN_RE = re.compile(_EN_SRC, re.IGNORECASE | re.VERBOSE)

# Chinese.  No word boundaries, so look-arounds keep 5号楼, 上周五, 每周一,
# 前端, 三天前 and possessives (明天的会议) out.
_ZN = r"(?:[0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3})"
_ZMOD = r"(?:下下个?|下个?|本|这个?)"
_ZH_SRC = rf"""
(?=[截最不在于今明后大下本这当周星礼0-9零〇一二两三四五六七八九十半月年凌清早上中午傍晚夜晨])
(?>
(?:
  (?P<zmark>截止|截至|最晚|最迟|不晚于|不迟于)(?:到|至|于|日期为?|时间为?|为)?\s*:?\s*
)?
(?P<zin>(?<![正现存实所自好内])在|于)?
(?:
    (?P<zrel>大后天|后天|今天|今日|明天|明日|今儿|明儿|今(?=[早晚晨夜])|明(?=[早晚晨夜]))
  | (?:(?P<zwm>{_ZMOD})|(?<![每隔两几零〇一二三四五六七八九十百0-9个上]))
        (?:周|星期|礼拜)(?P<zwd>[一二三四五六日天1-7])
  | (?P<zwe>(?P<zwem>{_ZMOD})?周末)
  | (?P<zwk>{_ZMOD})(?:周|星期|礼拜)(?![一二三四五六日天1-7末])
  | (?:(?P<zy>20[0-9]{{2}}|今|明|本|当)年)?
        (?:(?<![0-9.])(?P<zm>{_ZN})|(?P<zmrel>{_ZMOD}|当))?
        (?<!每)月(?:(?P<zd>{_ZN})(?:日|号)|(?P<zme>底|末|初|中|内))
  | (?P<zmnext>下下个?|下个?)月(?![底末初中内0-9零〇一二两三四五六七八九十])
  | (?:(?P<zyy>今|明|本|当|20[0-9]{{2}})年?)?年(?P<zye>底|末|初|中|内)
  | (?<![0-9零〇一二两三四五六七八九十百千第#.\-/])(?P<zdom>{_ZN})(?:日|号)
        (?![楼线床房门位机球馆厅码字病车店院件人元期])
  | (?<![0-9.])(?P<zdn>{_ZN}|半)(?:个)?(?P<zdhalf>半)?
        (?P<zdu>分钟|小时|钟头|工作日|天|周|星期|礼拜|月|年)(?:之后|以后|后|之内|以内|内)
        (?![台端面续果者])
)?
(?:\s*
  (?P<zp>凌晨|清晨|早上|早晨|上午|中午|午间|下午|午后|傍晚|晚上|晚间|夜里|夜间|半夜|早|晚|晨|夜)?
  (?:
      (?P<zh>{_ZN})(?:点钟|点|时)(?:(?P<zhalf>半)|(?P<zq>一刻|三刻)
          |(?P<zmi>[0-5]?[0-9]|[零〇一二三四五]?十?[零〇一二三四五六七八九]?)分?|整)?
    | (?P<zhh>[01]?[0-9]|2[0-3]):(?P<zmm>[0-5][0-9])(?![0-9])
    | (?P<zeh>1[0-2]|0?[1-9])(?::(?P<zem>[0-5][0-9]))?\s*(?P<zap>[ap]\.m\.?|[ap]m)(?![A-Za-z])
  )?
)?
(?P<zsuf>之前|以前|前(?!端|台|面|方|进|往|任|景|缀|置|沿|夕|期|辈|身|科|列|排|途|线|锋|卫|额|瞻)
    |截止|到期|为止|之内|以内|内)?
)
(?!的)
"""
_ZH_RE = re.compile(_ZH_SRC, re.IGNORECASE | re.VERBOSE)

# Cheap pre-filter: Chinese phrases all contain one of these characters.
_ZH_HINT = re.compile(r"[今明后周星礼月年号日点时天半截午晚早晨夜]")

# Markers for "clearly meant as a deadline, but unreadable".
_NU_EN = re.compile(
    r"(?<![A-Za-z0-9_])(?P<m>due\s+(?:by|on|date)|due|deadline|by|before|until|till)"
    r"(?P<colon>\s*:)?\s+(?P<rest>[^\s,;.!?][^,;.!?\n]{0,60}?)\s*(?=[,;.!?\n]|$)",
    re.IGNORECASE,
)
_NU_ZH = re.compile(r"(?:截止|截至)(?:到|至|于|日期为?|时间为?|为)?\s*:?\s*[^,;.!?。；！？、\s]{1,20}")
_DATEY = re.compile(
    r"[0-9]{1,2}(?:st|nd|rd|th|am|pm|:[0-9]{2}|/[0-9])|20[0-9]{2}-|[a-z]day|days|night|weeks|months"
    r"|noon|morn|afternoon|evening|tom+or+ow|tmr|tonite|eo[dwmy]\b|(?:^|\s)(?:next|end)\b"
    r"|\bq[1-4]\b|\b(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december)\b",
    re.IGNORECASE,
)

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_WS = re.compile(r"\s+")
_TRAIL = " \t,;:-，。；：、(（[【"
_LEAD = " \t,;:，；：、"
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")

_WD_INDEX = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}
_MON_INDEX = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_WORDNUM = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_POD_TIME = {"morning": 9, "afternoon": 15, "evening": 20, "night": 20}
_ZH_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_ZH_WD = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ZH_POD = {  # period -> (kind, default hour)
    "凌晨": ("early", 6), "清晨": ("morning", 9), "早上": ("morning", 9), "早晨": ("morning", 9),
    "上午": ("morning", 9), "早": ("morning", 9), "晨": ("morning", 9), "中午": ("noon", 12),
    "午间": ("noon", 12), "下午": ("afternoon", 15), "午后": ("afternoon", 15),
    "傍晚": ("evening", 18), "晚上": ("evening", 20), "晚间": ("evening", 20),
    "夜里": ("evening", 20), "夜间": ("evening", 20), "晚": ("evening", 20),
    "夜": ("evening", 20), "半夜": ("late", 23),
}  # fmt: skip


# ---------------------------------------------------------------------------
# Calendar helpers (all on naive local dates).


class _Ctx:
    """One request: the speaker's zone, local 'now' and the team default time."""

    __slots__ = ("default", "now", "now_l", "today", "zone")

    def __init__(self, now: datetime, tz: str, default_time: time) -> None:
        if now.tzinfo is None or now.utcoffset() is None:
            now = now.replace(tzinfo=UTC)
        self.zone = _zone(tz) if isinstance(tz, str) else UTC
        self.now = now.astimezone(UTC)
        self.now_l = now.astimezone(self.zone).replace(tzinfo=None)
        self.today = self.now_l.date()
        self.default = default_time.replace(tzinfo=None)

    def utc(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.zone, fold=0).astimezone(UTC)

    def ahead(self, d: date, tod: time) -> bool:
        return self.utc(datetime.combine(d, tod)) > self.now


@lru_cache(maxsize=256)
def _zone(tz: str) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(tz)
    except Exception:  # noqa: BLE001 - unknown name, bad path, odd type: fall back to UTC
        return UTC


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return date(y, m + 1, min(d.day, _last_day(y, m + 1)))


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _en_next_monday(today: date) -> date:
    """Monday of "next week" in English: on a Sunday the coming week is "this week"."""
    return _monday(today) + timedelta(days=14 if today.weekday() == 6 else 7)


def _upcoming(ctx: _Ctx, wd: int, tod: time) -> date:
    d = ctx.today + timedelta(days=(wd - ctx.today.weekday()) % 7)
    return d if ctx.ahead(d, tod) else d + timedelta(days=7)


def _business_days(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def _month_day(ctx: _Ctx, m: int, d: int, year: int | None) -> date | None:
    """Month/day; without a year a date already past this year means next year."""
    if year is not None:
        return date(year, m, d) if 1 <= m <= 12 and 1 <= d <= _last_day(year, m) else None
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    for y in range(ctx.today.year, ctx.today.year + 9):  # 9 years always reach a 29 Feb
        if d <= _last_day(y, m) and date(y, m, d) >= ctx.today:
            return date(y, m, d)
    return None


def _day_of_month(ctx: _Ctx, d: int) -> date | None:
    """5号 / "the 5th": this month, or the next month that has that day once past."""
    first = ctx.today.replace(day=1)
    for k in range(13):
        mth = _add_months(first, k)
        if d <= _last_day(mth.year, mth.month) and mth.replace(day=d) >= ctx.today:
            return mth.replace(day=d)
    return None


def _end_of_month(ctx: _Ctx, months_ahead: int, tod: time, roll: bool) -> date:
    mth = _add_months(ctx.today.replace(day=1), months_ahead)
    d = mth.replace(day=_last_day(mth.year, mth.month))
    if roll and not ctx.ahead(d, tod):
        mth = _add_months(mth, 1)
        d = mth.replace(day=_last_day(mth.year, mth.month))
    return d


def _friday(ctx: _Ctx, weeks_ahead: int, tod: time, roll: bool) -> date:
    d = _monday(ctx.today) + timedelta(days=4 + 7 * weeks_ahead)
    return d + timedelta(days=7) if roll and not ctx.ahead(d, tod) else d


def _clock(h: int, pod: str | None, literal: bool) -> time | None:
    """Hour without am/pm -> time, using the part of day or working hours."""
    if pod in ("afternoon", "evening", "night", "late"):
        if h == 12 and pod in ("evening", "night", "late"):
            return _END_OF_DAY
        if h < 12:
            h += 12
    elif pod == "noon":
        if h <= 2:
            h += 12
    elif pod in ("morning", "early"):
        if h == 12:
            h = 0 if pod == "early" else 12
    elif not literal and 1 <= h <= 6:
        h += 12
    return time(h, 0) if 0 <= h <= 23 else None


# ---------------------------------------------------------------------------
# Evaluation.  Each returns (due in UTC, date_only) or None.

_Result = tuple[datetime, bool]


def _finish(ctx: _Ctx, d: date, tod: time, date_only: bool) -> _Result:
    return ctx.utc(datetime.combine(d, tod)), date_only


def _en_time(g: dict[str, str], pod: str | None, ctx: _Ctx) -> tuple[time | None, bool, bool]:
    """-> (time of day or None if invalid, date_only, soft).  soft = not a clock time."""
    if "ap" in g:
        h = int(g["h"]) % 12 + (12 if g["ap"][0] in "pP" else 0)
        return time(h, int(g.get("mi", 0))), False, False
    if "h24" in g:
        raw = g["h24"]
        t = _clock(int(raw), pod, literal=raw.startswith("0") or int(raw) > 12)
        return (t.replace(minute=int(g["mi24"])) if t and t != _END_OF_DAY else t), False, False
    if "noon" in g:
        return (_END_OF_DAY if g["noon"].lower() == "midnight" else time(12)), False, False
    if "eod" in g:
        return ctx.default, True, True
    if "hoc" in g or "hat" in g:
        raw = g.get("hoc") or g["hat"]
        return _clock(int(raw), pod, literal=raw.startswith("0") or int(raw) > 12), False, False
    if pod:
        return time(_POD_TIME[pod]), False, True
    return ctx.default, True, True


def _en_eval(g: dict[str, str], ctx: _Ctx) -> _Result | None:
    low = {k: v.lower() for k, v in g.items()}
    rel = low.get("rel")
    pod = low.get("pod") or low.get("podt") or low.get("podw") or low.get("podw2")
    if rel == "tonight" or (pod == "night" and rel is None):
        pod = "evening"
    if "podt" in low:
        rel = "today"
    tod, date_only, soft = _en_time(low, pod, ctx)
    if tod is None:
        return None
    today = ctx.today

    if "dn" in low or "dn2" in low or "half" in low:
        return _en_duration(low, ctx, tod, date_only)
    if rel is not None:
        if "after" in rel:
            d = today + timedelta(days=2)
        elif rel in ("today", "tonight"):
            if soft and not ctx.ahead(today, tod):
                tod = _END_OF_DAY
            return _finish(ctx, today, tod, date_only)
        else:
            d = today + timedelta(days=1)
        return _finish(ctx, d, tod, date_only)
    if "wd" in low:
        wd = _WD_INDEX[low["wd"][:2]]
        if low["wdmod"] == "next":
            return _finish(ctx, _en_next_monday(today) + timedelta(days=wd), tod, date_only)
        return _finish(ctx, _upcoming(ctx, wd, tod), tod, date_only)
    if "wd2" in low:
        wd = _WD_INDEX[low["wd2"][:2]]
        nxt = low.get("wdnext")
        if nxt and nxt.startswith("next"):
            d = _en_next_monday(today) + timedelta(days=wd)
        else:
            d = _upcoming(ctx, wd, tod) + timedelta(days=7 if nxt else 0)
        return _finish(ctx, d, tod, date_only)
    if "mon" in low or "mon2" in low:
        mon = _MON_INDEX[(low.get("mon") or low["mon2"])[:3]]
        day = int(re.sub(r"[a-z]", "", low.get("mday") or low["mday2"]))
        yr = low.get("year") or low.get("year2")
        d = _month_day(ctx, mon, day, int(yr) if yr else None)
        return None if d is None else _finish(ctx, d, tod, date_only)
    if "iy" in low:
        y, m, dd = int(low["iy"]), int(low["im"]), int(low["id"])
        d = _month_day(ctx, m, dd, y)
        return None if d is None else _finish(ctx, d, tod, date_only)
    if "dd" in low:  # dotted dates are day.month.year
        d = _month_day(ctx, int(low["dmo"]), int(low["dd"]), int(low["dy"]))
        return None if d is None else _finish(ctx, d, tod, date_only)
    if "sm" in low:
        m, dd = int(low["sm"]), int(low["sd"])
        if m > 12 >= dd:  # 25/12 can only be day/month
            m, dd = dd, m
        yr = low.get("sy")
        y = None if yr is None else int(yr) + (2000 if len(yr) == 2 else 0)
        d = _month_day(ctx, m, dd, y)
        return None if d is None else _finish(ctx, d, tod, date_only)
    if "dom" in low:
        d = _day_of_month(ctx, int(low["dom"][:-2]))
        return None if d is None else _finish(ctx, d, tod, date_only)
    if "eo" in low:
        unit = low.get("eounit") or {"eow": "week", "eom": "month", "eoy": "year"}[low["eo"]]
        ahead = 1 if (low.get("eomod") or "").strip() == "next" else 0
        if unit == "week":
            if ahead:
                d = _en_next_monday(today) + timedelta(days=4)
            else:
                d = _friday(ctx, 0, tod, roll=True)
        elif unit == "month":
            d = _end_of_month(ctx, ahead, tod, roll=not ahead)
        else:
            d = date(today.year + ahead, 12, 31)
            if not ahead and not ctx.ahead(d, tod):
                d = date(today.year + 1, 12, 31)
        return _finish(ctx, d, tod, date_only)
    if "punit" in low:
        mod, unit = low["pmod"], low["punit"]
        if unit == "weekend":
            if mod == "next":
                d = _en_next_monday(today) + timedelta(days=5)
            else:
                d = _upcoming(ctx, 5, tod)
        elif unit == "week":
            d = _en_next_monday(today) if mod == "next" else _friday(ctx, 0, tod, roll=True)
        elif mod == "next":
            d = _add_months(today.replace(day=1), 1)
        else:
            d = _end_of_month(ctx, 0, tod, roll=False)
        return _finish(ctx, d, tod, date_only)
    if "wkend" in low:
        return _finish(ctx, _upcoming(ctx, 5, tod), tod, date_only)
    # A time of day alone.
    if "eod" in low:
        if not ctx.ahead(today, tod):
            tod = _END_OF_DAY
        return _finish(ctx, today, tod, True)
    d = today if ctx.ahead(today, tod) else today + timedelta(days=1)
    return _finish(ctx, d, tod, False)


def _en_duration(low: dict[str, str], ctx: _Ctx, tod: time, date_only: bool) -> _Result | None:
    if "half" in low:
        return (ctx.now + timedelta(minutes=30)).replace(second=0, microsecond=0), False
    word = low.get("dn") or low["dn2"]
    unit = low.get("du") or low["du2"]
    n = int(word) if word.isdigit() else (2 if "couple" in word else _WORDNUM[word])
    if unit.startswith(("min", "h")):
        delta = timedelta(minutes=n) if unit.startswith("min") else timedelta(hours=n)
        return (ctx.now + delta).replace(second=0, microsecond=0), False
    if unit.startswith(("business", "working", "work")):
        d = _business_days(ctx.today, n)
    elif unit.startswith("d"):
        d = ctx.today + timedelta(days=n)
    elif unit.startswith("w"):
        d = ctx.today + timedelta(weeks=n)
    elif unit.startswith("m"):
        d = _add_months(ctx.today, n)
    else:
        d = _add_months(ctx.today, 12 * n)
    return _finish(ctx, d, tod, date_only)


def _zh_int(s: str | None) -> int | None:
    """Arabic or Chinese numeral up to 99 (十五, 二十, 两, 零五)."""
    if not s:
        return None
    if s.isascii():
        return int(s) if s.isdigit() else None
    if "十" in s:
        head, _, tail = s.partition("十")
        if "十" in tail or len(head) > 1 or len(tail) > 1:
            return None
        tens = _ZH_DIGIT.get(head, -99) if head else 1
        ones = _ZH_DIGIT.get(tail, -99) if tail else 0
        n = tens * 10 + ones
        return n if n >= 0 else None
    if len(s) == 2 and s[0] in "零〇":
        s = s[1]
    return _ZH_DIGIT.get(s) if len(s) == 1 else None


def _zh_time(g: dict[str, str], ctx: _Ctx) -> tuple[time | None, bool, bool, bool]:
    """-> (time or None if invalid, date_only, soft, has_clock)."""
    pod_word = g.get("zp")
    kind, pod_hour = _ZH_POD[pod_word] if pod_word else (None, 0)
    if "zh" in g:
        h = _zh_int(g["zh"])
        if h is None:
            return None, False, False, True
        t = _clock(h, kind, literal=g["zh"].startswith("0") or h > 12 or kind is not None)
        if t is None or t == _END_OF_DAY:
            return t, False, False, True
        if "zhalf" in g:
            mi = 30
        elif "zq" in g:
            mi = 15 if g["zq"] == "一刻" else 45
        else:
            mi = _zh_int(g.get("zmi")) or 0
        return (t.replace(minute=mi) if 0 <= mi <= 59 else None), False, False, True
    if "zhh" in g:
        raw = g["zhh"]
        t = _clock(int(raw), kind, literal=raw.startswith("0") or int(raw) > 12 or kind is not None)
        if t is not None and t != _END_OF_DAY:
            t = t.replace(minute=int(g["zmm"]))
        return t, False, False, True
    if "zap" in g:
        h = int(g["zeh"]) % 12 + (12 if g["zap"][0] in "pP" else 0)
        return time(h, int(g.get("zem", 0))), False, False, True
    if pod_word:
        return (_END_OF_DAY if kind == "late" else time(pod_hour)), False, True, False
    return ctx.default, True, True, False


def _zh_eval(g: dict[str, str], ctx: _Ctx) -> _Result | None:
    tod, date_only, soft, has_clock = _zh_time(g, ctx)
    if tod is None:
        return None
    today = ctx.today
    rel = g.get("zrel")
    if rel is not None:
        if rel[0] == "今":
            if soft and not ctx.ahead(today, tod):
                tod = _END_OF_DAY
            return _finish(ctx, today, tod, date_only)
        days = {"明": 1, "后": 2, "大": 3}[rel[0]]
        return _finish(ctx, today + timedelta(days=days), tod, date_only)
    if "zwd" in g:
        c = g["zwd"]
        wd = int(c) - 1 if c.isdigit() else _ZH_WD[c]
        mod = g.get("zwm")
        if mod is None:
            return _finish(ctx, _upcoming(ctx, wd, tod), tod, date_only)
        weeks = 2 if mod.startswith("下下") else 1 if mod.startswith("下") else 0
        return _finish(ctx, _monday(today) + timedelta(days=wd + 7 * weeks), tod, date_only)
    if "zwe" in g:
        mod = g.get("zwem")
        if mod is None:
            return _finish(ctx, _upcoming(ctx, 5, tod), tod, date_only)
        weeks = 2 if mod.startswith("下下") else 1 if mod.startswith("下") else 0
        return _finish(ctx, _monday(today) + timedelta(days=5 + 7 * weeks), tod, date_only)
    if "zwk" in g:
        mod = g["zwk"]
        if mod.startswith(("本", "这")):
            return _finish(ctx, _friday(ctx, 0, tod, roll=False), tod, date_only)
        weeks = 2 if mod.startswith("下下") else 1
        return _finish(ctx, _monday(today) + timedelta(days=7 * weeks), tod, date_only)
    if "zd" in g or "zme" in g:
        return _zh_month(g, ctx, tod, date_only)
    if "zmnext" in g:
        months = 2 if g["zmnext"].startswith("下下") else 1
        return _finish(ctx, _add_months(today.replace(day=1), months), tod, date_only)
    if "zye" in g:
        yy = g.get("zyy")
        year = today.year + 1 if yy == "明" else int(yy) if yy and yy.isdigit() else today.year
        md = {"底": (12, 31), "末": (12, 31), "内": (12, 31), "初": (1, 1), "中": (6, 30)}[g["zye"]]
        d = date(year, *md)
        if yy is None and not ctx.ahead(d, tod):
            d = date(year + 1, *md)
        return _finish(ctx, d, tod, date_only)
    if "zdom" in g:
        n = _zh_int(g["zdom"])
        d = _day_of_month(ctx, n) if n else None
        return None if d is None else _finish(ctx, d, tod, date_only)
    if "zdu" in g:
        return _zh_duration(g, ctx, tod, date_only)
    if not has_clock:
        return None
    d = today if ctx.ahead(today, tod) else today + timedelta(days=1)
    return _finish(ctx, d, tod, False)


def _zh_month(g: dict[str, str], ctx: _Ctx, tod: time, date_only: bool) -> _Result | None:
    today = ctx.today
    yy, rel = g.get("zy"), g.get("zmrel")
    m = _zh_int(g.get("zm")) if "zm" in g else None
    if "zm" in g and m is None:
        return None
    year = None
    if yy is not None:
        year = today.year + 1 if yy == "明" else int(yy) if yy.isdigit() else today.year
    if rel is not None:
        months = 2 if rel.startswith("下下") else 1 if rel.startswith("下") else 0
        first = _add_months(today.replace(day=1), months)
        year, m = first.year, first.month
    if "zd" in g:
        day = _zh_int(g["zd"])
        if day is None:
            return None
        if m is None:  # 月5号 alone is not a phrase anyone writes
            return None
        d = _month_day(ctx, m, day, year)
        return None if d is None else _finish(ctx, d, tod, date_only)
    end = g["zme"]
    explicit = m is not None or year is not None
    if m is None:
        m = today.month
    if not 1 <= m <= 12:
        return None
    y = year if year is not None else today.year

    def pick(yv: int, mv: int) -> date:
        day = {"初": 1, "中": 15}.get(end, _last_day(yv, mv))
        return date(yv, mv, day)

    d = pick(y, m)
    if year is None and not ctx.ahead(d, tod):
        if "zm" in g:  # 12月底 already past -> next year
            d = pick(y + 1, m)
        elif not explicit and rel is None:  # bare 月底/月初 -> next month
            nxt = _add_months(date(y, m, 1), 1)
            d = pick(nxt.year, nxt.month)
    return _finish(ctx, d, tod, date_only)


def _zh_duration(g: dict[str, str], ctx: _Ctx, tod: time, date_only: bool) -> _Result | None:
    raw, unit = g["zdn"], g["zdu"]
    n = 0.5 if raw == "半" else _zh_int(raw)
    if n is None:
        return None
    if "zdhalf" in g:
        n += 0.5
    if unit in ("分钟", "小时", "钟头"):
        delta = timedelta(minutes=n) if unit == "分钟" else timedelta(hours=n)
        return (ctx.now + delta).replace(second=0, microsecond=0), False
    today = ctx.today
    if unit == "天" and n % 1:  # 半天后: twelve real hours
        return (ctx.now + timedelta(hours=24 * n)).replace(second=0, microsecond=0), False
    if unit == "工作日":
        d = _business_days(today, int(n))
    elif unit == "天":
        d = today + timedelta(days=int(n))
    elif unit in ("周", "星期", "礼拜"):
        d = today + timedelta(days=round(7 * n))
    elif unit == "月":
        d = _add_months(today, int(n)) + timedelta(days=15 if n % 1 else 0)
    else:
        d = _add_months(today, round(12 * n))
    return _finish(ctx, d, tod, date_only)


# ---------------------------------------------------------------------------
# Matching.


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    result: _Result
    marked: bool
    strong: bool
    needs_mark: bool


def _groups(m: re.Match[str]) -> dict[str, str]:
    return {k: v for k, v in m.groupdict().items() if v is not None}


_EN_CLOCK_KEYS = frozenset(("ap", "h24", "noon", "hoc", "hat"))
_EN_DATE_KEYS = frozenset(
    ("rel", "podt", "wd", "wd2", "mon", "mon2", "iy", "dd", "sm", "dom", "eo", "dn", "dn2", "half", "punit", "wkend")
)
_ZH_DATE_KEYS = frozenset(("zrel", "zwd", "zwe", "zwk", "zd", "zme", "zmnext", "zye", "zdom", "zdu"))
_ZH_CLOCK_KEYS = frozenset(("zh", "zhh", "zap"))


def _en_hit(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    g = {k[2:] if k[1] == "_" else k: v for k, v in _groups(m).items()}
    marked = "mark" in g
    res = _safely(_en_eval, g, ctx)
    if res is None:
        return None
    has_clock = not _EN_CLOCK_KEYS.isdisjoint(g)
    has_date = not _EN_DATE_KEYS.isdisjoint(g)
    # Weak phrases double as ordinary words ("the Monday deck", "EOD report", "end of month close").
    weak_date = any(k in g for k in ("wd2", "sm", "dom", "wkend", "eo")) and "wdnext" not in g
    weak_date = weak_date or "punit" in g
    strong = (has_date and not weak_date) or (has_date and has_clock)
    needs_mark = "dom" in g
    if "wd2" in g and not has_clock and len(g["wd2"]) <= 4 and "wdnext" not in g:
        needs_mark = needs_mark or not g.get("podw2")  # "Call Sun", "Fix the sat solver"
    if "at" in g and not has_date and "hat" not in g:
        marked = True
    return _Hit(m.start(), m.end(), res, marked, strong, needs_mark)


def _zh_hit(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if m.end() == m.start():
        return None
    g = _groups(m)
    has_date = _zh_has_date(g)
    has_clock = not _ZH_CLOCK_KEYS.isdisjoint(g)
    if not has_date and not has_clock:
        return None
    start = m.start()
    suffix = g.get("zsuf")
    if g.get("zin") == "于" and not suffix:  # 于 alone is too common (关于, 由于) to take
        start += 1
    res = _safely(_zh_eval, g, ctx)
    if res is None:
        return None
    marked = "zmark" in g or suffix is not None
    weak_date = (
        ("zwd" in g and "zwm" not in g)
        or "zdom" in g
        or "zwk" in g
        or "zmnext" in g
        or ("zwe" in g and "zwem" not in g)
        or ("zme" in g and "zm" not in g and "zmrel" not in g and "zy" not in g)
        or ("zye" in g and "zyy" not in g)
    )
    strong = (has_date and not weak_date) or (has_clock and ("zp" in g or has_date))
    return _Hit(start, m.end(), res, marked, strong, False)


def _safely(evaluate: Callable[[dict[str, str], _Ctx], _Result | None], g: dict[str, str], ctx: _Ctx) -> _Result | None:
    """One unreadable candidate (a date past year 9999) must not sink the others."""
    try:
        return evaluate(g, ctx)
    except (OverflowError, ValueError):
        return None


def _zh_has_date(g: dict[str, str]) -> bool:
    return not _ZH_DATE_KEYS.isdisjoint(g)


def _norm(text: str) -> str:
    """Full-width ASCII -> ASCII, keeping every index (so spans map back)."""
    return text.translate(_FULLWIDTH)


def _whole(phrase: str, ctx: _Ctx) -> _Result | None:
    """The grammar read of a whole phrase, or None."""
    s = _norm(phrase)
    m = _EN_RE.fullmatch(s)
    if m:
        hit = _en_hit(m, ctx)
        if hit:
            return hit.result
    m = _ZH_RE.fullmatch(s)
    if m:
        hit = _zh_hit(m, ctx)
        if hit:
            return hit.result
    return None


# ---------------------------------------------------------------------------
# dateparser fallback: English only, one shared parser, naive local base.

_DP_LOCK = threading.Lock()
_dp_state: dict[str, Any] = {}  # "parser": DateDataParser, "settings": its base Settings
_DP_STRIP = re.compile(rf"^\s*(?:{_EN_MARK})", re.IGNORECASE)
_DP_OK = re.compile(r"^[A-Za-z0-9 ,./:-]{2,40}$")  # no quotes: "tomorrow's" is not a date
_BARE_DURATION = re.compile(rf"{_NUMW}\s+{_UNIT}(?:\s+(?:long|total|max))?$", re.IGNORECASE)


def _parser() -> Any:
    parser = _dp_state.get("parser")
    if parser is None:
        # Heavy (~100 ms with its locale data): imported on first use or by warm_up().
        from dateparser.date import DateDataParser

        parser = DateDataParser(
            languages=["en"],
            # RELATIVE_BASE (naive local "now") is set per call in _dateparser().
            settings={"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False},
        )
        _dp_state["parser"] = parser
        _dp_state["settings"] = parser._settings
    return parser


def _dp_call(s: str, base: datetime) -> Any:
    with _DP_LOCK:  # one shared parser; its RELATIVE_BASE is swapped per call
        parser = _parser()
        parser._settings = _dp_state["settings"].replace(RELATIVE_BASE=base)
        return parser.get_date_data(s)


def _dateparser(phrase: str, ctx: _Ctx) -> _Result | None:
    """Fallback for English forms the grammar lacks ("tomorrow at 17h", "3 Dec at 15.00").

    Guarded against dateparser's known misreads: bare numbers (42 -> 2042),
    month- or year-only results ("the 5th" -> May), bare durations ("3 days"
    in "Estimate: 3 days") and anything before today.
    """
    s = _DP_STRIP.sub("", phrase).strip()
    if not _DP_OK.match(s) or not re.search(r"[A-Za-z]{3}|[0-9][./][0-9]", s):
        return None
    if not _DATEY.search(s) and not re.search(r"[0-9]{1,2}[./-][0-9]{1,2}", s):
        return None
    if re.fullmatch(r"[0-9 ]+", s) or _BARE_DURATION.match(s):
        return None
    try:
        data = _dp_call(s, ctx.now_l)
        value, parts = data.date_obj, tuple(getattr(data, "parts", ()) or ())
        if value is None or "day" not in parts or data.period not in ("day", "time"):
            return None
        value = value.replace(tzinfo=None)
        if value.date() < ctx.today:
            return None
        if "time" in parts:
            return ctx.utc(value.replace(second=0, microsecond=0)), False
        return _finish(ctx, value.date(), ctx.default, True)
    except Exception:  # noqa: BLE001 - third-party code on user text: an error means "not a date"
        return None


# ---------------------------------------------------------------------------
# Public API.


def parse_deadline(phrase: str, *, now: datetime, tz: str, default_time: time = time(17, 0)) -> Deadline | None:
    """The whole phrase is a deadline, or None.

    The phrase may carry a marker: by/due/before/on/until before it, 截止/截至
    before it, 在 … 前/之前 or 前/之前 around it.  Used for "/task due 3 <phrase>".
    """
    try:
        if not isinstance(phrase, str):
            return None
        s = phrase.strip().rstrip(_TRAIL + ".!?！？").strip()
        if not s or len(s) > 200:
            return None
        ctx = _Ctx(now, tz, default_time)
        res = _whole(s, ctx) or _dateparser(_norm(s), ctx)
        return None if res is None else Deadline(res[0], s, res[1])
    except Exception:  # noqa: BLE001 - never let a weird phrase break a slash command
        return None


def split_deadline(text: str, *, now: datetime, tz: str, default_time: time = time(17, 0)) -> Split:
    """Find the deadline phrase inside task text (usually at the end, but may be anywhere).

    The longest phrase ending the text wins; elsewhere only a marked phrase
    ("by Friday", "周五前") or a specific one ("tomorrow 5pm", 明天) is taken,
    so ordinary words ("Review the May report", "Update the Monday deck")
    stay in the title.  If a marker is followed by words that cannot be
    read, deadline is None, the title keeps every word and not_understood
    names them.
    """
    try:
        if not isinstance(text, str):
            return Split("", None, None)
        ctx = _Ctx(now, tz, default_time)
        hit = _best_hit(text, ctx)
        if hit is not None:
            due, date_only = hit.result
            phrase = text[hit.start : hit.end].strip()
            return Split(_remove(text, hit.start, hit.end), Deadline(due, phrase, date_only), None)
        return _unreadable(text, ctx)
    except Exception:  # noqa: BLE001 - never let weird text break a slash command
        return Split(_tidy(text) if isinstance(text, str) else "", None, None)


def warm_up() -> None:
    """Build and exercise the dateparser parser once so the first real request is fast.

    Called at process start: the first dateparser call loads locale data (~80 ms).
    """
    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    base = now.replace(tzinfo=None)
    for p in ("tomorrow at 17h", "3 Dec at 15.00", "Sun, 6 Dec 2026 10:00", "next friday 3:30", "noon"):
        _dp_call(p, base)
    for t in ("Prepare the Q3 budget review tomorrow 5pm", "提交季度报告 下周五下午3点前",
              "renew the TLS cert by Friday", "finish the deck by blorpday"):  # fmt: skip
        split_deadline(t, now=now, tz="Asia/Shanghai")


# ---------------------------------------------------------------------------
# Helpers for split_deadline.

_TAIL_OK = re.compile(r"[\s,;:.!?。，；：！？、)\]）】\"'”’-]*")
_TAIL_END = re.compile(_TAIL_OK.pattern + r"\Z")


def _best_hit(text: str, ctx: _Ctx) -> _Hit | None:
    s = _norm(text)
    tail_end = _TAIL_END.search(s).start()  # where trailing punctuation/space begins
    hits: list[_Hit] = []
    for m in _EN_RE.finditer(s):
        hit = _en_hit(m, ctx)
        if hit:
            hits.append(hit)
    if _ZH_HINT.search(s):
        for m in _ZH_RE.finditer(s):
            hit = _zh_hit(m, ctx)
            if hit:
                hits.append(hit)
    best, best_key = None, None
    for hit in hits:
        at_end = hit.end >= tail_end
        if hit.needs_mark and not hit.marked:
            continue
        if not (at_end or hit.marked or hit.strong):
            continue
        key = (at_end, hit.marked, hit.strong, hit.end - hit.start, hit.start)
        if best_key is None or key > best_key:
            best, best_key = hit, key
    return best


def _unreadable(text: str, ctx: _Ctx) -> Split:
    """No phrase read: try a marker's words with dateparser, else report them."""
    s = _norm(text)
    found = None
    for m in _NU_EN.finditer(s):
        found = m
    if found is not None:
        rest = found.group("rest")
        words = rest.split()
        if len(words) <= 4 and (
            found.group("colon")
            or found.group("m").lower() == "deadline"
            or (_DATEY.search(rest) and rest.lower() not in ("day", "days", "week", "month"))
        ):
            res = _dateparser(rest, ctx)
            span = (found.start(), found.start("rest") + len(rest))
            if res is not None:
                phrase = text[span[0] : span[1]]
                return Split(_remove(text, *span), Deadline(res[0], phrase, res[1]), None)
            return Split(_tidy(text), None, text[span[0] : span[1]])
    zh_marks = [m.span() for m in _NU_ZH.finditer(s)]
    if zh_marks:
        start, end = zh_marks[-1]
        return Split(_tidy(text), None, text[start:end])
    span = _date_word_tail(s)
    if span is not None:
        res = _dateparser(s[span[0] : span[1]], ctx)
        if res is not None:
            phrase = text[span[0] : span[1]]
            return Split(_remove(text, *span), Deadline(res[0], phrase, res[1]), None)
    return Split(_tidy(text), None, None)


def _date_word_tail(s: str) -> tuple[int, int] | None:
    """The run of date-like words ending the text: one dateparser candidate, not dozens."""
    tokens = list(_TOKEN.finditer(s[-200:]))
    offset = max(0, len(s) - 200)
    run: list[re.Match[str]] = []
    for tok in reversed(tokens):
        word = tok.group(0).rstrip(",.").lower()
        if not (word in _DATE_WORDS or word in _DATE_NAMES or word[:1].isdigit()):
            break
        run.append(tok)
        if len(run) == 6:
            break
    while run and run[-1].group(0).rstrip(",.").lower() in _GLUE_WORDS:
        run.pop()  # leading "at"/"on"/"the" belong to the title
    if not run:
        return None
    words = " ".join(t.group(0).lower() for t in reversed(run))
    if not (re.search(r"[a-z]{3}", words) or _DMY.search(words)):
        return None
    return offset + run[-1].start(), offset + run[0].end()


_TOKEN = re.compile(r"\S+")
_DMY = re.compile(r"[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}")
_GLUE_WORDS = frozenset(("at", "on", "of", "the", "in", "from", "after", "a", "an"))
_DATE_WORDS = _GLUE_WORDS | frozenset(
    ("today", "tomorrow", "tonight", "noon", "midnight", "morning", "afternoon", "evening", "night", "next",
     "this", "week", "weeks", "month", "months", "year", "years", "day", "days", "now", "hour", "hours",
     "minute", "minutes", "am", "pm")
)  # fmt: skip
_DATE_NAMES = frozenset(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed",
     "thu", "thur", "thurs", "fri", "sat", "sun", "january", "february", "march", "april", "may", "june", "july",
     "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
     "sep", "sept", "oct", "nov", "dec")
)  # fmt: skip


def _remove(text: str, start: int, end: int) -> str:
    """The title: text without [start, end), joined with a space only between words."""
    left, right = text[:start].rstrip(), text[end:].lstrip()
    if _TAIL_OK.fullmatch(right):  # "… due Dec 5." -> drop the stray "."
        right = ""
    elif left and left[-1] in ",;，；、" and right[0] in ",;，；、":  # "deck, by Friday, to"
        right = right[1:].lstrip()
    if not left or not right or _CJK.match(left[-1]) or _CJK.match(right[0]):
        return _tidy(left + right)
    if right[0] in ",;:.!?)":
        return _tidy(left + right)
    return _tidy(f"{left} {right}")


def _tidy(s: str) -> str:
    s = _WS.sub(" ", s).strip()
    return s.rstrip(_TRAIL).lstrip(_LEAD).strip()


# ---------------------------------------------------------------------------
# The same readings under public names, for bot.recurrence (meeting times).
# Each is an existing private helper, or a thin wrapper that changes nothing.

zh_number = _zh_int  # 十五 -> 15, 两 -> 2, "05" -> 5; None if not a numeral up to 99
normalize = _norm  # full-width ASCII -> ASCII, index for index
tidy = _tidy  # collapse whitespace, strip trailing/leading separators


def zone(tz: str) -> ZoneInfo | timezone:
    """The zone for an IANA name; UTC for an unknown name, as deadlines do."""
    return _zone(tz) if isinstance(tz, str) else UTC


def local_to_utc(wall: datetime, tz: str) -> datetime:
    """Naive local wall time -> aware UTC, by the deadline rule (fold=0): a time in a
    spring-forward gap moves forward by the gap, an ambiguous time takes its first occurrence."""
    return wall.replace(tzinfo=zone(tz), fold=0).astimezone(UTC)


def parse_time_of_day(phrase: str) -> tuple[time, bool] | None:
    """A time of day on its own ("5pm", "at 9:30", "noon", "下午5点半", "8:30"), read as in deadlines.

    -> (time, clock); clock is False when only a part of the day was given (下午 -> 15:00).
    None for anything else: a date, a marker (by, 前), EOD, unreadable words.
    """
    try:
        if not isinstance(phrase, str) or len(phrase) > 40:
            return None
        s = _norm(phrase).strip()
        ctx = _Ctx(datetime(2000, 1, 3, tzinfo=UTC), "UTC", time(17, 0))
        m = _EN_RE.fullmatch(s)
        if m:
            g = {(k[2:] if k[1] == "_" else k): v.lower() for k, v in _groups(m).items()}
            if "mark" in g or "eod" in g or not _EN_DATE_KEYS.isdisjoint(g):
                return None
            tod, date_only, soft = _en_time(g, None, ctx)
            return None if tod is None or date_only else (tod, not soft)
        m = _ZH_RE.fullmatch(s)
        if m and m.end() > m.start():
            g = _groups(m)
            if _zh_has_date(g) or not {"zmark", "zin", "zsuf"}.isdisjoint(g):
                return None
            tod, date_only, _soft, has_clock = _zh_time(g, ctx)
            return None if tod is None or date_only else (tod, has_clock)
        return None
    except Exception:  # noqa: BLE001 - odd text is "not a time", never an error
        return None
