"""Ack latency of signed slash commands over HTTP: teambot `serve` against a bare Bolt app, in the same run.

Starts the project's Slack Web API stand-in (tests/slack_stub.py), `python -m bot serve` and bench/bare_app.py,
then sends `/task <title> @bob tomorrow 5pm` (parse + persist + confirm) signed as Slack signs it:
sequentially, then from 16 concurrent clients. Prints p50/p95/p99 (ms), throughput and errors for each.

  .venv/bin/python bench/bench_ack.py [--sequential 300] [--concurrent-total 1600] [--clients 16]
  DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_ack.py
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.process import BotProcess, bot_env, free_port  # noqa: E402
from tests.slack_stub import BOT_TOKEN, TEAM, SlackStub  # noqa: E402

SECRET = "bench-signing-secret"


def signed(text: str) -> tuple[bytes, dict[str, str]]:
    body = urllib.parse.urlencode({
        "team_id": TEAM, "channel_id": "C0GENERAL", "user_id": "U0BOB", "command": "/task", "text": text,
        "response_url": "http://127.0.0.1:9/response/x", "trigger_id": "1.2.3", "api_app_id": "A0APP",
    }).encode()
    ts = str(int(time.time()))
    sig = "v0=" + hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
                  "X-Slack-Signature": sig}


def client_run(port: int, count: int, latencies: list[float], errors: list[str], label: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for i in range(count):
        body, headers = signed(f"Bench {label} {i} <@U0BOB|bob> tomorrow 5pm")
        t0 = time.perf_counter()
        try:
            conn.request("POST", "/slack/events", body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            if response.status != 200 or not data:
                errors.append(f"{response.status}")
        except (OSError, http.client.HTTPException) as exc:
            errors.append(exc.__class__.__name__)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        latencies.append((time.perf_counter() - t0) * 1000)
    conn.close()


def measure(port: int, label: str, sequential: int, total: int, clients: int) -> dict[str, float]:
    client_run(port, 30, [], [], label + "-warm")
    seq: list[float] = []
    errors: list[str] = []
    client_run(port, sequential, seq, errors, label + "-seq")
    conc: list[float] = []
    threads = [threading.Thread(target=client_run, args=(port, total // clients, conc, errors, f"{label}-c{i}"))
               for i in range(clients)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - t0

    def pct(values: list[float], p: float) -> float:
        return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 2 else float("nan")

    return {"seq_p50": pct(seq, 50), "seq_p95": pct(seq, 95), "seq_p99": pct(seq, 99),
            "seq_rps": len(seq) / (sum(seq) / 1000), "conc_p50": pct(conc, 50), "conc_p95": pct(conc, 95),
            "conc_p99": pct(conc, 99), "conc_rps": len(conc) / elapsed, "errors": len(errors)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sequential", type=int, default=300)
    parser.add_argument("--concurrent-total", type=int, default=1600)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--total", type=int, default=10_000, help="commands sent before RSS is read")
    args = parser.parse_args()

    stub = SlackStub()
    tmp = tempfile.mkdtemp(prefix="teambot-bench-")
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
    env = bot_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=stub.api_url,
                  DATABASE_URL=database_url, LOG_LEVEL="WARNING")
    if database_url.startswith("postgres"):
        subprocess.run([sys.executable, "-c", "import sys; from sqlalchemy import create_engine, text; "
                        "e = create_engine(sys.argv[1]); c = e.connect(); "
                        "c.execute(text('DROP SCHEMA public CASCADE; CREATE SCHEMA public')); c.commit()",
                        database_url.replace("postgresql://", "postgresql+psycopg://")], check=True)
    teambot = BotProcess(env, args=("serve", "--no-clock"), log_path=Path(tmp) / "teambot.log")
    t0 = time.perf_counter()
    teambot.start()
    boot = time.perf_counter() - t0
    bare_port = free_port()
    bare = subprocess.Popen([sys.executable, str(ROOT / "bench" / "bare_app.py"), str(bare_port)], env=env)
    time.sleep(2)
    try:
        print(f"database: {database_url.split('@')[-1]}   clients: {args.clients}   boot to listening: {boot:.2f} s")
        rows = {"bare Bolt app": measure(bare_port, "bare", args.sequential, args.concurrent_total, args.clients),
                "teambot": measure(teambot.port, "teambot", args.sequential, args.concurrent_total, args.clients)}
        sent = 30 + args.sequential + args.concurrent_total
        top_up = [threading.Thread(target=client_run, args=(teambot.port, max(0, args.total - sent) // 8, [], [],
                                                            f"mem{i}")) for i in range(8)]
        for thread in top_up:
            thread.start()
        for thread in top_up:
            thread.join()
        rss = Path(f"/proc/{teambot.proc.pid}/status").read_text()
        rss_mb = int(next(line for line in rss.splitlines() if line.startswith("VmRSS")).split()[1]) / 1024
    finally:
        teambot.stop()
        bare.terminate()
        bare.wait()
        stub.close()
    print(f"{'':16}{'seq p50':>9}{'seq p95':>9}{'seq p99':>9}{'seq rps':>9}"
          f"{'16c p50':>9}{'16c p95':>9}{'16c p99':>9}{'16c rps':>9}{'errors':>8}")
    for name, r in rows.items():
        print(f"{name:16}{r['seq_p50']:9.2f}{r['seq_p95']:9.2f}{r['seq_p99']:9.2f}{r['seq_rps']:9.0f}"
              f"{r['conc_p50']:9.2f}{r['conc_p95']:9.2f}{r['conc_p99']:9.2f}{r['conc_rps']:9.0f}{r['errors']:8d}")
    print(f"teambot RSS after {args.total} commands: {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
