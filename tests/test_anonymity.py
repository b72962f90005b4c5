"""Anonymity that survives a database dump (README, "Anonymous feedback: the data flow").

The attacker holds the database files, its backups, its WAL and the logs. Bob acts under his name, then Alice posts
anonymously, then Carol acts under her name — and nothing the attacker holds may place Alice's post between Bob's
action and Carol's: not a row, an id, a number, a counter, a timestamp, a sequence, a PostgreSQL `xmin`, an SQLite
WAL frame or a log line. The post is held in memory and written at the next boundary with the rest of its window.
These tests run on SQLite and on PostgreSQL (DATABASE_URL), through the wire.
"""

import hashlib
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, inspect, select, text
from sqlalchemy.exc import DataError, OperationalError

from bot.core import privacy
from bot.feedback import held as feedback_held
from bot.feedback import rules as feedback_rules
from bot.feedback import service as feedback_service
from bot.retros import held as retro_held
from bot.retros import rules as retro_rules
from bot.retros import service as retro_service
from storage.models import AnonymousFeedback, AnonymousRetroItem, Role

BOB_AT = datetime(2026, 11, 24, 9, 4, 11, tzinfo=UTC)
ALICE_AT = datetime(2026, 11, 24, 9, 5, 22, tzinfo=UTC)
CAROL_AT = datetime(2026, 11, 24, 9, 6, 33, tzinfo=UTC)
SECRET = "The reorg was announced badly"


@pytest.fixture(autouse=True)
def fresh_rate_limits(monkeypatch):
    monkeypatch.setattr(feedback_service, "ANONYMOUS_LIMIT", privacy.AnonymousRateLimit(10))
    monkeypatch.setattr(retro_service, "ANONYMOUS_LIMIT", privacy.AnonymousRateLimit(20))


@pytest.fixture
def timer(rt):
    """This process's boundary timer, as the runtime starts it; nothing held from an earlier test."""
    started = privacy.BoundaryTimer(rt.db, rt.now)
    for pen in privacy.PENS:
        pen.take(rt.db.engine)
    return started


def is_pg(rt) -> bool:
    return rt.db.engine.dialect.name == "postgresql"


def rows(rt) -> dict[str, set[tuple]]:
    """Every row of every table with where it physically is: SQLite's rowid, PostgreSQL's ctid and `xmin` (the
    transaction that wrote it — what survives VACUUM FREEZE)."""
    found: dict[str, set[tuple]] = {}
    with rt.db.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            if is_pg(rt):
                query = f'SELECT xmin::text::bigint, ctid::text, * FROM "{table}"'
            elif conn.exec_driver_sql("SELECT 1 FROM pragma_table_list WHERE name = ? AND wr = 0",
                                      (table,)).first():
                query = f'SELECT rowid, * FROM "{table}"'
            else:
                query = f'SELECT * FROM "{table}"'
            found[table] = {tuple(json.dumps(v) if isinstance(v, dict | list) else v for v in row)
                            for row in conn.execute(text(query))}
        conn.rollback()
    return found


def sequences(rt) -> list[tuple]:
    if not is_pg(rt):
        return []  # SQLite's rowids are in `rows`; AUTOINCREMENT counters would be in sqlite_sequence, a table
    with rt.db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1"))]


def files(rt) -> dict[str, str]:
    """SQLite: a digest of the database file and of its WAL, byte for byte."""
    if is_pg(rt):
        return {}
    path = Path(rt.db.engine.url.database)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else ""
            for p in (path, path.with_name(path.name + "-wal"))}


def wal(rt) -> bytes:
    path = Path(rt.db.engine.url.database)
    return path.with_name(path.name + "-wal").read_bytes()


def state(rt) -> dict:
    return {"rows": rows(rt), "sequences": sequences(rt), "files": files(rt)}


@contextmanager
def statements(rt) -> Iterator[list[str]]:
    """Every SQL statement the database is sent meanwhile."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(rt.db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(rt.db.engine, "before_cursor_execute", record)


WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|BEGIN IMMEDIATE)\b|FOR UPDATE|nextval",
                    re.I | re.M)


def xmins(before: dict[str, set[tuple]], after: dict[str, set[tuple]]) -> set[int]:
    """The transactions that wrote the rows `after` has and `before` had not (PostgreSQL)."""
    return {row[0] for table, found in after.items() for row in found - before.get(table, set())}


ACTIONS = {  # feature → (a named action, an anonymous one, the boundary after the three)
    "feedback": (lambda text: ("/feedback", text), lambda text: ("/feedback", f"anonymous {text}"),
                 datetime(2026, 11, 24, 12, 0, tzinfo=UTC)),
    "retros": (lambda text: ("/retro", f"improve {text}"), lambda text: ("/retro", f"anonymous improve {text}"),
               datetime(2026, 11, 24, 9, 10, tzinfo=UTC)),
}


@pytest.mark.parametrize("feature", ACTIONS)
def test_an_anonymous_post_between_two_named_actions_cannot_be_placed_between_them(slack, rt, clock, timer,
                                                                                 feature):
    named, anonymous, boundary = ACTIONS[feature]
    with rt.db.session() as session:
        session.add(Role(team_id="T0TEAM", user_id="U0DAVE", role="ops", granted_by="U0ALICE",
                         granted_at=datetime(2026, 1, 1, tzinfo=UTC)))
    slack.command("/retro", "start Sprint 12", user="U0DAVE")
    slack.command("/task", "Prepare the offsite", user="U0ALICE")  # alice is known to teambot
    slack.command(*anonymous("Too many meetings"), user="U0ERIN")  # another anonymous post of the same window
    slack.deliver()

    start = state(rt)
    clock.current = BOB_AT
    assert "Thanks" in slack.command(*named("The build is slow"), user="U0BOB").text or feature == "retros"
    after_bob = state(rt)

    clock.current = ALICE_AT
    calls = len(slack.stub.sent())
    with statements(rt) as sent:
        reply = slack.command(*anonymous(SECRET), user="U0ALICE")
    assert reply.status == 200 and "<!date^" in reply.text  # told when it will be written
    after_alice = state(rt)
    assert after_alice == after_bob  # no row, rowid, ctid, xmin, sequence value or byte of the files changed
    assert not [s for s in sent if WRITES.search(s)], sent  # the database was not even asked to write
    assert slack.stub.sent()[calls:] == []  # nor Slack asked who she is

    clock.current = CAROL_AT
    slack.command(*named("The wiki is out of date"), user="U0CAROL")
    after_carol = state(rt)
    if not is_pg(rt):
        assert SECRET.encode() not in wal(rt)  # no frame before the boundary holds her words

    clock.current = boundary
    timer.tick()
    slack.deliver()
    final = rows(rt)

    # the managers (feedback) or the board (retros) have it now, with the other anonymous post of the window
    if feature == "feedback":
        [dm] = [c for c in slack.stub.sent("chat.postMessage") if SECRET in c.text()]
        assert dm.args["channel"] == "U0DAVE" and "Too many meetings" in dm.text() and "_匿名_" in dm.text()  # zh-CN
    else:
        shown = slack.command("/retro", "show", user="U0BOB").text
        assert SECRET in shown and "Too many meetings" in shown

    # placed after Carol's action, at the boundary, in every record of the writes
    anonymous_table = "anonymous_feedback" if feature == "feedback" else "anonymous_retro_items"
    [secret_row] = [row for row in final[anonymous_table] if SECRET in map(str, row)]
    if is_pg(rt):
        bob, carol = xmins(start, after_bob["rows"]), xmins(after_alice["rows"], after_carol["rows"])
        assert bob and carol and max(bob) < min(carol)
        assert secret_row[0] > max(carol)  # her row's xmin is the boundary's transaction
        between = [(t, r) for t, found in final.items() for r in found if max(bob) < r[0] < min(carol)]
        assert between == []  # no row anywhere was written between the two
    else:
        frames = wal(rt)
        assert frames.index(b"The wiki is out of date") < frames.index(SECRET.encode())
    everything = "\n".join(str(row) for found in final.values() for row in found)
    for moment in (ALICE_AT.isoformat(sep=" ")[:16], ALICE_AT.strftime("%H:%M"), str(int(ALICE_AT.timestamp()))):
        assert moment not in everything  # no stored time says when she wrote it
    assert "U0ALICE" not in str(secret_row)


@pytest.mark.parametrize("outage", [False, True], ids=["normal", "database-down"])
@pytest.mark.parametrize("feature", ACTIONS)
def test_nothing_is_logged_for_an_anonymous_post(slack, rt, clock, timer, caplog, monkeypatch, feature, outage):
    """Not at DEBUG, not the response body, not an error — not even during a database outage (bot/app.py's
    middleware and error handler, and Bolt's own request logging, must stay silent for such a request)."""
    _, anonymous, _ = ACTIONS[feature]
    slack.command("/retro", "start Sprint 12", user="U0DAVE")
    slack.command("/task", "Prepare the offsite", user="U0ALICE")
    clock.current = ALICE_AT
    if outage:
        def down(**_):
            raise OperationalError("BEGIN", {}, ConnectionRefusedError("the database is down"))

        monkeypatch.setattr(rt.db, "session", down)
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        reply = slack.command(*anonymous(SECRET), user="U0ALICE")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    logged = [f"{r.name} {r.levelname}: {r.getMessage()}" for r in caplog.records]
    assert logged == [], "an anonymous post was logged:\n" + "\n".join(logged)


# ---- holding and writing, piece by piece -------------------------------------------------------------------------

def test_a_graceful_shutdown_writes_what_is_held_as_one_batch_at_shutdown_time(slack, rt, clock, timer):
    slack.command("/retro", "start Sprint 12", user="U0BOB")
    for n, user in enumerate(("U0CAROL", "U0DAVE", "U0ERIN")):
        slack.command("/feedback", f"anonymous Point {n}", user=user)
        slack.command("/retro", f"anon idea Idea {n}", user=user)
    clock.advance(minutes=3)  # not a boundary
    timer.start()
    timer.stop()
    with rt.db.session(read_only=True) as session:
        assert sorted(i.text for i in session.scalars(select(AnonymousFeedback))) == ["Point 0", "Point 1", "Point 2"]
        assert sorted(i.text for i in session.scalars(select(AnonymousRetroItem))) == ["Idea 0", "Idea 1", "Idea 2"]
        assert all(i.notified_at is None for i in session.scalars(select(AnonymousFeedback)))  # told at a boundary
    assert all(pen.take(rt.db.engine) == [] for pen in privacy.PENS)


def test_a_closing_that_rolls_back_keeps_what_it_took(rt, timer):
    post = retro_held.Post("T0TEAM", 7, "idea", "Pair more")
    retro_held.HELD.hold(rt.db.engine, post, datetime(2026, 11, 24, 9, 1, tzinfo=UTC))
    with pytest.raises(RuntimeError), rt.db.session() as session:
        assert retro_held.HELD.take_in(session, lambda p: p.retro_id == 7) == [post]
        raise RuntimeError("the closing failed")
    with rt.db.session() as session:
        assert retro_held.HELD.take_in(session, lambda p: p.retro_id == 7) == [post]  # held again; now committed
    assert retro_held.HELD.take(rt.db.engine) == []


def test_the_timer_writes_nothing_before_a_boundary_and_everything_due_at_it(slack, rt, clock, timer):
    slack.command("/feedback", "anonymous Lunch is too short", user="U0BOB")
    for minutes in (60, 120, 179):
        clock.current = datetime(2026, 11, 24, 9, tzinfo=UTC) + timedelta(minutes=minutes)
        timer.tick()
        with rt.db.session(read_only=True) as session:
            assert session.scalars(select(AnonymousFeedback)).all() == []
    clock.current = datetime(2026, 11, 24, 12, 0, 0, 10_000, tzinfo=UTC)  # the thread wakes a little after
    slack.command("/feedback", "anonymous Posted just after the boundary", user="U0CAROL")
    timer.tick()
    with rt.db.session(read_only=True) as session:
        assert [i.text for i in session.scalars(select(AnonymousFeedback))] == ["Lunch is too short"]
    assert timer._pause() <= privacy.RETRY.total_seconds() + 0.01  # looks again soon, whatever the boundary


def test_a_post_the_database_refuses_does_not_hold_the_rest_of_its_batch_hostage(rt, clock, timer, monkeypatch,
                                                                                caplog):
    add = feedback_held.store.add_anonymous

    def refusing(session, team_id, words, *args):
        if words == "poison":
            raise DataError("INSERT", {}, ValueError("value too long"))
        return add(session, team_id, words, *args)

    monkeypatch.setattr(feedback_held.store, "add_anonymous", refusing)
    for words in ("first", "poison", "second"):
        feedback_held.HELD.hold(rt.db.engine, feedback_held.Post("T0TEAM", words, ("other",), clock.now().date()),
                                clock.now())
    clock.current = datetime(2026, 11, 24, 12, tzinfo=UTC)
    timer.tick()
    with rt.db.session(read_only=True) as session:
        assert sorted(i.text for i in session.scalars(select(AnonymousFeedback))) == ["first", "second"]
    assert feedback_held.HELD.take(rt.db.engine) == []  # dropped, not retried forever
    assert "1 of its 3 posts" in caplog.text and "poison" not in caplog.text


def test_a_purged_workspace_leaves_nothing_held(rt, timer):
    now = datetime(2026, 11, 24, 9, 1, tzinfo=UTC)
    feedback_held.HELD.hold(rt.db.engine, feedback_held.Post("T0GONE", "x", ("other",), now.date()), now)
    kept = feedback_held.Post("T0TEAM", "y", ("other",), now.date())
    feedback_held.HELD.hold(rt.db.engine, kept, now)
    privacy.forget_team("T0GONE")
    assert [post for post, _ in feedback_held.HELD.take(rt.db.engine)] == [kept]


@pytest.mark.parametrize(("now", "step", "expected"), [
    (datetime(2026, 11, 24, 9, 7, tzinfo=UTC), retro_rules.ANONYMOUS_BOUNDARY,
     datetime(2026, 11, 24, 9, 10, tzinfo=UTC)),
    (datetime(2026, 11, 24, 9, 10, tzinfo=UTC), retro_rules.ANONYMOUS_BOUNDARY,
     datetime(2026, 11, 24, 9, 20, tzinfo=UTC)),
    (datetime(2026, 11, 24, 23, 55, tzinfo=UTC), retro_rules.ANONYMOUS_BOUNDARY,
     datetime(2026, 11, 25, 0, 0, tzinfo=UTC)),
    (datetime(2026, 11, 24, 3, 59, 59, tzinfo=UTC), feedback_rules.ANONYMOUS_BATCH,
     datetime(2026, 11, 24, 4, 0, tzinfo=UTC)),
])
def test_boundaries_are_fixed_and_shared_by_every_process(now, step, expected):
    assert privacy.next_boundary(now, step) == expected


@pytest.mark.parametrize("size", [0, 1, 2, 9])
def test_a_batch_is_written_in_an_order_of_its_own(size):
    posts = [feedback_held.Post("T0TEAM", str(n), (), datetime(2026, 11, 24, tzinfo=UTC).date()) for n in range(size)]
    assert sorted(privacy.shuffled(posts), key=lambda p: int(p.text)) == posts
    if size == 9:
        assert any(privacy.shuffled(posts) != posts for _ in range(3))
