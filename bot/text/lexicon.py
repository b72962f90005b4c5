"""The words the time grammars are made of, and the normalisation every reader applies first.

Why a module of its own: the deadline grammars (``english``, ``chinese``), the deadline API (``deadlines``) and
the meeting-rule grammar (``rules``) name the same things -- weekdays, months, number words, Chinese numerals --
and must fold and tidy text the same way, so a span found in normalised text maps back onto what the user typed.
What a word *means* for a deadline (morning = 09:00, "next" Monday) stays with the grammar that reads it; the
meeting grammar keeps its own weekday pattern, which also accepts plurals ("Mondays").
"""

from __future__ import annotations

import re

__all__ = [
    "EN_COUNT",
    "EN_MONTH",
    "EN_UNIT",
    "EN_WEEKDAY",
    "MONTH_INDEX",
    "TRAIL",
    "WEEKDAY_INDEX",
    "WORD_END",
    "WORD_NUMBER",
    "WORD_START",
    "ZH_WEEKDAY_INDEX",
    "normalize",
    "tidy",
    "zh_number",
]

# ---------------------------------------------------------------------------
# English.

WORD_START = r"(?<![A-Za-z0-9_])"  # ASCII word boundaries: 报告tomorrow still matches
WORD_END = r"(?![A-Za-z0-9_])"

EN_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:rs?(?:day)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)(?![A-Za-z0-9_])"
)
EN_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z0-9_])"
)
EN_COUNT = (
    r"(?:[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|(?:a\s+)?couple(?:\s+of)?)"
)
EN_UNIT = (
    r"(?:(?:business|working|work)\s+days?|min(?:ute)?s?|h(?:ou)?rs?|days?"
    r"|weeks?|wks?|months?|years?|yrs?)"
)

WEEKDAY_INDEX = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}  # first two letters -> 0=Mon
MONTH_INDEX = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
WORD_NUMBER = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# ---------------------------------------------------------------------------
# Chinese.

_ZH_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
ZH_WEEKDAY_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}  # 周一 -> 0=Mon


def zh_number(s: str | None) -> int | None:
    """Arabic or Chinese numeral up to 99 (十五, 二十, 两, 零五).

    十五 -> 15, 两 -> 2, "05" -> 5; None if not a numeral up to 99.
    """
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


# ---------------------------------------------------------------------------
# Normalisation.

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_WS = re.compile(r"\s+")
TRAIL = " \t,;:-，。；：、(（[【"  # separators a title does not end with
_LEAD = " \t,;:，；：、"


def normalize(text: str) -> str:
    """Full-width ASCII -> ASCII, keeping every index (so spans map back)."""
    return text.translate(_FULLWIDTH)


def tidy(s: str) -> str:
    """Collapse whitespace, strip trailing/leading separators."""
    s = _WS.sub(" ", s).strip()
    return s.rstrip(TRAIL).lstrip(_LEAD).strip()
