"""The WSGI application the production server runs: Slack's requests, the health check, nothing else; and that server.

Served by waitress (a well-kept pure-Python production server with a thread pool), not Bolt's development server.
What a client can make the server hold is bounded before the app sees anything:

- a body is at most `MAX_BODY` (Slack's payloads are far smaller) and a larger `Content-Length` is answered 413
  before one byte of the body is read; headers at most `MAX_HEADERS`;
- a request must arrive whole within `REQUEST_TIMEOUT` of its first byte (or of the connection, for the first
  one): a client that dribbles it (slowloris) is disconnected; an idle connection is closed after `IDLE_TIMEOUT`;
- `CONNECTION_LIMIT` connections at once (waitress's default of 100 is what 100 slow clients filled), watched with
  poll(), which has no 1,024-descriptor ceiling.

Then authentication, before anything reads the body: a timestamp and a signature that are not what Slack sends are
401; a signature already seen is a replay (`Replays`), answered as the duplicate it is.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from http import HTTPStatus
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.request.internals import parse_body
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer

from bot.app import asks_anonymity, hushed, malformed
from storage.db import Database

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY = 512 * 1024  # a modal's state or a clicked message with its blocks is a few tens of KB at most
MAX_HEADERS = 32 * 1024
REQUEST_TIMEOUT = 5  # seconds: Slack itself gives up on an answer after 3
IDLE_TIMEOUT = 15
CONNECTION_LIMIT = 500
SIGNATURE_WINDOW = 5 * 60  # Slack's signatures are accepted this long either side of their timestamp
REFUSALS_LOGGED_EVERY = 60.0

TIMESTAMP = re.compile(r"[0-9]{1,12}")
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def make_wsgi(app: App, db: Database, *, accepting: Callable[[], bool] = lambda: True,
              signing_secret: str | None = None, clock: Callable[[], float] = time.time):
    """`signing_secret`: check Slack's signature before anything reads the body (Bolt checks it again)."""
    secret = signing_secret.encode() if signing_secret else None
    replays = Replays(clock)
    refusals = Refusals(clock)

    def wsgi(environ: dict[str, Any], start_response) -> Iterable[bytes]:  # noqa: ANN001
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        if path == "/healthz" and method in ("GET", "HEAD"):
            ok = accepting() and db.ping()
            return _reply(start_response, 200 if ok else 503, {"ok": ok})
        flow = getattr(app, "oauth_flow", None)
        if flow is not None and method == "GET" and path in (flow.install_path, flow.redirect_uri_path):
            request = BoltRequest(body="", query=environ.get("QUERY_STRING", ""), headers=_for_bolt(_headers(environ)))
            handle = flow.handle_installation if path == flow.install_path else flow.handle_callback
            return _bolt_reply(start_response, handle(request))
        if path != EVENTS_PATH:
            return _reply(start_response, 404, {"error": "not_found"})
        if method != "POST":
            return _reply(start_response, 405, {"error": "method_not_allowed"})
        if not accepting():
            return _reply(start_response, 503, {"error": "shutting_down"})
        headers = _headers(environ)
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if secret is not None and not (TIMESTAMP.fullmatch(timestamp) and SIGNATURE.fullmatch(signature)):
            refusals.note()
            return _reply(start_response, 401, {"error": "invalid_signature"})
        length = _length(environ)
        if length is None or length > MAX_BODY:
            return _reply(start_response, 413 if length else 400, {"error": "bad_length"})
        raw = environ["wsgi.input"].read(length) if length else b""
        if secret is not None and not _signed(secret, timestamp, raw, signature, clock()):
            refusals.note()
            return _reply(start_response, 401, {"error": "invalid_signature"})
        try:
            body = raw.decode("utf-8")
            payload = parse_body(body, headers.get("content-type", "").split(";")[0] or None)
        except (ValueError, RecursionError):  # not UTF-8, not JSON, nested beyond reason
            return _reply(start_response, 400, {"error": "malformed_body"})
        anonymous = asks_anonymity(payload)
        if secret is not None and not replays.first(signature, timestamp):
            if not anonymous:  # for an anonymous post, the line's time would be close to the post's
                log.warning("a request Slack signed was sent again: answered as a duplicate, nothing done")
            return _reply(start_response, 200, {})
        problem = malformed(payload)
        if problem:
            if not anonymous:
                log.warning("refused a signed request Slack would never send: %s", problem)
            return _reply(start_response, 400, {"error": "malformed_body"})
        with hushed(anonymous):
            request = BoltRequest(body=body, query=environ.get("QUERY_STRING", ""), headers=_for_bolt(headers))
            return _bolt_reply(start_response, app.dispatch(request))

    return wsgi


class Replays:
    """Signatures already accepted, until Slack's window for their timestamp closes: a captured request sent again
    within those minutes is refused, an anonymous post included (kept in memory, so nothing is written when it is
    made). Per process: with several web processes, a replay routed to another one than the original runs once
    there too — at most once per process. Events are also deduplicated across processes by `event_id`."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._seen: dict[bytes, float] = {}
        self._expiry: deque[tuple[float, bytes]] = deque()
        self._lock = threading.Lock()

    def first(self, signature: str, timestamp: str) -> bool:
        """Whether this is the first time `signature` is seen (and remember it). Expiry follows the signature's own
        timestamp, which Slack accepts up to `SIGNATURE_WINDOW` ahead of the clock too. Kept as 16 bytes of the
        signature: ~200 bytes a request, ~30 MB at the 450 requests a second one process can serve."""
        now = self.clock()
        key = bytes.fromhex(signature[3:35])
        with self._lock:
            while self._expiry and self._expiry[0][0] < now:
                self._seen.pop(self._expiry.popleft()[1], None)
            if key in self._seen:
                return False
            expires = max(int(timestamp), now) + SIGNATURE_WINDOW
            self._seen[key] = expires
            self._expiry.append((expires, key))
            return True

    def __len__(self) -> int:
        return len(self._seen)


class Refusals:
    """Requests refused for their signature, logged at most once a minute: a wrong SLACK_SIGNING_SECRET refuses
    every request, and must show in the logs without flooding them."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._count = 0
        self._next_log = float("-inf")
        self._lock = threading.Lock()

    def note(self) -> None:
        now = self.clock()
        with self._lock:
            self._count += 1
            if now < self._next_log:
                return
            count, self._count, self._next_log = self._count, 0, now + REFUSALS_LOGGED_EVERY
        log.warning("%d request(s) refused for their signature (missing, malformed, stale or wrong) since this was "
                    "last said: if Slack's requests are among them, SLACK_SIGNING_SECRET is not this app's signing "
                    "secret", count)


# ---- the server ---------------------------------------------------------------------------------------------------

class _Channel(HTTPChannel):
    """A connection that knows since when it has been receiving the request it has not finished."""

    receiving_since: float | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.receiving_since = self.creation_time  # a connection's first request starts its clock at once

    def received(self, data: bytes) -> bool:
        pending = self.request
        result = super().received(data)
        if self.request is None:
            self.receiving_since = None  # nothing half-received: the idle timeout applies
        elif (pending is not None and self.request is not pending) or self.receiving_since is None:
            self.receiving_since = time.time()  # a new request began
        return result


class _Server(TcpWSGIServer):
    """waitress's server, which also disconnects a client that has taken longer than `REQUEST_TIMEOUT` to send a
    request (waitress itself only closes connections that have been silent for `channel_timeout`)."""

    channel_class = _Channel

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        for channel in self.active_channels.values():
            since = getattr(channel, "receiving_since", None)
            if since is not None and now - since > REQUEST_TIMEOUT and not channel.requests:
                channel.will_close = True


def make_server(wsgi: Callable[..., Iterable[bytes]], *, host: str, port: int, threads: int) -> _Server:
    adjustments = Adjustments(host=host, port=port, threads=threads, ident="teambot",
                              max_request_body_size=MAX_BODY, max_request_header_size=MAX_HEADERS,
                              channel_timeout=IDLE_TIMEOUT, cleanup_interval=1, connection_limit=CONNECTION_LIMIT,
                              asyncore_use_poll=True)
    return _Server(wsgi, adj=adjustments)


# ---- helpers ------------------------------------------------------------------------------------------------------

def _signed(secret: bytes, timestamp: str, raw: bytes, signature: str, now: float) -> bool:
    """Slack's signature (v0) over the bytes as they arrived, with a timestamp within its window."""
    if abs(now - int(timestamp)) > SIGNATURE_WINDOW:
        return False
    expected = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest("v0=" + expected, signature)


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    return headers


def _for_bolt(headers: dict[str, str]) -> dict[str, str | Sequence[str]]:
    return dict(headers)


def _length(environ: dict[str, Any]) -> int | None:
    raw = environ.get("CONTENT_LENGTH") or "0"
    return int(raw) if raw.isdigit() and len(raw) <= 12 else None


def _bolt_reply(start_response, response: BoltResponse) -> list[bytes]:  # noqa: ANN001
    out = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
    headers_out = [(k, v) for k, vs in response.headers.items() for v in vs if k.lower() != "content-length"]
    start_response(_status(response.status), headers_out + [("Content-Length", str(len(out)))])
    return [out]


def _reply(start_response, status: int, body: dict) -> list[bytes]:  # noqa: ANN001
    raw = json.dumps(body).encode() if body else b""
    start_response(_status(status), [("Content-Type", "application/json"), ("Content-Length", str(len(raw)))])
    return [raw]


def _status(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Unknown"
