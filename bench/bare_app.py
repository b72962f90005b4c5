"""The reference for bench_ack.py: a bare Bolt app that only acks /task, served by waitress like teambot.

Default Bolt settings (process_before_response=False: the listener runs in a thread and the request thread polls
for ack every 10 ms) — what a team starting from Bolt's templates would run.
Usage: python bench/bare_app.py PORT   (SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL from the environment)
"""

import logging
import os
import sys

import waitress
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
app = App(signing_secret=os.environ["SLACK_SIGNING_SECRET"], client=client)


@app.command("/task")
def task(ack):  # noqa: ANN001, ANN201
    ack("ok")


if __name__ == "__main__":
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    waitress.serve(SlackRequestHandler(app), host="127.0.0.1", port=int(sys.argv[1]),
                   threads=int(os.environ.get("WEB_THREADS", "16")), _quiet=True)
