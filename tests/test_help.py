"""Every command explains itself (help and empty text), in the asker's language."""

import pytest

from bot.features import commands

COMMANDS = [command.lstrip("/") for command in commands()]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("text", ["help", "", "  HELP "])
def test_help_in_english(slack, command, text):
    reply = slack.command(f"/{command}", text, user="U0BOB")
    assert reply.status == 200
    assert reply.json["response_type"] == "ephemeral"
    assert f"/{command}" in reply.json["text"]
    assert "coming soon" not in reply.json["text"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_in_chinese_for_a_chinese_locale(slack, command):
    reply = slack.command(f"/{command}", "help", user="U0ALICE")  # alice's Slack locale is zh-CN
    assert reply.status == 200
    assert f"/{command}" in reply.json["text"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in reply.json["text"])


def test_the_locale_comes_from_slack_and_is_asked_once(slack):
    slack.command("/task", "help", user="U0ALICE")
    slack.command("/task", "help", user="U0ALICE")
    assert len(slack.stub.sent("users.info")) == 1
    assert slack.stub.sent("users.info")[0].args["include_locale"] in (True, "true", "1")
