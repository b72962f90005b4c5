"""Test harness: the Slack stand-in, a fresh database per test (SQLite file, or a PostgreSQL schema when
DATABASE_URL points at PostgreSQL), an injected clock, and a driver that signs requests exactly as Slack does."""

from __future__ import annotations

import json
import os
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import BoltRequest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import create_engine, text

from bot.app import create_app
from bot.config import Settings, normalise_database_url
from bot.runtime import Runtime, open_database
from scheduler import jobs, outbox
from tests.slack_stub import BOT_TOKEN, TEAM, SlackStub

SECRET = "test-signing-secret"
START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # a Tuesday


FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> dict[str, Any]:
    """A real-shaped Slack payload from tests/fixtures, fresh for each use."""
    return json.loads((FIXTURES / name).read_text())


class FakeClock:
    def __init__(self, start: datetime = START) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current


def pg_base_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return normalise_database_url(url) if url.startswith(("postgres", "postgresql")) else None


@pytest.fixture(scope="session")
def slack_server():
    stub = SlackStub()
    yield stub
    stub.close()


@pytest.fixture
def stub(slack_server: SlackStub) -> SlackStub:
    slack_server.reset()
    return slack_server


@pytest.fixture
def database_url(tmp_path):
    """A database of its own for each test: an SQLite file, or a fresh schema on the PostgreSQL server."""
    base = pg_base_url()
    if base is None:
        yield f"sqlite:///{tmp_path}/teambot.db"
        return
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=" + urllib.parse.quote(f"-csearch_path={schema}")
    with admin.connect() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def settings(stub: SlackStub, database_url: str) -> Settings:
    return Settings(bot_token=BOT_TOKEN, signing_secret=SECRET, app_token=None, api_url=stub.api_url,
                    database_url=database_url, default_timezone="UTC", port=0, log_level="INFO")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def rt(settings: Settings, clock: FakeClock):
    runtime = Runtime(settings, open_database(settings), clock=clock.now)
    yield runtime
    runtime.db.dispose()


@dataclass
class Reply:
    status: int
    body: str

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body else {}

    @property
    def text(self) -> str:
        """What the asker reads in the ack: the text and every block, as one string."""
        if not self.body:
            return ""
        try:
            data = json.loads(self.body)
        except ValueError:
            return self.body
        return json.dumps({k: v for k, v in data.items() if k in ("text", "blocks")}, ensure_ascii=False)


class Slack:
    """Plays Slack's side: signed requests into the app, and what the Web API stand-in received back."""

    def __init__(self, rt: Runtime, stub: SlackStub) -> None:
        self.rt, self.stub = rt, stub
        self.app = create_app(rt)
        self.verifier = SignatureVerifier(SECRET)

    def send(self, body: str, content_type: str, headers: dict[str, str] | None = None) -> Reply:
        ts = str(int(time.time()))
        all_headers = {"content-type": content_type, "x-slack-request-timestamp": ts,
                       "x-slack-signature": self.verifier.generate_signature(timestamp=ts, body=body)}
        all_headers.update(headers or {})
        response = self.app.dispatch(BoltRequest(body=body, headers=all_headers))
        return Reply(response.status, response.body if isinstance(response.body, str) else "")

    def command(self, command: str, text: str = "", *, user: str = "U0BOB", channel: str = "C0GENERAL",
                team: str = TEAM) -> Reply:
        form = fixture("slash_command.json")
        form.update(team_id=team, channel_id=channel, user_id=user, user_name=user.lower(), command=command,
                    text=text, response_url=self.response_url(), trigger_id=self.trigger_id())
        return self.send(urllib.parse.urlencode(form), "application/x-www-form-urlencoded")

    def event(self, event: dict[str, Any], *, team: str = TEAM, event_id: str | None = None,
              retry: int | None = None, envelope: str = "app_mention.json") -> Reply:
        body = fixture(envelope)
        ts = f"{time.time():.6f}"
        body["event"] = dict(body["event"], ts=ts, event_ts=ts, team=team, **event)
        body.update(team_id=team, event_id=event_id or "Ev" + uuid.uuid4().hex[:10].upper(),
                    event_time=int(time.time()))
        body["authorizations"][0]["team_id"] = team
        headers = {"x-slack-retry-num": str(retry), "x-slack-retry-reason": "http_timeout"} if retry else None
        return self.send(json.dumps(body), "application/json", headers)

    def mention(self, text: str, *, user: str = "U0BOB", channel: str = "C0GENERAL", **kw: Any) -> Reply:
        return self.event({"text": f"<@U0BOT> {text}", "user": user, "channel": channel}, **kw)

    def dm(self, text: str, *, user: str = "U0BOB", **kw: Any) -> Reply:
        return self.event({"text": text, "user": user, "channel": "D" + user[1:]}, envelope="message_im.json", **kw)

    def open_home(self, *, user: str = "U0BOB", **kw: Any) -> Reply:
        return self.event({"user": user, "channel": "D" + user[1:]}, envelope="app_home_opened.json", **kw)

    def click(self, action_id: str, value: str, *, user: str = "U0BOB", team: str = TEAM,
              channel: str = "C0GENERAL", container: dict[str, Any] | None = None) -> Reply:
        payload = fixture("block_actions.json")
        payload.update(user=dict(payload["user"], id=user, team_id=team), team={"id": team, "domain": "example"},
                       channel={"id": channel, "name": "general"}, response_url=self.response_url(),
                       trigger_id=self.trigger_id())
        payload["container"] = container or dict(payload["container"], channel_id=channel)
        payload["actions"] = [dict(payload["actions"][0], action_id=action_id, value=value)]
        return self.interact(payload)

    def shortcut(self, text: str, *, user: str = "U0BOB", author: str = "U0DAVE", team: str = TEAM) -> Reply:
        payload = fixture("message_action.json")
        payload.update(user=dict(payload["user"], id=user, team_id=team), team={"id": team, "domain": "example"},
                       trigger_id=self.trigger_id())
        payload["message"] = dict(payload["message"], text=text, user=author)
        return self.interact(payload)

    def submit(self, callback_id: str, values: dict[str, dict[str, Any]], *, private_metadata: str = "",
               user: str = "U0BOB", team: str = TEAM) -> Reply:
        """A view_submission; `values` maps block_id to the element's state, e.g. {"title": {"value": "x"}}."""
        payload = fixture("view_submission.json")
        payload.update(user=dict(payload["user"], id=user, team_id=team), team={"id": team, "domain": "example"})
        state = {block: {block: dict({"type": "plain_text_input"}, **value)} for block, value in values.items()}
        payload["view"] = dict(payload["view"], callback_id=callback_id, private_metadata=private_metadata,
                               state={"values": state})
        return self.interact(payload)

    def interact(self, payload: dict[str, Any]) -> Reply:
        return self.send(urllib.parse.urlencode({"payload": json.dumps(payload)}),
                         "application/x-www-form-urlencoded")

    def response_url(self) -> str:
        return f"{self.stub.url}/response/{uuid.uuid4().hex[:8]}"

    @staticmethod
    def trigger_id() -> str:
        return f"{int(time.time())}.1.{uuid.uuid4().hex[:8]}"

    def deliver(self) -> int:
        """Send what the outbox holds, as the in-process sender would after commit."""
        sent = 0
        while True:
            n = outbox.flush(self.rt.db, self.rt.sending_client_for, self.rt.now)
            if not n:
                return sent
            sent += n

    def tick(self) -> int:
        """One clock tick at the injected time: due reminders, then the outbox."""
        jobs.drain(self.rt.db, self.rt.now(), timedelta(minutes=self.rt.settings.reminder_grace_minutes))
        return self.deliver()


@pytest.fixture
def slack(rt: Runtime, stub: SlackStub) -> Slack:
    return Slack(rt, stub)
