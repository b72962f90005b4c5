"""Every setting is read once, in bot.config.Settings; a malformed one stops the process with one line naming it and
exit status 2, before anything starts."""

import pytest

from bot.config import ConfigError, Settings
from tests.process import bot_env, run_cli
from tests.slack_stub import BOT_TOKEN


@pytest.mark.parametrize(("env", "named"), [
    ({"WEB_THREADS": "abc"}, "WEB_THREADS"), ({"WEB_THREADS": "0"}, "WEB_THREADS"),
    ({"CLOCK_TICK_SECONDS": "abc"}, "CLOCK_TICK_SECONDS"), ({"CLOCK_TICK_SECONDS": "0"}, "CLOCK_TICK_SECONDS"),
    ({"CLOCK_TICK_SECONDS": "nan"}, "CLOCK_TICK_SECONDS"), ({"PORT": "-1"}, "PORT"), ({"PORT": "70000"}, "PORT"),
    ({"PORT": "eighty"}, "PORT"), ({"REMINDER_GRACE_MINUTES": "-5"}, "REMINDER_GRACE_MINUTES"),
    ({"LOG_LEVEL": "loud"}, "LOG_LEVEL"), ({"DEFAULT_TIMEZONE": "Mars/Base"}, "DEFAULT_TIMEZONE"),
])
def test_a_malformed_setting_is_named(env, named):
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(env)
    assert named in str(caught.value) and "\n" not in str(caught.value)


def test_the_defaults_and_the_data_dir(tmp_path):
    settings = Settings.from_env({"TEAMBOT_DATA_DIR": str(tmp_path)})
    assert (settings.web_threads, settings.host, settings.clock_tick_seconds, settings.port) == (16, "0.0.0.0", 5.0,
                                                                                                3000)
    assert settings.database_url == f"sqlite:///{tmp_path}/teambot.db"
    tuned = Settings.from_env({"WEB_THREADS": "4", "HOST": "127.0.0.1", "CLOCK_TICK_SECONDS": "0.5"})
    assert (tuned.web_threads, tuned.host, tuned.clock_tick_seconds) == (4, "127.0.0.1", 0.5)


@pytest.mark.parametrize(("args", "env", "named"), [
    (["serve"], {"WEB_THREADS": "abc"}, "WEB_THREADS"),
    (["clock"], {"CLOCK_TICK_SECONDS": "abc"}, "CLOCK_TICK_SECONDS"),
    (["serve"], {"PORT": "-1"}, "PORT"),
])
def test_the_process_exits_2_with_one_line(tmp_path, args, env, named):
    result = run_cli(args, bot_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET="s",
                                   DATABASE_URL=f"sqlite:///{tmp_path}/x.db", **env))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "Traceback" not in result.stderr
