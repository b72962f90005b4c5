"""App wiring: the Bolt app, its global middleware and the one error handler.

`process_before_response=True`: the listener runs before the HTTP response is written and `ack()`'s content *is*
the response, so a slash command's ephemeral reply costs no extra Web API call and no ack polling.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError, BoltUnhandledRequestError
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.webhook import WebhookClient
from sqlalchemy.exc import IntegrityError, OperationalError

import handlers
from bot.config import ConfigError, Settings
from bot.core import events, privacy
from bot.core.caller import Env
from bot.core.i18n import t
from bot.core.people import Person

log = logging.getLogger(__name__)


class Host(Protocol):
    """What the app needs from the process that runs it (bot.runtime.Runtime)."""

    settings: Settings
    env: Env
    client: WebClient | None
    installations: Any


def create_app(host: Host, *, verify_token: bool = True, verify_signatures: bool = True) -> App:
    try:
        app = _bolt_app(host, verify_token, verify_signatures)
    except BoltError as exc:  # auth.test refused the token or could not reach Slack
        raise ConfigError(f"SLACK_BOT_TOKEN was not accepted at {host.settings.api_url}: "
                          f"{str(exc).splitlines()[0][:200]}") from exc
    env = host.env

    @app.use
    def attach_person(context: BoltContext, body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        """Put the process's services and the speaking person in the context; drop Events API deliveries seen
        before. An anonymous post never looks its poster up (no users.info call, no profile write)."""
        context["env"] = env
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id and not _first_delivery(env, context.team_id or body.get("team_id") or "", event_id):
            log.info("event %s already handled; ignoring the retry", event_id)
            return BoltResponse(status=200, body="")
        if context.user_id and context.team_id and privacy.asks_anonymity(body.get("command"), body.get("text")):
            context["person"] = env.people.peek(env.db, context.team_id, context.user_id)
        elif context.user_id and context.team_id:
            context["person"] = env.people.get(env.db, context.team_id, context.user_id, env.now())
        else:
            context["person"] = Person.unknown(context.user_id or "", host.settings.default_timezone)
        next()
        return None

    @app.error
    def on_error(error: Exception, body: dict[str, Any], context: BoltContext) -> BoltResponse:
        if isinstance(error, BoltUnhandledRequestError):
            log.debug("no listener for this request; acknowledged and ignored")
            return BoltResponse(status=200, body="")
        person: Person | None = context.get("person")
        locale = person.locale if person else None
        if isinstance(error, OperationalError):
            log.error("database unavailable while handling %s: %s", _describe(body), error.__class__.__name__)
            message = t("error.db_unavailable", locale)
        else:
            log.exception("unexpected error while handling %s", _describe(body), exc_info=error)
            message = t("error.unexpected", locale)
        return _apology(body, message)

    handlers.register(app)
    return app


def socket_mode_handler(app: App, app_token: str | None) -> SocketModeHandler:
    """Socket Mode: the same app, over a WebSocket Slack opens to us (no public URL needed)."""
    return SocketModeHandler(app, app_token)


def _bolt_app(host: Host, verify_token: bool, verify_signatures: bool) -> App:
    common: dict[str, Any] = {
        "signing_secret": host.settings.signing_secret, "client": host.client, "process_before_response": True,
        "raise_error_for_unhandled_request": True, "request_verification_enabled": verify_signatures,
        "logger": logging.getLogger("bolt")}
    if not host.settings.oauth:
        return App(token_verification_enabled=verify_token, **common)
    app = App(oauth_settings=_oauth_settings(host), installation_store=host.installations, **common)
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


def _first_delivery(env: Env, team_id: str, event_id: str) -> bool:
    try:
        with env.db.session() as session:
            events.remember(session, team_id, event_id, env.now())
        return True
    except IntegrityError:
        return False


def _apology(body: dict[str, Any], message: str) -> BoltResponse:
    """Slash commands get the apology as their ephemeral ack; interactive payloads through their response_url."""
    if isinstance(body, dict) and body.get("command"):
        return BoltResponse(status=200, body=json.dumps({"response_type": "ephemeral", "text": message}),
                            headers={"content-type": "application/json;charset=utf-8"})
    response_url = body.get("response_url") if isinstance(body, dict) else None
    if response_url:
        threading.Thread(target=_post_response, args=(response_url, message), daemon=True).start()
    return BoltResponse(status=200, body="")


def _post_response(url: str, message: str) -> None:
    try:
        WebhookClient(url, timeout=5).send(text=message, response_type="ephemeral", replace_original=False)
    except Exception:  # noqa: BLE001 - best effort: the error itself is already logged
        log.warning("could not deliver the apology to response_url")


def _describe(body: Any) -> str:
    """Enough context to find the request in logs, and never the tokens or the user's text."""
    if not isinstance(body, dict):
        return "a request"
    kind = body.get("command") or body.get("type") or "request"
    event = body.get("event") or {}
    if isinstance(event, dict) and event.get("type"):
        kind = f"event {event['type']}"
    return f"{kind} team={body.get('team_id') or (body.get('team') or {}).get('id')} at {time.strftime('%H:%M:%S')}"
