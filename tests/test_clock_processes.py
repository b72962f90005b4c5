"""Real time, real processes: a meeting created through Slack reminds its channel on time and exactly once while
`serve` (with its in-process clock) and two extra `python -m bot clock` processes run on one database — and a
reminder that falls due while every process is stopped is sent once after the restart.

One-off meetings are minute-granular. Rather than wait up to two minutes of wall-clock time for the right minute
boundaries, the processes run on a real clock set ahead by a constant (tests/process.py, SHIFTED_CLOCK): all three
share one clock that ticks in real time and starts a few seconds before a minute boundary; for the restart, the
clock is set past the second reminder's due time, as if every process had stayed down that long. ~30 s in all.
"""

import time
import urllib.parse

import pytest

from tests.conftest import SECRET
from tests.process import BotProcess, bot_env
from tests.slack_stub import BOT_TOKEN, TEAM


def command(bot: BotProcess, text: str) -> str:
    body = urllib.parse.urlencode({
        "team_id": TEAM, "channel_id": "C0GENERAL", "user_id": "U0BOB", "command": "/meeting", "text": text,
        "response_url": "http://127.0.0.1:9/response/x", "trigger_id": "1.2.3", "api_app_id": "A0APP",
    }).encode()
    status, reply = bot.post(body, "application/x-www-form-urlencoded", secret=SECRET)
    assert status == 200, reply
    return reply


def reminders_for(stub, title: str):
    return [c for c in stub.sent("chat.postMessage")
            if c.args.get("channel") == "C0GENERAL" and not c.args.get("thread_ts") and title in c.text()]


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


@pytest.mark.slow
def test_reminders_once_with_three_clocks_and_across_a_full_restart(stub, database_url, tmp_path):
    env = bot_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=stub.api_url,
                  DATABASE_URL=database_url, CLOCK_TICK_SECONDS="1")

    def start_all(round_: int, offset: float) -> list[BotProcess]:
        web = BotProcess(env, args=("serve",), log_path=tmp_path / f"serve-{round_}.log",
                         clock_offset=offset).start()
        clocks = [BotProcess(env, args=("clock",), log_path=tmp_path / f"clock-{round_}-{i}.log",
                             clock_offset=offset).start(listens=False)
                  for i in range(2)]
        return [web, *clocks]

    offset = (42 - time.time()) % 60  # the processes' clock reads hh:mm:42 now
    processes = start_all(1, offset)
    web = processes[0]
    if (time.time() + offset) % 60 >= 52:  # a slow start: keep the first reminder a few seconds ahead, all set up
        time.sleep(61 - (time.time() + offset) % 60)  # within one minute
    # one-offs are minute-granular: "in 2 minutes" is the next-but-one minute; reminded a minute before, i.e.
    # at the next minute boundary (a few seconds from now); the second one a minute later
    assert "Kickoff A" in command(web, "add Kickoff A in 2 minutes remind 1 min before")
    assert "Kickoff B" in command(web, "add Kickoff B in 3 minutes remind 1 min before")
    first_due = (int(time.time() + offset) // 60 + 1) * 60  # on the processes' clock

    assert wait_for(lambda: reminders_for(stub, "Kickoff A"), first_due - (time.time() + offset) + 20), \
        "no reminder: " + processes[1].output()[-1500:]
    late_by = reminders_for(stub, "Kickoff A")[0].at + offset - first_due
    assert -1 < late_by < 30, f"reminder {late_by:.1f}s late"
    time.sleep(3)  # every clock has ticked a few more times
    assert len(reminders_for(stub, "Kickoff A")) == 1
    assert wait_for(lambda: len([c for c in stub.sent("chat.postMessage") if c.args.get("thread_ts")]) == 1, 5)

    for process in processes:  # a full stop before Kickoff B's reminder is due
        assert process.stop() == 0
    second_due = first_due + 60
    assert time.time() + offset < second_due
    assert reminders_for(stub, "Kickoff B") == []  # nobody was running
    offset = second_due + 2 - time.time()  # the restart finds the clock past Kickoff B's reminder, as if the
    # processes had been stopped for another minute

    processes = start_all(2, offset)
    try:
        assert wait_for(lambda: reminders_for(stub, "Kickoff B"), 20)
        time.sleep(3)
        assert len(reminders_for(stub, "Kickoff B")) == 1
        assert len(reminders_for(stub, "Kickoff A")) == 1  # nothing was sent again after the restart
    finally:
        for process in processes:
            process.stop()
