"""A fresh database for a benchmark: a new PostgreSQL schema when DATABASE_URL points at PostgreSQL, else a new
SQLite file."""

from __future__ import annotations

import os
import tempfile

from sqlalchemy import create_engine, text

from bot.config import normalise_database_url


def fresh_database_url(name: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith("postgres"):
        url = normalise_database_url(url)
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {name}"))
        engine.dispose()
        return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{name}"
    return f"sqlite:///{tempfile.mkdtemp(prefix=f'teambot-{name}-')}/{name}.db"
