"""Retrospectives: one open retro per channel, items (went well / to improve / ideas), votes, actions, a summary.

Named items keep their author and time. Anonymous items get the same guarantee as anonymous feedback: they live in
their own table (`anonymous_retro_items`) with no author and no time at all, so their row order never interleaves
with named, timed rows; the request that adds one did not look the person up (bot/privacy.py), and nothing about it
is logged or sent. Wherever items are listed together they are ordered by votes and then by text — never by when
they were written — and anonymous ones show no author.

Closing (by command, or by the clock at `until`) posts the summary to the retro's channel through the outbox, in the
same transaction: grouped by kind, sorted by votes, the actions with their task numbers, owners and deadlines.
Items to improve can be saved as lessons; the person who saves one is the lesson's author ("saved by"), since an
anonymous item has no author to give it and a named one may be saved by someone else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from bot.core import outbox, people, reminders
from bot.core.errors import UserError
from bot.core.mrkdwn import plain
from bot.core.numbers import next_number
from bot.core.privacy import ANONYMITY_WORDS
from bot.lessons import service as lessons
from bot.retros import views
from bot.roles import store as roles
from bot.tasks import service as task_service
from bot.tasks import store as tasks
from bot.text.deadlines import parse_deadline
from storage.db import INSERTS
from storage.models import AnonymousRetroItem, Lesson, Reminder, Retro, RetroAction, RetroItem, RetroVote, Task

KINDS = ("went-well", "improve", "idea")
KIND_WORDS = {
    "went-well": "went-well", "went_well": "went-well", "wentwell": "went-well", "well": "went-well",
    "good": "went-well", "做得好": "went-well", "好": "went-well",
    "improve": "improve", "improvement": "improve", "improvements": "improve", "改进": "improve",
    "待改进": "improve", "需改进": "improve",
    "idea": "idea", "ideas": "idea", "想法": "idea", "点子": "idea", "建议": "idea",
}
MAX_NAME = 200
MAX_TEXT = 3000
UNTIL = re.compile(r"(?:(?:^|\s)(?:until|till)\s+|\s*(?:截止(?:到|至|于)?|直到)\s*)(?P<when>\S.*)$", re.I)
LESSON_TAG = "retro"

Item = RetroItem | AnonymousRetroItem


@dataclass(frozen=True)
class ItemText:
    kind: str
    anonymous: bool
    text: str


def kind_of(word: str) -> str | None:
    return KIND_WORDS.get(word.lower().rstrip(":：,，"))


def parse_item(raw: str) -> ItemText | None:
    """`improve …`, `anonymous improve …`, `improve anon …` (and 改进 / 匿名 …) → the item; None when the first two
    words name no kind. The anonymity marker counts among the first two words only — the very rule the middleware
    used to decide, before anything else, not to look the person up (bot/privacy.py)."""
    words = (raw or "").split()
    head = words[:2]
    anonymous = any(word.lower() in ANONYMITY_WORDS for word in head)
    kinds = [(i, kind_of(word)) for i, word in enumerate(head) if kind_of(word)]
    if not kinds:
        return None
    position, kind = kinds[0]
    rest = [w for i, w in enumerate(words) if i != position and not (i < 2 and w.lower() in ANONYMITY_WORDS)]
    if position == 1 and not anonymous:
        return None  # `something improve …` is not an item
    return ItemText(kind, anonymous, " ".join(plain(" ".join(rest)).split()))


# ---- retros -----------------------------------------------------------------------------------------------------

def open_in(session: Session, team_id: str, channel_id: str | None) -> Retro:
    retro = session.scalars(select(Retro).where(Retro.team_id == team_id, Retro.channel_id == (channel_id or ""),
                                                Retro.status == "open").order_by(Retro.number.desc())).first()
    if retro is None:
        raise UserError("retro.none_open")
    return retro


def start(session: Session, team_id: str, creator_id: str, channel_id: str, raw: str, *, tz: str,
          now: datetime) -> Retro:
    """`Sprint 12 [until Friday]`: opens a retro in the channel; with `until`, the clock closes it then."""
    name, until = _name_and_until(session, team_id, plain(raw), tz=tz, now=now)
    _lock_channel(session, team_id, channel_id)
    existing = session.scalars(select(Retro).where(Retro.team_id == team_id, Retro.channel_id == channel_id,
                                                   Retro.status == "open")).first()
    if existing is not None:
        raise UserError("retro.already_open", number=existing.number, name=views.inline(existing.name))
    retro = Retro(team_id=team_id, number=next_number(session, team_id, "retro"), name=name, channel_id=channel_id,
                  creator_id=creator_id, until=until, status="open", created_at=now)
    session.add(retro)
    session.flush()
    if until is not None:
        reminders.schedule(session, team_id, "retro.close", until, _close_key(retro), subject_id=retro.id)
    creator = people.stored(session, team_id, creator_id)
    text_out, blocks = views.announcement(retro, creator.locale, tz)
    outbox.post(session, team_id, channel_id, text_out, now, blocks=blocks, dedupe_key=f"retro:{retro.id}:started")
    return retro


def add_item(session: Session, team_id: str, channel_id: str | None, item: ItemText, author_id: str,
             now: datetime) -> tuple[Retro, Item]:
    """Add an item to the channel's open retro. For an anonymous item `author_id` and `now` are not used at all."""
    if not item.text:
        raise UserError("retro.item_empty")
    if len(item.text) > MAX_TEXT:
        raise UserError("retro.item_too_long", limit=MAX_TEXT, length=len(item.text))
    retro = open_in(session, team_id, channel_id)
    if item.anonymous:
        row: Item = AnonymousRetroItem(team_id=team_id, retro_id=retro.id, kind=item.kind, text=item.text)
    else:
        row = RetroItem(team_id=team_id, retro_id=retro.id, kind=item.kind, text=item.text, author_id=author_id,
                        created_at=now)
    session.add(row)
    session.flush()
    return retro, row


def add_action(session: Session, team_id: str, channel_id: str | None, creator_id: str, text_in: str, *, tz: str,
               now: datetime) -> tuple[Retro, task_service.Created]:
    """`/retro action <title> [@owner] [deadline]`: a task (source "retro") linked to the channel's open retro."""
    retro = open_in(session, team_id, channel_id)
    if not text_in.strip():
        raise UserError("retro.action_needs_title")
    created = task_service.create_from_text_in(session, team_id=team_id, creator_id=creator_id, tz=tz, text=text_in,
                                               now=now, channel_id=retro.channel_id, source="retro")
    session.add(RetroAction(retro_id=retro.id, task_id=created.task.id, team_id=team_id))
    return retro, created


def close(session: Session, team_id: str, channel_id: str | None, actor_id: str, now: datetime, *,
          actor_is_admin: bool) -> Retro:
    """The person who started it, managers and workspace admins may close the channel's open retro."""
    retro = open_in(session, team_id, channel_id)
    if actor_id != retro.creator_id and not roles.is_manager(session, team_id, actor_id, is_admin=actor_is_admin):
        raise UserError("retro.close_not_allowed", creator=views.who(retro.creator_id))
    if not _finish(session, retro, now, automatic=False):
        raise UserError("retro.none_open")
    return retro


@reminders.kind("retro.close", on_skip=lambda session, reminder, now: _close_on_time(session, reminder, now))
def close_on_time(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    """`until` has come: close the retro and post its summary (a retro closed or moved meanwhile is obsolete)."""
    return _close_on_time(session, reminder, now)


def _close_on_time(session: Session, reminder: Reminder, now: datetime) -> str | None:
    """Also when every clock was down past the grace period: a late summary is better than none."""
    retro = session.get(Retro, reminder.subject_id)
    if retro is None or retro.status != "open" or retro.until is None or reminder.dedupe_key != _close_key(retro):
        return "obsolete"
    return None if _finish(session, retro, now, automatic=True) else "obsolete"


def _finish(session: Session, retro: Retro, now: datetime, *, automatic: bool) -> bool:
    """Close once (conditional UPDATE: a command and the clock at the same moment close it once) and post the
    summary in the same transaction."""
    won = session.execute(update(Retro).where(Retro.id == retro.id, Retro.status == "open")
                          .values(status="closed", closed_at=now)).rowcount
    if won != 1:
        return False
    session.refresh(retro)
    reminders.cancel_pending(session, retro.team_id, "retro.", retro.id)
    creator = people.stored(session, retro.team_id, retro.creator_id)  # the channel reads the creator's language
    text_out, blocks = views.summary(retro, board(session, retro), creator.locale, creator.tz, automatic=automatic)
    outbox.post(session, retro.team_id, retro.channel_id, text_out, now, blocks=blocks,
                dedupe_key=f"retro:{retro.id}:summary")
    return True


# ---- the board: items with votes, and actions -------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    ref: str  # `n12` (named) or `a7` (anonymous): what a button carries
    kind: str
    text: str
    author_id: str | None  # None for anonymous items
    votes: int
    mine: bool  # the viewer voted for it


@dataclass(frozen=True)
class Board:
    entries: list[Entry]  # by kind, then votes (most first), then text — never by time
    actions: list[Task]


def board(session: Session, retro: Retro, viewer_id: str | None = None) -> Board:
    counts: dict[tuple[bool, int], int] = {}
    for anonymous, item_id, count in session.execute(
            select(RetroVote.anonymous, RetroVote.item_id, func.count())
            .where(RetroVote.team_id == retro.team_id, RetroVote.retro_id == retro.id)
            .group_by(RetroVote.anonymous, RetroVote.item_id)):
        counts[(bool(anonymous), item_id)] = int(count)
    mine: set[tuple[bool, int]] = set()
    if viewer_id:
        mine = {(bool(a), i) for a, i in session.execute(
            select(RetroVote.anonymous, RetroVote.item_id).where(RetroVote.team_id == retro.team_id,
                                                                 RetroVote.retro_id == retro.id,
                                                                 RetroVote.user_id == viewer_id))}
    entries = []
    for model, anonymous in ((RetroItem, False), (AnonymousRetroItem, True)):
        for row in session.scalars(select(model).where(model.team_id == retro.team_id, model.retro_id == retro.id)):
            key = (anonymous, row.id)
            entries.append(Entry(ref=("a" if anonymous else "n") + str(row.id), kind=row.kind, text=row.text,
                                 author_id=None if anonymous else row.author_id, votes=counts.get(key, 0),
                                 mine=key in mine))
    order = {kind: i for i, kind in enumerate(KINDS)}
    entries.sort(key=lambda e: (order.get(e.kind, len(KINDS)), -e.votes, e.text.casefold(), e.text, e.ref))
    actions = list(session.scalars(
        select(Task).join(RetroAction, RetroAction.task_id == Task.id)
        .where(RetroAction.team_id == retro.team_id, RetroAction.retro_id == retro.id, Task.status != "deleted")
        .order_by(Task.number)))
    return Board(entries, actions)


def find_item(session: Session, team_id: str, ref: str) -> tuple[Retro, Item]:
    """`n12` / `a7` from a button, within this workspace only."""
    match = re.fullmatch(r"([na])(\d{1,12})", (ref or "").strip())
    row = None
    if match:
        model = AnonymousRetroItem if match.group(1) == "a" else RetroItem
        row = session.scalar(select(model).where(model.team_id == team_id, model.id == int(match.group(2))))
    if row is None:
        raise UserError("retro.item_not_found")
    retro = session.scalar(select(Retro).where(Retro.team_id == team_id, Retro.id == row.retro_id))
    if retro is None:
        raise UserError("retro.item_not_found")
    return retro, row


_VOTE = {name: insert(RetroVote).on_conflict_do_nothing() for name, insert in INSERTS.items()}


def toggle_vote(session: Session, team_id: str, ref: str, user_id: str) -> Retro:
    """One vote per person per item: a first press votes, a second takes the vote back. Open retros only."""
    retro, row = find_item(session, team_id, ref)
    if retro.status != "open":
        raise UserError("retro.vote_closed", number=retro.number)
    anonymous = isinstance(row, AnonymousRetroItem)
    taken_back = session.execute(delete(RetroVote).where(
        RetroVote.team_id == team_id, RetroVote.retro_id == retro.id, RetroVote.anonymous == anonymous,
        RetroVote.item_id == row.id, RetroVote.user_id == user_id)).rowcount
    if not taken_back:
        session.execute(_VOTE[session.get_bind().dialect.name], [{
            "team_id": team_id, "retro_id": retro.id, "anonymous": anonymous, "item_id": row.id, "user_id": user_id}])
    return retro


def save_as_lesson(session: Session, team_id: str, ref: str, saver_id: str, now: datetime) -> tuple[Lesson, bool]:
    """An item to improve becomes a lesson of the retro's channel, with the person who saves it as its author.
    Returns (lesson, created); saving the same item again finds the lesson already made."""
    retro, row = find_item(session, team_id, ref)
    if row.kind != "improve":
        raise UserError("retro.lesson_only_improve")
    existing = lessons.same_text(session, team_id, retro.channel_id, row.text)
    if existing is not None:
        return existing, False
    lesson = lessons.add(session, team_id, saver_id, lessons.Parsed(row.text, (LESSON_TAG,)), retro.channel_id,
                         now)
    return lesson, True


# ---- helpers ----------------------------------------------------------------------------------------------------

def _name_and_until(session: Session, team_id: str, raw: str, *, tz: str, now: datetime) -> tuple[str,
                                                                                                   datetime | None]:
    raw = " ".join(raw.split())
    until = None
    match = UNTIL.search(raw)
    if match:
        phrase = match.group("when").strip()
        deadline = parse_deadline(phrase, now=now, tz=tz, default_time=tasks.team_defaults(session, team_id).due_time)
        if deadline is None:
            raise UserError("retro.until_not_understood", words=views.inline(phrase[:100]))
        if deadline.due <= now:
            raise UserError("retro.until_past", words=views.inline(phrase[:100]))
        until = deadline.due
        raw = raw[:match.start()].strip()
    name = raw.strip(" -:,;—，：；")
    if not name:
        raise UserError("retro.no_name")
    if len(name) > MAX_NAME:
        raise UserError("retro.name_too_long", limit=MAX_NAME, length=len(name))
    return name, until


def _lock_channel(session: Session, team_id: str, channel_id: str) -> None:
    """One open retro per channel, even when two people start one at the same moment. SQLite's `BEGIN IMMEDIATE`
    already serialises writers; on PostgreSQL a transaction-scoped advisory lock per channel does."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"retro:{team_id}:{channel_id}"})


def _close_key(retro: Retro) -> str:
    return f"retro:{retro.id}:close:{int(retro.until.timestamp())}" if retro.until else f"retro:{retro.id}:close"
