"""The command line: configuration errors are one clear line and exit 2; the console works through a pipe."""

import pytest

from bot.config import Settings, normalise_database_url
from tests.process import bot_env, run_cli
from tests.slack_stub import BOT_TOKEN


@pytest.mark.parametrize(("args", "env", "named"), [
    (["serve"], {"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
    (["serve"], {"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
    (["socket"], {"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_APP_TOKEN"),
    (["clock"], {}, "SLACK_BOT_TOKEN"),
    (["serve"], {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": "s", "DEFAULT_TIMEZONE": "Mars/Base"},
     "DEFAULT_TIMEZONE"),
    (["serve"], {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": "s", "PORT": "eighty"}, "PORT"),
])
def test_a_missing_or_bad_variable_is_one_line_and_exit_2(tmp_path, args, env, named):
    result = run_cli(args, bot_env(DATABASE_URL=f"sqlite:///{tmp_path}/x.db", **env))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "Traceback" not in result.stderr


def test_a_token_slack_refuses_is_one_line_and_exit_2(database_url, stub):
    env = bot_env(SLACK_BOT_TOKEN="xoxb-wrong", SLACK_SIGNING_SECRET="s", SLACK_API_URL=stub.api_url,
                  DATABASE_URL=database_url)
    result = run_cli(["serve"], env)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "Traceback" not in result.stderr


def test_database_urls_are_normalised_for_psycopg3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"
    settings = Settings.from_env({"SLACK_API_URL": "http://127.0.0.1:1/api"})
    assert settings.api_url.endswith("/api/") and settings.database_url.startswith("sqlite:///")


def test_migrate_command(empty_database_url):
    result = run_cli(["migrate"], bot_env(DATABASE_URL=empty_database_url))
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_console_through_a_pipe(database_url):
    script = "\n".join([
        "/task help",
        "/task Write the launch plan @bob tomorrow 5pm",
        "/task list all",
        "water the plants",
        "/risk help",
        "/meeting add Weekly sync every Monday 10am",
        "/meeting agenda 1 Hiring plan",
        "/meeting list",
    ]) + "\n"
    result = run_cli(["console", "--user", "alice", "--tz", "Europe/Berlin"], bot_env(DATABASE_URL=database_url),
                     stdin=script)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "/task <title>" in out                       # help
    assert "#1* Write the launch plan" in out            # created, rendered
    assert "@bob" in out and "<@" not in out             # mentions rendered as names
    assert "[DM to @bob]" in out                         # the owner was told
    assert "[!1 Done]" in out                            # buttons are numbered
    assert "water the plants" in out                     # a DM creates a task
    assert "Meeting scheduled" in out and "every Monday at 10:00" in out and "1 agenda item" in out
    assert "Traceback" not in result.stderr


def test_console_buttons_and_modals_work_like_slack(database_url):
    script = "\n".join([
        "/task Prepare slides @bob tomorrow 5pm",      # buttons !1 Done !2 Edit !3 Snooze; bob's DM !4..!6
        "!1",                                           # press Done
        "/task reopen 1",
        "/task edit 1",
        "!submit title=Prepare the board slides; owner=@carol; due=2026-12-07 10:00",
        "/task list all",
        "/task @channel party & <fun>",
    ]) + "\n"
    result = run_cli(["console", "--user", "alice", "--tz", "UTC"], bot_env(DATABASE_URL=database_url), stdin=script)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "#1 is done" in out and "open again" in out
    assert "Title [title]: Prepare slides" in out                      # the modal shows current values
    assert "[DM to @carol]" in out and "Prepare the board slides · @carol · Mon 07 Dec 2026 10:00" in out
    assert "@channel party & <fun>" in out                             # shown as typed, as plain text


def test_console_speaks_chinese(database_url):
    result = run_cli(["console", "--user", "dave", "--locale", "zh-CN"], bot_env(DATABASE_URL=database_url),
                     stdin="/task help\n")
    assert result.returncode == 0 and "规划" in result.stdout
