"""Find and read task deadlines ("tomorrow 5pm", "by Friday", "下周五下午3点前"): the public API.

Why this module: callers want one answer per text -- a deadline, the title without it, or the words that could
not be read -- whichever grammar (``english``, ``chinese``) or the dateparser fallback found it; picking the best
of several candidate phrases, and reporting the words that were meant as a deadline but not understood, lives here.

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

import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from bot.text.chinese import ZH_HINT, ZH_RE, zh_has_date, zh_hit, zh_time
from bot.text.english import EN_DATE_KEYS, EN_MARK, EN_RE, en_hit, en_time
from bot.text.lexicon import EN_COUNT, EN_UNIT, TRAIL, normalize, tidy
from bot.text.reading import Ctx, Hit, Result, finish, groups

__all__ = [
    "MAX_PHRASE", "PHRASE_TRAIL", "SPLIT_WINDOW", "Deadline", "Split", "parse_deadline", "parse_time_of_day",
    "split_deadline", "warm_up",
]

MAX_PHRASE = 200  # characters parse_deadline reads, once PHRASE_TRAIL is dropped: no deadline is longer
PHRASE_TRAIL = TRAIL + ".!?！？"  # what may follow a phrase and is not part of it
# What split_deadline reads for a phrase, before the trailing punctuation. A valid task's text is at most a title
# (300) and a phrase (MAX_PHRASE), so it is read whole; a longer one is refused as too long anyway, and a phrase
# ending it is still found.
SPLIT_WINDOW = 600


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
# Words that look like a deadline.  Markers for "clearly meant as a deadline, but unreadable".  Each starts with
# a letter class or a literal the scan can test at once, so text without a marker costs one test per character.

_NU_EN = re.compile(
    r"(?=[bdtu])(?<![A-Za-z0-9_])(?P<m>due\s+(?:by|on|date)|due|deadline|by|before|until|till)"
    r"(?P<colon>\s*:)?\s+(?P<rest>[^\s,;.!?][^,;.!?\n]{0,60}?)\s*(?=[,;.!?\n]|$)",
    re.IGNORECASE,
)
# `\s*(?::\s*)?`, not `\s*:?\s*`: two stars around an optional colon share a run of spaces in quadratically many ways.
_NU_ZH = re.compile(r"(?:截止|截至)(?:到|至|于|日期为?|时间为?|为)?\s*(?::\s*)?[^,;.!?。；！？、\s]{1,20}")
_DATEY = re.compile(
    r"[0-9]{1,2}(?:st|nd|rd|th|am|pm|:[0-9]{2}|/[0-9])|20[0-9]{2}-|[a-z]day|days|night|weeks|months"
    r"|noon|morn|afternoon|evening|tom+or+ow|tmr|tonite|eo[dwmy]\b|(?:^|\s)(?:next|end)\b"
    r"|\bq[1-4]\b|\b(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december)\b",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------
# The grammars.


def _whole(phrase: str, ctx: Ctx) -> Result | None:
    """The grammar read of a whole phrase, or None."""
    s = normalize(phrase)
    m = EN_RE.fullmatch(s)
    if m:
        hit = en_hit(m, ctx)
        if hit:
            return hit.result
    m = ZH_RE.fullmatch(s)
    if m:
        hit = zh_hit(m, ctx)
        if hit:
            return hit.result
    return None


# ---------------------------------------------------------------------------
# dateparser fallback: English only, one shared parser, naive local base.

_DP_LOCK = threading.Lock()
_dp_state: dict[str, Any] = {}  # "parser": DateDataParser, "settings": its base Settings
_DP_STRIP = re.compile(rf"^\s*(?:{EN_MARK})", re.IGNORECASE)
_DP_OK = re.compile(r"^[A-Za-z0-9 ,./:-]{2,40}$")  # no quotes: "tomorrow's" is not a date
_BARE_DURATION = re.compile(rf"{EN_COUNT}\s+{EN_UNIT}(?:\s+(?:long|total|max))?$", re.IGNORECASE)


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


def _dateparser(phrase: str, ctx: Ctx) -> Result | None:
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
        return finish(ctx, value.date(), ctx.default, True)
    except Exception:  # noqa: BLE001 - third-party code on user text: an error means "not a date"
        return None


# ---------------------------------------------------------------------------
# Public API.


def parse_deadline(
    phrase: str, *, now: datetime, tz: str, default_time: time = time(17, 0), fallback: bool = True
) -> Deadline | None:
    """The whole phrase is a deadline, or None.

    The phrase may carry a marker: by/due/before/on/until before it, 截止/截至
    before it, 在 … 前/之前 or 前/之前 around it.  Used for "/task due 3 <phrase>".
    ``fallback=False`` reads with the grammar alone: for a caller trying many
    candidates, each dateparser call (milliseconds) would add up.
    """
    try:
        if not isinstance(phrase, str):
            return None
        s = phrase.strip().rstrip(PHRASE_TRAIL).strip()
        if not s or len(s) > MAX_PHRASE:
            return None
        ctx = Ctx(now, tz, default_time)
        res = _whole(s, ctx) or (_dateparser(normalize(s), ctx) if fallback else None)
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

    Phrases are looked for in the last SPLIT_WINDOW characters before the
    trailing punctuation only (the title is still the whole text), so a
    40,000-character message costs what a task does.
    """
    try:
        if not isinstance(text, str):
            return Split("", None, None)
        ctx = Ctx(now, tz, default_time)
        s = normalize(text)
        words_end = _words_end(s)
        lo = _window_start(s, words_end)
        hit = _best_hit(s, lo, words_end, ctx)
        if hit is not None:
            due, date_only = hit.result
            phrase = text[hit.start : hit.end].strip()
            return Split(_remove(text, hit.start, hit.end), Deadline(due, phrase, date_only), None)
        return _unreadable(text, s, lo, ctx)
    except Exception:  # noqa: BLE001 - never let weird text break a slash command
        return Split(tidy(text) if isinstance(text, str) else "", None, None)


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


def parse_time_of_day(phrase: str) -> tuple[time, bool] | None:
    """A time of day on its own ("5pm", "at 9:30", "noon", "下午5点半", "8:30"), read as in deadlines.

    -> (time, clock); clock is False when only a part of the day was given (下午 -> 15:00).
    None for anything else: a date, a marker (by, 前), EOD, unreadable words.
    """
    try:
        if not isinstance(phrase, str) or len(phrase) > 40:
            return None
        s = normalize(phrase).strip()
        ctx = Ctx(datetime(2000, 1, 3, tzinfo=UTC), "UTC", time(17, 0))
        m = EN_RE.fullmatch(s)
        if m:
            g = {(k[2:] if k[1] == "_" else k): v.lower() for k, v in groups(m).items()}
            if "mark" in g or "eod" in g or not EN_DATE_KEYS.isdisjoint(g):
                return None
            tod, date_only, soft = en_time(g, None, ctx)
            return None if tod is None or date_only else (tod, not soft)
        m = ZH_RE.fullmatch(s)
        if m and m.end() > m.start():
            g = groups(m)
            if zh_has_date(g) or not {"zmark", "zin", "zsuf"}.isdisjoint(g):
                return None
            tod, date_only, _soft, has_clock = zh_time(g, ctx)
            return None if tod is None or date_only else (tod, has_clock)
        return None
    except Exception:  # noqa: BLE001 - odd text is "not a time", never an error
        return None


# ---------------------------------------------------------------------------
# Helpers for split_deadline.

_TAIL_OK = re.compile(r"[\s,;:.!?。，；：！？、)\]）】\"'”’-]*")
_SPACE = re.compile(r"\s")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _words_end(s: str) -> int:
    """Where the trailing punctuation and space begin (len(s) when there are none).

    Matched on the reversed text: one greedy pass, where a search for `[…]*\\Z` would start again at every
    character of a long run of dashes (quadratic)."""
    trailing = _TAIL_OK.match(s[::-1])
    assert trailing is not None  # a starred class always matches
    return len(s) - trailing.end()


def _window_start(s: str, words_end: int) -> int:
    """Where phrases are looked for: SPLIT_WINDOW characters before `words_end`, moved on to a word's start."""
    lo = max(0, words_end - SPLIT_WINDOW)
    if lo == 0 or s[lo - 1].isspace():
        return lo
    gap = _SPACE.search(s, lo, words_end)
    return gap.end() if gap else lo  # unspaced Chinese: no word to keep whole


def _best_hit(s: str, lo: int, tail_end: int, ctx: Ctx) -> Hit | None:
    """The best phrase starting at `lo` or later; `tail_end` is where trailing punctuation/space begins."""
    hits: list[Hit] = []
    for m in EN_RE.finditer(s, lo):
        hit = en_hit(m, ctx)
        if hit:
            hits.append(hit)
    if ZH_HINT.search(s, lo):
        for m in ZH_RE.finditer(s, lo):
            hit = zh_hit(m, ctx)
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


def _unreadable(text: str, s: str, lo: int, ctx: Ctx) -> Split:
    """No phrase read: try a marker's words (at `lo` or later in `s`, the normalised text) with dateparser, else
    report them."""
    found = None
    for m in _NU_EN.finditer(s, lo):
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
            return Split(tidy(text), None, text[span[0] : span[1]])
    zh_marks = [m.span() for m in _NU_ZH.finditer(s, lo)]
    if zh_marks:
        start, end = zh_marks[-1]
        return Split(tidy(text), None, text[start:end])
    words_at = _date_word_tail(s)
    if words_at is not None:
        res = _dateparser(s[words_at[0] : words_at[1]], ctx)
        if res is not None:
            phrase = text[words_at[0] : words_at[1]]
            return Split(_remove(text, *words_at), Deadline(res[0], phrase, res[1]), None)
    return Split(tidy(text), None, None)


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
        return tidy(left + right)
    if right[0] in ",;:.!?)":
        return tidy(left + right)
    return tidy(f"{left} {right}")
