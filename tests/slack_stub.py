"""The project's stand-in for Slack's Web API: a small HTTP server on loopback that records every call.

It answers like Slack (auth.test, users.info with zones and locales, chat.*, views.*, files.*), serves
response_urls and file uploads, and refuses what Slack refuses: blocks past Block Kit's documented limits
(`invalid_blocks`; a view: `invalid_arguments`; a response_url: HTTP 400), message text over 40,000 characters
(`msg_too_long`), a message with neither text nor blocks (`no_text`). A bot that only passed a lenient stand-in
would lose messages in production, so `reply_problems` checks the HTTP ack bodies the same way.

On demand it fails a method with 429 (Retry-After) or 5xx a number of times (`fail`), answers ok=false (`error`),
answers every call after a delay like Slack's round trip (`latency`), and enforces Slack's per-channel and
per-minute rates per workspace with 429s (`ratelimit`). Tests point the app's WebClient at it through `base_url`
and assert on what Slack would have received.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
import time
import urllib.parse
from collections import deque
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


# ---- what Slack refuses (Block Kit reference, docs.slack.dev) -----------------------------------------------------
MESSAGE_TEXT = 40_000
MAX_BLOCKS = {"message": 50, "modal": 100, "home": 100}
TEXT_TYPES = ("plain_text", "mrkdwn")
ID_CHARS = 255  # action_id, block_id, callback_id, external_id
SELECT_OPTIONS = {"static_select": 100, "multi_static_select": 100, "overflow": 5, "radio_buttons": 10,
                  "checkboxes": 10}
PICKERS = ("users_select", "multi_users_select", "conversations_select", "multi_conversations_select",
           "channels_select", "multi_channels_select", "datepicker", "timepicker", "datetimepicker")


def _json(text: str) -> Any:
    """A form-encoded call carries blocks and views as JSON strings; one that is not JSON is refused."""
    try:
        return json.loads(text)
    except ValueError:
        return None


def _over(value: Any, limit: int) -> bool:
    return isinstance(value, str) and len(value) > limit


def _text(obj: Any, where: str, limit: int, problems: list[str], *, plain_only: bool = False) -> None:
    """A text object: the right type, not empty, at most `limit` characters."""
    if not isinstance(obj, dict) or obj.get("type") not in TEXT_TYPES:
        problems.append(f"{where}: not a text object")
        return
    if plain_only and obj["type"] != "plain_text":
        problems.append(f"{where}: must be plain_text")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        problems.append(f"{where}: empty text")
    elif len(text) > limit:
        problems.append(f"{where}: {len(text)} characters > {limit}")


def _element(element: Any, where: str, problems: list[str]) -> None:
    if not isinstance(element, dict):
        problems.append(f"{where}: not an element")
        return
    kind = element.get("type")
    if _over(element.get("action_id"), ID_CHARS):
        problems.append(f"{where}: action_id > {ID_CHARS}")
    if "placeholder" in element:
        _text(element["placeholder"], f"{where}.placeholder", 150, problems, plain_only=True)
    if kind == "button":
        _text(element.get("text"), f"{where}.text", 75, problems, plain_only=True)
        if _over(element.get("value"), 2000):
            problems.append(f"{where}: value > 2000")
        if _over(element.get("url"), 3000):
            problems.append(f"{where}: url > 3000")
        if element.get("style") not in (None, "primary", "danger"):
            problems.append(f"{where}: style {element.get('style')!r}")
    elif kind in SELECT_OPTIONS:
        options = element.get("options") or []
        if not 1 <= len(options) <= SELECT_OPTIONS[kind]:
            problems.append(f"{where}: {len(options)} options (1–{SELECT_OPTIONS[kind]})")
        for i, option in enumerate(options):
            _text(option.get("text"), f"{where}.options[{i}]", 75, problems,
                  plain_only=kind not in ("radio_buttons", "checkboxes"))
            if not isinstance(option.get("value"), str) or _over(option.get("value"), 150):
                problems.append(f"{where}.options[{i}]: value missing or > 150")
        if "initial_option" in element and element["initial_option"] not in options:
            problems.append(f"{where}: initial_option is not one of the options")
    elif kind == "plain_text_input":
        most = element.get("max_length") or 3000
        if most > 3000:
            problems.append(f"{where}: max_length {most} > 3000")
        if _over(element.get("initial_value"), most):
            problems.append(f"{where}: initial_value > max_length {most}")
    elif kind == "image":
        if _over(element.get("alt_text"), 2000) or not element.get("alt_text"):
            problems.append(f"{where}: alt_text missing or > 2000")
    elif kind not in PICKERS:
        problems.append(f"{where}: unknown element {kind!r}")


def _block(block: Any, where: str, surface: str, problems: list[str]) -> None:
    if not isinstance(block, dict):
        problems.append(f"{where}: not a block")
        return
    kind = block.get("type")
    if _over(block.get("block_id"), ID_CHARS):
        problems.append(f"{where}: block_id > {ID_CHARS}")
    if kind == "section":
        if "text" not in block and not block.get("fields"):
            problems.append(f"{where}: a section needs text or fields")
        if "text" in block:
            _text(block["text"], f"{where}.text", 3000, problems)
        fields = block.get("fields") or []
        if len(fields) > 10:
            problems.append(f"{where}: {len(fields)} fields > 10")
        for i, text in enumerate(fields):
            _text(text, f"{where}.fields[{i}]", 2000, problems)
        if "accessory" in block:
            _element(block["accessory"], f"{where}.accessory", problems)
    elif kind == "header":
        _text(block.get("text"), f"{where}.text", 150, problems, plain_only=True)
    elif kind == "context":
        elements = block.get("elements") or []
        if not 1 <= len(elements) <= 10:
            problems.append(f"{where}: {len(elements)} elements (1–10)")
        for i, element in enumerate(elements):
            if isinstance(element, dict) and element.get("type") == "image":
                _element(element, f"{where}.elements[{i}]", problems)
            else:
                _text(element, f"{where}.elements[{i}]", 3000, problems)
    elif kind == "actions":
        elements = block.get("elements") or []
        if not 1 <= len(elements) <= 25:
            problems.append(f"{where}: {len(elements)} elements (1–25)")
        for i, element in enumerate(elements):
            _element(element, f"{where}.elements[{i}]", problems)
    elif kind == "input":
        if surface == "message":
            problems.append(f"{where}: input blocks belong in modals")
        _text(block.get("label"), f"{where}.label", 2000, problems, plain_only=True)
        if "hint" in block:
            _text(block["hint"], f"{where}.hint", 2000, problems, plain_only=True)
        _element(block.get("element"), f"{where}.element", problems)
    elif kind == "image":
        _element(block, where, problems)
    elif kind != "divider":
        problems.append(f"{where}: unknown block {kind!r}")


def block_problems(blocks: Any, surface: str = "message") -> list[str]:
    """Everything Slack would refuse in `blocks` shown on `surface` (message, modal or home)."""
    if isinstance(blocks, str):
        blocks = _json(blocks)
    if not isinstance(blocks, list):
        return ["blocks: not a list"]
    problems = [f"blocks: {len(blocks)} > {MAX_BLOCKS[surface]}"] if len(blocks) > MAX_BLOCKS[surface] else []
    for i, block in enumerate(blocks):
        _block(block, f"blocks[{i}]", surface, problems)
    return problems


def view_problems(view: Any) -> list[str]:
    if isinstance(view, str):
        view = _json(view)
    if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
        return ["view: not a modal or home"]
    problems = []
    for key in ("title", "submit", "close"):
        if key in view or (key == "title" and view["type"] == "modal"):
            _text(view.get(key), f"view.{key}", 24, problems, plain_only=True)
    for key, limit in (("private_metadata", 3000), ("callback_id", ID_CHARS), ("external_id", ID_CHARS)):
        if _over(view.get(key), limit):
            problems.append(f"view.{key} > {limit}")
    return problems + block_problems(view.get("blocks", []), view["type"])


def message_refusal(args: dict[str, Any]) -> tuple[str, list[str]] | None:
    """Slack's error for a message (chat.*, a response_url post, an ack body), with the reasons, or None."""
    text, blocks = args.get("text"), args.get("blocks")
    if isinstance(text, str) and len(text) > MESSAGE_TEXT:
        return "msg_too_long", [f"text: {len(text)} characters > {MESSAGE_TEXT}"]
    if blocks not in (None, "", []):
        problems = block_problems(blocks)
        if problems:
            return "invalid_blocks", problems
    elif not text and "delete_original" not in args:
        return "no_text", ["neither text nor blocks"]
    return None


def refusal(method: str, args: dict[str, Any]) -> tuple[str, list[str]] | None:
    """What Slack would answer a Web API call past its limits: (error, reasons), or None when it is fine."""
    if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
        return message_refusal(args)
    if method.startswith("views."):
        problems = view_problems(args.get("view"))
        return ("invalid_arguments", problems) if problems else None
    return None


def reply_problems(body: str | dict[str, Any]) -> list[str]:
    """What Slack would refuse in an HTTP ack: a slash command's or a click's reply is a message; a modal
    submission's answer may carry a view (`update`, `push`). Empty when Slack would take it."""
    if isinstance(body, str):
        if not body.strip():
            return []
        try:
            body = json.loads(body)
        except ValueError:
            return []
    if not isinstance(body, dict) or not body:
        return []
    if "response_action" in body:
        return view_problems(body["view"]) if "view" in body else []
    refused = message_refusal(body)
    return refused[1] if refused and refused[0] != "no_text" else []  # an ack need not say anything


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str
    at: float = field(default_factory=time.time)
    refused: str | None = None  # the error Slack answered because the payload broke its limits

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
        self.delay = 0.0  # seconds before every Web API answer
        self.rates: dict[str, tuple[int | None, int | None]] = {}  # method -> (per channel per second, per minute)
        self.recent: dict[tuple[str, ...], deque[float]] = {}  # accepted calls, for the rates
        self.refusals_expected = False  # a test that sends what Slack refuses on purpose says so
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
            self.delay = 0.0
            self.rates.clear()
            self.recent.clear()
            self.refusals_expected = False

    def fail(self, method: str, status: int = 429, count: int = 1, retry_after: int = 1) -> None:
        """The next `count` calls of `method` answer `status` (429 carries Retry-After)."""
        headers = {"Retry-After": str(retry_after)} if status == 429 else {}
        with self.lock:
            self.faults.setdefault(method, []).extend([(status, headers)] * count)

    def error(self, method: str, error: str, count: int = 1) -> None:
        """The next `count` calls of `method` answer 200 with ok=false and `error` (e.g. channel_not_found)."""
        with self.lock:
            self.faults.setdefault(method, []).extend([(200, {"X-Stub-Error": error})] * count)

    def latency(self, seconds: float) -> None:
        """Every Web API answer from now on waits `seconds`, like Slack's round trip."""
        self.delay = seconds

    def ratelimit(self, method: str, *, per_channel_per_s: int | None = None, per_minute: int | None = None) -> None:
        """Enforce Slack's rates for `method`, per workspace (told apart by its token): past them, 429 with the
        Retry-After that Slack would give (1 s for a channel, until the minute's oldest call ages out)."""
        with self.lock:
            self.rates[method] = (per_channel_per_s, per_minute)

    def close(self) -> None:
        self.server.shutdown()

    # ---- reading --------------------------------------------------------------------------------------------------
    def sent(self, method: str | None = None) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if method is None or c.method == method]

    def refused(self) -> list[Call]:
        """Calls Slack would have refused for their shape: none, unless a test `expect_refusals()`."""
        return [c for c in self.sent() if c.refused]

    def expect_refusals(self) -> None:
        """This test sends what Slack refuses on purpose (a check after each test may skip it)."""
        self.refusals_expected = True

    def messages(self) -> list[Call]:
        """Messages people would see: posts, ephemerals, updates and response_url replies."""
        return [c for c in self.sent() if c.method in ("chat.postMessage", "chat.postEphemeral", "chat.update",
                                                        "response_url")]

    # ---- answering ------------------------------------------------------------------------------------------------
    def answer(self, path: str, args: dict[str, Any], token: str, raw: bytes) -> tuple[int, dict, dict]:
        if path.startswith("/response/"):
            refused = message_refusal(args)
            self._record("response_url", args, token, refused)
            if refused:  # Slack answers a response_url post past its limits with HTTP 400
                return 400, {"ok": False, "error": refused[0]}, {}
            return 200, {"ok": True}, {}
        if path.startswith("/upload/"):
            self._record("upload", {"bytes": len(raw), "png": raw.startswith(b"\x89PNG"), "raw": raw}, token)
            return 200, {"ok": True}, {}
        method = path.removeprefix("/api/")
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            queue = self.faults.get(method)
            fault = queue.pop(0) if queue else None
        if fault is None:
            wait = self._over_rate(method, args, token)
            if wait:
                fault = (429, {"Retry-After": str(wait)})
        refused = None if fault else refusal(method, args)
        self._record(method, args, token, refused)
        if fault:
            status, headers = fault
            if "X-Stub-Error" in headers:
                return 200, {"ok": False, "error": headers["X-Stub-Error"]}, {}
            return status, {"ok": False, "error": "ratelimited" if status == 429 else "internal_error"}, headers
        if refused:
            return 200, {"ok": False, "error": refused[0], "response_metadata": {"messages": refused[1][:5]}}, {}
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

    def _record(self, method: str, args: dict[str, Any], token: str,
                refused: tuple[str, list[str]] | None = None) -> None:
        with self.lock:
            self.calls.append(Call(method, args, token, refused=refused[0] if refused else None))

    def _over_rate(self, method: str, args: dict[str, Any], token: str) -> int:
        """Seconds to wait when this call breaks the rates set for `method` (0: accepted, and counted)."""
        with self.lock:
            per_channel, per_minute = self.rates.get(method, (None, None))
            if per_channel is None and per_minute is None:
                return 0
            now = time.monotonic()
            channel_calls = self.recent.setdefault((method, token, str(args.get("channel", ""))), deque())
            minute_calls = self.recent.setdefault((method, token), deque())
            while channel_calls and channel_calls[0] <= now - 1:
                channel_calls.popleft()
            while minute_calls and minute_calls[0] <= now - 60:
                minute_calls.popleft()
            if per_channel is not None and len(channel_calls) >= per_channel:
                return 1
            if per_minute is not None and len(minute_calls) >= per_minute:
                return max(1, math.ceil(60 - (now - minute_calls[0])))
            channel_calls.append(now)
            minute_calls.append(now)
            return 0

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
