"""Block Kit for retros: the channel announcement, the board (with Vote buttons), the summary (with Save as lesson
buttons) and anonymous items that arrived after it. Pure dict factories. Anonymous items never show an author, and
their buttons carry an opaque ref, never an id. Every message stays within Slack's limits (50 blocks, 3000
characters per section): user text is escaped and only then clipped (bot.core.mrkdwn.inline), every line is
bounded, and longer texts are cut between lines, never inside one. Action ids are named here once and used by
handlers/retros.py."""

from __future__ import annotations

from bot.core import blocks as bk
from bot.core.blocks import Block
from bot.core.i18n import t
from bot.core.mrkdwn import date_token, inline, mention
from bot.retros.rules import KINDS, may_become_lesson
from bot.retros.store import Board, Entry
from storage.models import Retro, Task

VOTE = "retro.vote"
SAVE_AS_LESSON = "retro.lesson"
SECTION_CHARS = 2900
ITEM_CHARS = 300
BOARD_PER_KIND = 14
SUMMARY_PER_KIND = 20
ACTIONS_SHOWN = 20

Rendered = tuple[str, list[Block]]


def kind_label(kind: str, locale: str) -> str:
    return t(f"retro.kind.{kind}", locale)


def title_line(retro: Retro, locale: str, tz: str) -> str:
    line = t("retro.title", locale, number=retro.number, name=inline(retro.name))
    if retro.until is not None and retro.status == "open":
        line += " · " + t("retro.closes", locale, when=date_token(retro.until, tz))
    return line


def announcement(retro: Retro, locale: str, tz: str) -> Rendered:
    """Told to the channel when a retro starts: how to add items, vote, and when it closes."""
    body = t("retro.announce", locale, creator=mention(retro.creator_id), number=retro.number,
             name=inline(retro.name))
    if retro.until is not None:
        body += " " + t("retro.announce_closes", locale, when=date_token(retro.until, tz))
    hint = t("retro.how_to", locale)
    return f"{body}\n{hint}", [bk.section(body), bk.context(hint)]


def entry_line(entry: Entry, locale: str) -> str:
    author = t("retro.anonymous", locale) if entry.author_id is None else mention(entry.author_id)
    return f"{inline(entry.text, ITEM_CHARS)} — {author} · :+1: {entry.votes}"


def action_line(task: Task, tz: str, locale: str) -> str:
    due = date_token(task.due_at, tz) if task.due_at is not None else t("task.no_deadline", locale)
    done = " · " + t("task.badge.done", locale) if task.status == "done" else ""
    return f"*#{task.number}* {inline(task.title)} · {mention(task.owner_id)} · {due}{done}"


def board(retro: Retro, data: Board, locale: str, tz: str) -> Rendered:
    """The ephemeral board: items by kind, most votes first, each with a Vote button; then the actions."""
    head = title_line(retro, locale, tz)
    blocks: list[Block] = [bk.section(head), bk.context(t("retro.board_hint", locale))]
    lines = [head]
    for kind in KINDS:
        entries = [e for e in data.entries if e.kind == kind]
        blocks.append(bk.section(_heading(kind, entries, BOARD_PER_KIND, locale)))
        lines.append(kind_label(kind, locale))
        for entry in entries[:BOARD_PER_KIND]:
            line = entry_line(entry, locale)
            blocks.append(bk.section(line, accessory=bk.button(
                t("retro.btn.vote", locale, votes=entry.votes), VOTE, entry.ref, "primary" if entry.mine else None)))
            lines.append("• " + line)
    blocks.extend(_actions(data.actions, locale, tz))
    return _fallback(lines), _fit(blocks, locale)


def summary(retro: Retro, data: Board, locale: str, tz: str, *, automatic: bool) -> Rendered:
    """The channel's summary at close: by kind, most votes first, anonymous items without author, named ones with a
    mention; items to improve carry a Save as lesson button; then the actions with task numbers, owners, deadlines."""
    head = t("retro.summary_title", locale, number=retro.number, name=inline(retro.name))
    votes = sum(e.votes for e in data.entries)
    stats = t("retro.summary_stats", locale, items=len(data.entries), votes=votes, actions=len(data.actions),
              creator=mention(retro.creator_id))
    if automatic:
        stats += " · " + t("retro.closed_automatically", locale)
    blocks: list[Block] = [bk.section(head), bk.context(stats)]
    lines = [head]
    for kind in KINDS:
        entries = [e for e in data.entries if e.kind == kind]
        heading = _heading(kind, entries, SUMMARY_PER_KIND, locale)
        shown = [entry_line(e, locale) for e in entries[:SUMMARY_PER_KIND]]
        lines.append(kind_label(kind, locale))
        lines.extend("• " + line for line in shown)
        if may_become_lesson(kind):
            blocks.append(bk.section(heading))
            for entry, line in zip(entries[:SUMMARY_PER_KIND], shown, strict=True):
                blocks.append(bk.section(line, accessory=bk.button(t("retro.btn.lesson", locale), SAVE_AS_LESSON,
                                                                 entry.ref)))
        else:
            blocks.extend(bk.section(chunk) for chunk in _chunks([heading] + ["• " + line for line in shown]))
    blocks.extend(_actions(data.actions, locale, tz))
    lines.append(t("retro.actions_title", locale))
    lines.extend("• " + action_line(task, tz, locale) for task in data.actions[:ACTIONS_SHOWN])
    return _fallback(lines), _fit(blocks, locale)


# ---- pieces -------------------------------------------------------------------------------------------------------

def _heading(kind: str, entries: list[Entry], limit: int, locale: str) -> str:
    heading = f"*{kind_label(kind, locale)}* ({len(entries)})"
    if not entries:
        heading += "\n" + t("retro.nothing_yet", locale)
    elif len(entries) > limit:
        heading += " · " + t("retro.more", locale, count=len(entries) - limit)
    return heading


def _actions(actions: list[Task], locale: str, tz: str) -> list[Block]:
    heading = f"*{t('retro.actions_title', locale)}* ({len(actions)})"
    if not actions:
        return [bk.section(heading + "\n" + t("retro.no_actions", locale))]
    lines = [heading] + ["• " + action_line(task, tz, locale) for task in actions[:ACTIONS_SHOWN]]
    if len(actions) > ACTIONS_SHOWN:
        lines.append(t("retro.more", locale, count=len(actions) - ACTIONS_SHOWN))
    return [bk.section(chunk) for chunk in _chunks(lines)]


def late_items(retro: Retro, items: list[tuple[str, str]], locale: str) -> Rendered:
    """Anonymous items (kind, text) given before the retro closed that were written after its summary."""
    head = t("retro.late_items", locale, number=retro.number, name=inline(retro.name), count=len(items))
    lines = [f"• *{kind_label(kind, locale)}* {inline(text, ITEM_CHARS)}" for kind, text in sorted(items)]
    chunks = _chunks([head, *lines[:SUMMARY_PER_KIND * len(KINDS)]])
    return _fallback([head, *lines]), _fit([bk.section(chunk) for chunk in chunks], locale)


def _chunks(lines: list[str]) -> list[str]:
    """Lines (each far shorter than a section) joined into section texts of at most SECTION_CHARS each."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + 1 + len(line) > SECTION_CHARS:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def _fit(blocks: list[Block], locale: str) -> list[Block]:
    if len(blocks) <= bk.MAX_BLOCKS:
        return blocks
    return blocks[: bk.MAX_BLOCKS - 1] + [bk.context(t("retro.more", locale, count=len(blocks) - bk.MAX_BLOCKS + 1))]


def _fallback(lines: list[str]) -> str:
    """The notification text: whole lines, as many as fit in SECTION_CHARS."""
    kept: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > SECTION_CHARS:
            kept.append("…")
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept)
