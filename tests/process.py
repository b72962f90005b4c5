"""Starting teambot as its users do (`python -m bot …`) in a subprocess, for end-to-end tests."""

from __future__ import annotations

import hashlib
import hmac
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# `python -m bot …` with its clock shifted by TEAMBOT_TEST_CLOCK_OFFSET seconds. Every Runtime reads the time from
# `bot.runtime.system_clock` unless handed another clock; this hands it that same real clock plus a constant, so
# it still ticks in real time, only set to a moment a test picks (just before a minute boundary, say) instead of
# the test waiting for the wall clock to get there.
SHIFTED_CLOCK = """
import os, runpy
from datetime import timedelta

from bot import runtime

offset = timedelta(seconds=float(os.environ["TEAMBOT_TEST_CLOCK_OFFSET"]))
real_clock, post_init = runtime.system_clock, runtime.Runtime.__post_init__


def shifted_clock():
    return real_clock() + offset


def __post_init__(self):
    if self.clock is real_clock:
        self.clock = shifted_clock
    post_init(self)


runtime.Runtime.__post_init__ = __post_init__
runpy.run_module("bot", run_name="__main__", alter_sys=True)
"""


def bot_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(PYTHONUNBUFFERED="1", LOG_LEVEL="INFO", CLOCK_TICK_SECONDS="1")
    env.update(overrides)
    return env


class BotProcess:
    """`python -m bot serve` on a free port, stopped with SIGTERM like Heroku does."""

    def __init__(self, env: dict[str, str], args: tuple[str, ...] = ("serve",), log_path: Path | None = None,
                 clock_offset: float | None = None):
        """`clock_offset`: run with the clock that many seconds ahead of the wall clock (see SHIFTED_CLOCK)."""
        self.port = free_port()
        self.env = dict(env, PORT=str(self.port))
        self.log_path = log_path or Path(f"/tmp/teambot-test-{self.port}.log")
        self.args = args
        self.launcher = ["-m", "bot"]
        if clock_offset is not None:
            self.env["TEAMBOT_TEST_CLOCK_OFFSET"] = repr(clock_offset)
            self.launcher = ["-c", SHIFTED_CLOCK]
        self.proc: subprocess.Popen | None = None

    def start(self, wait: float = 30, *, listens: bool = True) -> BotProcess:
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, *self.launcher, *self.args], cwd=ROOT, env=self.env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        if not listens:
            return self
        deadline = time.time() + wait
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"teambot exited with {self.proc.returncode}: {self.output()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("teambot did not listen in time: " + self.output()[-2000:])

    def stop(self, timeout: float = 20) -> int:
        assert self.proc is not None
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.log.close()
        return code

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def post(self, body: bytes, content_type: str, secret: str | None, ts: int | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, str]:
        ts = int(time.time()) if ts is None else ts
        h = {"Content-Type": content_type, "X-Slack-Request-Timestamp": str(ts)}
        if secret is not None:
            base = b"v0:" + str(ts).encode() + b":" + body
            h["X-Slack-Signature"] = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
        h.update(headers or {})
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/slack/events", data=body, headers=h)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def get(self, path: str) -> int:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code


def run_cli(args: list[str], env: dict[str, str], stdin: str | None = None, timeout: float = 60):
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=timeout)
