"""The one door between Slack's text and ours: inbound text made plain, outbound text made inert."""

from datetime import UTC, datetime

import pytest

from bot.core.mrkdwn import channel, date_token, escape, mention, plain


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
