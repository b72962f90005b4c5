"""Slack listeners: one module per feature (handlers/<feature>.py, each with `register(app)`), the shared kit, and
the one router for DMs and mentions. The feature registry (bot/features.py) says which modules there are."""

from __future__ import annotations

from slack_bolt import App

from bot.features import modules
from handlers import messages


def register(app: App) -> None:
    dm_readers, mention_readers = {}, {}
    for module in modules("handlers.{name}"):
        module.register(app)
        name = module.__name__.rsplit(".", 1)[1]
        if hasattr(module, "on_dm"):
            dm_readers[name] = module.on_dm
        if hasattr(module, "on_mention"):
            mention_readers[name] = module.on_mention
    messages.register(app, dm_readers=dm_readers, mention_readers=mention_readers)
