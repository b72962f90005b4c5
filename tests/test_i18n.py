"""The catalogue: every message in both languages, with the same placeholders, and no live mrkdwn in templates."""

import string

import pytest

from bot.core.i18n import EN, ZH, catalogue, lang, t


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    entry = catalogue()[key]
    assert set(entry) == {EN, ZH}
    assert placeholders(entry[EN]) == placeholders(entry[ZH]), key
    assert entry[EN].strip() and entry[ZH].strip()


@pytest.mark.parametrize(("locale", "expected"), [("zh-CN", ZH), ("zh-TW", ZH), ("zh", ZH), ("en-US", EN),
                                                  ("en-GB", EN), ("fr-FR", EN), (None, EN), ("", EN)])
def test_language_follows_the_slack_locale(locale, expected):
    assert lang(locale) == expected


def test_template_text_is_escaped_but_values_are_not():
    assert "&lt;title&gt;" in t("help.task", "en")
    assert t("task.deleted", "en", number=3, title="<@U0BOB>").endswith("<@U0BOB>")  # values arrive pre-escaped
