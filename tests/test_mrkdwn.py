"""The one door between Slack's text and ours: inbound text made plain, outbound text made inert."""

from datetime import UTC, datetime

import pytest

from bot.core.mrkdwn import channel, clip, date_token, escape, fit, inline, mention, plain


@pytest.mark.parametrize(("slack_sends", "stored"), [
    ("buy milk", "buy milk"),
    ("R&amp;D &lt;b&gt;draft&lt;/b&gt;", "R&D <b>draft</b>"),
    ("<!channel> meeting", "@channel meeting"),
    ("<!here|here> now", "@here now"),
    ("<!everyone>", "@everyone"),
    ("ping <!subteam^S0DEVS|@devs>", "ping @devs"),
    ("<@U0BOB|bob> and <@U0CAROL>", "@bob and @U0CAROL"),
    ("in <#C0GENERAL|general>", "in #general"),
    ("see <https://example.com/x?a=1&amp;b=2|the doc>", "see the doc (https://example.com/x?a=1&b=2)"),
    ("<https://example.com>", "https://example.com"),
    ("<mailto:a@b.c|a@b.c>", "a@b.c (mailto:a@b.c)"),
    ("at <!date^1795500000^{date_short}|Nov 25>", "at Nov 25"),
    ("half <@ mention", "half <@ mention"),
    ("&amp;lt; stays literal", "&lt; stays literal"),
    ("", ""),
])
def test_inbound_text_becomes_plain(slack_sends, stored):
    assert plain(slack_sends) == stored


@pytest.mark.parametrize(("text", "shown"), [
    ("<!channel>", "&lt;!channel&gt;"),
    ("a & b", "a &amp; b"),
    ("<@U0BOB>", "&lt;@U0BOB&gt;"),
    ("<https://evil|click>", "&lt;https://evil|click&gt;"),
    ("plain", "plain"),
])
def test_outbound_text_is_inert(text, shown):
    assert escape(text) == shown


def test_mentions_come_only_from_ids():
    assert mention("U0BOB") == "<@U0BOB>"
    assert mention("<!channel>") == "&lt;!channel&gt;"
    assert mention(None) == "—"
    assert channel("C0GENERAL") == "<#C0GENERAL>"
    assert channel("#general>") == "#general&gt;"


def test_date_tokens_carry_the_epoch_and_a_fallback_in_the_writers_zone():
    when = datetime(2027, 3, 15, 13, 0, tzinfo=UTC)
    assert date_token(when, "America/New_York") == (
        "<!date^1805115600^{date_short_pretty} {time}|2027-03-15 09:00 EDT>")
    assert date_token(when, "UTC", with_time=False) == "<!date^1805115600^{date_short_pretty}|2027-03-15>"
    with pytest.raises(ValueError):
        date_token(datetime(2027, 1, 1), "UTC")  # noqa: DTZ001


@pytest.mark.parametrize(("text", "limit", "shown"), [
    ("a & b", 10, "a &amp; b"),
    ("&" * 5, 12, "&amp;&amp;…"),                # escaped first, clipped after: never `&am…`
    ("<" * 800, 3000, "&lt;" * 749 + "…"),
    ("ab<cd", 5, "ab…"),
    ("", 5, ""),
    ("12345", 5, "12345"),
    ("123456", 5, "1234…"),
])
def test_user_text_is_escaped_then_clipped(text, limit, shown):
    assert clip(text, limit) == shown and len(clip(text, limit)) <= limit


def test_inline_folds_white_space_then_escapes_and_clips():
    assert inline("  a\n\n b <x>  ") == "a b &lt;x&gt;"
    assert inline("&" * 100, 12) == "&amp;&amp;…"


@pytest.mark.parametrize(("built", "limit", "shown"), [
    ("short", 10, "short"),
    ("abc &amp; def", 9, "abc …"),               # never inside an entity
    ("abc &amp; def", 10, "abc &amp;…"),
    ("hi <@U0BOB> there", 8, "hi …"),            # never inside a mention
    ("hi <@U0BOB> there", 12, "hi <@U0BOB>…"),
    ("at <!date^1800000000^{date}|x> ok", 20, "at …"),  # nor a date token
    ("x" * 3001, 3000, "x" * 2999 + "…"),
    ("&lt;" * 1000, 3000, "&lt;" * 749 + "…"),
    ("a <b", 3, "a …"),                          # a lone `<` (never produced by escape) is cut before too
])
def test_built_mrkdwn_is_fitted_without_cutting_an_entity_or_a_token(built, limit, shown):
    assert fit(built, limit) == shown and len(fit(built, limit)) <= limit
