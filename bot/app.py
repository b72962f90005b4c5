"""App wiring: the Bolt app, its global middleware and the one error handler.

`process_before_response=True`: the listener runs before the HTTP response is written and `ack()`'s content *is*
the response, so a slash command's ephemeral reply costs no extra Web API call and no ack polling.

Before Bolt reads a request, `TeambotApp.dispatch` refuses a body of a shape Slack never sends (400: Bolt would
index into it and fail with a 500) and, for a request that asks for anonymity, silences every log record the
request's thread would write until it is answered (bot.core.privacy: a log line is a timestamp).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError, BoltUnhandledRequestError
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.webhook import WebhookClient
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

import handlers
from bot.config import ConfigError, Settings
from bot.core import events, privacy
from bot.core.caller import Env
from bot.core.i18n import EN, ZH, t
from bot.core.mrkdwn import escape
from bot.core.people import Person

log = logging.getLogger(__name__)
BOLT_LOG = logging.getLogger("bolt")  # Bolt's base logger: every logger Bolt makes copies its filters


# Kept here until bot/core/messages.py (not this module's to change) takes them: the same EN/ZH shape.
MESSAGES: dict[str, dict[str, str]] = {
    "error.no_workspace": {
        EN: ":warning: teambot cannot tell which Slack workspace this came from (org-wide installs are not "
            "supported yet), so nothing was saved. Ask an admin to install teambot to this workspace.",
        ZH: ":warning: teambot 无法判断这条请求来自哪个 Slack 工作区（暂不支持企业组织级安装），没有保存任何内容。"
            "请让管理员把 teambot 安装到这个工作区。",
    },
}


class Host(Protocol):
    """What the app needs from the process that runs it (bot.runtime.Runtime)."""

    settings: Settings
    env: Env
    client: WebClient | None
    installations: Any


def create_app(host: Host, *, verify_token: bool = True, verify_signatures: bool = True) -> App:
    install_hush()
    try:
        app = _bolt_app(host, verify_token, verify_signatures)
    except BoltError as exc:  # auth.test refused the token or could not reach Slack
        raise ConfigError(f"SLACK_BOT_TOKEN was not accepted at {host.settings.api_url}: "
                          f"{str(exc).splitlines()[0][:200]}") from exc
    env = host.env

    @app.use
    def attach_person(context: BoltContext, body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        """Put the process's services, the workspace and the speaking person in the context; drop Events API
        deliveries already handled and what bots say. An anonymous post never looks its poster up (no users.info
        call, no profile write)."""
        context["env"] = env
        team_id = context.team_id or workspace_of(body)
        if not team_id:
            return _refuse_without_workspace(body)
        context["team_id"] = team_id
        event = body.get("event") if body.get("type") == "event_callback" else None
        if isinstance(event, dict):
            if from_a_bot(event):
                return BoltResponse(status=200, body="")
            event_id = body.get("event_id")
            if event_id and _seen(env, event_id):
                log.info("event %s already handled; ignoring the retry", event_id)
                return BoltResponse(status=200, body="")
            if event_id:
                context["delivery"] = events.Delivery(team_id, event_id)
        if context.user_id and privacy.asks_anonymity(body.get("command"), body.get("text")):
            context["person"] = env.people.peek(env.db, team_id, context.user_id)
        elif context.user_id:
            context["person"] = env.people.get(env.db, team_id, context.user_id, env.now())
        else:
            context["person"] = Person.unknown("", host.settings.default_timezone)
        next()
        return None

    @app.error
    def on_error(error: Exception, body: dict[str, Any], context: BoltContext) -> BoltResponse:
        if isinstance(error, BoltUnhandledRequestError):
            log.debug("no listener for this request; acknowledged and ignored")
            return BoltResponse(status=200, body="")
        if isinstance(error, events.AlreadyHandled):
            log.info("event %s was handled by another delivery; nothing done twice", error)
            return BoltResponse(status=200, body="")
        person: Person | None = context.get("person")
        locale = person.locale if person else None
        if database_down(error):
            log.error("database unavailable while handling %s: %s", _describe(body, context),
                      error.__class__.__name__)
            if body.get("type") == "event_callback":  # Slack retries it (after 1 and 5 minutes) when we answer 5xx
                return BoltResponse(status=503, body="")
            return _apology(body, t("error.db_unavailable", locale))
        log.exception("unexpected error while handling %s", _describe(body, context), exc_info=error)
        return _apology(body, t("error.unexpected", locale))

    handlers.register(app)
    return app


def socket_mode_handler(app: App, app_token: str | None) -> SocketModeHandler:
    """Socket Mode: the same app, over a WebSocket Slack opens to us (no public URL needed)."""
    return SocketModeHandler(app, app_token)


class TeambotApp(App):
    """Bolt's app, with the checks that must come before Bolt reads anything."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        body = req.body = without_nul(req.body)
        problem = malformed(body)
        if problem:
            if not asks_anonymity(body):
                log.warning("refused a signed request Slack would never send: %s", problem)
            return BoltResponse(status=400, body=json.dumps({"error": "malformed_payload"}),
                                headers={"content-type": "application/json"})
        with hushed(asks_anonymity(body)):
            return super().dispatch(req)


def _bolt_app(host: Host, verify_token: bool, verify_signatures: bool) -> App:
    common: dict[str, Any] = {
        "signing_secret": host.settings.signing_secret, "client": host.client, "process_before_response": True,
        "raise_error_for_unhandled_request": True, "request_verification_enabled": verify_signatures,
        "logger": BOLT_LOG}
    # Bolt reads SLACK_BOT_TOKEN from the environment although it is handed the client that carries it, and
    # says so at every start: a warning about nothing, which would teach operators to skip warnings.
    with _without(BOLT_LOG, warning_client_prioritized_and_token_skipped()):
        if not host.settings.oauth:
            return TeambotApp(token_verification_enabled=verify_token, **common)
        app = TeambotApp(oauth_settings=_oauth_settings(host), installation_store=host.installations, **common)
    app.enable_token_revocation_listeners()  # app_uninstalled / tokens_revoked remove that workspace's tokens
    return app


def _oauth_settings(host: Host) -> OAuthSettings:
    """"Add to Slack": Bolt's OAuth flow at /slack/install and /slack/oauth_redirect, installations and OAuth
    state kept in our database by slack_sdk's SQLAlchemy stores."""
    settings = host.settings
    return OAuthSettings(
        client_id=settings.client_id, client_secret=settings.client_secret, scopes=list(settings.scopes),
        redirect_uri=settings.redirect_uri, installation_store=host.installations,
        authorization_url=settings.authorize_url,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=host.env.db.plain_engine))


def database_down(error: Exception) -> bool:
    """Unreachable, restarting, out of connections, timed out or locked: what a retry a little later may get past.
    A SQL error is not (SQLite reports a missing table as an OperationalError too)."""
    if isinstance(error, (InterfaceError, PoolTimeout)):
        return True
    return isinstance(error, OperationalError) and getattr(error.orig, "sqlite_errorname", "") != "SQLITE_ERROR"


def _seen(env: Env, event_id: str) -> bool:
    with env.db.session(read_only=True) as session:
        return events.seen(session, event_id)


# ---- which workspace, and who is speaking -------------------------------------------------------------------------

def workspace_of(body: dict[str, Any]) -> str | None:
    """The workspace of a request whose authorization does not name one: an org-wide install sends
    `authorizations[0].team_id: null`. The acting user's workspace first (their data lives there), then the one the
    event happened in; an enterprise id (`E…`) is not a workspace."""
    event, user, view = (part if isinstance(part := body.get(key), dict) else {} for key in ("event", "user", "view"))
    for candidate in (event.get("user_team"), user.get("team_id"), event.get("team"), body.get("team_id"),
                      view.get("team_id")):
        if isinstance(candidate, str) and candidate.startswith("T"):
            return candidate
    return None


def from_a_bot(event: dict[str, Any]) -> bool:
    """A bot, an app or an incoming webhook speaking: never a person's words, wherever it is said."""
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message")


def _refuse_without_workspace(body: dict[str, Any]) -> BoltResponse:
    """Refused, in both languages since we cannot know the person's: without a workspace nothing can be filed."""
    message = MESSAGES["error.no_workspace"]
    both = escape(message[EN]) + "\n" + escape(message[ZH])
    if body.get("type") == "event_callback":
        log.warning("an event arrived without a workspace (an org-wide install?); acknowledged and ignored")
        return BoltResponse(status=200, body="")
    return _apology(body, both)


# ---- answering a failure ------------------------------------------------------------------------------------------

def _apology(body: dict[str, Any], message: str) -> BoltResponse:
    """Slash commands get the apology as their ephemeral ack; a form keeps its values and shows it on its first
    field; other interactive payloads get it through their response_url, beside the message clicked."""
    if body.get("command"):
        return _json({"response_type": "ephemeral", "text": message})
    if body.get("type") == "view_submission":
        fields = list(((body.get("view") or {}).get("state") or {}).get("values") or {})
        if fields:
            return _json({"response_action": "errors", "errors": {fields[0]: message}})
    response_url = body.get("response_url")
    if isinstance(response_url, str) and response_url:
        threading.Thread(target=_post_response, args=(response_url, message, hushing()), daemon=True).start()
    return BoltResponse(status=200, body="")


def _json(reply: dict[str, Any]) -> BoltResponse:
    return BoltResponse(status=200, body=json.dumps(reply), headers={"content-type": "application/json;charset=utf-8"})


def _post_response(url: str, message: str, quiet: bool) -> None:
    with hushed(quiet):
        try:
            WebhookClient(url, timeout=5).send(text=message, response_type="ephemeral", replace_original=False)
        except Exception:  # noqa: BLE001 - best effort: the error itself is already logged
            log.warning("could not deliver the apology to response_url")


def _describe(body: dict[str, Any], context: BoltContext) -> str:
    """Enough context to find the request in logs, and never the tokens or the user's text."""
    kind = body.get("command") or body.get("type") or "request"
    event = body.get("event") or {}
    if isinstance(event, dict) and event.get("type"):
        kind = f"event {event['type']}"
    return f"{kind} team={context.team_id} at {time.strftime('%H:%M:%S')}"


# ---- anonymity: no log record at all --------------------------------------------------------------------------------

_quiet = threading.local()


class _Hush(logging.Filter):
    """Drops every record logged by a thread while it handles a request that asks for anonymity: even a line with
    no content is a timestamp that dates the post."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not hushing()


HUSH = _Hush()


def hushing() -> bool:
    return getattr(_quiet, "on", False)


@contextlib.contextmanager
def hushed(quiet: bool) -> Iterator[None]:
    before = hushing()
    _quiet.on = before or quiet
    try:
        yield
    finally:
        _quiet.on = before


def install_hush() -> None:
    """A logger's filters see only the records logged to that very logger, so the filter goes on every logger
    there is — Bolt copies its base logger's filters to every logger it makes later — and on the root's handlers
    (in production the one that writes to stderr), which see the records of loggers made later still."""
    loggers = [logging.getLogger(), BOLT_LOG, *(logger for logger in logging.root.manager.loggerDict.values()
                                                if isinstance(logger, logging.Logger))]
    for where in [*loggers, *logging.getLogger().handlers]:
        if HUSH not in where.filters:
            where.addFilter(HUSH)


def asks_anonymity(body: Any) -> bool:
    return (isinstance(body, dict) and isinstance(body.get("command"), str) and isinstance(body.get("text"), str)
            and privacy.asks_anonymity(body["command"], body["text"]))


@contextlib.contextmanager
def _without(logger: logging.Logger, message: str) -> Iterator[None]:
    """`logger` drops this one message for a while."""
    def other(record: logging.LogRecord) -> bool:
        return record.getMessage() != message

    logger.addFilter(other)
    try:
        yield
    finally:
        logger.removeFilter(other)


# ---- shapes Slack never sends ---------------------------------------------------------------------------------------

def _pattern(regex: str) -> Callable[[Any], bool]:
    compiled = re.compile(regex)
    return lambda value: value is None or isinstance(value, str) and compiled.fullmatch(value) is not None


ID = _pattern(r"[A-Z0-9]{0,32}")  # Slack's ids (T…, U…, C…, D…, G…, E…, B…): stored in 32 characters
TS = _pattern(r"[0-9]{1,16}(\.[0-9]{1,15})?")  # a message's timestamp, "1548261231.000200"
URL = _pattern(r"https?://\S{1,3000}")
TEXT = (str, None)
ENTITY = ({"id": ID, "team_id": ID, "enterprise_id": ID}, ID)  # an object with an id, or the id itself
STATE = {"values": {"*": {"*": {"value": TEXT, "selected_user": ID, "selected_date_time": (int, None),
                                "selected_option": ({"value": TEXT}, None)}}}}
MESSAGE = {"text": TEXT, "ts": TS, "thread_ts": TS, "user": ID, "bot_id": ID, "subtype": TEXT}
EVENT = {"type": str, "user": ENTITY, "channel": ENTITY, "text": TEXT, "ts": TS, "thread_ts": TS, "event_ts": TS,
         "subtype": TEXT, "bot_id": ID, "channel_type": TEXT, "tab": TEXT, "team": ID, "user_team": ID,
         "files": [dict], "item": (dict, None), "message": (MESSAGE, None), "previous_message": (MESSAGE, None)}
VIEW = {"type": str, "callback_id": str, "private_metadata": TEXT, "id": ID, "hash": TEXT, "team_id": ID,
        "app_installed_team_id": ID, "state": STATE, "blocks": [dict]}
ACTION = {"action_id": str, "value": TEXT, "block_id": TEXT, "type": TEXT, "action_ts": TS,
          "selected_option": ({"value": TEXT}, None)}
# what Bolt and the listeners read, and as what; a key that is absent is left to them
BODY = {
    "type": str, "team": ENTITY, "user": ENTITY, "channel": ENTITY, "enterprise": ENTITY,
    "team_id": ID, "user_id": ID, "channel_id": ID, "enterprise_id": ID, "api_app_id": ID,
    "event_id": _pattern(r"[A-Za-z0-9]{1,64}"), "command": str, "text": str, "callback_id": str, "trigger_id": TEXT,
    "response_url": URL,
    "response_urls": [{"response_url": URL}], "authorizations": [{"team_id": ID, "enterprise_id": ID, "user_id": ID}],
    "event": EVENT, "view": VIEW, "actions": [ACTION], "container": {"type": TEXT, "channel_id": ID,
                                                                     "message_ts": TS, "thread_ts": TS},
    "message": MESSAGE, "state": STATE,
}
NEEDS = {  # what each kind of payload cannot do without
    "event_callback": ("event.type",), "block_actions": ("actions.0.action_id",),
    "view_submission": ("view.type", "view.callback_id"), "view_closed": ("view.type", "view.callback_id"),
    "message_action": ("callback_id",), "shortcut": ("callback_id",),
}


def without_nul(value: Any) -> Any:
    """The payload without U+0000, which no one can type and PostgreSQL cannot store in text."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {key: without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value


def malformed(body: Any) -> str | None:
    """What, if anything, makes this body a shape Slack never sends."""
    if not isinstance(body, dict):
        return "not an object"
    for key, shape in BODY.items():
        if key in body and not _fits(body[key], shape):
            return f"{key} is not what Slack sends"
    for path in NEEDS.get(body["type"] if isinstance(body.get("type"), str) else "", ()):
        if not _has(body, path.split(".")):
            return f"{body['type']} without {path}"
    return None


def _has(value: Any, path: list[str]) -> bool:
    for key in path:
        if isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        elif isinstance(value, dict) and key in value:
            value = value[key]
        else:
            return False
    return value not in (None, [], {})


def _fits(value: Any, shape: Any) -> bool:
    """`shape`: a type; None; a tuple of alternatives; [item shape] for a list; {key: shape} for an object whose
    keys, when present, fit ("*": every key); or a test of the value."""
    if shape is None:
        return value is None
    if isinstance(shape, tuple):
        return any(_fits(value, alternative) for alternative in shape)
    if isinstance(shape, list):
        return isinstance(value, list) and all(_fits(item, shape[0]) for item in value)
    if isinstance(shape, dict):
        return isinstance(value, dict) and all(
            _fits(item, shape[key] if key in shape else shape.get("*", object)) for key, item in value.items())
    if not isinstance(shape, type):
        return bool(shape(value))
    return isinstance(value, shape) and not (isinstance(value, bool) and shape is int)

