"""Alembic environment: migrations run on the connection `storage.migrate.upgrade` hands in.

The whole upgrade is one transaction under a lock, so several processes starting at once are safe: on PostgreSQL a
transaction-scoped advisory lock, on SQLite the `BEGIN IMMEDIATE` write lock our engine takes. The first process
migrates; the others wait, then find the schema at head and do nothing.
"""

from alembic import context
from sqlalchemy import text

from storage.models import Base

# full-text search objects made by hand in migration 0006; Alembic has no model for them
HAND_MADE = ("lessons_fts", "ix_lessons_search")


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    return not (name or "").startswith(HAND_MADE)


MIGRATION_LOCK_ID = 0x7EA4B07  # any constant shared by all teambot processes

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    transactional_ddl=True,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
