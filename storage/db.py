"""The engine and the session scope.

SQLite is the embedded default: WAL so readers never block the writer, a busy timeout so concurrent writers queue
instead of failing, and `BEGIN IMMEDIATE` so a write transaction takes the write lock up front (a deferred
transaction that later writes can fail with SQLITE_BUSY without waiting). PostgreSQL via psycopg 3 is the
scale-out store. One `Database` per process is shared by web threads and the clock; callers open one session per
request or job with `db.session()`.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from sqlalchemy import create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Executable

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_STATEMENT_TIMEOUT_MS = 15_000


class Database:
    def __init__(self, url: str, *, pool_size: int = 8) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.engine = _sqlite_engine(url, pool_size) if self.is_sqlite else _pg_engine(url, pool_size)
        self._read_engine = self.engine.execution_options(sqlite_begin="DEFERRED")
        # for libraries that run their own short transactions (slack_sdk's installation and state stores)
        self.plain_engine = self._read_engine
        # SQLite has one writer at a time; threads of this process queue on a lock instead of in SQLite's busy
        # handler, which sleep-polls (up to 100 ms a nap) and turns contention into long tail latency.
        self._write_lock = threading.RLock() if self.is_sqlite else contextlib.nullcontext()

    @contextlib.contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on error, then runs the session's after-commit hooks.

        `read_only=True` takes no write lock on SQLite; such a session must not write.
        """
        lock = contextlib.nullcontext() if read_only else self._write_lock
        with lock, Session(self._read_engine if read_only else self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
        for hook in session.info.pop("after_commit", []):
            hook()

    def ping(self) -> bool:
        """True when the database answers a trivial query (for /healthz)."""
        try:
            with self._read_engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError as exc:
            log.warning("database ping failed: %s", exc.__class__.__name__)
            return False

    def dispose(self) -> None:
        self.engine.dispose()


# INSERT with ON CONFLICT (`on_conflict_do_nothing` / `on_conflict_do_update`), by dialect name
INSERTS: dict[str, Callable[..., Any]] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def conflict_insert(session: Session, table: Any) -> Any:
    """`INSERT` in the session's dialect, with its ON CONFLICT clauses: get-or-create that is safe under races."""
    return INSERTS[session.get_bind().dialect.name](table)


def affected(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE and say how many rows it touched: the conditional UPDATE's rowcount is how a claim
    (a reminder, an outbox message, a decision) is won by exactly one process."""
    result = cast(CursorResult[Any], session.execute(statement))
    return result.rowcount or 0


def after_commit(session: Session, hook: Callable[[], None]) -> None:
    """Run `hook` once the session's transaction has committed (e.g. wake the outbox sender)."""
    hooks = session.info.setdefault("after_commit", [])
    if hook not in hooks:
        hooks.append(hook)


def _sqlite_engine(url: str, pool_size: int) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        pool_size=pool_size,
        max_overflow=pool_size,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _pg_engine(url: str, pool_size: int) -> Engine:
    parsed = make_url(url)
    options = f"{parsed.query.get('options', '')} -c statement_timeout={PG_STATEMENT_TIMEOUT_MS}".strip()
    return create_engine(
        parsed.difference_update_query(["options"]),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={"options": options, "connect_timeout": 5},
    )
