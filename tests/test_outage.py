"""The database goes away and comes back: /healthz says 503, commands get a short "nothing was saved" reply, and
the process recovers by itself. PostgreSQL only: the bot reaches it through a TCP proxy this test cuts."""

import socket
import threading
import time
import urllib.parse

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import SECRET, pg_base_url
from tests.process import BotProcess, bot_env, free_port
from tests.slack_stub import BOT_TOKEN, TEAM

pytestmark = pytest.mark.skipif(pg_base_url() is None, reason="needs DATABASE_URL pointing at PostgreSQL")


class Proxy:
    """Forwards 127.0.0.1:port to the database; `cut()` drops every connection and refuses new ones."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target, self.port = target, free_port()
        self.up = threading.Event()
        self.connections: list[socket.socket] = []
        self.server = socket.create_server(("127.0.0.1", self.port))
        self.server.settimeout(0.2)
        threading.Thread(target=self._accept, daemon=True).start()
        self.up.set()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self.up.is_set():
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.close()
                except OSError:
                    pass

    def cut(self) -> None:
        self.up.clear()
        for s in self.connections:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self.connections.clear()

    def restore(self) -> None:
        self.up.set()


def command(bot: BotProcess, text: str) -> tuple[int, str]:
    body = urllib.parse.urlencode({"team_id": TEAM, "channel_id": "C0GENERAL", "user_id": "U0BOB",
                                   "command": "/task", "text": text, "response_url": "http://127.0.0.1:9/r",
                                   "trigger_id": "1.2.3"}).encode()
    return bot.post(body, "application/x-www-form-urlencoded", secret=SECRET)


def test_database_outage_and_recovery(stub, database_url, tmp_path):
    url = make_url(database_url)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    via_proxy = database_url.replace(f"{url.host}:{url.port or 5432}", f"127.0.0.1:{proxy.port}")
    env = bot_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=stub.api_url,
                  DATABASE_URL=via_proxy)
    bot = BotProcess(env, args=("serve",), log_path=tmp_path / "outage.log").start()
    try:
        assert command(bot, "Before the outage")[0] == 200
        proxy.cut()
        assert bot.get("/healthz") == 503
        status, reply = command(bot, "During the outage")
        assert status == 200 and "nothing was saved" in reply
        proxy.restore()
        deadline = time.time() + 20
        while time.time() < deadline and bot.get("/healthz") != 200:
            time.sleep(0.5)
        assert bot.get("/healthz") == 200
        status, reply = command(bot, "After the outage")
        assert status == 200 and "Task created" in reply
        status, reply = command(bot, "list all")
        assert "Before the outage" in reply and "After the outage" in reply and "During the outage" not in reply
        assert bot.proc.poll() is None
    finally:
        bot.stop()
        proxy.server.close()
