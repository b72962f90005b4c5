"""Every parser, fed anything: a result or a clear error (UserError), never an exception."""

from datetime import UTC, datetime, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.errors import UserError
from bot.core.mrkdwn import escape, plain
from bot.core.numbers import parse_number
from bot.feedback import parse as feedback
from bot.meetings import parse as meetings
from bot.tasks.parse import parse_task_text
from bot.text.deadlines import split_deadline

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ZONES = st.sampled_from(["UTC", "America/New_York", "Asia/Shanghai", "Europe/Berlin", "Not/AZone", ""])
NASTY = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.sampled_from(list("<>@#&|!^:;*_~`'\"\\/%$0123456789 \n\t\u200f\u202e\u0000🎉中文")),
            max_size=300),
    st.sampled_from([
        "<@", "<@U", "<@U123|", "<#C", "<!subteam^", "<!date^99999999999999^{date}|x>", "'; DROP TABLE tasks; --",
        "x" * 20_000, "\u202eevil", "Feb 31", "2026-02-31 25:61", "#99999999999999999999", "<<<>>>&&&",
        "1 OR 1=1", "\x00\x01\x02", "🎉" * 500, "task: @here <!channel> <!everyone>",
    ]),
)
RELAXED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RELAXED
@given(NASTY, ZONES)
def test_task_text(text, tz):
    parsed = parse_task_text(text, now=NOW, tz=tz or "UTC", default_time=time(17))
    assert isinstance(parsed.title, str)
    assert parsed.deadline is None or parsed.deadline.due.tzinfo is not None


@RELAXED
@given(NASTY)
def test_ids(text):
    number = parse_number(text)
    assert number is None or number >= 0


@RELAXED
@given(NASTY)
def test_feedback_text(text):
    parsed = feedback.parse(text)
    assert isinstance(parsed.text, str) and all(isinstance(tag, str) for tag in parsed.tags)


@RELAXED
@given(NASTY)
def test_meeting_options(text):
    opts = meetings.options(text)
    assert isinstance(opts.text, str)
    assert opts.remind_minutes is None or opts.remind_minutes >= 0


@RELAXED
@given(NASTY)
def test_inbound_and_outbound_text(text):
    shown = escape(plain(text))
    assert "<" not in shown and ">" not in shown


@RELAXED
@given(NASTY, ZONES)
def test_digest_schedules(text, tz):
    from bot.digest.parse import parse_schedule

    try:
        rule = parse_schedule(text, now=NOW, tz=tz or "UTC")
    except UserError:
        return
    assert 0 <= rule["hour"] < 24 and rule["weekdays"]


@RELAXED
@given(NASTY)
def test_report_periods(text):
    from bot.reports.parse import kpi_period

    try:
        start, end = kpi_period(text, NOW, "Asia/Shanghai")
    except UserError:
        return
    assert start < end


@RELAXED
@given(NASTY)
def test_change_requests(text):
    from bot.changes.parse import parse_request

    what, impact = parse_request(text)
    assert isinstance(what, str) and isinstance(impact, str)


PHRASES = st.sampled_from(["tomorrow 5pm", "by Friday", "next Monday 10:00", "in 3 days", "Dec 5", "EOD", "noon",
                           "12/5", "下周五下午3点", "明天", "三天后", "月底前", "周五前"])


@RELAXED
@given(st.text(max_size=200), PHRASES, st.sampled_from(["lorem ", "- ", "  ", "项目 ", "<@U1|x> "]))
def test_a_deadline_ending_a_huge_text_is_read_as_in_a_short_one(title, phrase, filler):
    """Only the end of a long text is read for its deadline: what ends it is found whatever comes before."""
    short = split_deadline(f"{title} {phrase}", now=NOW, tz="Asia/Shanghai")
    huge = split_deadline(filler * 4_000 + f"{title} {phrase}", now=NOW, tz="Asia/Shanghai")
    assert huge.deadline == short.deadline and huge.not_understood == short.not_understood
    assert huge.title.endswith(short.title)
