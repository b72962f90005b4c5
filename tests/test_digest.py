"""The weekly digest and reports through the wire: on schedule in each manager's zone, exactly once, with a chart;
on demand; CSV exports. The clock starts Tue 2026-11-24 09:00 UTC."""

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.errors import UserError
from bot.digest import parse as digest_parse
from bot.digest import rules as digest_rules
from bot.reports import parse as report_parse
from bot.reports import rules as report_rules
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


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+x", "'+x"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("ok", "ok"), ("a=b", "a=b"), (None, ""), (3, "3"), (-3, "'-3"), ("提交=报告", "提交=报告"),
])
def test_csv_cells_never_run_as_formulas(value, cell):
    assert report_rules.safe_cell(value) == cell


def test_report_kpi_periods(slack, rt, clock):
    managers(slack)
    some_work(slack, clock)
    reply = slack.command("/report", "kpi this week", user="U0BOB")
    assert "Tasks created: 3" in reply.text and "Tasks completed: 1" in reply.text
    assert "Tasks created: 0" in slack.command("/report", "kpi last month", user="U0BOB").text
    assert "Which period" in slack.command("/report", "kpi next century", user="U0BOB").text
    assert "Export what" in slack.command("/report", "export unicorns", user="U0BOB").text


def test_exports_in_chinese_and_since_in_any_case(slack, rt, clock):
    managers(slack)
    some_work(slack, clock)
    assert "on its way" in slack.command("/report", "导出 任务 11月1日", user="U0BOB").text
    assert "on its way" in slack.command("/report", "export risks Since Nov 1", user="U0BOB").text
    slack.deliver()
    names = [c.args["filename"] for c in slack.stub.sent("files.getUploadURLExternal")]
    assert names == ["teambot-tasks-20261124.csv", "teambot-risks-20261124.csv"]


# ---- every subcommand in Chinese, private channels --------------------------------------------------------------

def chinese(subcommands):
    """(subcommand, one of its Chinese words) for every Chinese word of a command."""
    return [(name, word) for words, name in subcommands.chinese() for word in words.split("/")]


DIGEST_REPLIES = {  # subcommand -> (what follows it, what the manager reads)
    "now": ("", "on its way"),
    "preview": ("", "Weekly digest"),
    "schedule": ("every Friday 4pm", "<!date^"),
    "channel": ("<#C0LEADS|leads>", "also be posted in <#C0LEADS>"),
    "off": ("", "The weekly digest is off"),
    "on": ("", "The weekly digest is on"),
}
REPORT_REPLIES = {"export": ("tasks", "on its way"), "kpi": ("this week", "Tasks created")}


@pytest.mark.parametrize(("name", "word"), chinese(digest_parse.SUBCOMMANDS))
def test_every_digest_subcommand_in_chinese(slack, name, word):
    managers(slack)
    rest, expected = DIGEST_REPLIES[name]
    assert expected in slack.command("/digest", f"{word} {rest}", user="U0BOB").text


@pytest.mark.parametrize(("name", "word"), chinese(report_parse.SUBCOMMANDS))
def test_every_report_subcommand_in_chinese(slack, name, word):
    managers(slack)
    rest, expected = REPORT_REPLIES[name]
    assert expected in slack.command("/report", f"{word} {rest}", user="U0BOB").text


@pytest.mark.parametrize("typed", ["channel <#G0SECRET|leads-private>", "channel <#G0SECRET>", "频道 <#G0SECRET|机密>"])
def test_the_digest_also_goes_to_a_private_channel(slack, clock, typed):
    managers(slack)
    assert "<#G0SECRET>" in slack.command("/digest", typed, user="U0BOB").text
    clock.current = BOB_MONDAY_9  # the channel's digest is timed in bob's zone, who chose it
    slack.tick()
    assert len(digests_to(slack, "G0SECRET")) == 1


def test_the_channel_is_chosen_and_dropped_by_managers_only(slack, clock):
    managers(slack)
    assert "for managers" in slack.command("/digest", "channel <#G0SECRET|secret>", user="U0ERIN").text
    assert "Which channel?" in slack.command("/digest", "channel leads", user="U0BOB").text
    slack.command("/digest", "channel <#G0SECRET|secret>", user="U0BOB")
    assert "no longer posted" in slack.command("/digest", "频道 关闭", user="U0BOB").text
    clock.current = BOB_MONDAY_9
    slack.tick()
    assert digests_to(slack, "G0SECRET") == [] and len(digests_to(slack, "U0BOB")) == 1


# ---- the rules, table-driven -----------------------------------------------------------------------------------

FRIDAY_4PM = {"weekdays": [4], "hour": 16, "minute": 0}
EVERY_DAY_930 = {"weekdays": list(range(7)), "hour": 9, "minute": 30}
TUESDAY_9_UTC = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("rule", "tz", "after", "expected"), [
    (digest_rules.DEFAULT_RULE, "Europe/Berlin", TUESDAY_9_UTC, CAROL_MONDAY_9),
    (digest_rules.DEFAULT_RULE, "America/New_York", TUESDAY_9_UTC, BOB_MONDAY_9),
    (digest_rules.DEFAULT_RULE, "Europe/Berlin", CAROL_MONDAY_9, CAROL_MONDAY_9 + timedelta(weeks=1)),  # strictly after
    (digest_rules.DEFAULT_RULE, "Europe/Berlin", datetime(2027, 3, 26, tzinfo=UTC),
     datetime(2027, 3, 29, 7, 0, tzinfo=UTC)),  # summer time: still 09:00 on the wall clock
    (FRIDAY_4PM, "America/New_York", TUESDAY_9_UTC, datetime(2026, 11, 27, 21, 0, tzinfo=UTC)),
    (EVERY_DAY_930, "Asia/Shanghai", TUESDAY_9_UTC, datetime(2026, 11, 25, 1, 30, tzinfo=UTC)),
    (EVERY_DAY_930, "UTC", TUESDAY_9_UTC, datetime(2026, 11, 24, 9, 30, tzinfo=UTC)),
])
def test_the_next_digest_is_the_teams_time_in_the_readers_zone(rule, tz, after, expected):
    assert digest_rules.next_send(rule, tz, after) == expected


@pytest.mark.parametrize(("stored", "rule"), [(None, digest_rules.DEFAULT_RULE), ({}, digest_rules.DEFAULT_RULE),
                                              (FRIDAY_4PM, FRIDAY_4PM)])
def test_a_team_that_never_chose_gets_monday_nine(stored, rule):
    assert digest_rules.rule_of(stored) == rule


@pytest.mark.parametrize(("now", "replan"), [
    (TUESDAY_9_UTC, datetime(2026, 11, 25, 0, 5, tzinfo=UTC)),
    (datetime(2026, 11, 24, 23, 59, tzinfo=UTC), datetime(2026, 11, 25, 0, 5, tzinfo=UTC)),
    (datetime(2026, 11, 24, 20, 0, tzinfo=ZoneInfo("America/New_York")), datetime(2026, 11, 26, 0, 5, tzinfo=UTC)),
    (datetime(2026, 12, 31, 12, 0, tzinfo=UTC), datetime(2027, 1, 1, 0, 5, tzinfo=UTC)),
])
def test_the_schedule_is_planned_again_after_midnight_utc(now, replan):
    assert digest_rules.next_replan(now) == replan


def test_a_digest_covers_the_seven_days_before_it():
    assert digest_rules.period(CAROL_MONDAY_9) == (CAROL_MONDAY_9 - timedelta(days=7), CAROL_MONDAY_9)


@pytest.mark.parametrize(("text", "rule"), [
    ("every Friday 4pm", FRIDAY_4PM),
    ("每周五下午4点", FRIDAY_4PM),
    ("weekdays 9:30", {"weekdays": [0, 1, 2, 3, 4], "hour": 9, "minute": 30}),
    ("daily 9:30", EVERY_DAY_930),
    ("每天上午9点", {"weekdays": list(range(7)), "hour": 9, "minute": 0}),
    ("every 2 weeks on Monday", None),
    ("every month", None),
    ("soon", None),
    ("", None),
])
def test_reading_a_digest_schedule(text, rule):
    if rule is None:
        with pytest.raises(UserError):
            digest_parse.parse_schedule(text, now=TUESDAY_9_UTC, tz="UTC")
    else:
        assert digest_parse.parse_schedule(text, now=TUESDAY_9_UTC, tz="UTC") == rule


@pytest.mark.parametrize(("text", "channel_id"), [
    ("<#C0LEADS|leads>", "C0LEADS"), ("<#G0SECRET|secret>", "G0SECRET"), ("<#G0SECRET>", "G0SECRET"),
    ("off", None), ("NONE", None), ("关闭", None),
])
def test_reading_a_digest_channel(text, channel_id):
    assert digest_parse.channel_choice(text).channel_id == channel_id


@pytest.mark.parametrize("text", ["", "leads", "#leads", "<@U0BOB|bob>"])
def test_a_digest_channel_must_be_a_channel(text):
    with pytest.raises(UserError):
        digest_parse.channel_choice(text)


SHANGHAI = "Asia/Shanghai"  # Tuesday 2026-11-24 17:00 there
MONDAY_SH = datetime(2026, 11, 23, tzinfo=ZoneInfo(SHANGHAI))


@pytest.mark.parametrize(("words", "start", "end"), [
    ("this week", MONDAY_SH, TUESDAY_9_UTC + timedelta(seconds=1)),
    ("本周", MONDAY_SH, TUESDAY_9_UTC + timedelta(seconds=1)),
    ("Last  Week", MONDAY_SH - timedelta(days=7), MONDAY_SH),
    ("上周", MONDAY_SH - timedelta(days=7), MONDAY_SH),
    ("this month", datetime(2026, 11, 1, tzinfo=ZoneInfo(SHANGHAI)), TUESDAY_9_UTC + timedelta(seconds=1)),
    ("上个月", datetime(2026, 10, 1, tzinfo=ZoneInfo(SHANGHAI)), datetime(2026, 11, 1, tzinfo=ZoneInfo(SHANGHAI))),
    ("", TUESDAY_9_UTC - timedelta(days=7), TUESDAY_9_UTC + timedelta(seconds=1)),
])
def test_kpi_periods_in_the_askers_zone(words, start, end):
    assert report_parse.kpi_period(words, TUESDAY_9_UTC, SHANGHAI) == (start, end)


def test_an_unknown_kpi_period_is_refused():
    with pytest.raises(UserError):
        report_parse.kpi_period("next century", TUESDAY_9_UTC, SHANGHAI)


@pytest.mark.parametrize(("when", "meant"), [
    (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)),  # already past: as read
    (datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC)),  # "since Monday": the last one
    (datetime(2027, 11, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)),  # "since Nov 1" read as next year's
    (datetime(2028, 2, 29, tzinfo=UTC), datetime(2027, 2, 28, tzinfo=UTC)),
])
def test_since_means_the_last_such_day(when, meant):
    assert report_rules.in_the_past(when, TUESDAY_9_UTC) == meant


@pytest.mark.parametrize(("text", "what", "since"), [
    ("tasks", "tasks", ""), ("tasks since Nov 1", "tasks", "Nov 1"), ("Tasks Since Nov 1", "tasks", "Nov 1"),
    ("任务 11月1日", "tasks", "11月1日"), ("风险", "risks", ""), ("反馈", "feedback", ""), ("变更", "changes", ""),
    ("feedback 2026-10-01", "feedback", "2026-10-01"), ("unicorns", None, ""), ("", None, ""),
])
def test_reading_an_export_request(text, what, since):
    assert report_parse.export_request(text) == report_parse.ExportRequest(what, since)
