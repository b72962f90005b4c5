"""What `/teambot purge` shows: the question, with the buttons that answer it."""

from __future__ import annotations

from bot.core import blocks as bk
from bot.core.blocks import Block
from bot.core.i18n import t

PURGE, KEEP = "teambot.purge", "teambot.keep"


def confirm_purge(locale: str) -> tuple[str, list[Block]]:
    question = t("admin.purge_confirm", locale)
    return question, [
        bk.section(question),
        bk.actions(bk.button(t("admin.purge_button", locale), PURGE, "purge", "danger"),
                   bk.button(t("btn.cancel", locale), KEEP, "keep")),
    ]
