"""The project's stand-in for Slack's Web API: a small HTTP server on loopback that records every call.

It answers like Slack (auth.test, users.info with zones and locales, chat.*, views.*, files.*), serves
response_urls and file uploads, and can be told to fail a method with 429 (Retry-After) or 5xx a number of times.
Tests point the app's WebClient at it through `base_url` and assert on what Slack would have received.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BOT_TOKEN = "xoxb-test-token"
TEAM = "T0TEAM"
BOT_USER = "U0BOT"

PEOPLE: dict[str, dict[str, Any]] = {
    "U0ALICE": {"name": "alice", "tz": "Asia/Shanghai", "locale": "zh-CN", "is_admin": True},
    "U0BOB": {"name": "bob", "tz": "America/New_York", "locale": "en-US", "is_admin": False},
    "U0CAROL": {"name": "carol", "tz": "Europe/Berlin", "locale": "en-GB", "is_admin": False},
    "U0DAVE": {"name": "dave", "tz": "Asia/Shanghai", "locale": "zh-CN", "is_admin": False},
    "U0ERIN": {"name": "erin", "tz": "America/Los_Angeles", "locale": "en-US", "is_admin": False},
}


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str
    at: float = field(default_factory=time.time)

    def text(self) -> str:
        """Everything a person could read in this call (text and blocks), as one string."""
        return json.dumps({k: v for k, v in self.args.items() if k in ("text", "blocks", "view")},
                          ensure_ascii=False)


class SlackStub:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.faults: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.people = {uid: dict(p) for uid, p in PEOPLE.items()}
        self.tokens = {BOT_TOKEN: TEAM}  # token -> workspace; oauth.v2.access issues one per installed workspace
        self.channel_members: dict[str, list[str]] = {}  # per channel; default: everyone, the bot and Slackbot
        self.lock = threading.Lock()
        self._seq = itertools.count(1)
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                parsed = urllib.parse.urlparse(self.path)
                args: dict[str, Any] = {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query).items()}
                ctype = self.headers.get("Content-Type") or ""
                if parsed.path.startswith("/upload/"):
                    pass  # file bytes, not parameters
                elif raw and "json" in ctype:
                    args.update(json.loads(raw))
                elif raw and "form" in ctype:
                    args.update({k: v[-1] for k, v in urllib.parse.parse_qs(raw.decode()).items()})
                auth = self.headers.get("Authorization") or ""
                token = auth.removeprefix("Bearer ") or args.get("token", "")
                status, body, headers = stub.answer(parsed.path, args, token, raw)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.api_url = self.url + "/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    # ---- control --------------------------------------------------------------------------------------------------
    def reset(self) -> None:
        with self.lock:
            self.calls.clear()
            self.faults.clear()
            self.people = {uid: dict(p) for uid, p in PEOPLE.items()}
            self.tokens = {BOT_TOKEN: TEAM}
            self.channel_members = {}

    def fail(self, method: str, status: int = 429, count: int = 1, retry_after: int = 1) -> None:
        """The next `count` calls of `method` answer `status` (429 carries Retry-After)."""
        headers = {"Retry-After": str(retry_after)} if status == 429 else {}
        with self.lock:
            self.faults.setdefault(method, []).extend([(status, headers)] * count)

    def error(self, method: str, error: str, count: int = 1) -> None:
        """The next `count` calls of `method` answer 200 with ok=false and `error` (e.g. channel_not_found)."""
        with self.lock:
            self.faults.setdefault(method, []).extend([(200, {"X-Stub-Error": error})] * count)

    def close(self) -> None:
        self.server.shutdown()

    # ---- reading --------------------------------------------------------------------------------------------------
    def sent(self, method: str | None = None) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if method is None or c.method == method]

    def messages(self) -> list[Call]:
        """Messages people would see: posts, ephemerals, updates and response_url replies."""
        return [c for c in self.sent() if c.method in ("chat.postMessage", "chat.postEphemeral", "chat.update",
                                                        "response_url")]

    # ---- answering ------------------------------------------------------------------------------------------------
    def answer(self, path: str, args: dict[str, Any], token: str, raw: bytes) -> tuple[int, dict, dict]:
        if path.startswith("/response/"):
            self._record("response_url", args, token)
            return 200, {"ok": True}, {}
        if path.startswith("/upload/"):
            self._record("upload", {"bytes": len(raw), "png": raw.startswith(b"\x89PNG"), "raw": raw}, token)
            return 200, {"ok": True}, {}
        method = path.removeprefix("/api/")
        self._record(method, args, token)
        with self.lock:
            queue = self.faults.get(method)
            fault = queue.pop(0) if queue else None
        if fault:
            status, headers = fault
            if "X-Stub-Error" in headers:
                return 200, {"ok": False, "error": headers["X-Stub-Error"]}, {}
            return status, {"ok": False, "error": "ratelimited" if status == 429 else "internal_error"}, headers
        if method == "oauth.v2.access":  # authenticated by client id and secret, not a token
            return 200, self._install(args), {}
        if token not in self.tokens:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        return 200, self._ok(method, args, self.tokens[token]), {}

    def _install(self, args: dict[str, Any]) -> dict[str, Any]:
        """`code` names the workspace being installed: code "acme" installs T0ACME with token xoxb-T0ACME."""
        team = "T0" + "".join(ch for ch in str(args.get("code", "")).upper() if ch.isalnum())[:10]
        token = f"xoxb-{team}"
        with self.lock:
            self.tokens[token] = team
        return {"ok": True, "app_id": "A0APP", "authed_user": {"id": "U0ALICE"}, "scope": "commands,chat:write",
                "token_type": "bot", "access_token": token, "bot_user_id": "U0BOT",
                "team": {"id": team, "name": f"Team {team}"}, "enterprise": None, "is_enterprise_install": False}

    def _record(self, method: str, args: dict[str, Any], token: str) -> None:
        with self.lock:
            self.calls.append(Call(method, args, token))

    def _ts(self) -> str:
        return f"{int(time.time())}.{next(self._seq):06d}"

    def _ok(self, method: str, args: dict[str, Any], team: str = TEAM) -> dict[str, Any]:
        channel = args.get("channel")
        if method == "auth.test":
            return {"ok": True, "team_id": team, "user_id": BOT_USER, "bot_id": "B0BOT", "team": "Test"}
        if method == "users.info":
            person = self.people.get(args.get("user", ""))
            if person is None:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": {"id": args["user"], "team_id": TEAM, "name": person["name"],
                                         "tz": person["tz"], "locale": person["locale"],
                                         "is_admin": person["is_admin"], "is_owner": False, "is_bot": False,
                                         "profile": {"display_name": person["name"]}}}
        if method == "conversations.members":
            members = self.channel_members.get(channel or "", [*self.people, BOT_USER, "USLACKBOT"])
            return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "")).split(",")[0][1:]}}
        if method in ("chat.postMessage", "chat.update"):
            ts = args.get("ts") or self._ts()
            return {"ok": True, "channel": channel, "ts": ts, "message": {"text": args.get("text"), "ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._ts()}
        if method == "chat.getPermalink":
            return {"ok": True, "permalink": f"https://test.slack.com/archives/{channel}/p"
                                            f"{str(args.get('message_ts', '')).replace('.', '')}"}
        if method in ("views.open", "views.update", "views.push", "views.publish"):
            view = args.get("view") or {}
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": dict(view, id="V" + self._ts().replace(".", ""))}
        if method == "files.getUploadURLExternal":
            fid = "F" + self._ts().replace(".", "")
            return {"ok": True, "upload_url": f"{self.url}/upload/{fid}", "file_id": fid}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}
        return {"ok": True}
