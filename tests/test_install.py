"""Multi-workspace installs over HTTP: "Add to Slack" through /slack/install and /slack/oauth_redirect, each
workspace using its own token in full isolation, uninstall removing the tokens, and an admin's purge."""

import http.client
import json
import re
import time
import urllib.parse

import pytest
from sqlalchemy import func, select, text

from bot.config import Settings
from bot.runtime import open_database
from storage.models import Task
from tests.conftest import SECRET
from tests.process import BotProcess, bot_env


def get(bot: BotProcess, path: str, cookie: str | None = None) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", bot.port, timeout=10)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read().decode()
    headers = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, headers, body


def install(bot: BotProcess, code: str) -> None:
    status, headers, page = get(bot, "/slack/install")
    assert status == 200 and "oauth/v2/authorize" in page and "client_id=cid-123" in page
    cookie = headers["set-cookie"].split(";")[0]
    state = re.search(r"state=([^&\"']+)", page).group(1)
    status, _, done = get(bot, f"/slack/oauth_redirect?code={code}&state={state}", cookie=cookie)
    assert status == 200, done


def command(bot: BotProcess, team: str, text: str, command: str = "/task", user: str = "U0BOB"):
    body = urllib.parse.urlencode({"team_id": team, "channel_id": "C0GENERAL", "user_id": user, "command": command,
                                   "text": text, "response_url": "http://127.0.0.1:9/r", "trigger_id": "1.2.3",
                                   "api_app_id": "A0APP"}).encode()
    return bot.post(body, "application/x-www-form-urlencoded", secret=SECRET)


@pytest.fixture
def oauth_bot(stub, database_url, tmp_path):
    env = bot_env(SLACK_CLIENT_ID="cid-123", SLACK_CLIENT_SECRET="csecret", SLACK_SIGNING_SECRET=SECRET,
                  SLACK_API_URL=stub.api_url, DATABASE_URL=database_url)
    bot = BotProcess(env, args=("serve",), log_path=tmp_path / "oauth.log").start()
    yield bot
    bot.stop()


def test_add_to_slack_then_each_workspace_works_alone_with_its_own_token(oauth_bot, stub, database_url):
    install(oauth_bot, "acme")
    install(oauth_bot, "beta")
    status, reply = command(oauth_bot, "T0ACME", "Acme launch plan <@U0CAROL|carol> tomorrow 5pm")
    assert status == 200 and "#1* Acme launch plan" in reply
    status, reply = command(oauth_bot, "T0BETA", "Beta budget")
    assert status == 200 and "#1* Beta budget" in reply  # numbers are per workspace
    assert "Acme" not in command(oauth_bot, "T0BETA", "list all")[1]

    deadline = time.time() + 10
    while time.time() < deadline and not [c for c in stub.sent("chat.postMessage") if c.args["channel"] == "U0CAROL"]:
        time.sleep(0.1)
    [dm] = [c for c in stub.sent("chat.postMessage") if c.args["channel"] == "U0CAROL"]
    assert dm.token == "xoxb-T0ACME"  # the outbox found Acme's token
    assert {c.token for c in stub.sent("users.info")} <= {"xoxb-T0ACME", "xoxb-T0BETA"}

    status, reply = command(oauth_bot, "T0NEVER", "Nobody installed me here")
    assert status == 200 and "Task created" not in reply


def test_uninstall_removes_the_tokens_and_purge_removes_everything(oauth_bot, stub, database_url):
    install(oauth_bot, "acme")
    install(oauth_bot, "beta")
    command(oauth_bot, "T0ACME", "Acme thing")
    command(oauth_bot, "T0BETA", "Beta thing")
    uninstalled = {"type": "event_callback", "team_id": "T0ACME", "api_app_id": "A0APP", "event_id": "EvUNINSTALL",
                   "event_time": int(time.time()), "event": {"type": "app_uninstalled", "event_ts": "1.2"},
                   "authorizations": [{"team_id": "T0ACME", "user_id": "U0BOT", "is_bot": True}]}
    status, _ = oauth_bot.post(json.dumps(uninstalled).encode(), "application/json", secret=SECRET)
    assert status == 200
    db = open_database(Settings.from_env({"DATABASE_URL": database_url}))
    with db.engine.connect() as conn:
        bots = dict(conn.execute(text("SELECT team_id, count(*) FROM slack_bots GROUP BY team_id")).all())
    assert "T0ACME" not in bots and bots.get("T0BETA") == 1
    assert "Task created" not in command(oauth_bot, "T0ACME", "After uninstall")[1]

    status, reply = command(oauth_bot, "T0BETA", "purge", command="/teambot", user="U0BOB")
    assert "Only Slack workspace admins" in reply  # bob is no admin
    status, reply = command(oauth_bot, "T0BETA", "purge", command="/teambot", user="U0ALICE")
    assert "teambot.purge" in reply  # asks first
    click = {"type": "block_actions", "team": {"id": "T0BETA"}, "user": {"id": "U0ALICE", "team_id": "T0BETA"},
             "api_app_id": "A0APP", "trigger_id": "1.2.3", "channel": {"id": "C0GENERAL"},
             "container": {"type": "message"}, "response_url": f"{stub.url}/response/purge",
             "actions": [{"type": "button", "action_id": "teambot.purge", "value": "purge", "block_id": "b",
                          "action_ts": "1.2"}]}
    status, _ = oauth_bot.post(urllib.parse.urlencode({"payload": json.dumps(click)}).encode(),
                               "application/x-www-form-urlencoded", secret=SECRET)
    assert status == 200
    with db.session(read_only=True) as session:
        assert session.scalar(select(func.count()).select_from(Task).where(Task.team_id == "T0BETA")) == 0
        assert session.scalar(select(func.count()).select_from(Task).where(Task.team_id == "T0ACME")) == 1
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM slack_bots WHERE team_id = 'T0BETA'")).scalar() == 0
    db.dispose()
    assert ":wastebasket:" in json.dumps([c.args for c in stub.sent("response_url")])
