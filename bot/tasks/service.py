"""Tasks, one unit of work per call: each public function opens its own transaction, applies the rules, persists,
tells the people concerned through the outbox, and returns what changed and who was told.

Callers (handlers/tasks.py, the DM and mention router) pass a `Caller` and plain values; nothing here knows Slack's
payloads. Profiles of the people about to be told are refreshed before the write transaction (`Caller.know`), so
notices are in their language and zone without a network call under the write lock.

Who may change what (bot.tasks.rules: STATUS and TERMS) is checked here, in the transaction that makes the change,
so a command, a button and a form — forged or not — all meet the same check. It is looked at once before, too: a
refusal comes before anything else is done, and when only a workspace admin's rights would allow the change, Slack
confirms them first (bot.roles.admins).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import tokens
from bot.core.caller import Caller
from bot.core.errors import UserError
from bot.core.mrkdwn import escape, mention
from bot.roles import admins
from bot.roles import rules as role_rules
from bot.roles import store as roles
from bot.tasks import notices, parse, rules, store
from bot.tasks.parse import TaskText
from bot.tasks.store import Draft, Listing
from bot.text.deadlines import parse_deadline
from storage.models import Task, Workspace


@dataclass(frozen=True)
class Created:
    task: Task
    not_understood: str | None = None
    unknown_mentions: tuple[str, ...] = ()
    parent: tuple[int, int, int] | None = None  # (parent's number, subtasks done, subtasks in all)
    told: tuple[str, ...] = ()


@dataclass(frozen=True)
class Changed:
    task: Task
    subtasks: tuple[int, int] | None = None
    told: tuple[str, ...] = ()
    no_pm: bool = False  # a block with no project manager named: the creator and owner were told instead


# ---- creating -----------------------------------------------------------------------------------------------------

def create_from_text(caller: Caller, text: str, *, source: str, parent_number: int | None = None) -> Created:
    """Parse and create in one go, so every path (command, mention, DM, subtask) makes the same task; the owner is
    told when it is someone else. A subtask reports on its parent, so it takes the right to change the parent's
    STATUS."""
    if not text.strip():
        raise UserError("task.no_title")
    admin = _admin_for(caller, parent_number, rules.STATUS) if parent_number is not None else False
    caller.know(tokens.users(text)[:1])
    with caller.writing() as session:
        if parent_number is not None:
            _require(session, caller, store.get(session, caller.team_id, parent_number), rules.STATUS, admin)
        return create_from_text_in(session, team_id=caller.team_id, creator_id=caller.user_id, tz=caller.tz,
                                   text=text, now=caller.now, channel_id=caller.channel_id, source=source,
                                   parent_number=parent_number)


def create_from_text_in(session: Session, *, team_id: str, creator_id: str, tz: str, text: str, now: datetime,
                        channel_id: str | None, source: str, parent_number: int | None = None) -> Created:
    """The same inside another feature's transaction (a retro action becomes a task with its retro)."""
    defaults = store.team_defaults(session, team_id)
    parsed = parse.parse_task_text(text, now=now, tz=tz, default_time=defaults.due_time)
    deadline = parsed.deadline
    task = store.create(session, team_id, creator_id, Draft(
        title=parsed.title, owner_id=parsed.owner_id, watcher_ids=parsed.watcher_ids,
        due_at=deadline.due if deadline else None, due_date_only=bool(deadline and deadline.date_only),
        channel_id=channel_id, source=source, remind_minutes=parsed.remind_minutes, parent_number=parent_number,
    ), now, defaults=defaults)
    told = notices.tell_new_owner(session, task, creator_id, now)
    parent = None
    if task.parent_id is not None:
        parent_task = session.get(Task, task.parent_id)
        assert parent_task is not None
        done, total = store.subtask_progress(session, team_id, [parent_task.id]).get(parent_task.id, (0, 0))
        parent = (parent_task.number, done, total)
    return Created(task, parsed.not_understood, parsed.unknown_mentions, parent, told)


def create_from_form(caller: Caller, *, title: str, owner_id: str | None, due_at: datetime | None,
                     description: str, channel_id: str | None, permalink: str | None, source: str) -> Created:
    """The create modal (App Home's New task, the message shortcut). A modal has no reply, so the creator gets the
    card by DM."""
    caller.know([owner_id])
    with caller.writing() as session:
        task = store.create(session, caller.team_id, caller.user_id, Draft(
            title=title, owner_id=owner_id, due_at=due_at, description=description, channel_id=channel_id,
            permalink=permalink, source=source), caller.now)
        told = notices.tell_new_owner(session, task, caller.user_id, caller.now)
        notices.card_to(session, task, caller.user_id, "task.created", caller.now)
    return Created(task, told=told)


def draft_from_message(caller: Caller, text: str) -> TaskText:
    """What the message shortcut prefills the create modal with."""
    with caller.reading() as session:
        default_time = store.team_defaults(session, caller.team_id).due_time
    return parse.parse_task_text(text, now=caller.now, tz=caller.tz, default_time=default_time)


# ---- reading ------------------------------------------------------------------------------------------------------

def get(caller: Caller, number: int) -> Task:
    """The task as someone about to change its TERMS sees it (the edit form, the delete question): refused at once
    when they may not, so nobody fills in a form only to have it refused."""
    with caller.reading() as session:
        task = store.get(session, caller.team_id, number)
        refusal = _refusal_unless_admin(session, caller, task, rules.TERMS)
    _as_admin(caller, refusal)
    return task


def listing(caller: Caller, scope: parse.ListScope, *, page: int = 1) -> Listing:
    with caller.reading() as session:
        return store.listing(session, caller.team_id, scope=scope.scope, viewer_id=caller.user_id, now=caller.now,
                             user_id=scope.user_id, channel_id=scope.channel_id, page=page)


@dataclass(frozen=True)
class Home:
    overdue: list[Task]
    today: list[Task]
    this_week: list[Task]
    later: list[Task]
    given: list[Task]
    team_counts: tuple[int, int] | None  # (open, overdue), for managers only


def home(caller: Caller) -> Home:
    """The caller's open tasks by urgency in their own zone, tasks they gave others, and team counts for managers."""
    try:
        admin = admins.as_manager(caller)
    except UserError:  # Slack could not confirm an admin just now: the team counts wait for the next look
        admin = False
    with caller.reading() as session:
        mine = store.open_tasks_of(session, caller.team_id, caller.user_id)
        given = store.given_by(session, caller.team_id, caller.user_id)
        manager = roles.is_manager(session, caller.team_id, caller.user_id, is_admin=admin)
        counts = store.team_counts(session, caller.team_id, caller.now) if manager else None
    by_urgency: dict[str, list[Task]] = {"overdue": [], "today": [], "this_week": [], "later": []}
    for task in mine:
        by_urgency[rules.urgency(task.due_at, caller.now, caller.tz)].append(task)
    return Home(given=given, team_counts=counts, **by_urgency)


# ---- changing one task ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tell:
    """Who hears about a change, and the headline (a catalogue key and its values) they read over the card."""

    who: tuple[str, ...] = ()
    key: str | None = None
    values: dict[str, object] = field(default_factory=dict)


Apply = Callable[[Session, Task], Tell]


def _change(caller: Caller, number: int, apply: Apply, *, kind: str, know: tuple[str | None, ...] = (),
            card_headline: str | None = None) -> Changed:
    """Load the task, check that the caller may make this `kind` of change (rules.STATUS or rules.TERMS), apply it,
    tell whom the change names, and report the subtask counts for the card. `card_headline`: the actor also gets the
    card by DM (a modal has no reply of its own)."""
    with caller.reading() as session:
        task = store.find(session, caller.team_id, number)
        refusal = _refusal_unless_admin(session, caller, task, kind)
        around = [task.owner_id, task.creator_id] if task else []
        around += roles.holders(session, caller.team_id, role_rules.PM)
    admin = _as_admin(caller, refusal)
    caller.know([*around, *know])
    with caller.writing() as session:
        task = store.get(session, caller.team_id, number)
        _require(session, caller, task, kind, admin)
        tell = apply(session, task)
        told = notices.tell(session, task, tell.who, tell.key, caller.user_id, caller.now, tell.values) \
            if tell.key else ()
        if card_headline:
            notices.card_to(session, task, caller.user_id, card_headline, caller.now)
        subtasks = store.subtask_progress(session, caller.team_id, [task.id]).get(task.id)
        return Changed(task, subtasks, told)


def complete(caller: Caller, number: int) -> Changed:
    def apply(session: Session, task: Task) -> Tell:
        if task.status == "done":
            raise UserError("task.already_done", number=number)
        now = caller.now
        task.status, task.done_at, task.progress, task.updated_at = "done", now, 100, now
        store.record(session, task, caller.user_id, "done", now,
                     on_time=None if task.due_at is None else now <= task.due_at)
        store.schedule_reminders(session, task)
        return Tell(rules.others([task.creator_id, task.owner_id], caller.user_id), "task.done_by")

    return _change(caller, number, apply, kind=rules.STATUS)


def reopen(caller: Caller, number: int) -> Changed:
    def apply(session: Session, task: Task) -> Tell:
        if task.status == "open":
            raise UserError("task.already_open", number=number)
        was = task.status
        task.status, task.done_at, task.blocked_reason, task.updated_at = "open", None, None, caller.now
        if was == "done":
            task.progress = 0
        store.record(session, task, caller.user_id, "reopened", caller.now, was=was)
        store.schedule_reminders(session, task)
        return Tell(rules.others([task.owner_id, task.creator_id], caller.user_id), "task.reopened_by")

    return _change(caller, number, apply, kind=rules.STATUS)


def assign(caller: Caller, number: int, owner_id: str) -> Changed:
    def apply(session: Session, task: Task) -> Tell:
        _assign(session, caller, task, owner_id)
        return Tell(rules.others([owner_id], caller.user_id), "task.assigned_to_you")

    return _change(caller, number, apply, kind=rules.TERMS, know=(owner_id,))


def _assign(session: Session, caller: Caller, task: Task, owner_id: str) -> None:
    previous = task.owner_id
    if previous == owner_id:
        raise UserError("task.already_owner", number=task.number)
    task.owner_id, task.updated_at = owner_id, caller.now
    task.watchers = [w for w in task.watchers if w.user_id != owner_id]
    store.record(session, task, caller.user_id, "assigned", caller.now, owner=owner_id, previous=previous)
    store.schedule_reminders(session, task)


def set_due(caller: Caller, number: int, phrase: str) -> Changed:
    """`/task due 12 next Monday 10:00` (`none` clears it). A phrase that cannot be read changes nothing."""
    phrase = phrase.strip()
    if not phrase:
        raise UserError("task.due_needs_phrase", number=number)
    due_at, date_only = None, False
    if not parse.clears(phrase):
        with caller.reading() as session:
            default_time = store.team_defaults(session, caller.team_id).due_time
        deadline = parse_deadline(phrase, now=caller.now, tz=caller.tz, default_time=default_time)
        if deadline is None:
            raise UserError("task.due_not_understood", words=escape(phrase))
        due_at, date_only = deadline.due, deadline.date_only
    return _moved(caller, number, lambda task: (due_at, date_only))


def snooze(caller: Caller, number: int) -> Changed:
    """One day later on the caller's wall clock."""

    def moved(task: Task) -> tuple[datetime | None, bool]:
        if task.due_at is None:
            raise UserError("task.snooze_needs_deadline", number=number)
        return rules.snoozed(task.due_at, caller.now, caller.tz), task.due_date_only

    return _moved(caller, number, moved)


def _moved(caller: Caller, number: int, new_due: Callable[[Task], tuple[datetime | None, bool]]) -> Changed:
    def apply(session: Session, task: Task) -> Tell:
        due_at, date_only = new_due(task)
        _set_due(session, caller, task, due_at, date_only)
        return Tell(rules.others([task.owner_id], caller.user_id), "task.due_changed_by")

    return _change(caller, number, apply, kind=rules.TERMS)


def _set_due(session: Session, caller: Caller, task: Task, due_at: datetime | None, date_only: bool) -> None:
    task.due_at, task.due_date_only, task.updated_at = due_at, date_only, caller.now
    store.record(session, task, caller.user_id, "due", caller.now, due=due_at.isoformat() if due_at else None)
    store.schedule_reminders(session, task)


def set_progress(caller: Caller, number: int, percent: int) -> Changed:
    """40% is recorded; 100% means done."""
    rules.check_progress(percent)
    if percent == 100:
        return complete(caller, number)

    def apply(session: Session, task: Task) -> Tell:
        task.progress, task.updated_at = percent, caller.now
        store.record(session, task, caller.user_id, "progress", caller.now, percent=percent)
        return Tell()

    return _change(caller, number, apply, kind=rules.STATUS)


def block(caller: Caller, number: int, reason: str) -> Changed:
    """Mark blocked and escalate: the project managers are told (with none named, the creator and owner)."""
    reason = reason.strip()
    if not reason:
        raise UserError("task.block_needs_reason", number=number)
    rules.check_description(reason)
    no_pm = False

    def apply(session: Session, task: Task) -> Tell:
        nonlocal no_pm
        if task.status == "done":
            raise UserError("task.already_done", number=number)
        task.status, task.blocked_reason, task.updated_at = "blocked", reason, caller.now
        store.record(session, task, caller.user_id, "blocked", caller.now, reason=reason)
        pms = roles.holders(session, caller.team_id, role_rules.PM)
        no_pm = not pms
        told = rules.told_when_blocked(pms, creator_id=task.creator_id, owner_id=task.owner_id,
                                       actor_id=caller.user_id)
        return Tell(told, "task.blocked_escalation", {"reason": escape(reason)})

    changed = _change(caller, number, apply, kind=rules.STATUS)
    return Changed(changed.task, changed.subtasks, changed.told, no_pm=no_pm)


def delete(caller: Caller, number: int) -> Task:
    """Only the creator, the owner or a manager may delete (TERMS); the number is never reused, the history stays."""
    admin = _admin_for(caller, number, rules.TERMS)
    with caller.writing() as session:
        task = store.get(session, caller.team_id, number)
        _require(session, caller, task, rules.TERMS, admin)
        task.status, task.updated_at = "deleted", caller.now
        store.record(session, task, caller.user_id, "deleted", caller.now)
        store.schedule_reminders(session, task)
        return task


def edit(caller: Caller, number: int, *, title: str, description: str, owner_id: str | None,
         due_at: datetime | None) -> Changed:
    """The edit modal: each field that changed is recorded on its own, so the history reads naturally; a new owner
    is told. The editor gets the card by DM (a modal has no reply)."""
    title = rules.clean_title(title)
    rules.check_description(description)

    def apply(session: Session, task: Task) -> Tell:
        changed: dict[str, object] = {}
        if title != task.title:
            changed["title"] = title
        if description != task.description:
            changed["description"] = True
        task.title, task.description, task.updated_at = title, description, caller.now
        if changed:
            store.record(session, task, caller.user_id, "edited", caller.now, **changed)
        recipients: tuple[str, ...] = ()
        if owner_id and owner_id != task.owner_id:
            _assign(session, caller, task, owner_id)
            recipients = rules.others([owner_id], caller.user_id)
        if due_at != task.due_at:
            _set_due(session, caller, task, due_at, False)
        return Tell(recipients, "task.assigned_to_you")

    return _change(caller, number, apply, kind=rules.TERMS, know=(owner_id,), card_headline="task.edited_headline")


# ---- who may ------------------------------------------------------------------------------------------------------

def _may(session: Session, caller: Caller, task: Task, kind: str, admin: bool) -> bool:
    """rules.may_change, asked first with what the row already says: knowing more (watchers, roles) only ever allows
    more, so the creator and the owner — nearly every change — cost no query at all."""
    if rules.may_change(kind, caller.user_id, creator_id=task.creator_id, owner_id=task.owner_id,
                        actor_is_manager=admin):
        return True
    manager = roles.is_manager(session, caller.team_id, caller.user_id, is_admin=admin)
    return rules.may_change(kind, caller.user_id, creator_id=task.creator_id, owner_id=task.owner_id,
                            watcher_ids=[watcher.user_id for watcher in task.watchers], actor_is_manager=manager)


def _refusal(task: Task, kind: str) -> UserError:
    return UserError(rules.REFUSALS[kind], number=task.number, owner=mention(task.owner_id))


def _require(session: Session, caller: Caller, task: Task, kind: str, admin: bool) -> None:
    """The check, in the transaction that makes the change. `admin`: Slack's fresh answer (`_as_admin`)."""
    if not _may(session, caller, task, kind, admin):
        raise _refusal(task, kind)


def _refusal_unless_admin(session: Session, caller: Caller, task: Task | None, kind: str) -> UserError | None:
    """A first look, before the transaction: the refusal the caller gets unless they are a workspace admin; None
    when they may anyway (or when there is no such task: the transaction says so)."""
    if task is None or _may(session, caller, task, kind, admin=False):
        return None
    return _refusal(task, kind)


def _as_admin(caller: Caller, refusal: UserError | None) -> bool:
    """With a refusal pending, whether Slack confirms the caller as a workspace admin — if not, the refusal, before
    any other work is done. Without one, False: the admin flag decides nothing."""
    if refusal is None:
        return False
    if not admins.confirmed(caller):
        raise refusal
    return True


def _admin_for(caller: Caller, number: int, kind: str) -> bool:
    """`_refusal_unless_admin` and `_as_admin` for a call that has no first look of its own."""
    with caller.reading() as session:
        refusal = _refusal_unless_admin(session, caller, store.find(session, caller.team_id, number), kind)
    return _as_admin(caller, refusal)


# ---- team settings --------------------------------------------------------------------------------------------------

def settings(caller: Caller, change: parse.SettingsChange) -> Workspace:
    """Show the team's defaults; with a change, managers and admins (confirmed with Slack) may set them."""
    admin = False if change.empty else admins.as_manager(caller)
    with caller.writing() as session:
        row = store.workspace(session, caller.team_id, caller.now)
        if change.empty:
            return row
        if not roles.is_manager(session, caller.team_id, caller.user_id, is_admin=admin):
            raise UserError("task.settings.not_allowed")
        if change.due_time is not None:
            row.default_due_time = change.due_time.strftime("%H:%M")
        if change.lead_minutes is not None:
            row.reminder_lead_minutes = rules.check_lead(change.lead_minutes)
        return row
