"""The weekly digest and reports through the wire: on schedule in each manager's zone, exactly once, with a chart;
on demand; CSV exports. The clock starts Tue 2026-11-24 09:00 UTC."""

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from scheduler import jobs

CAROL_MONDAY_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
BOB_MONDAY_9 = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # 09:00 in New York


def managers(slack):
    slack.command("/role", "<@U0BOB|bob> pm", user="U0ALICE")
    slack.command("/role", "<@U0CAROL|carol> ops", user="U0ALICE")
    slack.deliver()
    slack.stub.reset()


def digests_to(slack, user):
    return [c for c in slack.stub.sent("chat.postMessage") if c.args["channel"] == user and "digest" in c.text()]


def some_work(slack, clock):
    slack.command("/task", "Ship the release <@U0ERIN|erin> tomorrow 5pm", user="U0BOB")
    slack.command("/task", "Fix the login bug tomorrow", user="U0ERIN")
    slack.command("/task", "Update the =HYPERLINK(\"x\") docs", user="U0ERIN")
    clock.advance(hours=3)
    slack.command("/task", "done 2", user="U0ERIN")


def test_each_manager_gets_the_digest_at_nine_on_monday_in_their_own_zone_exactly_once(slack, rt, clock):
    managers(slack)
    some_work(slack, clock)
    slack.deliver()
    slack.stub.reset()
    clock.current = CAROL_MONDAY_9 - timedelta(minutes=1)
    slack.tick()
    assert digests_to(slack, "U0CAROL") == []
    clock.current = CAROL_MONDAY_9
    slack.tick()
    [digest] = digests_to(slack, "U0CAROL")
    assert digests_to(slack, "U0BOB") == []
    text = digest.text()
    assert "Tasks created: 3 (+3)" in text and "Tasks completed: 1 (+1)" in text and "<@U0ERIN>" in text
    blocks = digest.args["blocks"]
    assert len(blocks) <= 50 and all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)
    [upload] = slack.stub.sent("upload")
    assert upload.args["png"] and upload.args["bytes"] > 5000
    [complete] = slack.stub.sent("files.completeUploadExternal")
    assert complete.args["channel_id"] == "D0CAROL"
    assert "Bar chart of tasks per week" in slack.stub.sent("files.getUploadURLExternal")[0].args["alt_txt"]

    clock.current = BOB_MONDAY_9
    with ThreadPoolExecutor(3) as pool:  # three clocks at once
        list(pool.map(lambda _: jobs.drain(rt.db, clock.now(), timedelta(minutes=15)), range(3)))
    slack.deliver()
    slack.tick()
    assert len(digests_to(slack, "U0BOB")) == 1 and len(digests_to(slack, "U0CAROL")) == 1
    clock.current = CAROL_MONDAY_9 + timedelta(weeks=1)  # next week's, once again
    slack.tick()
    assert len(digests_to(slack, "U0CAROL")) == 2


def test_schedule_off_and_channel(slack, rt, clock):
    managers(slack)
    reply = slack.command("/digest", "schedule every Friday 4pm", user="U0BOB")
    assert "<!date^" + str(int(datetime(2026, 11, 27, 21, 0, tzinfo=UTC).timestamp())) in reply.text
    slack.command("/digest", "channel <#C0LEADS|leads>", user="U0BOB")
    clock.current = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # Friday 16:00 Berlin
    slack.tick()
    assert len(digests_to(slack, "U0CAROL")) == 1
    clock.current = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)  # Friday 16:00 New York: bob and #leads
    slack.tick()
    assert len(digests_to(slack, "U0BOB")) == 1 and len(digests_to(slack, "C0LEADS")) == 1
    clock.current = CAROL_MONDAY_9
    slack.tick()
    assert len(digests_to(slack, "U0CAROL")) == 1  # no longer on Mondays
    slack.command("/digest", "off", user="U0BOB")
    clock.current += timedelta(weeks=1)
    slack.tick()
    assert len(digests_to(slack, "U0BOB")) == 1 and len(digests_to(slack, "U0CAROL")) == 1


def test_now_and_preview_are_for_managers(slack, rt, clock):
    managers(slack)
    some_work(slack, clock)
    assert "for managers" in slack.command("/digest", "now", user="U0ERIN").text
    assert "for managers" in slack.command("/digest", "preview", user="U0ERIN").text
    assert "for managers" in slack.command("/digest", "schedule every Friday 4pm", user="U0ERIN").text
    preview = slack.command("/digest", "preview", user="U0BOB")
    assert "Weekly digest" in preview.text and len(preview.json["blocks"]) <= 50
    assert "on its way" in slack.command("/digest", "now", user="U0BOB").text
    slack.deliver()
    assert len(digests_to(slack, "U0BOB")) == 1 and slack.stub.sent("upload")[0].args["png"]


def test_a_manager_who_loses_the_role_gets_no_more_digests(slack, rt, clock):
    managers(slack)
    slack.command("/role", "remove <@U0CAROL|carol> ops", user="U0BOB")
    clock.current = CAROL_MONDAY_9
    slack.tick()
    assert digests_to(slack, "U0CAROL") == []


def test_csv_export_to_the_callers_dm(slack, rt, clock):
    managers(slack)
    some_work(slack, clock)
    slack.command("/task", "提交季度报告 下周五", user="U0BOB")
    assert "for managers" in slack.command("/report", "export tasks", user="U0ERIN").text
    assert "on its way" in slack.command("/report", "export tasks since Nov 1", user="U0BOB").text
    slack.deliver()
    [upload] = slack.stub.sent("upload")
    raw = upload.args["raw"]
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    titles = [row[1] for row in rows[1:]]
    assert rows[0][:3] == ["number", "title", "status"]
    assert "提交季度报告" in titles and "Update the =HYPERLINK(\"x\") docs" in titles
    assert [row for row in rows if row[1] == "Ship the release"][0][3] == "U0ERIN"
    [opened] = slack.stub.sent("conversations.open")
    assert opened.args["users"] == "U0BOB"


def test_csv_cells_never_run_as_formulas(slack, rt):
    from bot.reports.service import safe_cell

    assert [safe_cell(v) for v in ("=1+1", "+x", "-2", "@SUM(A1)", "\tx", "ok", None, 3)] == [
        "'=1+1", "'+x", "'-2", "'@SUM(A1)", "'\tx", "ok", "", "3"]


def test_report_kpi_periods(slack, rt, clock):
    managers(slack)
    some_work(slack, clock)
    reply = slack.command("/report", "kpi this week", user="U0BOB")
    assert "Tasks created: 3" in reply.text and "Tasks completed: 1" in reply.text
    assert "Tasks created: 0" in slack.command("/report", "kpi last month", user="U0BOB").text
    assert "Which period" in slack.command("/report", "kpi next century", user="U0BOB").text
    assert "Export what" in slack.command("/report", "export unicorns", user="U0BOB").text
