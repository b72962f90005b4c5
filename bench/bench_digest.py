"""Digest cost for a big team: 50,000 tasks (two years of history), 2,000 risks, 5,000 feedback items.

Times the KPI computation (`kpi.report`), composing the Block Kit digest (`delivery.compose`) and the chart, and
counts the SQL statements the digest issues (constant, whatever the team size). Target: under 1 s.

  .venv/bin/python bench/bench_digest.py
  DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_digest.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, text  # noqa: E402

from bench.fresh import fresh_database_url  # noqa: E402
from bot.digest import charts, delivery, kpi  # noqa: E402
from storage import migrate  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import AnonymousFeedback, Feedback, Risk, Task  # noqa: E402

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
TEAM = "T0BIG"
PEOPLE = [f"U{i:04d}" for i in range(60)]


def database() -> Database:
    db = Database(fresh_database_url("bench_digest"))
    migrate.upgrade(db)
    return db


def seed(db: Database) -> None:
    rng = random.Random(7)
    tasks = []
    for number in range(1, 50_001):
        created = NOW - timedelta(days=rng.uniform(0, 730))
        due = created + timedelta(days=rng.uniform(1, 20)) if rng.random() < 0.8 else None
        done = created + timedelta(hours=rng.uniform(2, 400)) if rng.random() < 0.85 else None
        if done and done > NOW:
            done = None
        status = "done" if done else rng.choice(["open", "open", "open", "blocked"])
        tasks.append({"team_id": TEAM, "number": number, "title": f"Task {number}", "owner_id": rng.choice(PEOPLE),
                      "creator_id": rng.choice(PEOPLE), "status": status, "due_at": due, "done_at": done,
                      "created_at": created, "updated_at": created, "description": "", "due_date_only": False,
                      "progress": 0, "source": "command"})
    risks = []
    for number in range(1, 2001):
        likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
        created = NOW - timedelta(days=rng.uniform(0, 365))
        closed = created + timedelta(days=rng.uniform(1, 60)) if rng.random() < 0.6 else None
        if closed and closed > NOW:
            closed = None
        risks.append({"team_id": TEAM, "number": number, "description": f"Risk {number}", "likelihood": likelihood,
                      "impact": impact, "score": likelihood * impact, "creator_id": rng.choice(PEOPLE),
                      "owner_id": rng.choice(PEOPLE), "status": "closed" if closed else "open",
                      "reviewed_at": created + timedelta(days=rng.uniform(0, 30)), "created_at": created,
                      "updated_at": created, "closed_at": closed, "strategy": "mitigate"})
    tags = ["process", "tools", "communication", "workload", "other"]
    named, anonymous = [], []
    for number in range(1, 5001):
        created = NOW - timedelta(days=rng.uniform(0, 365))
        if number % 3:
            named.append({"team_id": TEAM, "number": number, "text": f"Feedback {number}",
                          "tags": [rng.choice(tags)], "author_id": rng.choice(PEOPLE), "created_at": created,
                          "status": "open"})
        else:
            anonymous.append({"team_id": TEAM, "number": number, "text": f"Feedback {number}",
                              "tags": [rng.choice(tags)], "given_on": date.fromordinal(created.toordinal()),
                              "status": "open"})
    with db.session() as session:
        for model, rows in ((Task, tasks), (Risk, risks), (Feedback, named), (AnonymousFeedback, anonymous)):
            for i in range(0, len(rows), 5000):
                session.execute(insert(model), rows[i:i + 5000])
    if db.is_sqlite:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with db.engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()


def timed(func, repeat: int = 7) -> tuple[float, float]:  # noqa: ANN001
    func()  # warm
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def main() -> int:
    db = database()
    t0 = time.perf_counter()
    seed(db)
    print(f"database: {db.url.split('@')[-1].split('?')[0]}   seeded 50,000 tasks, 2,000 risks, 5,000 feedback "
          f"in {time.perf_counter() - t0:.1f} s")
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        statements.append(statement)

    def kpis() -> None:
        with db.session(read_only=True) as session:
            kpi.report(session, TEAM, NOW - timedelta(days=7), NOW)

    def composed() -> None:
        with db.session(read_only=True) as session:
            delivery.compose(session, TEAM, NOW, "Europe/Berlin", "en")

    event.listen(db.engine, "before_cursor_execute", count)
    composed()
    event.remove(db.engine, "before_cursor_execute", count)
    with db.session(read_only=True) as session:
        report = kpi.report(session, TEAM, NOW - timedelta(days=7), NOW)
    print(f"SQL statements per digest: {len([s for s in statements if not s.startswith(('BEGIN', 'SELECT 1'))])}")
    for name, func in (("kpi.report", kpis), ("delivery.compose (KPIs + Block Kit)", composed),
                       ("chart PNG", lambda: charts.render(report, "en"))):
        median, worst = timed(func)
        print(f"{name:36} median {median:7.1f} ms   max {worst:7.1f} ms")
    d = report.delivery
    print(f"(this week: {d.created} created, {d.completed} completed, {d.open} open, {d.overdue} overdue, "
          f"exposure {report.exposure})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
