"""The HTTP server in front of the app: slow and oversized clients, malformed authentication, replays.

Some tests speak to a real `python -m bot serve`; the others call the very WSGI application it serves, in process,
with requests signed as Slack signs them.
"""

import hashlib
import hmac
import io
import json
import logging
import socket
import threading
import time
import urllib.parse

import pytest
from sqlalchemy import func, select

from bot import web
from storage.models import Task
from tests.conftest import SECRET
from tests.process import BotProcess, bot_env
from tests.slack_stub import BOT_TOKEN, TEAM

FORM = "application/x-www-form-urlencoded"


def command_body(text: str, command: str = "/task", user: str = "U0BOB") -> bytes:
    return urllib.parse.urlencode({
        "team_id": TEAM, "channel_id": "C0GENERAL", "user_id": user, "command": command, "text": text,
        "response_url": "http://127.0.0.1:9/response/x", "trigger_id": "1.2.3", "api_app_id": "A0APP",
    }).encode()


def signed(body: bytes, ts: int | None = None, secret: str = SECRET) -> dict[str, str]:
    ts = int(time.time()) if ts is None else ts
    digest = hmac.new(secret.encode(), b"v0:" + str(ts).encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": "v0=" + digest}


def call(wsgi, body: bytes, headers: dict[str, str], content_type: str = FORM) -> tuple[int, str]:
    """One request through the WSGI application, as waitress hands it over (header values decoded as latin-1)."""
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": web.EVENTS_PATH, "QUERY_STRING": "",
               "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    environ.update({"HTTP_" + key.upper().replace("-", "_"): value for key, value in headers.items()})
    seen = {}
    out = b"".join(wsgi(environ, lambda status, _headers: seen.update(status=status)))
    return int(seen["status"].split()[0]), out.decode()


@pytest.fixture
def wsgi(slack, rt):
    return web.make_wsgi(slack.app, rt.db, signing_secret=SECRET)


def count_tasks(rt) -> int:
    with rt.db.session(read_only=True) as session:
        return session.scalar(select(func.count()).select_from(Task))


# ---- authentication that is malformed -----------------------------------------------------------------------------

@pytest.mark.parametrize("timestamp, signature", [
    ("yesterday", None),
    ("9" * 400, None),
    ("-1", None),
    ("1e9", None),
    (None, "v0=" + "é" * 64),
    (None, "v0=" + "0" * 63),
    (None, "sha256=" + "0" * 64),
    (None, ""),
])
def test_malformed_timestamps_and_signatures_are_refused_before_anything_reads_them(wsgi, rt, caplog, timestamp,
                                                                                     signature):
    caplog.set_level(logging.DEBUG)
    body = command_body("Pay the invoice")
    headers = signed(body)
    if timestamp is not None:
        headers["X-Slack-Request-Timestamp"] = timestamp
    if signature is not None:
        headers["X-Slack-Signature"] = signature
    status, _ = call(wsgi, body, headers)
    assert status == 401
    assert count_tasks(rt) == 0
    assert not [r for r in caplog.records if r.exc_info]


def test_requests_without_authentication_headers_are_refused(wsgi):
    body = command_body("Pay the invoice")
    assert call(wsgi, body, {})[0] == 401
    assert call(wsgi, body, {"X-Slack-Request-Timestamp": str(int(time.time()))})[0] == 401


def test_refused_signatures_are_logged_once_a_minute_so_a_wrong_secret_shows(slack, rt, caplog):
    caplog.set_level(logging.INFO)
    now = [1_000_000.0]
    wsgi = web.make_wsgi(slack.app, rt.db, signing_secret=SECRET, clock=lambda: now[0])
    body = command_body("Pay the invoice")
    for _ in range(5):
        assert call(wsgi, body, signed(body, ts=int(now[0]), secret="the-old-secret"))[0] == 401
    now[0] += 61
    assert call(wsgi, body, signed(body, ts=int(now[0]), secret="the-old-secret"))[0] == 401
    warnings = [r.getMessage() for r in caplog.records if "SLACK_SIGNING_SECRET" in r.getMessage()]
    assert len(warnings) == 2 and warnings[1].startswith("5 request(s) refused"), warnings
    assert all(r.levelno == logging.WARNING for r in caplog.records if "SLACK_SIGNING_SECRET" in r.getMessage())
    assert "Pay the invoice" not in caplog.text


# ---- replays ------------------------------------------------------------------------------------------------------

def test_a_replayed_signed_request_is_answered_as_a_duplicate_and_runs_once(wsgi, rt):
    body = command_body("Pay the invoice <@U0CAROL|carol> tomorrow")
    headers = signed(body)
    first = call(wsgi, body, headers)
    assert first[0] == 200 and "Task created" in first[1]
    for _ in range(2):
        status, reply = call(wsgi, body, headers)
        assert status == 200 and "Task created" not in reply
    assert count_tasks(rt) == 1
    again = command_body("Pay the invoice <@U0CAROL|carol> tomorrow")  # the same words, signed anew: a new request
    assert "Task created" in call(wsgi, again, signed(again, ts=int(time.time()) + 1))[1]
    assert count_tasks(rt) == 2


def test_replays_are_remembered_as_long_as_slack_would_accept_the_signature():
    now = [2_000_000.0]
    guard = web.Replays(clock=lambda: now[0])
    stamp = str(int(now[0]))
    assert guard.first("v0=" + "a" * 64, stamp)
    assert not guard.first("v0=" + "a" * 64, stamp)
    now[0] += web.SIGNATURE_WINDOW + 1
    assert guard.first("v0=" + "b" * 64, str(int(now[0])))
    assert len(guard) == 1  # the first signature expired with its window: memory stays bounded


# ---- slow and oversized clients -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def running(slack_server, databases, tmp_path_factory):
    directory = tmp_path_factory.mktemp("server")
    with databases.fresh(directory) as database_url:
        env = bot_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack_server.api_url,
                      DATABASE_URL=database_url)
        bot = BotProcess(env, args=("serve", "--no-clock"), log_path=directory / "bot.log").start()
        yield bot
        bot.stop()


def raw(port: int, data: bytes, *, timeout: float = 3) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(data)
        chunks = []
        try:
            while chunk := conn.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
        return b"".join(chunks)


def head(length: int) -> bytes:
    return (f"POST {web.EVENTS_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def test_an_oversized_body_is_refused_from_its_content_length_before_it_is_read(running):
    for length in (200 * 1024 * 1024, web.MAX_BODY):
        started = time.monotonic()
        answer = raw(running.port, head(length))  # not one byte of the body is sent
        assert answer.startswith(b"HTTP/1.1 413") and time.monotonic() - started < 2.5, length
    event = json.dumps({"type": "event_callback", "team_id": TEAM, "event_id": "EvBIG",
                        "event": {"type": "reaction_added", "user": "U0BOB"}}).encode()
    padded = event[:-1] + b", " + json.dumps({"padding": "x" * (web.MAX_BODY - len(event) - 50)})[1:].encode()
    assert len(padded) < web.MAX_BODY and running.post(padded, "application/json", secret=SECRET)[0] == 200
    assert running.get("/healthz") == 200


def test_slow_clients_do_not_take_the_server_offline(running):
    """100 connections that dribble a body (the slowloris attack): /healthz still answers at once, Slack's requests
    still get through, and each slow request is dropped once it has taken longer than a request may."""
    slow = []
    head = (f"POST {web.EVENTS_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: 1000\r\n\r\n{").encode()
    for _ in range(100):
        conn = socket.create_connection(("127.0.0.1", running.port), timeout=5)
        conn.sendall(head)
        slow.append(conn)
    stop = threading.Event()

    def dribble() -> None:
        while not stop.wait(0.5):
            for conn in slow:
                try:
                    conn.sendall(b" ")
                except OSError:
                    pass

    dribbler = threading.Thread(target=dribble, daemon=True)
    dribbler.start()
    try:
        started = time.monotonic()
        assert running.get("/healthz") == 200 and time.monotonic() - started < 1
        status, reply = running.post(command_body("help"), FORM, secret=SECRET)
        assert status == 200 and "/task" in reply
        deadline = time.monotonic() + web.REQUEST_TIMEOUT + 10
        closed = 0
        for conn in slow:
            conn.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                if conn.recv(1) in (b"", b"H"):  # closed, or answered
                    closed += 1
            except OSError:
                closed += 1
        assert closed == len(slow)
        assert time.monotonic() - started >= web.REQUEST_TIMEOUT - 1
    finally:
        stop.set()
        dribbler.join()
        for conn in slow:
            conn.close()
    assert running.proc.poll() is None


def test_the_server_is_configured_for_slack(slack, rt):
    server = web.make_server(web.make_wsgi(slack.app, rt.db, signing_secret=SECRET), host="127.0.0.1", port=0,
                             threads=2)
    try:
        adj = server.adj
        assert adj.max_request_body_size == web.MAX_BODY <= 1024 * 1024
        assert adj.connection_limit >= 500 and adj.asyncore_use_poll  # not select(): no 1024-descriptor ceiling
        assert adj.channel_timeout <= 30 and adj.max_request_header_size <= 64 * 1024
    finally:
        server.close()
