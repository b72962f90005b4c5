"""The offline console: try teambot with no Slack workspace and no tokens.

It plays Slack's part for one person in a terminal: a small Web API stand-in on loopback answers the app's calls
and prints what Slack would show; each line you type becomes a signed slash command, DM or @mention dispatched to
the *same* Bolt app that `serve` runs. Buttons are numbered: type `!2` to press button 2. The clock runs too, so
reminders print when due. Works interactively and with a pipe (exits 0 at end of input).
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import sys
import threading
import time
import urllib.parse
from collections.abc import Sequence
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import BoltRequest, BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.config import Settings
from bot.core.i18n import t
from bot.core.people import valid_tz

TEAM_ID = "T0CONSOLE"
BOT_USER = "U0TEAMBOT"
BOT_TOKEN = "xoxb-console"
CHANNELS = {"general": "C0GENERAL", "random": "C0RANDOM", "leads": "C0LEADS", "ops": "C0OPS", "dev": "C0DEV",
            "secret": "G0SECRET"}  # a private channel (older private channels have G ids)
DATE_TOKEN = re.compile(r"<!date\^(\d+)\^([^|>]*)(?:\|([^>]*))?>")
LINK = re.compile(r"<(?!!date)([^<>|]+)(?:\|([^<>]*))?>")


def user_id_for(name: str) -> str:
    return "U" + re.sub(r"[^A-Z0-9]", "", name.upper())[:20] or "UANON"


class Directory:
    """The people of the console's pretend workspace: you, and everyone you @mention."""

    def __init__(self, me: str, tz: str, locale: str) -> None:
        self.me = me
        self.users: dict[str, dict[str, Any]] = {}
        self.add(me, tz=tz, locale=locale, is_admin=True)
        self.default_tz = tz

    def add(self, name: str, *, tz: str | None = None, locale: str = "en-US", is_admin: bool = False) -> str:
        uid = user_id_for(name)
        self.users.setdefault(uid, {"id": uid, "name": name, "team_id": TEAM_ID, "tz": tz or self.default_tz,
                                    "locale": locale, "is_admin": is_admin, "is_owner": is_admin, "is_bot": False,
                                    "profile": {"display_name": name, "real_name": name}})
        return uid

    def name(self, uid: str) -> str:
        if uid == BOT_USER:
            return "teambot"
        return self.users.get(uid, {}).get("name", uid)

    @property
    def my_id(self) -> str:
        return user_id_for(self.me)


class Screen:
    """Turns what the app sends to Slack into readable text for the terminal."""

    def __init__(self, directory: Directory, tz: str, out=sys.stdout) -> None:  # noqa: ANN001
        self.directory, self.tz, self.out = directory, ZoneInfo(tz), out
        self.lock = threading.Lock()
        self.buttons: dict[int, dict[str, Any]] = {}
        self._numbers = itertools.count(1)

    def show(self, where: str, message: dict[str, Any], origin: dict[str, Any]) -> None:
        lines = self.render(message, origin)
        with self.lock:
            print(f"\n[{where}]", file=self.out)
            for line in lines:
                print("  " + line, file=self.out)
            self.out.flush()

    def note(self, text: str) -> None:
        with self.lock:
            print(text, file=self.out, flush=True)

    def render(self, message: dict[str, Any], origin: dict[str, Any]) -> list[str]:
        blocks = message.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if not blocks:
            return self.mrkdwn(message.get("text") or "").splitlines() or [""]
        lines: list[str] = []
        for block in blocks:
            lines.extend(self.block(block, origin))
        return lines

    def block(self, block: dict[str, Any], origin: dict[str, Any]) -> list[str]:
        kind = block.get("type")
        if kind == "header":
            return ["== " + self.mrkdwn(block["text"]["text"]) + " =="]
        if kind == "divider":
            return ["-" * 40]
        if kind == "section":
            lines = self.mrkdwn((block.get("text") or {}).get("text", "")).splitlines()
            for field in block.get("fields") or []:
                lines.extend(self.mrkdwn(field.get("text", "")).splitlines())
            accessory = block.get("accessory")
            if accessory and accessory.get("type") == "button":
                lines.append(self.button(accessory, block, origin))
            return lines
        if kind == "context":
            return ["  " + " ".join(self.mrkdwn(e.get("text", e.get("alt_text", ""))) for e in block["elements"])]
        if kind == "actions":
            return [" ".join(self.button(e, block, origin) for e in block["elements"] if e.get("type") == "button")]
        if kind == "input":
            return [f"{self.mrkdwn(block['label']['text'])} [{block.get('block_id')}]: "
                    f"{self.current_value(block.get('element') or {}) or '______'}"]
        if kind == "image":
            return [f"[image: {block.get('alt_text', '')}]"]
        return []

    def current_value(self, element: dict[str, Any]) -> str:
        if element.get("initial_value"):
            return str(element["initial_value"]).replace("\n", " / ")
        if element.get("initial_user"):
            return "@" + self.directory.name(element["initial_user"])
        if element.get("initial_date_time"):
            return self.local_time(int(element["initial_date_time"]), "{time}")
        if element.get("initial_option"):
            return element["initial_option"]["text"]["text"]
        return ""

    def button(self, element: dict[str, Any], block: dict[str, Any], origin: dict[str, Any]) -> str:
        number = next(self._numbers)
        self.buttons[number] = {"element": element, "block_id": block.get("block_id", ""), "origin": origin}
        return f"[!{number} {element['text']['text']}]"

    def mrkdwn(self, text: str) -> str:
        text = DATE_TOKEN.sub(lambda m: self.local_time(int(m.group(1)), m.group(2)), text)

        def link(match: re.Match[str]) -> str:
            target, label = match.group(1), match.group(2)
            if target.startswith("@"):
                return "@" + (label or self.directory.name(target[1:]))
            if target.startswith("#"):
                cid = target[1:]
                return "#" + (label or next((n for n, c in CHANNELS.items() if c == cid), cid))
            if target.startswith("!"):
                return "@" + target[1:].split("^")[0]
            return f"{label} ({target})" if label else target

        text = LINK.sub(link, text)
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

    def local_time(self, epoch: int, fmt: str) -> str:
        local = datetime.fromtimestamp(epoch, self.tz)
        return local.strftime("%a %d %b %Y %H:%M" if "{time}" in fmt else "%a %d %b %Y")


class StandIn:
    """Slack's Web API and response_urls on loopback, for the console: answers like Slack and shows each message."""

    def __init__(self, directory: Directory, screen: Screen) -> None:
        self.directory, self.screen = directory, screen
        self._ts = itertools.count(1)
        self.open_view: dict[str, Any] | None = None
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                args: dict[str, Any] = {}
                if self.path.startswith("/upload/"):
                    pass  # file bytes, not parameters
                elif "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or b"{}")
                elif raw and b"=" in raw:
                    args = {k: v[-1] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
                path = urllib.parse.urlparse(self.path).path
                answer = stand_in.handle(path, args, raw)
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def handle(self, path: str, args: dict[str, Any], raw: bytes) -> dict[str, Any]:
        if path.startswith("/response/"):
            self.screen.show("only you", args, {"response_url": self.url + path})
            return {"ok": True}
        if path.startswith("/upload/"):
            self.screen.note(f"\n[file uploaded: {len(raw)} bytes]")
            return {"ok": True}
        method = path.removeprefix("/api/")
        if method == "auth.test":
            return {"ok": True, "team_id": TEAM_ID, "user_id": BOT_USER, "bot_id": "B0TEAMBOT", "team": "console"}
        if method == "users.info":
            user = self.directory.users.get(args.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "")).split(",")[0][1:]}}
        if method == "conversations.members":  # every channel holds everyone the console knows, and the bot
            return {"ok": True, "members": [*self.directory.users, BOT_USER], "response_metadata": {"next_cursor": ""}}
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            self.screen.show(self.where(method, args), args, {"channel": args.get("channel")})
            ts = args.get("ts") or self.ts()
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message_ts": ts}
        if method == "chat.getPermalink":
            return {"ok": True, "permalink": f"https://console.slack/archives/{args.get('channel')}/"
                                            f"p{str(args.get('message_ts', '')).replace('.', '')}"}
        if method in ("views.open", "views.push", "views.update", "views.publish"):
            view = args.get("view") or {}
            view = json.loads(view) if isinstance(view, str) else view
            title = (view.get("title") or {}).get("text", "")
            where = "App Home" if method == "views.publish" else f"modal: {title}"
            view = dict(view, id="V" + self.ts().replace(".", ""))
            self.screen.show(where, {"blocks": view.get("blocks", [])}, {"view": view})
            if method != "views.publish":
                self.open_view = view
                fields = "; ".join(f"{b['block_id']}=…" for b in view.get("blocks", []) if b.get("type") == "input")
                self.screen.note(f"  (fill it in: !submit {fields} — dates and times as you would type them, people "
                                 "as @name; fields you leave out keep their value; !close to dismiss)")
            return {"ok": True, "view": view}
        if method == "files.getUploadURLExternal":
            fid = "F" + self.ts().replace(".", "")
            return {"ok": True, "upload_url": f"{self.url}/upload/{fid}", "file_id": fid}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}
        return {"ok": True}

    def where(self, method: str, args: dict[str, Any]) -> str:
        channel = str(args.get("channel", ""))
        if method == "chat.postEphemeral":
            return "only you"
        if channel.startswith(("U", "W", "D")):
            uid = "U" + channel[1:] if channel.startswith("D") else channel
            return f"DM to @{self.directory.name(uid)}"
        name = next((n for n, c in CHANNELS.items() if c == channel), channel)
        return f"#{name}" + (" thread" if args.get("thread_ts") else "")

    def close(self) -> None:
        self.server.shutdown()


class Console:
    def __init__(self, settings: Settings, *, user: str, tz: str, locale: str, out=sys.stdout) -> None:  # noqa: ANN001
        from bot.runtime import Services

        self.directory = Directory(user, tz, "zh-CN" if locale.startswith("zh") else "en-US")
        self.screen = Screen(self.directory, tz, out)
        self.stand_in = StandIn(self.directory, self.screen)
        self.secret = secrets.token_hex(16)
        self.settings = Settings(
            bot_token=BOT_TOKEN, signing_secret=self.secret, app_token=None, api_url=self.stand_in.url + "/api/",
            database_url=settings.database_url, default_timezone=settings.default_timezone, port=0,
            log_level=settings.log_level, reminder_grace_minutes=settings.reminder_grace_minutes,
        )
        self.services = Services.start(self.settings, clock=True, pool_size=4)
        self.verifier = SignatureVerifier(self.secret)
        self.me = self.directory.my_id
        self.locale = self.directory.users[self.me]["locale"]

    # ---- what you type ------------------------------------------------------------------------------------------
    def handle_line(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        if re.fullmatch(r"!\d+", line):
            return self.press(int(line[1:]))
        if line.startswith("!submit"):
            return self.submit(line[len("!submit"):])
        if line == "!close":
            self.stand_in.open_view = None
            return None
        if line.startswith("/"):
            command, _, text = line.partition(" ")
            return self.command(command, self.slack_escape(text.strip(), labelled=True))
        if re.match(r"@teambot\b", line, re.I):
            return self.mention(self.slack_escape(re.sub(r"^@teambot\b", f"<@{BOT_USER}>", line, flags=re.I)))
        return self.direct_message(self.slack_escape(line))

    def slack_escape(self, text: str, *, labelled: bool = False) -> str:
        """What Slack does to typed text: &, <, > escaped; @names and #channels become mention tokens."""
        if not text.startswith(f"<@{BOT_USER}>"):
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

        def person(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.lower() in ("channel", "here", "everyone"):
                return f"<!{name.lower()}>"
            uid = self.directory.add(name)
            return f"<@{uid}|{name}>" if labelled else f"<@{uid}>"

        def channel(match: re.Match[str]) -> str:
            name = match.group(1)
            cid = CHANNELS.get(name.lower())
            return (f"<#{cid}|{name}>" if labelled else f"<#{cid}>") if cid else match.group(0)

        text = re.sub(r"(?<![\w<&])@([A-Za-z][A-Za-z0-9._-]{0,39})", person, text)
        return re.sub(r"(?<![\w<&])#([a-z][a-z0-9_-]{0,79})", channel, text)

    # ---- what Slack would send the app --------------------------------------------------------------------------
    def command(self, command: str, text: str) -> None:
        form = {
            "token": "console", "team_id": TEAM_ID, "team_domain": "console", "channel_id": CHANNELS["general"],
            "channel_name": "general", "user_id": self.me, "user_name": self.directory.me, "command": command,
            "text": text, "api_app_id": "A0CONSOLE", "is_enterprise_install": "false",
            "response_url": f"{self.stand_in.url}/response/{secrets.token_hex(4)}",
            "trigger_id": f"{int(time.time())}.console.{secrets.token_hex(4)}",
        }
        self.dispatch(urllib.parse.urlencode(form), "application/x-www-form-urlencoded", reply_to="only you")

    def direct_message(self, text: str) -> None:
        self.event({"type": "message", "channel_type": "im", "channel": "D" + self.me[1:], "user": self.me,
                    "text": text})

    def mention(self, text: str) -> None:
        self.event({"type": "app_mention", "channel": CHANNELS["general"], "user": self.me, "text": text})

    def event(self, event: dict[str, Any]) -> None:
        ts = f"{time.time():.6f}"
        event.update(ts=ts, event_ts=ts, team=TEAM_ID)
        envelope = {"token": "console", "team_id": TEAM_ID, "api_app_id": "A0CONSOLE", "type": "event_callback",
                    "event": event, "event_id": "Ev" + secrets.token_hex(6).upper(), "event_time": int(time.time()),
                    "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER, "is_bot": True}]}
        self.dispatch(json.dumps(envelope), "application/json")

    def press(self, number: int) -> None:
        button = self.screen.buttons.get(number)
        if button is None:
            return self.screen.note(f"(there is no button !{number})")
        origin = button["origin"]
        element = button["element"]
        payload = {
            "type": "block_actions", "team": {"id": TEAM_ID, "domain": "console"},
            "user": {"id": self.me, "username": self.directory.me, "team_id": TEAM_ID}, "api_app_id": "A0CONSOLE",
            "trigger_id": f"{int(time.time())}.console.{secrets.token_hex(4)}",
            "channel": {"id": origin.get("channel") or CHANNELS["general"]},
            "container": {"type": "message", "channel_id": origin.get("channel") or CHANNELS["general"],
                          "is_ephemeral": "response_url" in origin},
            "response_url": origin.get("response_url") or f"{self.stand_in.url}/response/{secrets.token_hex(4)}",
            "actions": [{"type": "button", "action_id": element["action_id"], "block_id": button["block_id"],
                         "value": element.get("value", ""), "action_ts": f"{time.time():.6f}"}],
        }
        if "view" in origin:
            payload["container"] = {"type": "view", "view_id": origin["view"].get("id", "")}
            payload["view"] = origin["view"]
        self.dispatch(urllib.parse.urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def submit(self, fields: str) -> None:
        """Submit the open modal: `title=…; owner=@name; due=tomorrow 5pm` (others keep their value)."""
        view = self.stand_in.open_view
        if view is None:
            return self.screen.note("(no modal is open)")
        given = {}
        for part in fields.split(";"):
            key, sep, value = part.partition("=")
            if sep:
                given[key.strip().lower()] = value.strip()
        state: dict[str, Any] = {}
        for block in view.get("blocks", []):
            if block.get("type") != "input":
                continue
            element = block["element"]
            state[block["block_id"]] = {element["action_id"]: self.element_state(element, given.get(block["block_id"]))}
        payload = {
            "type": "view_submission", "team": {"id": TEAM_ID, "domain": "console"},
            "user": {"id": self.me, "username": self.directory.me, "team_id": TEAM_ID}, "api_app_id": "A0CONSOLE",
            "trigger_id": f"{int(time.time())}.console.{secrets.token_hex(4)}",
            "view": {"id": view.get("id"), "type": "modal", "callback_id": view.get("callback_id"),
                     "private_metadata": view.get("private_metadata", ""), "state": {"values": state}},
        }
        self.stand_in.open_view = None
        response = self.dispatch_raw(urllib.parse.urlencode({"payload": json.dumps(payload)}),
                                     "application/x-www-form-urlencoded")
        if response.body:
            answer = json.loads(response.body)
            if answer.get("response_action") == "errors":
                self.stand_in.open_view = view
                for field, error in answer.get("errors", {}).items():
                    self.screen.note(f"  ! {field}: {self.screen.mrkdwn(error)}")
        self.services.sender.wait_idle(10)

    def element_state(self, element: dict[str, Any], given: str | None) -> dict[str, Any]:
        kind = element.get("type")
        if kind == "users_select":
            user = element.get("initial_user")
            if given:
                user = self.directory.add(given.lstrip("@"))
            return {"type": kind, "selected_user": user}
        if kind == "datetimepicker":
            epoch = element.get("initial_date_time")
            if given is not None:
                from bot.text.deadlines import parse_deadline

                deadline = parse_deadline(given, now=datetime.now(self.screen.tz), tz=str(self.screen.tz))
                epoch = int(deadline.due.timestamp()) if deadline else None
            return {"type": kind, "selected_date_time": epoch}
        if kind == "static_select":
            option = element.get("initial_option")
            if given:
                option = next((o for o in element.get("options", []) if given.lower() in
                               (o["value"].lower(), o["text"]["text"].lower())), option)
            return {"type": kind, "selected_option": option}
        return {"type": kind, "value": given if given is not None else element.get("initial_value")}

    def dispatch_raw(self, body: str, content_type: str) -> BoltResponse:
        timestamp = str(int(time.time()))
        headers: dict[str, str | Sequence[str]] = {
            "content-type": content_type, "x-slack-request-timestamp": timestamp,
            "x-slack-signature": self.verifier.generate_signature(timestamp=timestamp, body=body) or ""}
        assert self.services.app is not None
        return self.services.app.dispatch(BoltRequest(body=body, headers=headers))

    def dispatch(self, body: str, content_type: str, reply_to: str | None = None) -> None:
        response = self.dispatch_raw(body, content_type)
        if reply_to and response.body:
            try:
                message = json.loads(response.body)
            except ValueError:
                message = {"text": response.body}
            self.screen.show(reply_to, message, {"response_url": f"{self.stand_in.url}/response/ack"})
        self.services.sender.wait_idle(10)

    def close(self) -> None:
        self.services.sender.wait_idle(10)
        self.services.stop()
        self.stand_in.close()


def run_console(settings: Settings, *, user: str, tz: str | None, locale: str) -> int:
    import os

    zone = valid_tz(tz or os.environ.get("TZ"), settings.default_timezone)
    name = re.sub(r"[^A-Za-z0-9._-]", "", user) or "me"
    console = Console(settings, user=name, tz=zone, locale=locale)
    interactive = sys.stdin.isatty()
    console.screen.note(t("console.welcome", console.locale, user=name, tz=zone))
    try:
        while True:
            if interactive:
                try:
                    line = input("> ")
                except EOFError:
                    break
            else:
                line = sys.stdin.readline()
                if not line:
                    break
                console.screen.note(f"> {line.rstrip()}")
            if line.strip() in ("quit", "exit", ":q"):
                break
            console.handle_line(line)
    except KeyboardInterrupt:
        pass
    finally:
        console.close()
    return 0
