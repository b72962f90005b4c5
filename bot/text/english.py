"""The English deadline grammar: one regular expression for the phrases people write, and what each reading means.

Why a module of its own: the grammar is the part that changes (a new phrase, a misread fixed) and it is read
alongside its evaluation, group by group; ``deadlines`` only runs it over the text and picks the best hit.  The
interpretation choices (working hours, "next Monday", month/day roll-over, markers) are listed in
``bot.text.deadlines``.  Evaluation returns (due in UTC, date_only) or None.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.text.lexicon import (
    EN_COUNT,
    EN_MONTH,
    EN_UNIT,
    EN_WEEKDAY,
    MONTH_INDEX,
    WEEKDAY_INDEX,
    WORD_END,
    WORD_NUMBER,
    WORD_START,
)
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

__all__ = ["EN_DATE_KEYS", "EN_MARK", "EN_RE", "en_hit", "en_time"]

# ---------------------------------------------------------------------------
# Grammar.  Group names start with "_"; _prefixed() renames them so the same
# piece can appear twice in one pattern (date-then-time and time-then-date).

_DAYNUM = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_YEAR = r"20[0-9]{2}(?![0-9])"
_POD = r"(?:morning|afternoon|evening|night)(?![A-Za-z0-9_])"
_WDPRE = rf"(?:{EN_WEEKDAY}\.?,?\s+)?"  # "Tue 1 Dec", "Fri, 12/5": the date decides

_EN_DATE = rf"""
(?:
    (?P<_rel>(?:the\s+)?day\s+after\s+tomorrow|today|tonight|tomorrow|tmrw|tmr
        |tomorow|tommorow|tommorrow)(?:\s+(?P<_pod>{_POD}))?
  | this\s+(?P<_podt>morning|afternoon|evening)
  | {_WDPRE}(?P<_mon>{EN_MONTH})(?:\.\s*|\s+)(?P<_mday>{_DAYNUM})(?:,?\s*(?P<_year>{_YEAR}))?
  | {_WDPRE}(?:the\s+)?(?P<_mday2>{_DAYNUM})(?:\s+of)?\s+(?P<_mon2>{EN_MONTH})\.?(?:,?\s*(?P<_year2>{_YEAR}))?
  | {_WDPRE}(?P<_iy>{_YEAR})[-/.](?P<_im>[01]?[0-9])[-/.](?P<_id>[0-3]?[0-9])(?![0-9])
  | {_WDPRE}(?<![0-9./:-])(?P<_dd>[0-3]?[0-9])\.(?P<_dmo>[01]?[0-9])\.(?P<_dy>{_YEAR})
  | {_WDPRE}(?<![0-9./:-])(?P<_sm>[0-3]?[0-9])/(?P<_sd>[0-3]?[0-9])(?:/(?P<_sy>20[0-9]{{2}}|[0-9]{{2}}))?
        (?![0-9/%.:]|-[0-9])
  | (?P<_wdmod>next|this|coming)\s+(?P<_wd>{EN_WEEKDAY})(?:\s+(?P<_podw>{_POD}))?
  | (?P<_wd2>{EN_WEEKDAY})(?:\s+(?P<_wdnext>next\s+week|after\s+next))?(?:\s+(?P<_podw2>{_POD}))?
  | the\s+(?P<_dom>(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th))
  | (?:the\s+)?(?P<_eo>eow|eom|eoy|end\s+of\s+(?:the\s+)?(?P<_eomod>this\s+|next\s+)?(?P<_eounit>week|month|year))
  | (?:in|within)\s+(?P<_dn>{EN_COUNT})\s+(?P<_du>{EN_UNIT})
  | in\s+(?P<_half>half\s+an?\s+hour)
  | (?P<_dn2>{EN_COUNT})\s+(?P<_du2>{EN_UNIT})\s+from\s+(?:now|today)
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

EN_MARK = (
    r"(?P<mark>due\s+(?:by|on|at|date)|due|by|before|on|until|till|til"
    r"|no\s+later\s+than|not\s+later\s+than|deadline)(?:\s*:\s*|\s+)"
)
_JOIN_DT = r"(?:\s*,\s*|\s+|(?=@)|T(?=[0-9]))(?:(?:by|before|around)\s+)?"
_JOIN_TD = r"(?:\s*,\s*|\s+)(?:on\s+)?"


def _prefixed(src: str, prefix: str) -> str:
    return src.replace("(?P<_", f"(?P<{prefix}_").replace("(?(_", f"(?({prefix}_")


# Every phrase starts with a letter, a digit or "@": saying so first lets the scan over text that holds no phrase
# (a run of spaces or dashes) give up at each character at once instead of trying every alternative.
_EN_SRC = (
    rf"(?=[A-Za-z0-9@]){WORD_START}(?>(?:{EN_MARK})?(?:"
    rf"{_prefixed(_EN_DATE, 'a')}(?:{_JOIN_DT}{_prefixed(_EN_TIME, 'a')})?"
    rf"|{_prefixed(_EN_TIME, 'b')}(?:{_JOIN_TD}{_prefixed(_EN_DATE, 'b')})?"
    rf")){WORD_END}(?!['’]s{WORD_END})"
)
EN_RE = re.compile(_EN_SRC, re.IGNORECASE | re.VERBOSE)

_POD_TIME = {"morning": 9, "afternoon": 15, "evening": 20, "night": 20}


# ---------------------------------------------------------------------------
# Evaluation.  Each returns (due in UTC, date_only) or None.


def _en_next_monday(today: date) -> date:
    """Monday of "next week" in English: on a Sunday the coming week is "this week"."""
    return monday(today) + timedelta(days=14 if today.weekday() == 6 else 7)


def _end_of_month(ctx: Ctx, months_ahead: int, tod: time, roll: bool) -> date:
    mth = add_months(ctx.today.replace(day=1), months_ahead)
    d = mth.replace(day=last_day(mth.year, mth.month))
    if roll and not ctx.ahead(d, tod):
        mth = add_months(mth, 1)
        d = mth.replace(day=last_day(mth.year, mth.month))
    return d


def en_time(g: dict[str, str], pod: str | None, ctx: Ctx) -> tuple[time | None, bool, bool]:
    """-> (time of day or None if invalid, date_only, soft).  soft = not a clock time."""
    if "ap" in g:
        h = int(g["h"]) % 12 + (12 if g["ap"][0] in "pP" else 0)
        return time(h, int(g.get("mi", 0))), False, False
    if "h24" in g:
        raw = g["h24"]
        t = clock_time(int(raw), pod, literal=raw.startswith("0") or int(raw) > 12)
        return (t.replace(minute=int(g["mi24"])) if t and t != END_OF_DAY else t), False, False
    if "noon" in g:
        return (END_OF_DAY if g["noon"].lower() == "midnight" else time(12)), False, False
    if "eod" in g:
        return ctx.default, True, True
    if "hoc" in g or "hat" in g:
        raw = g.get("hoc") or g["hat"]
        return clock_time(int(raw), pod, literal=raw.startswith("0") or int(raw) > 12), False, False
    if pod:
        return time(_POD_TIME[pod]), False, True
    return ctx.default, True, True


def _en_eval(g: dict[str, str], ctx: Ctx) -> Result | None:
    d: date | None
    y: int | None
    low = {k: v.lower() for k, v in g.items()}
    rel = low.get("rel")
    pod = low.get("pod") or low.get("podt") or low.get("podw") or low.get("podw2")
    if rel == "tonight" or (pod == "night" and rel is None):
        pod = "evening"
    if "podt" in low:
        rel = "today"
    tod, date_only, soft = en_time(low, pod, ctx)
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
                tod = END_OF_DAY
            return finish(ctx, today, tod, date_only)
        else:
            d = today + timedelta(days=1)
        return finish(ctx, d, tod, date_only)
    if "wd" in low:
        wd = WEEKDAY_INDEX[low["wd"][:2]]
        if low["wdmod"] == "next":
            return finish(ctx, _en_next_monday(today) + timedelta(days=wd), tod, date_only)
        return finish(ctx, upcoming(ctx, wd, tod), tod, date_only)
    if "wd2" in low:
        wd = WEEKDAY_INDEX[low["wd2"][:2]]
        nxt = low.get("wdnext")
        if nxt and nxt.startswith("next"):
            d = _en_next_monday(today) + timedelta(days=wd)
        else:
            d = upcoming(ctx, wd, tod) + timedelta(days=7 if nxt else 0)
        return finish(ctx, d, tod, date_only)
    if "mon" in low or "mon2" in low:
        mon = MONTH_INDEX[(low.get("mon") or low["mon2"])[:3]]
        day = int(re.sub(r"[a-z]", "", low.get("mday") or low["mday2"]))
        yr = low.get("year") or low.get("year2")
        d = month_day(ctx, mon, day, int(yr) if yr else None)
        return None if d is None else finish(ctx, d, tod, date_only)
    if "iy" in low:
        y, m, dd = int(low["iy"]), int(low["im"]), int(low["id"])
        d = month_day(ctx, m, dd, y)
        return None if d is None else finish(ctx, d, tod, date_only)
    if "dd" in low:  # dotted dates are day.month.year
        d = month_day(ctx, int(low["dmo"]), int(low["dd"]), int(low["dy"]))
        return None if d is None else finish(ctx, d, tod, date_only)
    if "sm" in low:
        m, dd = int(low["sm"]), int(low["sd"])
        if m > 12 >= dd:  # 25/12 can only be day/month
            m, dd = dd, m
        yr = low.get("sy")
        y = None if yr is None else int(yr) + (2000 if len(yr) == 2 else 0)
        d = month_day(ctx, m, dd, y)
        return None if d is None else finish(ctx, d, tod, date_only)
    if "dom" in low:
        d = day_of_month(ctx, int(low["dom"][:-2]))
        return None if d is None else finish(ctx, d, tod, date_only)
    if "eo" in low:
        unit = low.get("eounit") or {"eow": "week", "eom": "month", "eoy": "year"}[low["eo"]]
        ahead = 1 if (low.get("eomod") or "").strip() == "next" else 0
        if unit == "week":
            if ahead:
                d = _en_next_monday(today) + timedelta(days=4)
            else:
                d = friday(ctx, 0, tod, roll=True)
        elif unit == "month":
            d = _end_of_month(ctx, ahead, tod, roll=not ahead)
        else:
            d = date(today.year + ahead, 12, 31)
            if not ahead and not ctx.ahead(d, tod):
                d = date(today.year + 1, 12, 31)
        return finish(ctx, d, tod, date_only)
    if "punit" in low:
        mod, unit = low["pmod"], low["punit"]
        if unit == "weekend":
            if mod == "next":
                d = _en_next_monday(today) + timedelta(days=5)
            else:
                d = upcoming(ctx, 5, tod)
        elif unit == "week":
            d = _en_next_monday(today) if mod == "next" else friday(ctx, 0, tod, roll=True)
        elif mod == "next":
            d = add_months(today.replace(day=1), 1)
        else:
            d = _end_of_month(ctx, 0, tod, roll=False)
        return finish(ctx, d, tod, date_only)
    if "wkend" in low:
        return finish(ctx, upcoming(ctx, 5, tod), tod, date_only)
    # A time of day alone.
    if "eod" in low:
        if not ctx.ahead(today, tod):
            tod = END_OF_DAY
        return finish(ctx, today, tod, True)
    d = today if ctx.ahead(today, tod) else today + timedelta(days=1)
    return finish(ctx, d, tod, False)


def _en_duration(low: dict[str, str], ctx: Ctx, tod: time, date_only: bool) -> Result | None:
    if "half" in low:
        return (ctx.now + timedelta(minutes=30)).replace(second=0, microsecond=0), False
    word = low.get("dn") or low["dn2"]
    unit = low.get("du") or low["du2"]
    n = int(word) if word.isdigit() else (2 if "couple" in word else WORD_NUMBER[word])
    if unit.startswith(("min", "h")):
        delta = timedelta(minutes=n) if unit.startswith("min") else timedelta(hours=n)
        return (ctx.now + delta).replace(second=0, microsecond=0), False
    if unit.startswith(("business", "working", "work")):
        d = business_days(ctx.today, n)
    elif unit.startswith("d"):
        d = ctx.today + timedelta(days=n)
    elif unit.startswith("w"):
        d = ctx.today + timedelta(weeks=n)
    elif unit.startswith("m"):
        d = add_months(ctx.today, n)
    else:
        d = add_months(ctx.today, 12 * n)
    return finish(ctx, d, tod, date_only)


# ---------------------------------------------------------------------------
# Matching.

_EN_CLOCK_KEYS = frozenset(("ap", "h24", "noon", "hoc", "hat"))
EN_DATE_KEYS = frozenset(
    ("rel", "podt", "wd", "wd2", "mon", "mon2", "iy", "dd", "sm", "dom", "eo", "dn", "dn2", "half", "punit", "wkend")
)


def en_hit(m: re.Match[str], ctx: Ctx) -> Hit | None:
    g = {k[2:] if k[1] == "_" else k: v for k, v in groups(m).items()}
    marked = "mark" in g
    res = safely(_en_eval, g, ctx)
    if res is None:
        return None
    has_clock = not _EN_CLOCK_KEYS.isdisjoint(g)
    has_date = not EN_DATE_KEYS.isdisjoint(g)
    # Weak phrases double as ordinary words ("the Monday deck", "EOD report", "end of month close").
    weak_date = any(k in g for k in ("wd2", "sm", "dom", "wkend", "eo")) and "wdnext" not in g
    weak_date = weak_date or "punit" in g
    strong = (has_date and not weak_date) or (has_date and has_clock)
    needs_mark = "dom" in g
    if "wd2" in g and not has_clock and len(g["wd2"]) <= 4 and "wdnext" not in g:
        needs_mark = needs_mark or not g.get("podw2")  # "Call Sun", "Fix the sat solver"
    if "at" in g and not has_date and "hat" not in g:
        marked = True
    return Hit(m.start(), m.end(), res, marked, strong, needs_mark)
