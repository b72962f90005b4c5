"""One error handler: a correctly signed request never gets a 5xx, and the user gets a short apology."""

from sqlalchemy import text


def drop_tasks(rt):
    """Break the database under the app: the tasks table disappears."""
    cascade = "" if rt.db.is_sqlite else " CASCADE"
    with rt.db.engine.begin() as conn:
        conn.execute(text("DROP TABLE task_watchers"))
        conn.execute(text("DROP TABLE task_events"))
        if rt.db.is_sqlite:
            conn.execute(text("DROP TABLE retro_actions"))
        conn.execute(text(f"DROP TABLE tasks{cascade}"))


def test_a_failure_inside_a_command_is_an_apology_not_a_5xx(slack, rt):
    drop_tasks(rt)
    reply = slack.command("/task", "Something that cannot be saved", user="U0BOB")
    assert reply.status == 200
    assert reply.json["response_type"] == "ephemeral"
    assert "nothing was saved" in reply.json["text"]


def test_the_apology_is_in_the_users_language(slack, rt):
    drop_tasks(rt)
    reply = slack.command("/task", "保存不了的任务", user="U0ALICE")
    assert reply.status == 200 and "没有保存任何内容" in reply.json["text"]


def test_a_failing_event_is_acknowledged(slack, rt):
    drop_tasks(rt)
    assert slack.mention("task: renew the cert").status == 200
