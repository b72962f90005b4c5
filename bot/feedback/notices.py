"""What people are told about feedback: the managers get new items in batches, an author hears when their named
feedback was answered or addressed. Anonymous feedback has nobody to tell: its notices name no author because
there is none to name.
"""

from __future__ import annotations

from bot.core.i18n import t
from bot.core.mrkdwn import mention
from bot.core.notify import Notice, Rendered
from bot.core.people import Person
from bot.feedback import views
from bot.feedback.store import Item
from storage.models import Feedback


def batch(items: list[Item], managers: list[str], dedupe_prefix: str) -> list[Notice]:
    """One message per manager for all the items of a delivery, once however often the delivery is retried."""

    def render(reader: Person) -> Rendered:
        return views.batch(items, reader.locale)

    return [Notice(manager, render, dedupe_key=f"{dedupe_prefix}:{manager}") for manager in managers]


def addressed(item: Item, manager_id: str) -> list[Notice]:
    """The author of named feedback is thanked when a manager marks it addressed."""
    if not isinstance(item, Feedback):
        return []

    def render(reader: Person) -> Rendered:
        return t("feedback.addressed_dm", reader.locale, ref=views.label(item), manager=mention(manager_id)), None

    return [Notice(item.author_id, render)]


def reply(item: Feedback, manager_id: str, text: str) -> Notice:
    """A manager's answer, by DM to the author, with what they wrote underneath."""

    def render(reader: Person) -> Rendered:
        return views.reply_to_author(item, manager_id, text, reader.locale)

    return Notice(item.author_id, render)
