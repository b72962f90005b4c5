"""The words people type after `/teambot`."""

from __future__ import annotations

from bot.core.subcommands import Subcommands

SUBCOMMANDS = Subcommands({
    "purge": ("清除", "清空"),
})
