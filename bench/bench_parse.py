"""Latency of bot.text.deadlines.split_deadline on realistic /task text, English and Chinese.

Why: every /task waits on this call, and Slack wants an answer within 3 s; the parser must stay in the
tens of microseconds warm and must not pay dateparser's first-use cost on a user's request.

Run from the repository root:  .venv/bin/python bench/bench_parse.py [--calls 5000]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
NY, SH = "America/New_York", "Asia/Shanghai"

# What people type after /task once mentions are stripped: ~60 texts, a few with no deadline,
# a few unreadable ones and a few that reach the dateparser fallback.
CORPUS: list[tuple[str, str]] = [
    ("Prepare the Q3 budget review tomorrow 5pm", NY),
    ("renew the TLS cert by Friday", NY),
    ("task: renew the TLS certificate by Friday", NY),
    ("call the landlord tomorrow 10am", NY),
    ("Send the board deck to Alice next Monday 10:00", NY),
    ("Book flights for the offsite in 3 days", NY),
    ("Follow up with legal on the vendor contract in 2 weeks", NY),
    ("Ping the on-call about the flaky deploy in 2 hours", NY),
    ("Submit expense report Dec 5", NY),
    ("Customer workshop prep 5 December 11:00", NY),
    ("Draft the release notes December 5th at 3pm", NY),
    ("Cut the 2.4 release branch 2026-12-05 14:00", NY),
    ("Pay the AWS invoice 12/5", NY),
    ("Close the books end of month", NY),
    ("Deploy the hotfix EOD", NY),
    ("Finish the hiring scorecards by end of day", NY),
    ("Write the weekly status update EOW", NY),
    ("Order pizza for the launch party tonight", NY),
    ("Team lunch reservation noon", NY),
    ("Review Bob's pull request today 3pm", NY),
    ("Water the office plants 5pm", NY),
    ("Renew the domain on Monday", NY),
    ("Ship the onboarding email, due Dec 5.", NY),
    ("Send the signed NDA back by the end of the week", NY),
    ("Sync with design about the new icons this Friday", NY),
    ("Archive the old Jira project tomorrow at 17h", NY),
    ("Publish the Q4 roadmap no later than Jan 3", NY),
    ("Migrate the billing cron jobs by 5pm tomorrow", NY),
    ("Update the Monday deck", NY),
    ("Review the May report", NY),
    ("Call Bob", NY),
    ("Fix bug 42 in the payments service", NY),
    ("finish the deck by blorpday", NY),
    ("Sort the support tickets by priority", NY),
    ("提交季度报告 下周五下午3点", SH),
    ("提交季度报告下周五下午3点前", SH),
    ("明天下午3点前提交报告", SH),
    ("请在周五前完成代码评审", SH),
    ("提交报告，截止：12月1日", SH),
    ("更新接口文档 月底前", SH),
    ("准备年会材料 年底前", SH),
    ("订去上海的机票 今晚", SH),
    ("发周报 明早9点", SH),
    ("回复客户邮件 两小时内", SH),
    ("续签服务器合同 3个工作日内", SH),
    ("周五例会纪要 下周一前发出", SH),
    ("提交 Q3 预算 12月5日下午3点", SH),
    ("整理会议记录 周五", SH),
    ("三天后交设计稿", SH),
    ("下个月15号前续费域名", SH),
    ("和产品经理对齐需求 后天上午10点", SH),
    ("检查线上告警配置 明晚8点", SH),
    ("写季度总结 下下周一", SH),
    ("给新人准备培训资料 一个月后", SH),
    ("修复登录页的样式问题 今天", SH),
    ("周五例会纪要", SH),
    ("维修3号楼的门禁", SH),
    ("明天的会议纪要整理", SH),
    ("截止下下下周八", SH),
    ("Review PR 明天", SH),
]


def percentile(sorted_ns: list[int], pct: float) -> float:
    """Nearest-rank percentile, in microseconds."""
    index = max(0, min(len(sorted_ns) - 1, round(pct / 100 * len(sorted_ns)) - 1))
    return sorted_ns[index] / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000, help="warm calls to time (default 5000)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    start = time.perf_counter()
    from bot.text import deadlines  # timed: compiling the grammar is part of a cold start

    imported = time.perf_counter()
    deadlines.warm_up()
    warmed = time.perf_counter()
    now = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo(NY))
    text, tz = CORPUS[0]
    deadlines.split_deadline(text, now=now, tz=tz)
    first = time.perf_counter()

    found = sum(deadlines.split_deadline(t, now=now, tz=z).deadline is not None for t, z in CORPUS)
    unread = sum(deadlines.split_deadline(t, now=now, tz=z).not_understood is not None for t, z in CORPUS)

    samples: list[int] = []
    clock = time.perf_counter_ns
    loop_start = clock()
    for i in range(args.calls):
        text, tz = CORPUS[i % len(CORPUS)]
        t0 = clock()
        deadlines.split_deadline(text, now=now, tz=tz)
        samples.append(clock() - t0)
    loop_ns = clock() - loop_start
    samples.sort()

    print(f"corpus {len(CORPUS)} texts: {found} with a deadline, {unread} not understood")
    print(
        f"split_deadline cold total={(first - start) * 1000:.1f}ms (import={(imported - start) * 1000:.1f}ms "
        f"warm_up={(warmed - imported) * 1000:.1f}ms first_call={(first - warmed) * 1e6:.0f}us)"
    )
    print(
        f"split_deadline warm p50={percentile(samples, 50):.1f}us p95={percentile(samples, 95):.1f}us "
        f"p99={percentile(samples, 99):.1f}us max={samples[-1] / 1000:.1f}us"
    )
    print(f"split_deadline calls={args.calls} calls/s={args.calls / (loop_ns / 1e9):,.0f}")


if __name__ == "__main__":
    main()
