"""What `/report kpi` shows: the digest's delivery section for the chosen period."""

from __future__ import annotations

from bot.core.blocks import Block
from bot.core.i18n import t
from bot.digest import views as digest
from bot.digest.kpi import Report


def kpi(report: Report, tz: str, locale: str) -> tuple[str, list[Block]]:
    return t("digest.delivery", locale), digest.kpi_blocks(report, tz, locale)
