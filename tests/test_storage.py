"""Migrations from empty on the configured database (SQLite or PostgreSQL), safe when processes start together,
and the models never drift from the migrations."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from bot.core.numbers import next_number
from storage import migrate
from storage.db import Database
from storage.models import Base, Task
from tests.process import bot_env, run_cli


def test_migrations_from_empty_reach_head_and_match_the_models(empty_database_url):
    db = Database(empty_database_url)
    migrate.upgrade(db)
    assert migrate.is_current(db)
    tables = set(inspect(db.engine).get_table_names())
    assert {"tasks", "task_events", "reminders", "outbox", "processed_events", "members", "counters"} <= tables
    with db.engine.connect() as conn:
        opts = {"compare_type": True,
                "include_object": lambda obj, name, *rest: not (name or "").startswith(("lessons_fts",
                                                                                         "ix_lessons_search"))}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    assert diff == [], "models and migrations differ: run `python -m bot makemigration …`"
    migrate.upgrade(db)  # a second run is a no-op
    db.dispose()


def test_several_processes_migrating_at_once_is_safe(empty_database_url):
    env = bot_env(DATABASE_URL=empty_database_url)
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda _: run_cli(["migrate"], env), range(3)))
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr[-500:] for r in results]


def test_sqlite_is_in_wal_mode_with_a_busy_timeout(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/wal.db")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()


def test_times_come_back_aware_in_utc(rt):
    when = datetime(2027, 3, 15, 13, 0, tzinfo=UTC)
    with rt.db.session() as session:
        session.add(Task(team_id="T1", number=1, title="x", creator_id="U1", created_at=when, updated_at=when,
                         due_at=when))
    with rt.db.session(read_only=True) as session:
        task = session.scalar(select(Task))
        assert task.due_at == when and task.due_at.tzinfo is not None


def test_naive_datetimes_are_refused(rt):
    with pytest.raises(Exception, match="naive"), rt.db.session() as session:
        session.add(Task(team_id="T1", number=1, title="x", creator_id="U1", created_at=datetime(2026, 1, 1),
                         updated_at=datetime(2026, 1, 1, tzinfo=UTC)))
        session.flush()


def test_short_ids_are_unique_per_workspace_under_concurrency(rt):
    def take(team: str) -> int:
        with rt.db.session() as session:
            return next_number(session, team, "task")

    with ThreadPoolExecutor(8) as pool:
        a = list(pool.map(take, ["TA"] * 40))
        b = list(pool.map(take, ["TB"] * 10))
    assert sorted(a) == list(range(1, 41)) and sorted(b) == list(range(1, 11))
