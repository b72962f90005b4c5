"""Tables for bot.risks.parse: what each keyword form yields, what is refused, and a property: any text gives a result
or a clear refusal, never an exception.

The clock is Tuesday 2026-11-24 09:00 UTC, read in New York (04:00 there) unless a row says otherwise.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import UserError
from bot.core.i18n import catalogue, t
from bot.core.mrkdwn import escape
from bot.risks.parse import Refusal, Review, RiskText, list_scope, parse_review, parse_risk_text, read, review_field
from bot.risks.rules import CATEGORIES, LEVELS, STRATEGIES, band_of

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
NY, SH = "America/New_York", "Asia/Shanghai"
FRIDAY = date(2026, 12, 4)


def parse(text: str, tz: str = NY) -> RiskText | Refusal:
    return parse_risk_text(text, now=NOW, tz=tz)


# text -> the fields that matter (everything not named is empty)
READS = [
    # likelihood and impact, English
    ("Vendor may miss the API deadline L4 I5", dict(description="Vendor may miss the API deadline", likelihood=4,
                                                     impact=5)),
    ("Outage likelihood:3 impact:2", dict(description="Outage", likelihood=3, impact=2)),
    ("Outage likelihood 3 impact 2", dict(description="Outage", likelihood=3, impact=2)),
    ("Outage Likelihood=3 IMPACT=2", dict(description="Outage", likelihood=3, impact=2)),
    ("Outage L:3 I:2", dict(description="Outage", likelihood=3, impact=2)),
    ("L4I5 Outage", dict(description="Outage", likelihood=4, impact=5)),
    ("Outage probability:2 I1.", dict(description="Outage", likelihood=2, impact=1)),
    ("L2 cache overflow L4 I5", dict(description="L2 cache overflow", likelihood=4, impact=5)),  # the last one counts
    ("Upgrade to i5 laptops L1 I1", dict(description="Upgrade to i5 laptops", likelihood=1, impact=1)),
    ("Only impact I3", dict(description="Only impact", impact=3)),
    ("No assessment at all", dict(description="No assessment at all")),
    # likelihood and impact, Chinese
    ("服务器可能宕机 可能性4 影响5", dict(description="服务器可能宕机", likelihood=4, impact=5)),
    ("服务器可能宕机可能性4影响5", dict(description="服务器可能宕机", likelihood=4, impact=5)),
    ("数据丢失 可能性：4 影响：3", dict(description="数据丢失", likelihood=4, impact=3)),
    ("数据丢失 可能性:4，影响:3", dict(description="数据丢失", likelihood=4, impact=3)),
    ("法规变化 可能性四 影响五", dict(description="法规变化", likelihood=4, impact=5)),
    ("小事 概率2 影响程度1", dict(description="小事", likelihood=2, impact=1)),
    ("影响5个客户的故障", dict(description="影响5个客户的故障")),  # 影响 as a word, not a keyword
    ("ＡＰＩ故障 Ｌ３ Ｉ４", dict(description="ＡＰＩ故障", likelihood=3, impact=4)),  # full-width letters
    # category
    ("Outage category:technical", dict(description="Outage", category="technical")),
    ("Outage category: Tech", dict(description="Outage", category="technical")),
    ("Outage cat:ops", dict(description="Outage", category="operational")),
    ("Outage category financial", dict(description="Outage", category="financial")),
    ("Outage category:finance", dict(description="Outage", category="financial")),
    ("the category of problems", dict(description="the category of problems")),
    ("宕机 类别:运营", dict(description="宕机", category="operational")),
    ("宕机 类别技术", dict(description="宕机", category="technical")),
    ("宕机 分类：财务风险", dict(description="宕机", category="financial")),
    ("Outage category:进度", dict(description="Outage", category="schedule")),
    # strategy
    ("Outage strategy:mitigate", dict(description="Outage", strategy="mitigate")),
    ("Outage strategy accept", dict(description="Outage", strategy="accept")),
    ("Outage response:transfer", dict(description="Outage", strategy="transfer")),
    ("We must mitigate this", dict(description="We must mitigate this")),  # a bare English word is text
    ("Our strategy share price may fall", dict(description="Our strategy share price may fall")),
    ("宕机 策略:缓解", dict(description="宕机", strategy="mitigate")),
    ("宕机 策略规避", dict(description="宕机", strategy="avoid")),
    ("宕机 转移", dict(description="宕机", strategy="transfer")),  # standing alone
    ("宕机 接受 可能性1", dict(description="宕机", strategy="accept", likelihood=1)),
    ("客户不接受延期", dict(description="客户不接受延期")),  # inside a word: text
    # owner
    ("Outage owner <@U0CAROL|carol>", dict(description="Outage", owner_id="U0CAROL")),
    ("Outage owner: <@U0CAROL>", dict(description="Outage", owner_id="U0CAROL")),
    ("宕机 负责人 <@U0DAVE|dave>", dict(description="宕机", owner_id="U0DAVE")),
    ("<@U0ERIN|erin> may leave", dict(description="@erin may leave")),  # mentioned, not the owner
    ("The owner of the building may sue", dict(description="The owner of the building may sue")),
    ("Mail owner@example.com may bounce", dict(description="Mail owner@example.com may bounce")),
    ("x owner <@U0BOB|bob> owner <@U0CAROL|carol>", dict(description="x", owner_id="U0CAROL")),
    # review
    ("Outage review next Friday", dict(description="Outage", review=Review("next Friday", on=FRIDAY))),
    ("Outage review tomorrow 5pm", dict(description="Outage", review=Review(
        "tomorrow 5pm", at=datetime(2026, 11, 25, 22, 0, tzinfo=UTC)))),
    ("Outage review next Friday because the vendor is slow", dict(
        description="Outage because the vendor is slow", review=Review("next Friday", on=FRIDAY))),
    ("Outage review date: Dec 4 L2", dict(description="Outage", likelihood=2, review=Review("Dec 4", on=FRIDAY))),
    ("Outage review none", dict(description="Outage", review=Review("none"))),
    ("Code review may slip", dict(description="Code review may slip")),  # "review" as a word
    ("Outage review: blorpday", dict(description="Outage review: blorpday", review_not_understood="blorpday")),
    ("Outage review someday", dict(description="Outage review someday", review_not_understood="someday")),
    ("宕机 复查 下周五", dict(description="宕机", review=Review("下周五", on=FRIDAY))),
    ("宕机 复查下周五完成评估", dict(description="宕机 完成评估", review=Review("下周五", on=FRIDAY))),
    # what Slack sends is made plain
    ("<!channel> &amp; &lt;b&gt;boom&lt;/b&gt; L5 I5", dict(description="@channel & <b>boom</b>", likelihood=5,
                                                            impact=5)),
    ("", dict()),
    ("   L3   ", dict(likelihood=3)),
    # long text reads the same, in linear time (tests/test_parser_speed.py times it)
    ("Outage" + " owner <@U0BOB|bob>" * 1_000 + " owner <@U0CAROL|carol>.", dict(description="Outage",
                                                                                 owner_id="U0CAROL")),
    ("Outage likelihood" + " " * 20_000 + "unclear L2", dict(description="Outage likelihood unclear", likelihood=2)),
    ("宕机 复查" + "下周五" + "尽快" * 10_000, dict(description="宕机 " + "尽快" * 10_000,
                                                 review=Review("下周五", on=FRIDAY))),
    ("宕机 复查下周五" + "。" * 300 + "完成", dict(description="宕机 完成",  # the longest prefix that reads
                                                review=Review("下周五" + "。" * 300, on=FRIDAY))),
]


@pytest.mark.parametrize(("text", "fields"), READS)
def test_reads(text, fields):
    assert parse(text) == RiskText(**fields)


def test_everything_at_once():
    assert parse("Vendor may miss the API deadline L4 I5 category:technical strategy:mitigate "
                 "owner <@U0CAROL|carol> review next Friday") == RiskText(
        description="Vendor may miss the API deadline", likelihood=4, impact=5, category="technical",
        strategy="mitigate", owner_id="U0CAROL", review=Review("next Friday", on=FRIDAY))
    assert parse("服务器可能宕机 可能性4 影响5 类别:运营 缓解 负责人 <@U0DAVE|dave> 复查 下周五", SH) == RiskText(
        description="服务器可能宕机", likelihood=4, impact=5, category="operational", strategy="mitigate",
        owner_id="U0DAVE", review=Review("下周五", on=FRIDAY))


REFUSALS = [
    ("Outage L0", "risk.likelihood_out_of_range", {"value": "0"}),
    ("Outage L6", "risk.likelihood_out_of_range", {"value": "6"}),
    ("Outage L9", "risk.likelihood_out_of_range", {"value": "9"}),
    ("Outage L10", "risk.likelihood_out_of_range", {"value": "10"}),
    ("Outage L4.5 I2", "risk.likelihood_out_of_range", {"value": "4.5"}),
    ("Outage likelihood:7", "risk.likelihood_out_of_range", {"value": "7"}),
    ("Outage 可能性7", "risk.likelihood_out_of_range", {"value": "7"}),
    ("Outage 可能性十", "risk.likelihood_out_of_range", {"value": "十"}),
    ("Outage I6", "risk.impact_out_of_range", {"value": "6"}),
    ("Outage impact 0", "risk.impact_out_of_range", {"value": "0"}),
    ("Outage 影响:0", "risk.impact_out_of_range", {"value": "0"}),
    ("Outage category:weather", "risk.bad_category", {"word": "weather"}),
    ("宕机 类别:天气", "risk.bad_category", {"word": "天气"}),
    ("Outage strategy:pray", "risk.bad_strategy", {"word": "pray"}),
    ("Outage owner @nobody", "risk.owner_unknown", {"name": "nobody"}),
    ("Outage review 2020-01-01", "risk.review_in_past", {"phrase": "2020-01-01"}),
    ("Outage review today 1am", "risk.review_in_past", {"phrase": "today 1am"}),  # 04:00 in New York now
]


@pytest.mark.parametrize(("text", "key", "values"), REFUSALS)
def test_refusals_name_the_problem(text, key, values):
    assert parse(text) == Refusal(key, values)
    assert key in catalogue()


@pytest.mark.parametrize(("phrase", "expected"), [
    ("next Friday", Review("next Friday", on=FRIDAY)),
    ("2026-12-04", Review("2026-12-04", on=FRIDAY)),
    ("2026-12-04 15:00", Review("2026-12-04 15:00", at=datetime(2026, 12, 4, 20, 0, tzinfo=UTC))),
    ("下周五", Review("下周五", on=FRIDAY)),
    ("none", Review("none")),
    ("blorpday", None),
    ("", None),
    ("2025-01-01", Refusal("risk.review_in_past", {"phrase": "2025-01-01"})),
])
def test_review_field(phrase, expected):
    assert parse_review(phrase, now=NOW, tz=NY) == expected


@pytest.mark.parametrize(("phrase", "expected"), [
    ("", None), ("   ", None),  # left empty: no review date
    ("next Friday", Review("next Friday", on=FRIDAY)),
    ("blorpday", Refusal("risk.review_unreadable")),
    ("2025-01-01", Refusal("risk.review_in_past", {"phrase": "2025-01-01"})),
])
def test_the_forms_review_field(phrase, expected):
    assert review_field(phrase, now=NOW, tz=NY) == expected


def test_read_turns_a_refusal_into_the_error_shown_with_the_words_escaped():
    assert read("Outage L4 I5", now=NOW, tz=NY) == RiskText(description="Outage", likelihood=4, impact=5)
    with pytest.raises(UserError) as refused:
        read("Outage category:&lt;b&gt;", now=NOW, tz=NY)  # as Slack sends `<b>`
    assert (refused.value.key, refused.value.values) == ("risk.bad_category", {"word": "&lt;b&gt;"})


@pytest.mark.parametrize(("typed", "scope"), [
    ("", "open"), ("open", "open"), ("未关闭", "open"), ("all", "all"), ("ALL", "all"), ("全部", "all"),
    (" mine ", "mine"), ("我的", "mine"), ("closed", None), ("of vendors", None),
])
def test_list_scopes(typed, scope):
    assert list_scope(typed) == scope


def test_a_day_is_the_speakers_day():
    # 17:00 Tuesday in Shanghai is still Tuesday morning in New York: "tomorrow" differs
    assert parse("x review tomorrow", SH).review.on == date(2026, 11, 25)
    assert parse("x review tomorrow", NY).review.on == date(2026, 11, 25)
    late = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)  # Wednesday 04:00 in Shanghai
    assert parse_risk_text("x review tomorrow", now=late, tz=SH).review.on == date(2026, 11, 26)


def test_every_score_has_a_band_and_every_band_a_word():
    for likelihood in LEVELS:
        for impact in LEVELS:
            band = band_of(likelihood * impact)
            assert f"risk.band.{band}" in catalogue()
    for name in CATEGORIES:
        assert f"risk.category.{name}" in catalogue()
    for name in STRATEGIES:
        assert f"risk.strategy.{name}" in catalogue()


FRAGMENTS = ["L4", "I5", "L9", "I0", "L", "I", "likelihood", "impact", ":", "：", "=", "4", "5", "7", "4.5", "十",
             "可能性", "影响", "概率", "category:", "category", "technical", "类别", "运营", "strategy:", "策略",
             "缓解", "接受", "owner", "负责人", "<@U0CAROL|carol>", "<@U0CAROL>", "@nobody", "<!channel>", "&amp;",
             "&lt;", "review", "review:", "复查", "next Friday", "下周五", "tomorrow 5pm", "none", "2020-01-01",
             "Dec 4", "\u00a0", "\n", "<", ">", "|", "Ｌ４"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=14).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=10).map("".join),
))
def test_any_text_gives_a_result_or_a_clear_refusal(text):
    result = parse(text)
    if isinstance(result, Refusal):
        assert result.key != "risk.not_understood"  # the last-resort net never had to catch anything
        assert result.key in catalogue()
        for locale in ("en-US", "zh-CN"):  # the message renders with the values it carries
            assert t(result.key, locale, **{k: escape(str(v)) for k, v in result.values.items()})
        return
    assert isinstance(result, RiskText)
    assert result.likelihood in (None, *LEVELS) and result.impact in (None, *LEVELS)
    assert result.category in (None, *CATEGORIES) and result.strategy in (None, *STRATEGIES)
    assert result.description == result.description.strip()
    assert "<" not in escape(result.description)  # stored plain, shown escaped: nothing can ping
    if result.review is not None and result.review.at is not None:
        assert result.review.at > NOW
    if result.review is not None and result.review.on is not None:
        assert result.review.on >= date(2026, 11, 23)
