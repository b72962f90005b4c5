"""Bring the schema to head with Alembic (`python -m bot migrate`, and at every process start)."""

from __future__ import annotations

import functools

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.db import Database


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", "storage:migrations")
    return config


def upgrade(db: Database) -> None:
    """Upgrade to head in one locked transaction (see migrations/env.py); a no-op when already there."""
    if is_current(db):
        return
    config = _config()
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection  # outside any transaction: SQLite ignores this PRAGMA inside one
        if db.is_sqlite and raw is not None:  # table rebuilds in batch mode must not cascade deletes
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
        finally:
            if db.is_sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def is_current(db: Database) -> bool:
    with db.engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
        conn.rollback()
    return current == _heads()


@functools.cache
def _heads() -> frozenset[str]:
    """The scripts' head revisions: reading them imports every migration file (~15 ms), and they do not change
    while a process runs (`revision` forgets them)."""
    return frozenset(ScriptDirectory.from_config(_config()).get_heads())


def revision(db: Database, message: str) -> None:
    """Autogenerate a new migration from the models (a developer tool: `python -m bot makemigration MESSAGE`)."""
    config = _config()
    with db.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.revision(config, message=message, autogenerate=True)
    _heads.cache_clear()
