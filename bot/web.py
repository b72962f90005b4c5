"""The WSGI application the production server runs: Slack's requests, the health check, nothing else.

Served by waitress (a well-kept pure-Python production server with a thread pool), not Bolt's development server.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier

from storage.db import Database

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY = 1024 * 1024  # Slack's payloads are far smaller; refuse anything absurd before reading it


def make_wsgi(app: App, db: Database, *, accepting: Callable[[], bool] = lambda: True,
              signing_secret: str | None = None):
    """`signing_secret`: check Slack's signature before anything reads the body (Bolt checks it again)."""
    verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def wsgi(environ: dict[str, Any], start_response) -> Iterable[bytes]:  # noqa: ANN001
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        if path == "/healthz" and method in ("GET", "HEAD"):
            ok = accepting() and db.ping()
            return _reply(start_response, 200 if ok else 503, {"ok": ok})
        flow = getattr(app, "oauth_flow", None)
        if flow is not None and method == "GET" and path in (flow.install_path, flow.redirect_uri_path):
            headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items()
                       if key.startswith("HTTP_")}
            request = BoltRequest(body="", query=environ.get("QUERY_STRING", ""), headers=headers)
            handle = flow.handle_installation if path == flow.install_path else flow.handle_callback
            return _bolt_reply(start_response, handle(request))
        if path != EVENTS_PATH:
            return _reply(start_response, 404, {"error": "not_found"})
        if method != "POST":
            return _reply(start_response, 405, {"error": "method_not_allowed"})
        if not accepting():
            return _reply(start_response, 503, {"error": "shutting_down"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            return _reply(start_response, 413 if length > MAX_BODY else 400, {"error": "bad_length"})
        body = environ["wsgi.input"].read(length).decode("utf-8", "replace") if length else ""
        headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items()
                   if key.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        if verifier is not None and not verifier.is_valid_request(body, headers):
            return _reply(start_response, 401, {"error": "invalid_signature"})
        try:
            request = BoltRequest(body=body, query=environ.get("QUERY_STRING", ""), headers=headers)
            if not isinstance(request.body, dict):
                raise ValueError("not an object")
        except Exception:  # noqa: BLE001 - Bolt assumes a well-formed object; anything else is the sender's fault
            return _reply(start_response, 400, {"error": "malformed_body"})
        return _bolt_reply(start_response, app.dispatch(request))

    return wsgi


def _bolt_reply(start_response, response) -> list[bytes]:  # noqa: ANN001
    out = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
    headers_out = [(k, v) for k, vs in response.headers.items() for v in vs if k.lower() != "content-length"]
    start_response(_status(response.status), headers_out + [("Content-Length", str(len(out)))])
    return [out]


def _reply(start_response, status: int, body: dict) -> list[bytes]:  # noqa: ANN001
    raw = json.dumps(body).encode()
    start_response(_status(status), [("Content-Type", "application/json"), ("Content-Length", str(len(raw)))])
    return [raw]


def _status(code: int) -> str:
    from http import HTTPStatus

    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Unknown"
