"""Reading what people type after `/risk`: the subcommand words (`SUBCOMMANDS`, the list scopes), and in a risk's
text (also after `/risk update N`) its likelihood, impact, category, strategy, owner, review date, and the
description (everything else).

`parse_risk_text` is pure: text in, a `RiskText` or a `Refusal` out; it never raises (`read` turns the refusal into
the UserError the command shows). Interpretation:

* Likelihood: `L4`, `L:4`, `likelihood:4`, `likelihood 4`, `probability=4`, `可能性4`, `可能性:4`, `可能性：4`,
  `概率4`, `可能性四`. Impact: `I5`, `impact:5`, `impact 5`, `影响5`, `影响程度:5`. The one-letter forms are upper
  case only (an "i5 laptop" is not an impact). A Chinese keyword needs the number to end there (`影响5个客户` is a
  description). Outside 1–5 (`L0`, `L9`, `impact 6`, `可能性7`, `L4.5`) is refused. Given twice, the last one
  counts and the earlier one stays in the description ("L2 cache overflow L4 I5").
* Category `category:technical` (also `cat:tech`, `category:ops`, `类别:技术`, `类别技术`, `分类：财务风险`) and
  strategy `strategy:mitigate` (also `response:transfer`, `策略:缓解`, `策略缓解`, or 规避/转移/缓解/接受 standing alone
  between spaces). After a colon aliases count and an unknown word is refused with the choices; without a colon
  only the canonical names do (`category technical`), so "the category of problems" and "our strategy share
  price" stay text.
* Owner: `owner @user` (Slack sends `owner <@U123|name>`), also `负责人 @user`. Other mentions stay in the
  description as `@name`. `owner @someone` that Slack did not turn into a mention is refused: it is nobody we know.
* Review: `review <date>` / `复查 <date>`, read by parse_deadline in the speaker's zone; the longest run of words after
  the keyword that reads as a date wins, later words stay in the description. A date without a time is a *day*
  (`Review.on`, in the speaker's zone) that the caller turns into 09:00 in the owner's zone. `review none` clears
  it (for updates). A review moment already past is refused. Words after `review:`/`复查` that are not a date (or
  after a plain `review`: one word, or words with a digit — "Code review may slip" is a description) are reported
  in `review_not_understood` and left in the description.
* The description is the rest, made plain (`plain()`) and tidied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from bot.core import tokens
from bot.core.errors import UserError
from bot.core.mrkdwn import escape, plain
from bot.core.subcommands import Subcommands
from bot.risks.rules import CATEGORIES, LEVELS, REVIEW_TIME, STRATEGIES
from bot.text.deadlines import MAX_PHRASE, PHRASE_TRAIL, parse_deadline
from bot.text.lexicon import normalize, tidy, zh_number
from bot.text.zones import zone

SUBCOMMANDS = Subcommands({
    "list": ("ls", "列表"),
    "update": ("更新", "修改"),
    "close": ("关闭",),
})
LIST_WORDS = {"": "open", "open": "open", "未关闭": "open", "all": "all", "全部": "all", "mine": "mine",
              "我的": "mine"}
MAX_REVIEW_WORDS = 8

CATEGORY_WORDS = {
    **{c: c for c in CATEGORIES},
    "tech": "technical", "technology": "technical", "markets": "market", "finance": "financial",
    "financials": "financial", "ops": "operational", "operations": "operational", "operation": "operational",
    "timeline": "schedule", "time": "schedule", "resources": "resource", "people": "resource",
    "staffing": "resource", "compliance": "legal", "regulatory": "legal",
    "技术": "technical", "市场": "market", "财务": "financial", "资金": "financial", "运营": "operational",
    "运维": "operational", "进度": "schedule", "工期": "schedule", "资源": "resource", "人力": "resource",
    "法律": "legal", "合规": "legal", "法务": "legal",
}  # fmt: skip
STRATEGY_WORDS = {
    **{s: s for s in STRATEGIES},
    "avoidance": "avoid", "transference": "transfer", "share": "transfer", "mitigation": "mitigate",
    "reduce": "mitigate", "acceptance": "accept", "retain": "accept",
    "规避": "avoid", "回避": "avoid", "避免": "avoid", "转移": "transfer", "缓解": "mitigate", "减轻": "mitigate",
    "降低": "mitigate", "接受": "accept", "承担": "accept",
}  # fmt: skip
ZH_STRATEGIES = ("规避", "转移", "缓解", "接受")
CLEAR_WORDS = frozenset(("none", "clear", "no", "off", "无", "清除", "取消"))

_ZH_KEYS = r"可能性|发生概率|概率|影响程度|影响|类别|分类|类型|策略|应对|复查|复审|负责人|责任人"
_NUM = r"(?P<{name}>[0-9]+(?:[.,][0-9]+)?|[零〇一二两三四五六七八九十]{{1,3}})"
_END_ASCII = r"(?:(?![A-Za-z0-9])|(?=[LI][:=]?[0-9]))"
_END_ZH = rf"(?=$|[\s,;:.!?)\]。、）】]|{_ZH_KEYS}|[LI][:=]?[0-9])"
_NOT_LETTER = r"(?<![A-Za-z_])"


# A keyword, then white space with an optional sign in it: `\s*(?:[:=]\s*)?`, never `\s*[:=]?\s*`, whose two stars
# share a long run of spaces in quadratically many ways before giving up.
_SIGN = r"\s*(?:[:=]\s*)?"


def _level(words: str, letter: str, zh: str) -> re.Pattern[str]:
    return re.compile(
        rf"{_NOT_LETTER}(?:(?i:{words}){_SIGN}|{letter}[:=]?){_NUM.format(name='num')}{_END_ASCII}"
        rf"|(?:{zh}){_SIGN}{_NUM.format(name='zh_num')}{_END_ZH}"
    )


LIKELIHOOD = _level("likelihood|probability|prob", "L", "可能性|发生概率|概率")
IMPACT = _level("impact", "I", "影响程度|影响")
_VALUE = r"(?P<{name}>[^\s,;:.!?。、）)]+)"


def _choice(words: str, zh: str, known: dict[str, str], zh_known: tuple[str, ...]) -> re.Pattern[str]:
    """`category:x` / `类别:x` (any word: an unknown one is refused), `category technical` (the canonical English
    names only: "our strategy share price" is text), `类别技术`, and Chinese words standing alone (`zh_known`)."""
    en_known = "|".join(sorted(set(known.values()), key=len, reverse=True))
    zh_words = "|".join(sorted((w for w in known if not w.isascii()), key=len, reverse=True))
    standalone = f"|(?<!\\S)(?P<alone>{'|'.join(zh_known)})(?!\\S)" if zh_known else ""
    return re.compile(
        rf"{_NOT_LETTER}(?i:{words})\s*[:=]\s*{_VALUE.format(name='value')}"  # category:x (unknown → refused)
        rf"|{_NOT_LETTER}(?i:{words.split('|')[0]})\s+(?P<known>(?i:{en_known}|{zh_words}))(?![A-Za-z0-9_])"
        rf"|(?:{zh})\s*[:=]\s*{_VALUE.format(name='zh_value')}"
        rf"|(?:{zh})\s*(?P<zh_known>{zh_words})"
        rf"{standalone}"
    )


CATEGORY = _choice("category|cat", "风险类别|类别|分类|类型", CATEGORY_WORDS, ())
STRATEGY = _choice("strategy|response", "应对策略|策略|应对|对策", STRATEGY_WORDS, ZH_STRATEGIES)
OWNER = re.compile(rf"{_NOT_LETTER}(?:(?i:owner)|负责人|责任人)\s*(?:[:=：]\s*)?{tokens.USER.pattern}")
OWNER_UNKNOWN = re.compile(rf"{_NOT_LETTER}(?:(?i:owner)|负责人|责任人)(?:\s*[:=]\s*|\s+)@(?P<name>[^\s,;]{{1,40}})")
REVIEW = re.compile(rf"{_NOT_LETTER}(?:(?i:review)(?:\s+(?i:date))?(?=[\s:=])|(?:复查|复审)(?:日期|时间)?)"
                    r"\s*(?P<colon>[:=])?\s*")
_WORD = re.compile(r"\S+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_STRAY = re.compile(r"[\s,;:.!?。，；：！？、]*")


@dataclass(frozen=True)
class Review:
    """When to review: an instant (`at`, UTC, a time was given), a day (`on`, in the speaker's zone: the owner is
    reminded at 09:00 in their own zone), or neither (`review none`: clear it)."""

    phrase: str
    at: datetime | None = None
    on: date | None = None

    @property
    def clears(self) -> bool:
        return self.at is None and self.on is None


@dataclass(frozen=True)
class RiskText:
    description: str = ""
    likelihood: int | None = None
    impact: int | None = None
    category: str | None = None
    strategy: str | None = None
    owner_id: str | None = None
    review: Review | None = None
    review_not_understood: str | None = None

    @property
    def assessed(self) -> bool:
        return self.likelihood is not None and self.impact is not None

    @property
    def empty(self) -> bool:
        """Nothing given at all (`/risk update 4` alone)."""
        return self == RiskText()


@dataclass(frozen=True)
class Refusal:
    """A problem the person can fix: a catalogue key and the raw (unescaped) words to show."""

    key: str
    values: dict[str, object] = field(default_factory=dict)

    def error(self) -> UserError:
        """The problem as the one error path shows it, with the person's own words escaped."""
        return UserError(self.key, **{name: escape(str(value)) for name, value in self.values.items()})


def read(text: str, *, now: datetime, tz: str) -> RiskText:
    """What `/risk …` and `/risk update N …` were given; a problem the person can fix is a UserError."""
    parsed = parse_risk_text(text, now=now, tz=tz)
    if isinstance(parsed, Refusal):
        raise parsed.error()
    return parsed


def list_scope(text: str) -> str | None:
    """`open` (the default) · `all` · `mine`, in English or Chinese; None for anything else."""
    return LIST_WORDS.get(text.strip().lower())


def parse_risk_text(text: str, *, now: datetime, tz: str) -> RiskText | Refusal:
    """Split Slack command text into the parts of a risk; never raises."""
    try:
        return _parse(text if isinstance(text, str) else "", now, tz)
    except Exception:  # noqa: BLE001 - a last resort: weird text must never break a slash command
        return Refusal("risk.not_understood")


def parse_review(phrase: str, *, now: datetime, tz: str) -> Review | Refusal | None:
    """A whole phrase as a review date (the modal's field): a Review, a Refusal (in the past), or None (unreadable)."""
    phrase = " ".join((phrase or "").split())
    if phrase.lower() in CLEAR_WORDS:
        return Review(phrase)
    deadline = parse_deadline(phrase, now=now, tz=tz, default_time=REVIEW_TIME)
    if deadline is None:
        return None
    return _review(phrase, deadline, now, tz)


def review_field(phrase: str, *, now: datetime, tz: str) -> Review | Refusal | None:
    """The assessment form's review field: None when left empty, else a Review or what is wrong with it."""
    if not phrase.strip():
        return None
    return parse_review(phrase, now=now, tz=tz) or Refusal("risk.review_unreadable")


# ---- the parts --------------------------------------------------------------------------------------------------

def _parse(text: str, now: datetime, tz: str) -> RiskText | Refusal:
    text = text.replace("\u00a0", " ")
    owner_id = None
    owners = list(OWNER.finditer(text))
    if owners:  # named twice: the last one counts
        owner_id = owners[-1].group(1)
        text = _cut(text, [owner.span() for owner in owners])
    text = plain(text)
    unknown = OWNER_UNKNOWN.search(normalize(text))
    if unknown:
        return Refusal("risk.owner_unknown", {"name": unknown.group("name")})

    levels: dict[str, int] = {}
    words: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    norm = normalize(text)
    for name, pattern in (("likelihood", LIKELIHOOD), ("impact", IMPACT)):
        matches = list(pattern.finditer(norm))
        if matches:
            word = _first(matches[-1])
            level = _as_level(word)
            if level is None:
                return Refusal(f"risk.{name}_out_of_range", {"value": word})
            levels[name] = level
            spans.append(matches[-1].span())
    for name, pattern, known in (("category", CATEGORY, CATEGORY_WORDS), ("strategy", STRATEGY, STRATEGY_WORDS)):
        matches = [m for m in pattern.finditer(norm) if not _inside(m.span(), spans)]
        if matches:
            match = matches[-1]
            word = _first(match)
            value = _choose(word, known)
            if value is None:
                return Refusal(f"risk.bad_{name}", {"word": word})
            words[name] = value
            spans.append(match.span())
    text = _cut(text, spans)

    review, not_understood = None, None
    norm = normalize(text)
    keywords = list(REVIEW.finditer(norm))
    if keywords:
        keyword = keywords[-1]
        read = _read_review(text, keyword, now, tz)
        if isinstance(read, Refusal):
            return read
        if read is not None:
            review, end = read
            text = _cut(text, [(keyword.start(), end)])
        else:
            rest = text[keyword.end():].strip()
            explicit = bool(keyword.group("colon")) or not keyword.group(0).lower().startswith("review")
            if rest and (explicit or len(rest.split()) == 1 or re.search(r"[0-9]", rest)):
                not_understood = rest

    return RiskText(description=tidy(text), likelihood=levels.get("likelihood"), impact=levels.get("impact"),
                    category=words.get("category"), strategy=words.get("strategy"), owner_id=owner_id,
                    review=review, review_not_understood=not_understood)


def _first(match: re.Match[str]) -> str:
    """The one named group that matched (each alternative of a pattern has its own)."""
    return next(value for value in match.groupdict().values() if value)


def _as_level(word: str) -> int | None:
    value = int(word) if word.isdigit() else (zh_number(word) if not re.search(r"[0-9]", word) else None)
    return value if value in LEVELS else None


def _choose(word: str, known: dict[str, str]) -> str | None:
    word = word.strip().lower()
    if word in known:
        return known[word]
    for suffix in ("风险", "类", "型"):
        if word.endswith(suffix) and word[: -len(suffix)] in known:
            return known[word[: -len(suffix)]]
    return None


def _read_review(text: str, keyword: re.Match[str], now: datetime, tz: str) -> tuple[Review, int] | Refusal | None:
    """The longest run of words after the keyword that reads as a date: (review, where it ends) in `text`."""
    start = keyword.end()
    words = list(islice(_WORD.finditer(text, start), MAX_REVIEW_WORDS))
    if not words:
        return None
    if words[0].group(0).lower() in CLEAR_WORDS:
        return Review(words[0].group(0)), words[0].end()
    candidates = [(text[start:w.end()], w.end(), True) for w in reversed(words)]
    first = words[0].group(0)
    if _CJK.search(first):  # 复查下周五完成评估: no spaces, so try shorter runs of characters too (by the grammar
        base = words[0].start()  # alone: dateparser reads no Chinese, and forty calls would take half a second)
        candidates += [(text[base:base + n], base + n, False) for n in _readable_prefixes(first)]
    for phrase, end, fallback in candidates:
        deadline = parse_deadline(phrase, now=now, tz=tz, default_time=REVIEW_TIME, fallback=fallback)
        if deadline is not None:
            review = _review(phrase.strip(), deadline, now, tz)
            return review if isinstance(review, Refusal) else (review, end)
    return None


def _readable_prefixes(word: str) -> range:
    """The lengths of the word's shorter prefixes that parse_deadline can read, longest first.

    It reads MAX_PHRASE characters once trailing punctuation is dropped, so a longer prefix is tried only when all
    it adds is such punctuation: one unspaced 20,000-character word is then ~200 tries, not 20,000 (quadratic)."""
    beyond = word[MAX_PHRASE:]
    longest = MAX_PHRASE + len(beyond) - len(beyond.lstrip(PHRASE_TRAIL))
    return range(min(len(word) - 1, longest), 1, -1)


def _review(phrase: str, deadline, now: datetime, tz: str) -> Review | Refusal:  # noqa: ANN001
    if deadline.date_only:
        day = deadline.due.astimezone(zone(tz)).date()
        if day < now.astimezone(zone(tz)).date():
            return Refusal("risk.review_in_past", {"phrase": phrase})
        return Review(phrase, on=day)
    if deadline.due <= now:
        return Refusal("risk.review_in_past", {"phrase": phrase})
    return Review(phrase, at=deadline.due)


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the given spans (which never overlap); a space stands where something was taken out between
    two words, and stray punctuation left at the very end goes too ("… I1." → "…").

    One pass from the right that keeps what is left after each cut as pieces, not as a new copy of the text per
    span: a text naming `owner @x` a thousand times is cut in linear time."""
    after: list[str] = []  # what is left after the span being cut, in reverse order
    after_first = ""  # its first character ("" when nothing is left)
    done = len(text)
    for start, end in sorted(spans, reverse=True):
        between = text[end:done]
        if not after_first and _STRAY.fullmatch(between):  # nothing but stray punctuation up to the end
            after.clear()
        else:
            after.append(between)
            after_first = between[:1] or after_first
        before = text[start - 1] if start else ""
        if before and after_first and not before.isspace() and not after_first.isspace() \
                and not (_CJK.match(before) or _CJK.match(after_first)):
            after.append(" ")
            after_first = " "
        done = start
    return text[:done] + "".join(reversed(after))
