"""What every listener shares, so each feature's handlers only translate and render.

- `Ctx`: the request as the core sees it (`ctx.caller`), plus the Web API client for modals.
- `Command`: one slash command — `help`, subcommands found by their English or Chinese words (bot/<feature>/parse.py
  lists them), numbered subcommands (`/task done 12`), and what plain text means. A `UserError` raised anywhere
  below becomes one ephemeral message in the asker's language: the one error path.
- `on_click` / `on_submit`: buttons and modal submissions with the same error path (an ephemeral note for a click,
  field errors for a form).
- `ephemeral`, `replace`, `beside`, `for_channel`: the shapes of a reply.

A card shared in a channel (a mention's reply, a report) is seen by everyone there, in the language it was posted
in; whoever clicks it, only a reply written for the channel (`for_channel`) may replace it. Anything else —
a problem with the click, a card rendered in the clicker's language — is shown to the clicker alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core.caller import Caller
from bot.core.errors import UserError
from bot.core.mrkdwn import escape, plain
from bot.core.numbers import parse_number
from bot.core.people import Person
from bot.core.subcommands import Subcommands

Reply = dict[str, Any]
HELP_WORDS = frozenset({"", "help", "-h", "--help", "?", "帮助", "幫助"})


# ---- replies ------------------------------------------------------------------------------------------------------

def ephemeral(text: str, blocks: list[dict[str, Any]] | None = None) -> Reply:
    """A reply only the asker sees (the keyword arguments of `ack()` or `respond()`)."""
    reply: Reply = {"response_type": "ephemeral", "text": text}
    if blocks:
        reply["blocks"] = blocks
    return reply


def replace(reply: Reply) -> Reply:
    """A click's answer that takes the place of the message that was clicked."""
    return dict(reply, replace_original=True)


def beside(reply: Reply) -> Reply:
    """A click's answer shown next to the message that was clicked, which stays as it is."""
    return dict(reply, replace_original=False)


def for_channel(reply: Reply) -> Reply:
    """A click's answer that takes the place of a card shared in a channel, written for everyone who sees it."""
    return dict(reply, replace_original=True, response_type="in_channel")


# ---- the request --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ctx:
    caller: Caller
    client: WebClient | None = None
    bot_user_id: str | None = None
    trigger_id: str | None = None

    @classmethod
    def of(cls, context: BoltContext, client: WebClient | None = None, trigger_id: str | None = None) -> Ctx:
        person: Person = context["person"]
        caller = Caller.of(context["env"], context.team_id or "", person, context.channel_id,
                           delivery=context.get("delivery"))
        return cls(caller, client or context.client, context.bot_user_id, trigger_id)

    @property
    def team_id(self) -> str:
        return self.caller.team_id

    @property
    def user_id(self) -> str:
        return self.caller.user_id

    @property
    def channel_id(self) -> str | None:
        return self.caller.channel_id

    @property
    def person(self) -> Person:
        return self.caller.person

    @property
    def locale(self) -> str:
        return self.caller.locale

    @property
    def tz(self) -> str:
        return self.caller.tz

    @property
    def now(self) -> datetime:
        return self.caller.now

    def t(self, key: str, **values: object) -> str:
        return self.caller.t(key, **values)

    def say(self, key: str, **values: object) -> Reply:
        """An ephemeral catalogue message."""
        return ephemeral(self.t(key, **values))

    def reader(self, user_id: str) -> Person:
        """What we already know of someone else (no Slack call, no write): whose language a shared card is in."""
        env = self.caller.env
        return env.people.peek(env.db, self.team_id, user_id)

    def fail(self, error: UserError) -> Reply:
        """The one way a problem the person can fix is told: ephemeral, in their language."""
        return ephemeral(self.t(error.key, **error.values))

    def open_modal(self, view: dict[str, Any]) -> None:
        assert self.client is not None
        self.client.views_open(trigger_id=self.trigger_id, view=view)


# ---- slash commands -----------------------------------------------------------------------------------------------

class PlainText(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a subcommand whose word matched but whose arguments say the whole text is plain text after all
    (`/risk update the build scripts L3 I4` is a risk, not `update`)."""


Subcommand = Callable[[Ctx, str], Reply | None]
H = TypeVar("H", bound=Callable[..., Reply | None])


@dataclass
class Command:
    """One slash command and the features's listeners for it."""

    name: str                       # "/task"
    words: Subcommands
    help_key: str
    number_key: str = "needs_number"  # "Which task? e.g. `/task done 12`"
    _subs: dict[str, tuple[Callable[..., Reply | None], str]] = field(default_factory=dict)
    _plain: Subcommand | None = None
    _empty: Subcommand | None = None

    def on(self, name: str, *, numbered: bool = False, else_plain: bool = False) -> Callable[[H], H]:
        """Register the handler of subcommand `name` (a key of `words`). `numbered`: it takes `#12` first, and
        without one the person is asked which; `else_plain`: words but no number make the whole text plain text
        (`/risk update the build scripts L3 I4` is a risk)."""
        if name not in self.words:
            raise ValueError(f"{self.name}: {name!r} is not in its subcommand table")
        shape = ("numbered_else_plain" if else_plain else "numbered") if numbered else "free"

        def register(handler: H) -> H:
            self._subs[name] = (handler, shape)
            return handler

        return register

    def otherwise(self, handler: H) -> H:
        """What text that starts with no subcommand word means (e.g. `/task <title>` creates a task)."""
        self._plain = handler
        return handler

    def when_empty(self, handler: H) -> H:
        """What the bare command does (help, unless said otherwise)."""
        self._empty = handler
        return handler

    def register(self, app: App) -> None:
        missing = set(self.words.table) - set(self._subs)
        if missing:
            raise ValueError(f"{self.name}: no handler for {sorted(missing)}")
        app.command(self.name)(self.listener)

    def listener(self, ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ctx = Ctx.of(context, client, command.get("trigger_id"))
        ack(**(self.dispatch(ctx, command.get("text") or "") or {}))

    def dispatch(self, ctx: Ctx, text: str) -> Reply | None:
        return attempt(ctx, self._dispatch, text)

    def _dispatch(self, ctx: Ctx, text: str) -> Reply | None:
        word, rest = split_command(text)
        if word == "" and self._empty is not None:
            return self._empty(ctx, "")
        if word in HELP_WORDS:
            return ephemeral(self.help(ctx))
        name = self.words.find(word)
        if name is not None:
            try:
                return self._run(ctx, name, word, rest)
            except PlainText:
                pass
        if self._plain is not None:
            return self._plain(ctx, text)
        unknown = ctx.t("unknown_subcommand", command=self.name.lstrip("/"), word=escape(plain(word)[:30]))
        return ephemeral(unknown + "\n" + self.help(ctx))

    def _run(self, ctx: Ctx, name: str, word: str, rest: str) -> Reply | None:
        handler, shape = self._subs[name]
        if shape == "free":
            return handler(ctx, rest)
        number_word, _, argument = rest.partition(" ")
        number = parse_number(number_word)
        if number is None and rest and shape == "numbered_else_plain":
            raise PlainText
        if number is None:
            raise UserError(self.number_key, command=self.name.lstrip("/"), word=escape(plain(word)[:30]))
        return handler(ctx, number, argument.strip())

    def help(self, ctx: Ctx) -> str:
        """The command's usage, then every subcommand's Chinese word(s)."""
        pairs = " · ".join(f"`{zh}` {name}" for zh, name in self.words.chinese())
        return ctx.t(self.help_key) + "\n" + ctx.t("help.chinese_words", words=pairs)


def attempt(ctx: Ctx, handler: Callable[..., Reply | None], *args: Any) -> Reply | None:
    """Run a handler; a problem the person can fix becomes their ephemeral message. The one error path."""
    try:
        return handler(ctx, *args)
    except UserError as error:
        return ctx.fail(error)


def split_command(text: str | None) -> tuple[str, str]:
    """`'list mine'` → (`'list'`, `'mine'`): the first word lower-cased, the rest as typed."""
    text = (text or "").strip()
    word, _, rest = text.partition(" ")
    return word.lower(), rest.strip()


def is_help(word: str) -> bool:
    return word in HELP_WORDS


# ---- buttons ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Click:
    """A button press: which one, its value, and where the message it sits on is."""

    action_id: str
    value: str
    trigger_id: str | None
    channel_id: str | None
    message_ts: str | None
    in_view: bool  # pressed in App Home or a modal, not on a message
    response_url: str | None
    shared: bool  # on a message everyone in a channel sees: not ephemeral, not the clicker's DM with us

    @classmethod
    def of(cls, body: dict[str, Any]) -> Click:
        action = (body.get("actions") or [{}])[0]
        container = body.get("container") or {}
        channel = body.get("channel")
        channel_id = container.get("channel_id") or (channel.get("id") if isinstance(channel, dict) else channel)
        in_view = container.get("type") == "view"
        in_a_dm = not channel_id or channel_id.startswith("D")  # the clicker's DM with us: theirs alone
        return cls(action_id=str(action.get("action_id") or ""), value=str(action.get("value") or ""),
                   trigger_id=body.get("trigger_id"), channel_id=channel_id,
                   message_ts=container.get("message_ts"), in_view=in_view, response_url=body.get("response_url"),
                   shared=not (in_view or in_a_dm or container.get("is_ephemeral")))

    @property
    def number(self) -> int:
        """The `#12` a button carries; a forged or stale value is a problem the person is told about."""
        number = parse_number(self.value)
        if number is None:
            raise UserError("stale_button")
        return number


C = TypeVar("C", bound=Callable[[Ctx, Click], Reply | None])


def on_click(app: App, *action_ids: str) -> Callable[[C], C]:
    """Register a button handler: acked at once; its reply is sent through the response_url (`replace` or
    `beside` says where, `for_channel` for a shared card); a UserError is an ephemeral note beside the message."""

    def register(handler: C) -> C:
        def listener(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond,
                     client: WebClient) -> None:
            ack()
            click = Click.of(body)
            ctx = Ctx.of(context, client, click.trigger_id)
            reply = attempt(ctx, handler, click)
            if reply and click.response_url:  # App Home has no response_url: its handler republishes it instead
                if click.shared and reply.get("response_type") != "in_channel":
                    reply = beside(reply)  # written for the clicker: the channel's card stays as it is
                respond(**dict({"replace_original": False}, **reply))

        for action_id in action_ids:
            app.action(action_id)(listener)
        return handler

    return register


# ---- modals -------------------------------------------------------------------------------------------------------

class FormErrors(Exception):  # noqa: N818 - carries what to show, field by field
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Form:
    """A submitted modal's values; each input's action_id is its block id (bot.core.blocks.field)."""

    callback_id: str
    state: dict[str, Any]
    meta: dict[str, Any]

    @classmethod
    def of(cls, view: dict[str, Any]) -> Form:
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
        except ValueError:
            meta = {}
        return cls(str(view.get("callback_id") or ""), (view.get("state") or {}).get("values") or {},
                   meta if isinstance(meta, dict) else {})

    def element(self, block_id: str) -> dict[str, Any]:
        return (self.state.get(block_id) or {}).get(block_id) or {}

    def has(self, block_id: str) -> bool:
        return block_id in self.state

    def text(self, block_id: str) -> str:
        return str(self.element(block_id).get("value") or "").strip()

    def user(self, block_id: str) -> str | None:
        return self.element(block_id).get("selected_user")

    def choice(self, block_id: str) -> str | None:
        return (self.element(block_id).get("selected_option") or {}).get("value")

    def moment(self, block_id: str) -> datetime | None:
        stamp = self.element(block_id).get("selected_date_time")
        return datetime.fromtimestamp(int(stamp), UTC) if stamp else None


S = TypeVar("S", bound=Callable[[Ctx, Form], Reply | None])


def on_submit(app: App, callback_id: str, *, field_of: Callable[[str], str]) -> Callable[[S], S]:
    """Register a modal's submission handler. A UserError is shown on the field `field_of(error.key)` names, and
    the modal stays open; `FormErrors` shows several at once."""

    def register(handler: S) -> S:
        def listener(ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient) -> None:
            ctx = Ctx.of(context, client)
            try:
                reply = handler(ctx, Form.of(view))
            except FormErrors as errors:
                reply = {"response_action": "errors", "errors": errors.errors}
            except UserError as error:
                reply = {"response_action": "errors", "errors": {field_of(error.key): ctx.t(error.key, **error.values)}}
            ack(**(reply or {}))

        app.view(callback_id)(listener)
        return handler

    return register
