"""The Chinese deadline grammar (明天下午3点, 下周五前, 月底, 三天后): one regular expression, and what it means.

Why a module of its own, and not a translation of the English one: Chinese has no spaces, so the pattern leans on
look-arounds instead of word boundaries, numbers come in two scripts (3点, 三点), weeks always start on Monday
(下周五 is Friday of the next calendar week), and the markers wrap the phrase (在…之前).  The interpretation choices
shared with English are listed in ``bot.text.deadlines``.  Evaluation returns (due in UTC, date_only) or None.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.text.lexicon import ZH_WEEKDAY_INDEX, zh_number
from bot.text.reading import (
    END_OF_DAY,
    Ctx,
    Hit,
    Result,
    clock_time,
    day_of_month,
    finish,
    friday,
    groups,
    month_day,
    safely,
    upcoming,
)
from bot.text.zones import add_months, business_days, last_day, monday

__all__ = ["ZH_HINT", "ZH_RE", "zh_has_date", "zh_hit", "zh_time"]

# ---------------------------------------------------------------------------
# Grammar.  No word boundaries, so look-arounds keep 5号楼, 上周五, 每周一,
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
ZH_RE = re.compile(_ZH_SRC, re.IGNORECASE | re.VERBOSE)

# Cheap pre-filter: Chinese phrases all contain one of these characters.
ZH_HINT = re.compile(r"[今明后周星礼月年号日点时天半截午晚早晨夜]")

_ZH_POD = {  # period -> (kind, default hour)
    "凌晨": ("early", 6), "清晨": ("morning", 9), "早上": ("morning", 9), "早晨": ("morning", 9),
    "上午": ("morning", 9), "早": ("morning", 9), "晨": ("morning", 9), "中午": ("noon", 12),
    "午间": ("noon", 12), "下午": ("afternoon", 15), "午后": ("afternoon", 15),
    "傍晚": ("evening", 18), "晚上": ("evening", 20), "晚间": ("evening", 20),
    "夜里": ("evening", 20), "夜间": ("evening", 20), "晚": ("evening", 20),
    "夜": ("evening", 20), "半夜": ("late", 23),
}  # fmt: skip


# ---------------------------------------------------------------------------
# Evaluation.  Each returns (due in UTC, date_only) or None.


def zh_time(g: dict[str, str], ctx: Ctx) -> tuple[time | None, bool, bool, bool]:
    """-> (time or None if invalid, date_only, soft, has_clock)."""
    pod_word = g.get("zp")
    kind, pod_hour = _ZH_POD[pod_word] if pod_word else (None, 0)
    if "zh" in g:
        h = zh_number(g["zh"])
        if h is None:
            return None, False, False, True
        t = clock_time(h, kind, literal=g["zh"].startswith("0") or h > 12 or kind is not None)
        if t is None or t == END_OF_DAY:
            return t, False, False, True
        if "zhalf" in g:
            mi = 30
        elif "zq" in g:
            mi = 15 if g["zq"] == "一刻" else 45
        else:
            mi = zh_number(g.get("zmi")) or 0
        return (t.replace(minute=mi) if 0 <= mi <= 59 else None), False, False, True
    if "zhh" in g:
        raw = g["zhh"]
        t = clock_time(int(raw), kind, literal=raw.startswith("0") or int(raw) > 12 or kind is not None)
        if t is not None and t != END_OF_DAY:
            t = t.replace(minute=int(g["zmm"]))
        return t, False, False, True
    if "zap" in g:
        h = int(g["zeh"]) % 12 + (12 if g["zap"][0] in "pP" else 0)
        return time(h, int(g.get("zem", 0))), False, False, True
    if pod_word:
        return (END_OF_DAY if kind == "late" else time(pod_hour)), False, True, False
    return ctx.default, True, True, False


def _zh_eval(g: dict[str, str], ctx: Ctx) -> Result | None:
    d: date | None
    tod, date_only, soft, has_clock = zh_time(g, ctx)
    if tod is None:
        return None
    today = ctx.today
    rel = g.get("zrel")
    if rel is not None:
        if rel[0] == "今":
            if soft and not ctx.ahead(today, tod):
                tod = END_OF_DAY
            return finish(ctx, today, tod, date_only)
        days = {"明": 1, "后": 2, "大": 3}[rel[0]]
        return finish(ctx, today + timedelta(days=days), tod, date_only)
    if "zwd" in g:
        c = g["zwd"]
        wd = int(c) - 1 if c.isdigit() else ZH_WEEKDAY_INDEX[c]
        mod = g.get("zwm")
        if mod is None:
            return finish(ctx, upcoming(ctx, wd, tod), tod, date_only)
        weeks = 2 if mod.startswith("下下") else 1 if mod.startswith("下") else 0
        return finish(ctx, monday(today) + timedelta(days=wd + 7 * weeks), tod, date_only)
    if "zwe" in g:
        mod = g.get("zwem")
        if mod is None:
            return finish(ctx, upcoming(ctx, 5, tod), tod, date_only)
        weeks = 2 if mod.startswith("下下") else 1 if mod.startswith("下") else 0
        return finish(ctx, monday(today) + timedelta(days=5 + 7 * weeks), tod, date_only)
    if "zwk" in g:
        mod = g["zwk"]
        if mod.startswith(("本", "这")):
            return finish(ctx, friday(ctx, 0, tod, roll=False), tod, date_only)
        weeks = 2 if mod.startswith("下下") else 1
        return finish(ctx, monday(today) + timedelta(days=7 * weeks), tod, date_only)
    if "zd" in g or "zme" in g:
        return _zh_month(g, ctx, tod, date_only)
    if "zmnext" in g:
        months = 2 if g["zmnext"].startswith("下下") else 1
        return finish(ctx, add_months(today.replace(day=1), months), tod, date_only)
    if "zye" in g:
        yy = g.get("zyy")
        year = today.year + 1 if yy == "明" else int(yy) if yy and yy.isdigit() else today.year
        md = {"底": (12, 31), "末": (12, 31), "内": (12, 31), "初": (1, 1), "中": (6, 30)}[g["zye"]]
        d = date(year, *md)
        if yy is None and not ctx.ahead(d, tod):
            d = date(year + 1, *md)
        return finish(ctx, d, tod, date_only)
    if "zdom" in g:
        n = zh_number(g["zdom"])
        d = day_of_month(ctx, n) if n else None
        return None if d is None else finish(ctx, d, tod, date_only)
    if "zdu" in g:
        return _zh_duration(g, ctx, tod, date_only)
    if not has_clock:
        return None
    d = today if ctx.ahead(today, tod) else today + timedelta(days=1)
    return finish(ctx, d, tod, False)


def _zh_month(g: dict[str, str], ctx: Ctx, tod: time, date_only: bool) -> Result | None:
    today = ctx.today
    yy, rel = g.get("zy"), g.get("zmrel")
    m = zh_number(g.get("zm")) if "zm" in g else None
    if "zm" in g and m is None:
        return None
    year = None
    if yy is not None:
        year = today.year + 1 if yy == "明" else int(yy) if yy.isdigit() else today.year
    if rel is not None:
        months = 2 if rel.startswith("下下") else 1 if rel.startswith("下") else 0
        first = add_months(today.replace(day=1), months)
        year, m = first.year, first.month
    if "zd" in g:
        day = zh_number(g["zd"])
        if day is None:
            return None
        if m is None:  # 月5号 alone is not a phrase anyone writes
            return None
        d = month_day(ctx, m, day, year)
        return None if d is None else finish(ctx, d, tod, date_only)
    end = g["zme"]
    explicit = m is not None or year is not None
    if m is None:
        m = today.month
    if not 1 <= m <= 12:
        return None
    y = year if year is not None else today.year

    def pick(yv: int, mv: int) -> date:
        day = {"初": 1, "中": 15}.get(end, last_day(yv, mv))
        return date(yv, mv, day)

    d = pick(y, m)
    if year is None and not ctx.ahead(d, tod):
        if "zm" in g:  # 12月底 already past -> next year
            d = pick(y + 1, m)
        elif not explicit and rel is None:  # bare 月底/月初 -> next month
            nxt = add_months(date(y, m, 1), 1)
            d = pick(nxt.year, nxt.month)
    return finish(ctx, d, tod, date_only)


def _zh_duration(g: dict[str, str], ctx: Ctx, tod: time, date_only: bool) -> Result | None:
    raw, unit = g["zdn"], g["zdu"]
    n = 0.5 if raw == "半" else zh_number(raw)
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
        d = business_days(today, int(n))
    elif unit == "天":
        d = today + timedelta(days=int(n))
    elif unit in ("周", "星期", "礼拜"):
        d = today + timedelta(days=round(7 * n))
    elif unit == "月":
        d = add_months(today, int(n)) + timedelta(days=15 if n % 1 else 0)
    else:
        d = add_months(today, round(12 * n))
    return finish(ctx, d, tod, date_only)


# ---------------------------------------------------------------------------
# Matching.

_ZH_DATE_KEYS = frozenset(("zrel", "zwd", "zwe", "zwk", "zd", "zme", "zmnext", "zye", "zdom", "zdu"))
_ZH_CLOCK_KEYS = frozenset(("zh", "zhh", "zap"))


def zh_hit(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if m.end() == m.start():
        return None
    g = groups(m)
    has_date = zh_has_date(g)
    has_clock = not _ZH_CLOCK_KEYS.isdisjoint(g)
    if not has_date and not has_clock:
        return None
    start = m.start()
    suffix = g.get("zsuf")
    if g.get("zin") == "于" and not suffix:  # 于 alone is too common (关于, 由于) to take
        start += 1
    res = safely(_zh_eval, g, ctx)
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
    return Hit(start, m.end(), res, marked, strong, False)


def zh_has_date(g: dict[str, str]) -> bool:
    return not _ZH_DATE_KEYS.isdisjoint(g)
