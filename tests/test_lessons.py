"""Lessons learned through the wire: saved with author, channel, tags and day; found again by full-text search in
English and Chinese (ranked, top 10, FTS syntax in a query is just text); listed newest first; per workspace."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from bot.core.errors import UserError
from bot.lessons import fulltext, parse, rules, store
from storage.models import Lesson
from tests.test_hostile_parsers import NASTY


def save(slack, text, user="U0BOB", channel="C0GENERAL", team="T0TEAM"):
    reply = slack.command("/lesson", text, user=user, channel=channel, team=team)
    assert reply.json["response_type"] == "ephemeral"
    return reply


def numbers_in(reply):
    """The lesson numbers shown, in order."""
    return [int(b["text"]["text"].split("*")[1].lstrip("#")) for b in reply.json.get("blocks", [])[1:]
            if b["type"] == "section"]


@pytest.mark.parametrize(("text", "expected"), [
    ("经验教训", ["经验", "验教", "教训"]),
    ("坑", ["坑"]),
    ("部署前先在预发布环境验证",
     ["部署", "署前", "前先", "先在", "在预", "预发", "发布", "布环", "环境", "境验", "验证"]),
    ("Verify on STAGING, then deploy!", ["verify", "on", "staging", "then", "deploy"]),
    ("用CI跑 tests 两遍", ["用", "ci", "跑", "tests", "两遍"]),
    ('"quoted" * -minus OR NEAR(a b) col:value ^x', ["quoted", "minus", "or", "near", "a", "b", "col", "value", "x"]),
    ("snake_case v1.2 café", ["snake", "case", "v1", "2", "café"]),
    ("", []),
    ("*** --- :::", []),
])
def test_tokens(text, expected):
    assert fulltext.tokens(text) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NASTY)
def test_terms_are_plain_words_whatever_is_typed(text):
    parsed = parse.lesson(text)
    assert isinstance(parsed.text, str) and len(parsed.tags) <= rules.MAX_TAGS
    terms = fulltext.query_terms(text)
    assert len(terms) <= fulltext.MAX_QUERY_TERMS
    assert all(term and not set(term) & set('"*-:^()[]{}\'+- &|!<>\\') and term == term.lower() for term in terms)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(NASTY)
def test_any_query_is_answered_by_the_database(rt, text):
    with rt.db.session(read_only=True) as session:
        try:
            assert store.search(session, "T0TEAM", rules.check_query(fulltext.query_terms(text))) == []
        except UserError as err:
            assert err.key == "lesson.search_empty"


def test_a_lesson_keeps_its_author_channel_tags_and_day(slack, rt, clock):
    reply = save(slack, "Verify on staging before every deploy #deploy #Process.", channel="C0DEV")
    assert "Lesson #1 saved (#deploy #process)" in reply.text
    with rt.db.session(read_only=True) as session:
        lesson = session.scalars(select(Lesson)).one()
    assert (lesson.text, lesson.tags, lesson.author_id, lesson.channel_id, lesson.created_at) == (
        "Verify on staging before every deploy", ["deploy", "process"], "U0BOB", "C0DEV", clock.now())
    assert lesson.search_text == "verify on staging before every deploy deploy process"


def test_search_in_english_and_chinese(slack, rt, clock):
    save(slack, "部署前先在预发布环境验证 #部署", user="U0DAVE")
    clock.advance(hours=1)
    save(slack, "Verify on staging before every deploy #deploy", user="U0BOB", channel="C0DEV")
    save(slack, "Write the postmortem within two days #incident", user="U0CAROL")
    for query in ("预发布", "验证", "预发布 验证", "部署", "环境验证"):
        found = slack.command("/lesson", f"search {query}", user="U0BOB")
        assert numbers_in(found) == [1], query
        assert "saved by <@U0DAVE>" in found.text and "`#部署`" in found.text and "<!date^" in found.text
    assert numbers_in(slack.command("/lesson", "search 预发布 postmortem", user="U0BOB")) == []  # AND of terms
    assert numbers_in(slack.command("/lesson", "search STAGING deploy", user="U0BOB")) == [2]
    assert numbers_in(slack.command("/lesson", "search incident", user="U0BOB")) == [3]  # tags are searchable
    chinese = slack.command("/lesson", "search 发布", user="U0ALICE")  # alice reads Chinese
    assert "与 “发布” 匹配的经验教训" in chinese.text and "保存人 <@U0DAVE>" in chinese.text
    nothing = slack.command("/lesson", "search kubernetes", user="U0BOB")
    assert "No lesson matches" in nothing.text


def test_results_are_ranked_and_at_most_ten(slack, rt, clock):
    save(slack, "A long note that mentions a rollback once among many other words about the release train")
    save(slack, "Rollback first, debug later: rollback rollback")
    for i in range(12):
        clock.advance(minutes=1)
        save(slack, f"Check the dashboards after release {i} #release")
    assert numbers_in(slack.command("/lesson", "search rollback", user="U0BOB")) == [2, 1]
    found = slack.command("/lesson", "search release dashboards", user="U0BOB")
    assert len(numbers_in(found)) == 10 and len(found.json["blocks"]) <= 50


@pytest.mark.parametrize("query", [
    '"', '""', '"staging', "*", "staging*", "-staging", "staging -deploy", "staging OR nothing", "OR", "AND",
    "NOT staging", "NEAR(staging deploy)", "NEAR", "search_text:staging", "lessons_fts:staging", ":", "^staging",
    "(staging", "staging)", "{staging}", "'; DROP TABLE lessons; --", "\\", "%", "_", "staging & deploy | !x",
    "<!channel>", "staging:*", "a" * 5000, "中文" * 3000,
])
def test_fts_syntax_in_a_query_is_just_text(slack, rt, query):
    save(slack, "Verify on staging before every deploy #deploy")
    reply = slack.command("/lesson", f"search {query}", user="U0BOB")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral" and reply.json["text"]
    assert "<!channel>" not in reply.body and "went wrong" not in reply.text
    with rt.db.session(read_only=True) as session:
        assert len(session.scalars(select(Lesson)).all()) == 1


def test_operators_are_words_not_syntax(slack, rt):
    save(slack, "Verify on staging before every deploy")
    save(slack, "Staging or production: label the terminal")
    assert numbers_in(slack.command("/lesson", "search staging -deploy", user="U0BOB")) == [1]  # no negation
    assert numbers_in(slack.command("/lesson", "search staging OR production", user="U0BOB")) == [2]  # `or` is a word
    assert numbers_in(slack.command("/lesson", 'search "staging', user="U0BOB")) in ([1, 2], [2, 1])
    assert "What should I look for" in slack.command("/lesson", 'search " * - :', user="U0BOB").text
    assert "What should I look for" in slack.command("/lesson", "search", user="U0BOB").text


def test_list_newest_first_by_tag_within_slack_limits(slack, rt, clock):
    for i in range(30):
        clock.advance(minutes=1)
        save(slack, f"Lesson number {i} " + ("#ops" if i % 3 == 0 else "#dev"))
    listed = slack.command("/lesson", "list", user="U0BOB")
    assert numbers_in(listed) == list(range(30, 10, -1)) and len(listed.json["blocks"]) <= 50
    assert "Showing the newest 20" in listed.text
    tagged = slack.command("/lesson", "list #ops", user="U0BOB")
    assert numbers_in(tagged) == [28, 25, 22, 19, 16, 13, 10, 7, 4, 1] and "tagged #ops" in tagged.text
    assert "No lessons yet" in slack.command("/lesson", "list #nothing", user="U0BOB").text
    assert "经验教训（最新的在前）" in slack.command("/lesson", "list", user="U0ALICE").text
    assert "Lesson #31 saved" in save(slack, "list of things to avoid").text  # not a listing


def test_lessons_are_per_workspace(slack, rt):
    save(slack, "Secret lesson about staging #secret")
    other = "T0OTHER"
    assert "No lesson matches" in slack.command("/lesson", "search secret staging", user="U0BOB", team=other).text
    assert "No lessons yet" in slack.command("/lesson", "list", user="U0BOB", team=other).text
    assert "Lesson #1 saved" in save(slack, "Their own lesson about staging", team=other).text
    found = slack.command("/lesson", "search staging", user="U0BOB", team=other)
    assert "Their own" in found.text and "Secret" not in found.text
    with rt.db.session(read_only=True) as session:
        theirs = session.scalars(select(Lesson).where(Lesson.team_id == other)).one()
    assert theirs.text == "Their own lesson about staging"


def test_bad_input_and_escaping(slack, rt):
    assert "What did you learn" in save(slack, "#justatag").text
    assert "3001 characters" in save(slack, "x" * 3001).text
    assert "/lesson" in slack.command("/lesson", "", user="U0BOB").text
    save(slack, "<!channel> &amp; &lt;script&gt; matter")
    listed = slack.command("/lesson", "list", user="U0BOB")
    shown = json.dumps(listed.json)
    assert "<!channel>" not in shown and "<script>" not in shown and "@channel &amp; &lt;script&gt;" in shown
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Lesson)).one().text == "@channel & <script> matter"


# ---- every subcommand in Chinese, private channels ------------------------------------------------------------------

@pytest.mark.parametrize(("words", "expected"), [
    ("搜索 staging", [1]), ("查找 预发布", [2]), ("find STAGING", [1]), ("列表", [2, 1]), ("列表 #部署", [2]),
    ("ls #deploy", [1]),
])
def test_every_subcommand_has_a_chinese_word(slack, rt, clock, words, expected):
    save(slack, "Verify on staging before every deploy #deploy")
    clock.advance(minutes=1)
    save(slack, "部署前先在预发布环境验证 #部署")
    assert numbers_in(slack.command("/lesson", words, user="U0BOB")) == expected


@pytest.mark.parametrize("text", ["列表 要避免的事情", "list of things to avoid", "ls #a #b", "列表 #部署 太慢"])
def test_list_words_followed_by_more_than_a_tag_are_a_lesson(slack, rt, text):
    assert "Lesson #1 saved" in save(slack, text).text
    with rt.db.session(read_only=True) as session:
        assert session.scalars(select(Lesson)).one().text == parse.lesson(text).text


def test_help_lists_the_chinese_words(slack):
    text = slack.command("/lesson", "help").json["text"]
    assert "`搜索/查找` search" in text and "`列表` list" in text


@pytest.mark.parametrize("channel", ["C0DEV", "G0SECRET"])
def test_a_lesson_from_a_private_channel_is_kept_like_one_from_a_public_one(slack, rt, channel):
    save(slack, "Rotate keys before the audit #security", channel=channel)
    listed = slack.command("/lesson", "列表 #security", user="U0BOB")
    assert numbers_in(listed) == [1] and f"in <#{channel}>" in listed.text
    assert f"in <#{channel}>" in slack.command("/lesson", "搜索 rotate audit", user="U0BOB").text


@pytest.mark.parametrize("token", ["<#C0OPS|ops>", "<#G0OPS|ops>"])
def test_a_channel_in_a_lesson_reads_as_a_tag_whether_public_or_private(slack, rt, token):
    assert "saved (#ops)" in save(slack, f"Page the on-call first {token}").text
    assert numbers_in(slack.command("/lesson", "list #ops", user="U0BOB")) == [1]


# ---- the rules and the parsing, on plain values ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "error"), [
    ("Verify on staging", None), ("x" * rules.MAX_TEXT, None), ("", "lesson.empty"),
    ("x" * (rules.MAX_TEXT + 1), "lesson.too_long"),
])
def test_check_text(text, error):
    if error is None:
        assert rules.check_text(text) == text
    else:
        with pytest.raises(UserError) as raised:
            rules.check_text(text)
        assert raised.value.key == error


@pytest.mark.parametrize(("terms", "ok"), [(["staging"], True), (["部署", "staging"], True), ([], False)])
def test_check_query(terms, ok):
    if ok:
        assert rules.check_query(terms) == terms
    else:
        with pytest.raises(UserError, match="lesson.search_empty"):
            rules.check_query(terms)


@pytest.mark.parametrize(("tags", "tag", "listed"), [
    (["ops"], None, True), ([], None, True), (None, None, True), (["ops", "dev"], "dev", True), (["ops"], "dev", False),
    ([], "ops", False), (None, "ops", False),
])
def test_listed(tags, tag, listed):
    assert rules.listed(tags, tag) is listed


@pytest.mark.parametrize(("text", "expected"), [
    ("Deploy on Mondays only #release #Ops.", ("Deploy on Mondays only", ("release", "ops"))),
    ("部署前先验证 #部署。", ("部署前先验证", ("部署",))),
    ("Same tag twice #ops #OPS #ops!", ("Same tag twice", ("ops",))),
    ("Issue#12 and &#39; are not tags", ("Issue#12 and &#39; are not tags", ())),
    ("#justatag", ("", ("justatag",))),
    ("#. #!", ("", ())),
    (" ".join(f"#t{i}" for i in range(15)) + " many", ("many", tuple(f"t{i}" for i in range(rules.MAX_TAGS)))),
])
def test_lesson_text_and_tags(text, expected):
    parsed = parse.lesson(text)
    assert (parsed.text, parsed.tags) == expected


@pytest.mark.parametrize(("text", "tag"), [
    ("", None), ("  ", None), ("#ops", "ops"), ("#OPS ", "ops"), ("#", None), ("#部署", "部署"),
])
def test_list_scope(text, tag):
    assert parse.list_scope(text) == parse.ListScope(tag)


@pytest.mark.parametrize("text", ["of things to avoid", "#ops #dev", "#ops too", "ops"])
def test_not_a_list_scope(text):
    assert parse.list_scope(text) is None
