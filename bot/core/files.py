"""File renderers for the outbox's `files.upload` messages: a name, and a function from a spec to bytes.

The outbox stores only the recipe (a renderer's name and its inputs); the bytes are made when the file is sent, so
no large blobs sit in the database. Features register their renderers in their jobs.py (`@renderer("digest.chart")`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.features import load_jobs
from storage.db import Database

Renderer = Callable[[Database, dict[str, Any]], bytes]
RENDERERS: dict[str, Renderer] = {}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    def register(func: Renderer) -> Renderer:
        RENDERERS[name] = func
        return func

    return register


def render(db: Database, name: str, spec: dict[str, Any]) -> bytes:
    load_jobs()  # the renderers live with their features
    return RENDERERS[name](db, spec)
