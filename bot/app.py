"""App wiring: the Web API client, the Bolt app, its global middleware and the one error handler.

`process_before_response=True`: the listener runs before the HTTP response is written and `ack()`'s content *is*
the response, so a slash command's ephemeral reply costs no extra Web API call and no ack polling.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.error import BoltError, BoltUnhandledRequestError
from sqlalchemy.exc import IntegrityError, OperationalError

from bot import events, privacy
from bot.config import ConfigError
from bot.i18n import t
from bot.people import Person
from bot.runtime import Runtime

log = logging.getLogger(__name__)

def create_app(rt: Runtime, *, verify_token: bool = True, verify_signatures: bool = True) -> App:
    try:
        app = _bolt_app(rt, verify_token, verify_signatures)
    except BoltError as exc:  # auth.test refused the token or could not reach Slack
        raise ConfigError(f"SLACK_BOT_TOKEN was not accepted at {rt.settings.api_url}: "
                          f"{str(exc).splitlines()[0][:200]}") from exc


    @app.use
    def attach_runtime(context, body, next) -> BoltResponse | None:  # noqa: ANN001
        """Put the runtime and the speaking person in the context; drop Events API deliveries seen before."""
        context["rt"] = rt
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id and not _first_delivery(rt, context.team_id or body.get("team_id") or "", event_id):
            log.info("event %s already handled; ignoring the retry", event_id)
            return BoltResponse(status=200, body="")
        if context.user_id and context.team_id and privacy.asks_anonymity(body.get("command"), body.get("text")):
            context["person"] = rt.people.peek(rt.db, context.team_id, context.user_id)
        elif context.user_id and context.team_id:
            context["person"] = rt.people.get(rt.db, context.team_id, context.user_id, rt.now())
        else:
            context["person"] = Person.unknown(context.user_id or "", rt.settings.default_timezone)
        next()
        return None

    @app.error
    def on_error(error, body, context, request, response) -> BoltResponse:  # noqa: ANN001
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
        return _apology(rt, body, message)

    from handlers import register

    register(app)
    return app


def socket_mode_handler(app: App, app_token: str | None):  # noqa: ANN201
    """Socket Mode: the same app, over a WebSocket Slack opens to us (no public URL needed)."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    return SocketModeHandler(app, app_token)


def _bolt_app(rt: Runtime, verify_token: bool, verify_signatures: bool) -> App:
    common = {"signing_secret": rt.settings.signing_secret, "client": rt.client, "process_before_response": True,
              "raise_error_for_unhandled_request": True, "request_verification_enabled": verify_signatures,
              "logger": logging.getLogger("bolt")}
    if not rt.settings.oauth:
        return App(token_verification_enabled=verify_token, **common)
    app = App(oauth_settings=_oauth_settings(rt), installation_store=rt.installations, **common)
    app.enable_token_revocation_listeners()  # app_uninstalled / tokens_revoked remove that workspace's tokens
    return app


def _oauth_settings(rt: Runtime):  # noqa: ANN202
    """"Add to Slack": Bolt's OAuth flow at /slack/install and /slack/oauth_redirect, installations and OAuth
    state kept in our database by slack_sdk's SQLAlchemy stores."""
    from slack_bolt.oauth.oauth_settings import OAuthSettings
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    settings = rt.settings
    return OAuthSettings(
        client_id=settings.client_id, client_secret=settings.client_secret, scopes=list(settings.scopes),
        redirect_uri=settings.redirect_uri, installation_store=rt.installations,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=rt.db.plain_engine),
        **({"authorization_url": settings.authorize_url} if settings.authorize_url else {}),
    )


def _first_delivery(rt: Runtime, team_id: str, event_id: str) -> bool:
    try:
        with rt.db.session() as session:
            events.remember(session, team_id, event_id, rt.now())
        return True
    except IntegrityError:
        return False


def _apology(rt: Runtime, body: dict[str, Any], message: str) -> BoltResponse:
    """Slash commands get the apology as their ephemeral ack; interactive payloads through their response_url."""
    if isinstance(body, dict) and body.get("command"):
        return BoltResponse(status=200, body=json.dumps({"response_type": "ephemeral", "text": message}),
                            headers={"content-type": "application/json;charset=utf-8"})
    response_url = body.get("response_url") if isinstance(body, dict) else None
    if response_url:
        threading.Thread(target=_post_response, args=(response_url, message), daemon=True).start()
    return BoltResponse(status=200, body="")


def _post_response(url: str, message: str) -> None:
    from slack_sdk.webhook import WebhookClient

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
