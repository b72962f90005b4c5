"""Every feature teambot has, in one tuple. Adding a feature is one line here plus its package.

A feature named `x` lives in `bot/x/` (rules, service, parse, views, messages, jobs) with its Slack listeners in
`handlers/x.py`. This registry drives everything that must know them all: the message catalogue (each
`bot/x/messages.py`), the clock's reminder kinds and file renderers (each `bot/x/jobs.py`), Slack listener
registration (each `handlers/x.py`), help, the command list, which commands may carry anonymous posts, and the test
that manifest.yml declares exactly what the code listens to.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Feature:
    name: str                  # the package under bot/ and the module under handlers/
    command: str | None        # its slash command, if it has one
    anonymous: bool = False    # takes anonymous posts: the poster is never looked up (bot.core.privacy)

    @property
    def help_key(self) -> str:
        return f"help.{(self.command or self.name).lstrip('/')}"


FEATURES: tuple[Feature, ...] = (
    Feature("tasks", "/task"),
    Feature("meetings", "/meeting"),
    Feature("roles", "/role"),
    Feature("feedback", "/feedback", anonymous=True),
    Feature("risks", "/risk"),
    Feature("changes", "/change"),
    Feature("digest", "/digest"),
    Feature("reports", "/report"),
    Feature("standups", "/standup"),
    Feature("retros", "/retro", anonymous=True),
    Feature("lessons", "/lesson"),
    Feature("admin", "/teambot"),
)


@functools.cache
def commands() -> tuple[str, ...]:
    """`/task`, `/meeting`, … in registry order."""
    return tuple(f.command for f in FEATURES if f.command)


@functools.cache
def anonymous_commands() -> frozenset[str]:
    return frozenset(f.command for f in FEATURES if f.anonymous and f.command)


def modules(template: str) -> list[ModuleType]:
    """The module `template.format(name=…)` of each feature that has one: `"bot.{name}.jobs"`, `"handlers.{name}"`."""
    found = []
    for feature in FEATURES:
        name = template.format(name=feature.name)
        if importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name))
    return found


@functools.cache
def load_jobs() -> None:
    """Import every feature's clock jobs, which register their reminder kinds and file renderers (once)."""
    modules("bot.{name}.jobs")
