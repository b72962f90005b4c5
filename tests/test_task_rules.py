"""The rules of tasks on plain values: titles, who may change what, who hears about a block, snoozing across DST, the
overdue summary's morning, App Home's urgency buckets, and reading list scopes and settings."""

from datetime import UTC, datetime, time

import pytest

from bot.core.errors import UserError
from bot.tasks import parse, rules

NY = "America/New_York"
SHANGHAI = "Asia/Shanghai"
TUE_9_UTC = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("raw", "expected"), [
    ("  Write   the\treport ", "Write the report"),
    ("x" * 300, "x" * 300),
])
def test_titles_are_one_tidy_line(raw, expected):
    assert rules.clean_title(raw) == expected


@pytest.mark.parametrize(("raw", "key"), [("", "task.no_title"), ("   ", "task.no_title"),
                                          ("x" * 301, "task.title_too_long")])
def test_bad_titles_say_why(raw, key):
    with pytest.raises(UserError) as caught:
        rules.clean_title(raw)
    assert caught.value.key == key


@pytest.mark.parametrize(("kind", "actor", "manager", "allowed"), [
    # done, reopen, progress, block, subtasks: everyone on the task, and managers
    (rules.STATUS, "U0CREATOR", False, True), (rules.STATUS, "U0OWNER", False, True),
    (rules.STATUS, "U0WATCHER", False, True), (rules.STATUS, "U0OTHER", True, True),
    (rules.STATUS, "U0OTHER", False, False),
    # title, description, owner, deadline, delete: what was agreed, by whoever agreed it, and managers
    (rules.TERMS, "U0CREATOR", False, True), (rules.TERMS, "U0OWNER", False, True),
    (rules.TERMS, "U0WATCHER", False, False), (rules.TERMS, "U0OTHER", True, True),
    (rules.TERMS, "U0OTHER", False, False),
])
def test_who_may_change_what(kind, actor, manager, allowed):
    assert rules.may_change(kind, actor, creator_id="U0CREATOR", owner_id="U0OWNER", watcher_ids=["U0WATCHER"],
                            actor_is_manager=manager) is allowed


def test_a_task_without_an_owner_is_not_everyones():
    assert not rules.may_change(rules.STATUS, "U0OTHER", creator_id="U0CREATOR", owner_id=None, actor_is_manager=False)


def test_every_kind_of_change_has_a_refusal():
    assert set(rules.REFUSALS) == {rules.STATUS, rules.TERMS}


@pytest.mark.parametrize(("pms", "actor", "told"), [
    (["U0PM"], "U0OWNER", ("U0PM",)),
    ([], "U0OWNER", ("U0CREATOR",)),
    ([], "U0OTHER", ("U0CREATOR", "U0OWNER")),
    ([], "U0CREATOR", ("U0OWNER",)),
])
def test_a_block_goes_to_the_pms_or_else_the_creator_and_owner(pms, actor, told):
    assert rules.told_when_blocked(pms, creator_id="U0CREATOR", owner_id="U0OWNER", actor_id=actor) == told


@pytest.mark.parametrize(("due", "now", "tz", "expected"), [
    # 17:00 New York stays 17:00 across the March DST change
    (datetime(2027, 3, 13, 22, 0, tzinfo=UTC), datetime(2027, 3, 13, 12, 0, tzinfo=UTC), NY,
     datetime(2027, 3, 14, 21, 0, tzinfo=UTC)),
    # an overdue deadline lands on the first such day still ahead
    (datetime(2026, 11, 20, 22, 0, tzinfo=UTC), TUE_9_UTC, NY, datetime(2026, 11, 24, 22, 0, tzinfo=UTC)),
    (datetime(2026, 11, 24, 10, 0, tzinfo=UTC), TUE_9_UTC, SHANGHAI, datetime(2026, 11, 25, 10, 0, tzinfo=UTC)),
])
def test_snooze_keeps_the_wall_clock(due, now, tz, expected):
    assert rules.snoozed(due, now, tz) == expected


@pytest.mark.parametrize(("now", "tz", "expected"), [
    (TUE_9_UTC, SHANGHAI, datetime(2026, 11, 25, 1, 0, tzinfo=UTC)),   # 17:00 Tue → Wed 09:00 Shanghai
    (TUE_9_UTC, NY, datetime(2026, 11, 24, 14, 0, tzinfo=UTC)),        # 04:00 Tue → Tue 09:00 New York
    (datetime(2026, 11, 27, 15, 0, tzinfo=UTC), NY, datetime(2026, 11, 30, 14, 0, tzinfo=UTC)),  # Fri → Mon
])
def test_the_overdue_summary_goes_out_at_nine_on_working_days(now, tz, expected):
    assert rules.next_working_morning(now, tz) == expected


@pytest.mark.parametrize(("due", "tz", "bucket"), [
    (None, NY, "later"),
    (datetime(2026, 11, 24, 8, 0, tzinfo=UTC), NY, "overdue"),
    (datetime(2026, 11, 24, 20, 0, tzinfo=UTC), NY, "today"),          # Tue 15:00 New York
    (datetime(2026, 11, 24, 20, 0, tzinfo=UTC), SHANGHAI, "this_week"),  # Wed 04:00 Shanghai
    (datetime(2026, 12, 2, 20, 0, tzinfo=UTC), NY, "later"),
])
def test_app_home_urgency(due, tz, bucket):
    assert rules.urgency(due, TUE_9_UTC, tz) == bucket


@pytest.mark.parametrize(("text", "scope", "user", "channel"), [
    ("", "mine", None, None), ("overdue", "overdue", None, None), ("逾期", "overdue", None, None),
    ("全部", "all", None, None), ("已完成", "done", None, None), ("nonsense", "mine", None, None),
    ("<@U0BOB|bob>", "user", "U0BOB", None), ("<#C0OPS|ops>", "channel", None, "C0OPS"),
    ("<#G0SECRET|secret>", "channel", None, "G0SECRET"),
])
def test_list_scopes(text, scope, user, channel):
    assert parse.list_scope(text) == parse.ListScope(scope, user_id=user, channel_id=channel)


@pytest.mark.parametrize(("text", "due_time", "lead"), [
    ("", None, None), ("due-time 18:00", time(18, 0), None), ("remind 30m", None, 30), ("remind 2h", None, 120),
    ("截止时间 9:30 提醒 15", time(9, 30), 15),
])
def test_settings_changes(text, due_time, lead):
    assert parse.settings_change(text) == parse.SettingsChange(due_time, lead)


def test_an_impossible_time_of_day_is_refused():
    with pytest.raises(UserError):
        parse.settings_change("due-time 25:00")


def test_every_subcommand_has_a_chinese_word():
    for chinese, name in parse.SUBCOMMANDS.chinese():
        assert chinese and parse.SUBCOMMANDS.find(chinese.split("/")[0]) == name
