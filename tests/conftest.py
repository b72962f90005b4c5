"""Test harness: the Slack stand-in, a fresh database per test (SQLite file, or a PostgreSQL schema when
DATABASE_URL points at PostgreSQL), an injected clock, and a driver that signs requests exactly as Slack does.

Migrating from zero costs ~90 ms on SQLite and ~300 ms on PostgreSQL, so the schema is migrated once per session
and each test gets a copy of it (see `SqliteDatabases`, `PgSchemas`); tests of migrating itself ask for
`empty_database_url`."""

from __future__ import annotations

import contextlib
import graphlib
import json
import os
import shutil
import sqlite3
import time
import urllib.parse
import uuid
import warnings
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import BoltRequest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine

from bot.app import create_app
from bot.config import Settings, normalise_database_url
from bot.runtime import Runtime, open_database
from scheduler import jobs, outbox
from storage import migrate
from storage.db import Database
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


class SqliteDatabases:
    """SQLite: one file migrated once per session; each test gets a byte copy of it (an independent database)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.template: Path | None = None

    def fresh(self, directory: Path) -> contextlib.AbstractContextManager[str]:
        if self.template is None:
            self.template = self._migrate(self.root / "template.db")
        shutil.copyfile(self.template, directory / "teambot.db")
        return contextlib.nullcontext(f"sqlite:///{directory}/teambot.db")

    def empty(self, directory: Path) -> contextlib.AbstractContextManager[str]:
        return contextlib.nullcontext(f"sqlite:///{directory}/empty.db")

    def close(self) -> None:
        pass

    @staticmethod
    def _migrate(path: Path) -> Path:
        db = Database(f"sqlite:///{path}")
        migrate.upgrade(db)
        db.dispose()  # every connection closed: nothing may write to the template from now on
        with contextlib.closing(sqlite3.connect(path)) as conn:  # fold the WAL into the file: copy one file only
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        wal = path.with_name(path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0, "the template still has a WAL"
        return path


class PgSchemas:
    """PostgreSQL: each test gets a schema of its own (`search_path` in the URL). Migrating one costs ~300 ms of DDL
    (`CREATE DATABASE … TEMPLATE` and its DROP ~60 ms), so a schema is migrated once and then lent to test after
    test: when a test ends, every row is deleted and every sequence restarted, which leaves the schema exactly as
    a fresh migration does — unless the test changed its structure (tests/test_errors.py drops tables). So a
    fingerprint of the schema's catalog rows is taken after migrating and compared before reuse; a schema whose
    fingerprint changed, or that could not be emptied, is dropped instead, and the next test gets a new one.

    Emptying and checking take ~8 ms, so they run in a thread of their own while the next test runs on another
    schema (two take turns)."""

    # Every DDL statement writes new catalog rows (a new xmin) or deletes some, while DML touches no catalog and
    # VACUUM/ANALYZE update pg_class in place: the (oid, xmin) of the rows describing the schema's objects (found
    # through pg_depend) and alembic_version change whenever its structure may have. Index lookups only: deparsing
    # definitions (pg_get_indexdef…) or scanning a catalog costs 30-60 ms a test.
    FINGERPRINT = """
        WITH objects AS (SELECT classid, objid FROM pg_depend WHERE refclassid = 'pg_namespace'::regclass
                           AND refobjid = (SELECT oid FROM pg_namespace WHERE nspname = :s) AND refobjsubid = 0),
             tables AS (SELECT objid AS oid FROM objects WHERE classid = 'pg_class'::regclass),
             rels AS (SELECT oid FROM tables
                      UNION SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM tables))
        SELECT md5(string_agg(item, ',' ORDER BY item)) FROM (
            SELECT 'n' || classid || '.' || objid FROM objects
            UNION ALL SELECT 'r' || oid || ':' || xmin FROM pg_class WHERE oid IN (SELECT oid FROM rels)
            UNION ALL SELECT 'a' || attrelid || '.' || attnum || ':' || xmin FROM pg_attribute
                       WHERE attrelid IN (SELECT oid FROM rels)
            UNION ALL SELECT 'd' || oid || ':' || xmin FROM pg_attrdef WHERE adrelid IN (SELECT oid FROM tables)
            UNION ALL SELECT 'i' || indexrelid || ':' || xmin FROM pg_index WHERE indrelid IN (SELECT oid FROM tables)
            UNION ALL SELECT 'c' || oid || ':' || xmin FROM pg_constraint WHERE conrelid IN (SELECT oid FROM tables)
            UNION ALL SELECT 't' || oid || ':' || xmin FROM pg_trigger WHERE tgrelid IN (SELECT oid FROM tables)
            UNION ALL SELECT 'p' || oid || ':' || xmin FROM pg_proc WHERE oid IN (SELECT objid FROM objects)
            UNION ALL SELECT 'y' || oid || ':' || xmin FROM pg_type WHERE oid IN (SELECT objid FROM objects)
            UNION ALL SELECT 'v ' || version_num FROM "{schema}".alembic_version
        ) AS catalog(item)"""

    def __init__(self, base: str) -> None:
        self.base = base
        self.engine: Engine = create_engine(base, pool_size=1, max_overflow=2)
        self.admin: Engine = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self.free: list[str] = []  # migrated and empty
        self.emptying: list[tuple[str, Future[str | None]]] = []  # schemas being emptied, and how it went
        self.emptier = ThreadPoolExecutor(1, thread_name_prefix="empty-schema")
        self.known: dict[str, tuple[str, str]] = {}  # schema -> (its fingerprint, the SQL that empties it)
        self.created: set[str] = set()

    def url(self, schema: str) -> str:
        sep = "&" if "?" in self.base else "?"
        return f"{self.base}{sep}options=" + urllib.parse.quote(f"-csearch_path={schema}")

    @contextlib.contextmanager
    def fresh(self, directory: Path) -> Iterator[str]:
        schema = self._take()
        yield self.url(schema)
        self.emptying.append((schema, self.emptier.submit(self._empty, schema, *self.known[schema])))

    def _take(self) -> str:
        """A migrated, empty schema: a free one, else one being emptied, else (the first two tests) a new one."""
        while not self.free:
            if not self.emptying or len(self.known) < 2:
                return self._migrated()
            self._settle(*self.emptying.pop(0))
        return self.free.pop(0)

    def _settle(self, schema: str, emptying: Future[str | None]) -> None:
        problem = emptying.result()
        if problem is None:
            self.free.append(schema)
            return
        if problem != "changed":
            warnings.warn(f"schema {schema} could not be emptied, so it is dropped: {problem}", stacklevel=1)
        self._drop(schema)

    @contextlib.contextmanager
    def empty(self, directory: Path) -> Iterator[str]:
        schema = self._create()
        try:
            yield self.url(schema)
        finally:
            self._drop(schema)

    def close(self) -> None:
        while self.emptying:
            self._settle(*self.emptying.pop(0))
        self.emptier.shutdown()
        for schema in list(self.created):
            self._drop(schema)
        self.engine.dispose()

    def _create(self) -> str:
        schema = "t_" + uuid.uuid4().hex[:12]
        with self.admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        self.created.add(schema)
        return schema

    def _migrated(self) -> str:
        schema = self._create()
        db = Database(self.url(schema))
        migrate.upgrade(db)
        db.dispose()
        with self.engine.connect() as conn:
            self.known[schema] = (self._fingerprint(conn, schema), self._emptying_sql(conn, schema))
            conn.rollback()
        return schema

    def _fingerprint(self, conn: Connection, schema: str) -> str:
        return conn.execute(text(self.FINGERPRINT.format(schema=schema)), {"s": schema}).scalar_one()

    @staticmethod
    def _emptying_sql(conn: Connection, schema: str) -> str:
        """DELETE from every table, referencing tables first (TRUNCATE makes new files for each table: ~200 ms),
        then set every sequence back to its start."""
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s "
                                   "AND tablename <> 'alembic_version'"), {"s": schema}).scalars().all()
        foreign_keys = conn.execute(text("SELECT child.relname, parent.relname FROM pg_constraint "
                                         "JOIN pg_class child ON child.oid = conrelid "
                                         "JOIN pg_class parent ON parent.oid = confrelid "
                                         "WHERE contype = 'f' AND connamespace = to_regnamespace(:s)"),
                                    {"s": schema}).all()
        referenced_by: dict[str, set[str]] = {table: set() for table in tables}
        for child, parent in foreign_keys:
            if child != parent:
                referenced_by[parent].add(child)
        try:  # a table comes after its predecessors, here every table that references it
            order = list(graphlib.TopologicalSorter(referenced_by).static_order())
            emptying = "".join(f'DELETE FROM "{schema}"."{table}";' for table in order)
        except graphlib.CycleError:
            emptying = "TRUNCATE " + ", ".join(f'"{schema}"."{table}"' for table in tables) + ";"
        sequences = conn.execute(text("SELECT sequencename, start_value FROM pg_sequences WHERE schemaname = :s"),
                                 {"s": schema}).all()
        return emptying + "".join(f"SELECT setval('\"{schema}\".\"{name}\"', {start}, false);"
                                  for name, start in sequences)

    def _empty(self, schema: str, fingerprint: str, emptying: str) -> str | None:
        """(In the emptier's thread.) Empty the schema if its structure is as migrated: None when done, else why
        not ("changed", or the error)."""
        try:
            with self.engine.begin() as conn:
                conn.execute(text("SET LOCAL lock_timeout = '5s'"))
                conn.execute(text("SET LOCAL synchronous_commit = off"))  # test data: no need to wait for the disk
                if self._fingerprint(conn, schema) != fingerprint:
                    return "changed"
                conn.exec_driver_sql(emptying)
            return None
        except Exception as exc:  # noqa: BLE001 - e.g. a connection the test left idle in a transaction
            return str(exc)

    def _drop(self, schema: str) -> None:
        self.known.pop(schema, None)
        try:
            with self.admin.connect() as conn:
                conn.execute(text("SET lock_timeout = '10s'"))
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            self.created.discard(schema)
        except Exception:  # noqa: BLE001 - still in use: tried again at the end of the session
            pass


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    base = pg_base_url()
    pool = PgSchemas(base) if base else SqliteDatabases(tmp_path_factory.mktemp("template"))
    yield pool
    pool.close()


@pytest.fixture
def database_url(databases, tmp_path):
    """A database of its own for each test, migrated to head and empty: an SQLite file, or a schema on the
    PostgreSQL server (`open_database` finds it current and does not migrate)."""
    with databases.fresh(tmp_path) as url:
        yield url


@pytest.fixture
def empty_database_url(databases, tmp_path):
    """A database of its own with nothing in it, not even the schema: for tests of migrating."""
    with databases.empty(tmp_path) as url:
        yield url


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
        # built in a thread of its own: Bolt names an app after its caller's file with inspect.stack(), which
        # reads every frame's source — ~10 ms at pytest's depth, per test; a fresh thread's stack is a few frames
        with ThreadPoolExecutor(1) as thread:
            self.app = thread.submit(create_app, rt).result()
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
