"""manifest.yml declares exactly what the code listens to: every slash command, shortcut and event the feature
registry's handlers register, and nothing they do not. A command added in code but not in the manifest would never
reach teambot; one left in the manifest would answer "dispatch_failed"."""

import importlib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import handlers
from bot.features import FEATURES, commands

MANIFEST = yaml.safe_load((Path(__file__).resolve().parent.parent / "manifest.yml").read_text())
# Slack's names for message events are per conversation type; Bolt listens to "message"
EVENT_NAMES = {"message.im": "message"}
# registered by Bolt itself in multi-workspace mode (enable_token_revocation_listeners)
BOLT_EVENTS = {"app_uninstalled", "tokens_revoked"}


class Recorder:
    """Stands in for the Bolt app: records what each listener is registered for."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = defaultdict(set)

    def _record(self, kind: str, name: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        self.seen[kind].add(name if isinstance(name, str) else getattr(name, "pattern", str(name)))
        return lambda listener: listener

    def command(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self._record("command", name)

    def shortcut(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self._record("shortcut", name)

    def event(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self._record("event", name)

    def action(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self._record("action", name)

    def view(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self._record("view", name)


def listened() -> dict[str, set[str]]:
    recorder = Recorder()
    handlers.register(recorder)  # type: ignore[arg-type]
    return recorder.seen


def test_the_manifest_declares_exactly_the_commands_the_code_answers():
    declared = {entry["command"] for entry in MANIFEST["features"]["slash_commands"]}
    assert declared == listened()["command"] == set(commands())


def test_every_command_escapes_mentions_and_channels():
    for entry in MANIFEST["features"]["slash_commands"]:
        assert entry.get("should_escape") is True, entry["command"]


def test_the_manifest_declares_exactly_the_shortcuts_the_code_answers():
    declared = {entry["callback_id"] for entry in MANIFEST["features"].get("shortcuts", [])}
    assert declared == listened()["shortcut"]


def test_the_manifest_subscribes_to_exactly_the_events_the_code_handles():
    declared = {EVENT_NAMES.get(name, name) for name in MANIFEST["settings"]["event_subscriptions"]["bot_events"]}
    assert declared == listened()["event"] | BOLT_EVENTS


def test_every_feature_in_the_registry_has_a_package_and_a_handler_module():
    root = Path(__file__).resolve().parent.parent
    for feature in FEATURES:
        assert (root / "bot" / feature.name / "__init__.py").exists(), feature.name
        assert (root / "handlers" / f"{feature.name}.py").exists(), feature.name


def test_the_readme_lists_every_subcommand_and_its_chinese_words():
    """The table under `<!-- subcommand-words -->` in README.md is what the code's SUBCOMMANDS tables say."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    table = readme.split("<!-- subcommand-words -->", 1)[1].split("\n\n", 1)[0]
    for feature in FEATURES:
        words = importlib.import_module(f"bot.{feature.name}.parse").SUBCOMMANDS
        row = " · ".join(f"{name} `{zh}`" for zh, name in words.chinese())
        assert f"| `{feature.command}` | {row} |" in table, feature.command
